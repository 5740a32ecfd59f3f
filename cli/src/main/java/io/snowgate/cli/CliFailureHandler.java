package io.snowgate.cli;

import picocli.CommandLine;

/**
 * Turns an exception from a command into one line on stderr and exit code 1. Messages of Snowgate's exceptions
 * never carry secret material, so printing them is safe; stack traces are never printed.
 */
final class CliFailureHandler implements CommandLine.IExecutionExceptionHandler {

    static final int FAILURE = 1;

    /**
     * {@code message} on one line, so that a failure's reason stays the one last line on stderr: Snowflake's messages
     * span lines ({@code SQL compilation error:\nObject 'T' does not exist or not authorized.}).
     */
    static String oneLine(String message) {
        return message == null ? null : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        String message = ex.getMessage();
        commandLine.getErr().println("snowgate: " + (message == null || message.isBlank()
                ? ex.getClass().getSimpleName()
                : message));
        return FAILURE;
    }
}
