package io.snowgate.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts a class of this test classpath in its own JVM, with extra environment: how users run the CLI. */
final class ChildJvm {

    private ChildJvm() {
    }

    static Process start(List<String> mainClassAndArguments, Map<String, String> environment) throws IOException {
        return start(mainClassAndArguments, environment, java.util.Set.of());
    }

    /** As {@link #start(List, Map)}, with the variables named in {@code unset} removed from the environment. */
    static Process start(List<String> mainClassAndArguments, Map<String, String> environment,
            java.util.Set<String> unset) throws IOException {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(javaBin.toString(), "-cp",
                System.getProperty("java.class.path")));
        // As ./snowgate passes it: the working tree whose catalog local commands run.
        String home = System.getProperty(SnowgateCommand.HOME_PROPERTY);
        if (home != null) {
            command.add("-D" + SnowgateCommand.HOME_PROPERTY + "=" + home);
        }
        command.addAll(mainClassAndArguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        // Whatever the developer's shell points at must not leak into a test.
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_ENDPOINT_URL")
                || name.startsWith("SNOWGATE_"));
        builder.environment().keySet().removeAll(unset);
        builder.environment().putAll(environment);
        return builder.start();
    }
}
