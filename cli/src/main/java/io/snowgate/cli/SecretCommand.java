package io.snowgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code snowgate secret}: write the Snowflake connection secret the function reads. */
@Command(
        name = "secret",
        mixinStandardHelpOptions = true,
        versionProvider = SnowgateCommand.Version.class,
        description = "Write the Snowflake connection secret in AWS Secrets Manager.",
        subcommands = {SecretPutCommand.class})
final class SecretCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Replaced in tests to supply environment variables. */
    PassphraseSource passphrases = PassphraseSource.system();

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: put");
    }
}
