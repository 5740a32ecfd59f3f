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
        return value;
    }

    /** Asks on the terminal; empty when there is no terminal or nothing was typed. */
    Optional<Passphrase> prompt(String question) {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        char[] typed = console.readPassword("%s", question);
        if (typed == null || typed.length == 0) {
            return Optional.empty();
        }
        Passphrase passphrase = Passphrase.of(typed);
        Arrays.fill(typed, '\0');
        return Optional.of(passphrase);
    }
}
