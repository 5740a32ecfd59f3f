package io.snowgate.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Reports a command line picocli cannot parse, exit code 2, without repeating what it could not match: a mistyped
 * option is often followed by its value ({@code --passphrase hunter2}), and picocli's own message would print both.
 * Unmatched options are named without their values; other unmatched words are only counted.
 */
final class CliUsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            err.println(describe(commandLine, unmatched.getUnmatched()));
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                err.println("Did you mean: " + String.join(", ", suggestions) + "?");
            }
        } else {
            // picocli words a map option's bad value "Value for option option '--param' (NAME=VALUE) ...", and
            // starts a missing option of an argument group (verify --workload-identity) with "Error: ".
            String message = ex.getMessage().replace("for option option '", "for option '");
            err.println(message.startsWith("Error: ") ? message.substring("Error: ".length()) : message);
        }
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * {@code Unknown option: '--passphrase'; 1 more unmatched argument (not repeated: ...)}. A word where a command
     * has subcommands is a mistyped command name, safe to repeat.
     */
    static String describe(CommandLine commandLine, List<String> unmatched) {
        if (!commandLine.getSubcommands().isEmpty() && unmatched.size() == 1 && !unmatched.getFirst().startsWith("-")) {
            return "Unknown command: '" + unmatched.getFirst() + "'";
        }
        List<String> options = unmatched.stream().filter(word -> word.startsWith("-") && word.length() > 1)
                .map(word -> word.contains("=") ? word.substring(0, word.indexOf('=')) : word).toList();
        int others = unmatched.size() - options.size();
        List<String> parts = new java.util.ArrayList<>();
        if (!options.isEmpty()) {
            parts.add((options.size() == 1 ? "Unknown option: " : "Unknown options: ")
                    + String.join(", ", options.stream().map(option -> "'" + option + "'").toList()));
        }
        if (others > 0) {
            parts.add(others + (options.isEmpty() ? "" : " more") + (others == 1 ? " unmatched argument"
                    : " unmatched arguments") + " (not repeated here: it may be a secret given as a value)");
        }
        return String.join("; ", parts);
    }
}
