package io.snowgate.cli;

import io.snowgate.lambda.secret.SecretsManagerClients;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

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

    /** Builds the Secrets Manager client from the standard chains; replaced in tests to fault chosen calls. */
    Supplier<SecretsManagerClient> clients = SecretCommand::clientFromEnvironment;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: put");
    }

    private static SecretsManagerClient clientFromEnvironment() {
        try {
            return SecretsManagerClients.fromEnvironment();
        } catch (SdkClientException e) {
            throw new CommandFailedException("cannot set up the Secrets Manager client: " + e.getMessage(), e);
        }
    }
}
