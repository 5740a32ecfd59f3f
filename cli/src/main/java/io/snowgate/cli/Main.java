package io.snowgate.cli;

import picocli.CommandLine;

/** Entry point of the {@code snowgate} command; {@code ./snowgate} runs it under a JDK it picked. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code: 0 success, 1 failure, 2 usage error. */
    public static int run(String... args) {
        return SnowgateCommand.commandLine().execute(args);
    }
}
