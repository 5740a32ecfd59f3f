package io.snowgate.cli;

import io.snowgate.lambda.key.Passphrase;
import java.io.Console;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the key commands get a passphrase: an environment variable named on the command line, or a prompt on the
 * terminal. Never a command-line argument, which would end up in shell history and process listings.
 */
class PassphraseSource {

    /** What the JVM makes of bytes its charset cannot decode. */
    private static final char UNDECODABLE = '\uFFFD';

    private final Function<String, String> environment;

    PassphraseSource(Function<String, String> environment) {
        this.environment = environment;
    }

    static PassphraseSource system() {
        return new PassphraseSource(System::getenv);
    }

    /** The passphrase in environment variable {@code name}; fails when it is unset or empty. */
    Passphrase fromEnvironment(String name) {
        return Passphrase.of(textFromEnvironment(name));
    }

    /**
     * The passphrase text itself, for the commands that must store it (in a secret), never print it; fails when the
     * variable is unset or empty.
     */
    String textFromEnvironment(String name) {
        String value = environment.apply(name);
        if (value == null || value.isEmpty()) {
            throw new CommandFailedException("environment variable " + name + " (from --passphrase-env) is not set "
                    + "or empty");
        }
        // The JVM decodes the environment in the locale's charset: under C or POSIX (cron, containers) every byte
        // beyond ASCII becomes U+FFFD, and a key encrypted with that would not open with the passphrase typed.
        if (value.indexOf(UNDECODABLE) >= 0) {
            throw undecodable("environment variable " + name + " (from --passphrase-env)", "sun.jnu.encoding");
        }
        return value;
    }

    /** {@code what} held bytes the locale's charset (system property {@code charsetProperty}) turned into U+FFFD. */
    private static CommandFailedException undecodable(String what, String charsetProperty) {
        return new CommandFailedException(what + " holds characters this process's locale ("
                + System.getProperty(charsetProperty, "unknown") + ") cannot decode; run with a UTF-8 locale, e.g."
                + " LC_ALL=C.UTF-8");
    }

    /**
     * Asks on the terminal: the JVM's console, or the controlling terminal when stdout is a pipe and the JVM has
     * none; empty when there is no terminal to ask on. Enter alone (or Ctrl-D) fails saying so: the terminal was
     * there, so "no terminal" would send the user looking for the wrong fix.
     */
    Optional<Passphrase> prompt(String question) {
        Console console = System.console();
        char[] typed;
        if (console != null) {
            // The console gives null at the end of input (Ctrl-D): nothing typed.
            typed = Optional.ofNullable(console.readPassword("%s", question)).orElseGet(() -> new char[0]);
        } else {
            Optional<char[]> read = ControllingTerminal.readPassword(question);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            typed = read.get();
        }
        try {
            if (typed.length == 0) {
                throw new CommandFailedException("no passphrase was typed; type it at the prompt, or give"
                        + " --passphrase-env VAR");
            }
            for (char c : typed) {
                if (c == UNDECODABLE) {
                    // The terminal's bytes are decoded as stdin is: the same locale trap as a variable's.
                    throw undecodable("the passphrase typed", "stdin.encoding");
                }
            }
            return Optional.of(Passphrase.of(typed));
        } finally {
            Arrays.fill(typed, '\0');
        }
    }
}
