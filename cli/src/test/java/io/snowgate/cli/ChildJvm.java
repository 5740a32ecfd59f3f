package io.snowgate.cli;

import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Starts a class of this test classpath in its own JVM, with extra environment: how users run the CLI. */
final class ChildJvm {

    /** How long a child is waited for once it should be ending. */
    private static final long EXIT_WAIT_SECONDS = 60;

    /** What a child printed, and how it exited. */
    record Exited(int exitCode, String out, String err) {
    }

    private ChildJvm() {
    }

    /**
     * What points a child's AWS SDK at the Secrets Manager stand-in, as a user's shell does after {@code local up}:
     * its endpoint and region, its default access key, and no instance metadata.
     */
    static Map<String, String> awsEnvironment(SecretsManagerStandIn secretsManager) {
        return Map.of(
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.endpoint().toString(),
                "AWS_REGION", secretsManager.region(),
                "AWS_ACCESS_KEY_ID", SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", SecretsManagerStandIn.DEFAULT_SECRET_ACCESS_KEY,
                "AWS_EC2_METADATA_DISABLED", "true");
    }

    /** Reads the child's stdout and stderr to its end, and completes when it has exited. */
    static CompletableFuture<Exited> exited(Process process) {
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        return CompletableFuture.supplyAsync(() -> {
            byte[] out = readAll(process.getInputStream());
            try {
                if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the child did not exit within " + EXIT_WAIT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return new Exited(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        });
    }

    /** Sends the child SIGINT, as Ctrl-C in a terminal does ({@link Process#destroy} sends SIGTERM). */
    static void interrupt(Process process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -INT " + process.pid() + " failed");
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Process start(List<String> mainClassAndArguments, Map<String, String> environment) throws IOException {
        return start(mainClassAndArguments, environment, java.util.Set.of());
    }

    /** The command line that runs a class of this test classpath in a JVM of its own. */
    static List<String> command(List<String> mainClassAndArguments) {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(javaBin.toString(), "-cp",
                System.getProperty("java.class.path")));
        // As ./snowgate passes it: the working tree whose catalog local commands run.
        String home = System.getProperty(SnowgateCommand.HOME_PROPERTY);
        if (home != null) {
            command.add("-D" + SnowgateCommand.HOME_PROPERTY + "=" + home);
        }
        command.addAll(mainClassAndArguments);
        return command;
    }

    /** As {@link #start(List, Map)}, with the variables named in {@code unset} removed from the environment. */
    static Process start(List<String> mainClassAndArguments, Map<String, String> environment,
            java.util.Set<String> unset) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(mainClassAndArguments));
        // Whatever the developer's shell points at must not leak into a test.
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_ENDPOINT_URL")
                || name.startsWith("SNOWGATE_"));
        builder.environment().keySet().removeAll(unset);
        builder.environment().putAll(environment);
        return builder.start();
    }
}
