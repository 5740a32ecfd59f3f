package io.snowgate.cli;

import io.snowgate.contract.secret.SecretField;
import io.snowgate.contract.secret.SecretFormatException;
import io.snowgate.contract.secret.SecretLayout;
import io.snowgate.lambda.key.KeyDecodingException;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.secret.SnowflakeSecrets;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code snowgate secret put}: checks a private key (it decrypts, it is RSA of at least 2048 bits), then writes the
 * connection secret in the Glue recipe's layout ({@code user, account, warehouse, database, schema, role,
 * private_key, private_key_passphrase}) through the AWS SDK with the standard credential, region and endpoint
 * chains, so the same command works against AWS and against {@code snowgate local up}. With
 * {@code --passphrase-secret-id} the passphrase goes to that second secret instead, made current only after the key
 * is written, and a failed put puts back what was there ({@link SecretsManagerWrites#putKeyAndPassphrase}). Prints
 * the key's fingerprint, never the key.
 */
@Command(
        name = "put",
        mixinStandardHelpOptions = true,
        versionProvider = SnowgateCommand.Version.class,
        description = {
            "Validate a private key and store it, with the connection fields, as the Snowflake secret.",
            "Region, credentials and endpoint come from the standard AWS chains (AWS_REGION, AWS_PROFILE, ...,"
                    + " AWS_ENDPOINT_URL_SECRETS_MANAGER). Prints the key's fingerprint."})
final class SecretPutCommand implements Runnable {

    private static final Pattern PKCS8_PEM = Pattern.compile(
            "-----BEGIN (ENCRYPTED )?PRIVATE KEY-----(.*?)-----END (ENCRYPTED )?PRIVATE KEY-----", Pattern.DOTALL);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    SecretCommand parent;

    @Option(names = "--secret-id", required = true, paramLabel = "ID", description = "Name or ARN of the secret.")
    String secretId;

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "The private key (PEM, base64 or DER; PKCS#8 or PKCS#1, encrypted or not).")
    Path key;

    @Option(names = "--passphrase-env", paramLabel = "VAR",
            description = "Environment variable holding the key's passphrase (stored with the key).")
    String passphraseEnv;

    @Option(names = "--passphrase-secret-id", paramLabel = "ID",
            description = "Store the passphrase in this second secret instead of beside the key (the recipe's advice).")
    String passphraseSecretId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Fields fields;

    /** Where the connection fields come from: options, or a JSON file. */
    static final class Fields {
        @ArgGroup(exclusive = false)
        Connection connection;

        @Option(names = "--from-json", paramLabel = "FILE",
                description = "A JSON object with the connection fields (user, account, warehouse, ...), no key.")
        Path fromJson;
    }

    /** The connection fields as options. */
    static final class Connection {
        @Option(names = "--user", required = true, paramLabel = "U", description = "Snowflake user.")
        String user;

        @Option(names = "--account", required = true, paramLabel = "A", description = "Account identifier.")
        String account;

        @Option(names = "--warehouse", paramLabel = "W")
        String warehouse;

        @Option(names = "--database", paramLabel = "D")
        String database;

        @Option(names = "--schema", paramLabel = "S")
        String schema;

        @Option(names = "--role", paramLabel = "R")
        String role;

        @Option(names = "--host", paramLabel = "HOST", description = "Host override (PrivateLink, custom host).")
        String host;
    }

    @Override
    public void run() {
        if (passphraseSecretId != null && passphraseEnv == null) {
            // A combination of options, not a state of the world: a usage error (exit 2), as picocli's own are.
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--passphrase-secret-id needs --passphrase-env: the key's passphrase");
        }
        String passphrase = passphraseEnv == null ? null : parent.passphrases.textFromEnvironment(passphraseEnv);
        byte[] content = CliFiles.read(key);
        RsaKeyPair keyPair;
        try {
            keyPair = new PrivateKeyReader().readPrivateKey(content, Passphrase.of(passphrase));
        } catch (KeyDecodingException e) {
            String hint = e.reason() == KeyDecodingException.Reason.PASSPHRASE_REQUIRED
                    ? "; give --passphrase-env VAR" : "";
            throw new CommandFailedException(key + ": " + e.getMessage() + hint, e);
        }

        Optional<String> storedPassphrase = passphraseSecretId == null ? Optional.ofNullable(passphrase)
                : Optional.empty();
        String secretString = secretString(pkcs8Body(content, keyPair, passphrase), storedPassphrase);
        String passphraseSecretString = passphraseSecretId == null ? null
                : SecretLayout.writePassphraseSecret(passphrase);
        checkReadable(secretString, passphraseSecretString);

        PrintWriter out = spec.commandLine().getOut();
        out.println("fingerprint " + keyPair.fingerprint());
        try (SecretsManagerClient client = parent.clients.get()) {
            SecretsManagerWrites writes = new SecretsManagerWrites(client);
            if (passphraseSecretId == null) {
                out.println(writes.put(secretId, secretString));
            } else {
                writes.putKeyAndPassphrase(secretId, secretString, passphraseSecretId, passphraseSecretString,
                        warning -> spec.commandLine().getErr().println("snowgate: warning: " + warning))
                        .forEach(out::println);
            }
        }
        if (passphrase == null) {
            spec.commandLine().getErr().println("snowgate: warning: the key is stored unencrypted");
        }
        out.flush();
    }

    /** The connection fields (from the options, or the JSON file as written) with the key and its passphrase. */
    private String secretString(String privateKey, Optional<String> passphrase) {
        if (fields.fromJson != null) {
            String source = fields.fromJson.toString();
            try {
                return SecretLayout.withKey(source,
                        new String(CliFiles.read(fields.fromJson), StandardCharsets.UTF_8), privateKey, passphrase);
            } catch (SecretFormatException e) {
                throw new CommandFailedException(e.getMessage() + "; give the key with --key", e);
            }
        }
        Connection c = fields.connection;
        Map<SecretField, String> secret = new EnumMap<>(SecretField.class);
        secret.put(SecretField.USER, c.user);
        secret.put(SecretField.ACCOUNT, c.account);
        putIfGiven(secret, SecretField.WAREHOUSE, c.warehouse);
        putIfGiven(secret, SecretField.DATABASE, c.database);
        putIfGiven(secret, SecretField.SCHEMA, c.schema);
        putIfGiven(secret, SecretField.ROLE, c.role);
        putIfGiven(secret, SecretField.HOST, c.host);
        secret.put(SecretField.PRIVATE_KEY, privateKey);
        passphrase.ifPresent(p -> secret.put(SecretField.PASSPHRASE, p));
        return SecretLayout.write(secret);
    }

    /** Parses what is about to be written exactly as the function will, so a bad field fails here, not there. */
    private void checkReadable(String secretString, String passphraseSecretString) {
        try {
            if (passphraseSecretString == null) {
                SnowflakeSecrets.parse(secretId, secretString);
            } else {
                SnowflakeSecrets.parse(secretId, secretString, passphraseSecretId, passphraseSecretString);
            }
        } catch (SecretFormatException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    /**
     * The base64 body of the PKCS#8 key, as the recipe stores it: the file's own body when it is PKCS#8 PEM that is
     * encrypted exactly when a passphrase was given (kept byte for byte, encrypted as the user encrypted it), else
     * the decoded key re-encoded as PKCS#8, encrypted with the passphrase when there is one. An unencrypted file
     * given with a passphrase is thus stored encrypted, never unencrypted beside a passphrase field.
     */
    private static String pkcs8Body(byte[] content, RsaKeyPair keyPair, String passphrase) {
        Matcher pem = PKCS8_PEM.matcher(new String(content, StandardCharsets.UTF_8));
        boolean keepAsIs = pem.find() && (pem.group(1) != null) == (passphrase != null);
        String text = keepAsIs ? pem.group(0) : new KeyPem().privateKeyPkcs8(keyPair, Passphrase.of(passphrase));
        return KeyPem.body(text);
    }

    private static void putIfGiven(Map<SecretField, String> secret, SecretField field, String value) {
        if (value != null) {
            secret.put(field, value);
        }
    }
}
