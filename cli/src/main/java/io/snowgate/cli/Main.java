package io.snowgate.cli;

import picocli.CommandLine;

/** Entry point of the {@code snowgate} command; {@code ./snowgate} runs it under a JDK it picked. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        quietLibraryLogging();
        System.exit(run(args));
    }

    /**
     * The driver and the AWS SDK log through java.util.logging; on a terminal their lines would bury the one-line
     * reason every failure already gets. {@code SNOWGATE_LOG=debug} (or any java.util.logging level) brings them back.
     */
    static void quietLibraryLogging() {
        String wanted = System.getenv("SNOWGATE_LOG");
        java.util.logging.Level level;
        try {
            level = wanted == null ? java.util.logging.Level.OFF
                    : wanted.equalsIgnoreCase("debug") ? java.util.logging.Level.FINE
                    : java.util.logging.Level.parse(wanted.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            level = java.util.logging.Level.INFO;
        }
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(level);
        for (java.util.logging.Handler handler : root.getHandlers()) {
            handler.setLevel(level);
        }
        // Not even SNOWGATE_LOG=debug shows what the SDKs' signers log: a session token, on a laptop after assume-role.
        io.snowgate.lambda.log.CredentialLoggers.pin();
    }

    /** Runs one command line and returns its exit code: 0 success, 1 failure, 2 usage error. */
    public static int run(String... args) {
        return run(SnowgateCommand.commandLine(), args);
    }

    /**
     * Runs {@code commandLine}; an Error a command throws (out of memory, a class that cannot be loaded), which
     * picocli lets through with its stack trace, is one line on stderr and exit 1 too, as every failure.
     */
    static int run(CommandLine commandLine, String... args) {
        try {
            return commandLine.execute(args);
        } catch (Error e) {
            String message = CliFailureHandler.oneLine(e.getMessage());
            commandLine.getErr().println("snowgate: " + e.getClass().getSimpleName()
                    + (message == null || message.isBlank() ? "" : ": " + message));
            commandLine.getErr().flush();
            return CliFailureHandler.FAILURE;
        }
    }
}
