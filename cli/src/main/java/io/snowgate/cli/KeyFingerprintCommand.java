package io.snowgate.cli;

import io.snowgate.lambda.key.Fingerprints;
import io.snowgate.lambda.key.KeyDecodingException;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code snowgate key fingerprint}: prints only {@code SHA256:...} for a public key PEM or a private key in any form
 * Snowgate reads, the value {@code DESC USER} shows as {@code RSA_PUBLIC_KEY_FP}.
 */
@Command(
        name = "fingerprint",
        mixinStandardHelpOptions = true,
        description = "Print the Snowflake fingerprint (SHA256:...) of a private or public key file.")
final class KeyFingerprintCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    KeyCommand parent;

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "Private key (PEM, base64 or DER; PKCS#8 or PKCS#1, encrypted or not) or public key PEM.")
    Path key;

    @Option(names = "--passphrase-env", paramLabel = "VAR",
            description = "Environment variable holding the passphrase of an encrypted private key. "
                    + "Without it, an encrypted key is prompted for on the terminal.")
    String passphraseEnv;

    @Override
    public void run() {
        byte[] content = CliFiles.read(key);
        PrivateKeyReader reader = new PrivateKeyReader();
        Passphrase passphrase = passphraseEnv == null ? Passphrase.none()
                : parent.passphrases.fromEnvironment(passphraseEnv);
        RSAPublicKey publicKey;
        try {
            publicKey = reader.publicKeyOf(content, passphrase);
        } catch (KeyDecodingException e) {
            if (e.reason() != KeyDecodingException.Reason.PASSPHRASE_REQUIRED || passphraseEnv != null) {
                throw failure(e);
            }
            Optional<Passphrase> typed = parent.passphrases.prompt("Passphrase for " + key + ": ");
            if (typed.isEmpty()) {
                throw new CommandFailedException(key + ": the private key is encrypted; give --passphrase-env VAR "
                        + "(there is no terminal to ask for the passphrase)", e);
            }
            try {
                publicKey = reader.publicKeyOf(content, typed.get());
            } catch (KeyDecodingException retry) {
                throw failure(retry);
            }
        }
        spec.commandLine().getOut().println(Fingerprints.of(publicKey));
        spec.commandLine().getOut().flush();
    }

    private CommandFailedException failure(KeyDecodingException e) {
        return new CommandFailedException(key + ": " + e.getMessage(), e);
    }
}
