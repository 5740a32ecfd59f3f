package io.snowgate.cli;

import io.snowgate.cli.soak.SoakEngine;
import io.snowgate.cli.soak.SoakReport;
import io.snowgate.cli.soak.SoakSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code snowgate soak}: the chaos soak on the local stand-ins (issue 18). Execution environments, each its own
 * function and handlers, serve scheduled, HTTP and asynchronous invocations concurrently while faults planned from
 * the seed hit Secrets Manager, Snowflake's sessions, logins and statements, and the key is rotated mid-run; then
 * it reports, as a plain-text table on stdout, the failures that should not have happened, the failures that could
 * not be avoided (each with the code its fault calls for), statements run twice, secret material in any output and
 * GetSecretValue calls per environment. Exits 0 only when the soak passed; the seed it prints replays the run.
 */
@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        description = "Chaos soak on the local stand-ins: concurrent environments under injected faults and a key "
                + "rotation; exits 1 unless every failure was unavoidable and nothing ran twice or leaked.")
final class SoakCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", paramLabel = "N",
            description = "The fault schedule's seed (default: a random one, printed in the report).")
    Long seed;

    @Option(names = "--environments", defaultValue = "32", paramLabel = "N",
            description = "Concurrent execution environments (default: ${DEFAULT-VALUE}).")
    int environments;

    @Option(names = "--invocations", defaultValue = "1000", paramLabel = "N",
            description = "Invocations per environment (default: ${DEFAULT-VALUE}).")
    int invocations;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Keep each environment's transcript (its log, answers and errors) here; by default they go to"
                    + " a temporary directory, removed when the soak passes.")
    Path output;

    @Override
    public void run() {
        SoakSettings settings;
        try {
            settings = new SoakSettings(seed == null ? ThreadLocalRandom.current().nextLong(1L << 48) : seed,
                    environments, invocations);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        SoakReport report;
        Path directory;
        try {
            directory = output != null ? output : Files.createTempDirectory("snowgate-soak-");
            report = SoakEngine.run(settings, directory, System.err);
        } catch (IOException e) {
            throw new CommandFailedException("the soak could not run: " + e.getMessage(), e);
        }
        report.print(out);
        if (!report.passed()) {
            throw new CommandFailedException("soak failed (seed " + settings.seed() + "): "
                    + report.recoverableFailures() + " recoverable failures, " + report.wrongCodes()
                    + " wrong codes, " + report.duplicates() + " statements run twice, " + report.leaks()
                    + " leaks, " + report.problems().size() + " problems; transcripts in " + directory);
        }
        if (output == null) {
            delete(directory);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + directory, e);
        }
    }
}
