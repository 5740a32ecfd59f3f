package io.snowgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code snowgate key}: make a key pair for a Snowflake user, and compute key fingerprints. */
@Command(
        name = "key",
        mixinStandardHelpOptions = true,
        description = "Make RSA key pairs for Snowflake key-pair auth and compute their fingerprints.",
        subcommands = {KeyNewCommand.class, KeyFingerprintCommand.class})
final class KeyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Replaced in tests to supply environment variables and a prompt without a real terminal. */
    PassphraseSource passphrases = PassphraseSource.system();

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: new or fingerprint");
    }
}
