package io.snowgate.lambda.prime;

import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.UserKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Records, at build time, the class list {@code ClassPriming} loads before a SnapStart snapshot: starts the local
 * stand-ins, runs {@link RecordingRun} in a fresh JVM with the JDK's class-load log, and writes the classes that run
 * loaded from the JDK and the function's own class path (not the tests', nor the stand-ins'), in the order they were
 * first loaded. Run by the {@code record-primed-classes} execution in lambda/pom.xml (prepare-package), so every
 * package ships a list recorded from the code it ships.
 *
 * <p>Argument: the file to write ({@code target/classes/io/snowgate/lambda/prime/classes.txt}).
 */
public final class PrimedClassesRecorder {

    /** Jars and directories on the build's class path that the function does not ship. */
    private static final List<String> NOT_SHIPPED = List.of("/test-classes/", "snowgate-emulator", "junit",
            "opentest4j", "apiguardian", "assertj", "/h2-", "byte-buddy");
    private static final long RUN_TIMEOUT_SECONDS = 180;

    private PrimedClassesRecorder() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path work = Files.createTempDirectory("snowgate-record");
        Path log = work.resolve("class-load.log");
        try {
            try (SecretsManagerStandIn secrets = new SecretsManagerStandIn().start();
                 SnowflakeStandIn snowflake = new SnowflakeStandIn().start();
                 LocalDeployment deployment = new LocalDeployment(secrets, snowflake)
                         .install(UserKey.madeInJava("record-passphrase"))) {
                List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xlog:class+load=info:file=" + log + "::filecount=0",
                        "-cp", System.getProperty("java.class.path"), RecordingRun.class.getName());
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(work.resolve("run.out").toFile());
                Map<String, String> environment = runEnvironment(System.getenv(),
                        deployment.processEnvironment("AKIDSNOWGATERECORD"));
                builder.environment().clear();
                builder.environment().putAll(environment);
                Process run = builder.start();
                if (!run.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS) || run.exitValue() != 0) {
                    run.destroyForcibly();
                    throw new IllegalStateException("the recording run failed:\n"
                            + Files.readString(work.resolve("run.out")));
                }
            }
            List<String> classes = shippedClasses(Files.readAllLines(log));
            if (classes.size() < 1000) {
                throw new IllegalStateException("the recording run loaded only " + classes.size() + " classes");
            }
            Files.createDirectories(out.getParent());
            List<String> lines = new ArrayList<>();
            lines.add("# Recorded by PrimedClassesRecorder from a real run of the handlers; loaded by ClassPriming.");
            lines.addAll(classes);
            Files.write(out, lines);
            System.out.println("snowgate: recorded " + classes.size() + " classes to prime in " + out);
        } finally {
            // Only the log and the run's output are in it: nothing of a build stays in the temporary directory.
            Files.deleteIfExists(log);
            Files.deleteIfExists(work.resolve("run.out"));
            Files.delete(work);
        }
    }

    /**
     * The recording run's environment: {@code deployment}'s settings and the builder's {@code PATH}, nothing else. The
     * build inherits the shell it runs in, where a user may have exported {@code SNOWGATE_CATALOG} for a catalog being
     * edited (local commands read it, and {@code ./snowgate} rebuilds the CLI when sources change), or AWS settings of
     * a profile; the function would read those as its own configuration and fail, or record another run's classes.
     */
    public static Map<String, String> runEnvironment(Map<String, String> inherited, Map<String, String> deployment) {
        Map<String, String> environment = new HashMap<>();
        if (inherited.containsKey("PATH")) {
            environment.put("PATH", inherited.get("PATH"));
        }
        environment.putAll(deployment);
        return Map.copyOf(environment);
    }

    /**
     * The classes of a class-load log that came from the JDK or the function's class path, first load first; not
     * the generated ones (lambdas, proxies), which no class loader can be asked for by name.
     */
    static List<String> shippedClasses(List<String> log) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : log) {
            int source = line.indexOf(" source: ");
            if (source < 0) {
                continue;
            }
            String from = line.substring(source + " source: ".length());
            boolean jdk = from.startsWith("jrt:/") || from.startsWith("shared objects file");
            boolean shipped = from.startsWith("file:") && NOT_SHIPPED.stream().noneMatch(from::contains);
            if (!jdk && !shipped) {
                continue;
            }
            String before = line.substring(0, source);
            String name = before.substring(before.lastIndexOf(' ') + 1);
            if (!name.contains("/") && !name.contains("$$Lambda")) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }
}
