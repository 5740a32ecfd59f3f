package io.snowgate.lambda.secret;

import io.snowgate.contract.secret.SecretField;
import io.snowgate.contract.secret.SecretFormatException;
import io.snowgate.contract.secret.SecretLayout.Field;
import io.snowgate.contract.secret.SecretLayout;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.snowflake.AccountIdentifier;
import io.snowgate.lambda.snowflake.SnowflakeConfigException;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.util.Optional;

/**
 * Parses a Secrets Manager {@code SecretString} into a {@link SnowflakeSecret}, reading its fields through
 * {@link SecretLayout} (every accepted name, ignoring case; conflicting names refused). The passphrase may come from
 * a second secret (the Glue recipe's advice), holding either the plain passphrase or JSON with one of the passphrase
 * field names; when given, it wins over a passphrase field in the main secret.
 *
 * <p>Parsing only: fetching the secret is the caller's job.
 */
public final class SnowflakeSecrets {

    private static final String ACCOUNT_PROBLEM = "is not a Snowflake account identifier: "
            + AccountIdentifier.EXPECTED_FORMS;
    private static final String HOST_PROBLEM = "is not " + SnowflakeEndpoint.EXPECTED_FORMS;

    private SnowflakeSecrets() {
    }

    /**
     * @throws SecretFormatException naming the secret id and the field, never a value
     */
    public static SnowflakeSecret parse(String secretId, String secretString) {
        return parse(secretId, secretString, Optional.empty());
    }

    /** As {@link #parse(String, String)}, with the passphrase taken from a second secret. */
    public static SnowflakeSecret parse(String secretId, String secretString, String passphraseSecretId,
            String passphraseSecretString) {
        return parse(secretId, secretString,
                Optional.of(new PassphraseSecret(passphraseSecretId, passphraseSecretString)));
    }

    private record PassphraseSecret(String id, String value) {
    }

    private static SnowflakeSecret parse(String secretId, String secretString, Optional<PassphraseSecret> second) {
        SecretLayout fields = SecretLayout.read(secretId, secretString);
        Field accountField = fields.required(SecretField.ACCOUNT);
        AccountIdentifier account;
        try {
            account = AccountIdentifier.parse(accountField.value());
        } catch (SnowflakeConfigException e) {
            // Never the value: a secret's field may hold anything (a pasted passphrase, a URL with a password).
            throw new SecretFormatException(secretId, accountField.name(), ACCOUNT_PROBLEM);
        }
        Optional<SnowflakeEndpoint> host;
        Optional<Field> hostField = fields.optional(SecretField.HOST);
        try {
            host = hostField.map(f -> SnowflakeEndpoint.parse(f.value()));
        } catch (SnowflakeConfigException e) {
            throw new SecretFormatException(secretId, hostField.orElseThrow().name(), HOST_PROBLEM);
        }
        Field key = fields.required(SecretField.PRIVATE_KEY);
        KeyPairCredentials credentials = second
                .map(s -> credentials(key, s))
                .orElseGet(() -> fields.raw(SecretField.PASSPHRASE)
                        .map(p -> new KeyPairCredentials(key.name(), key.value(), Passphrase.of(p.value()),
                                "field '" + p.name() + "'"))
                        .orElseGet(() -> new KeyPairCredentials(key.name(), key.value(), Passphrase.none(),
                                fields.emptyName(SecretField.PASSPHRASE).map(name -> "field '" + name + "'")
                                        .orElse(KeyPairCredentials.NO_PASSPHRASE))));
        return new SnowflakeSecret(
                secretId,
                account,
                fields.required(SecretField.USER).value(),
                host,
                fields.optional(SecretField.WAREHOUSE).map(Field::value),
                fields.optional(SecretField.DATABASE).map(Field::value),
                fields.optional(SecretField.SCHEMA).map(Field::value),
                fields.optional(SecretField.ROLE).map(Field::value),
                credentials,
                fields.optional(SecretField.PUBLIC_KEY).map(Field::value));
    }

    /**
     * The key with the passphrase of a passphrase secret. Its source is the secret; an empty JSON field of it is named
     * too, being the place to put the passphrase, and so is why text that looks like JSON was taken as the passphrase.
     */
    private static KeyPairCredentials credentials(Field key, PassphraseSecret second) {
        SecretLayout.StoredPassphrase stored = SecretLayout.readPassphrase(second.id(), second.value());
        String secret = "secret '" + second.id() + "'";
        String source = stored.value().isEmpty()
                ? stored.field().map(field -> "field '" + field + "' of " + secret).orElse(secret)
                : secret + stored.readAsPlainText().map(why -> ", read as plain text: " + why).orElse("");
        return new KeyPairCredentials(key.name(), key.value(), Passphrase.of(stored.value()), source);
    }

    /**
     * A copy of {@code secretString} holding a new key, every other field untouched (see
     * {@link SecretLayout#withNewKey}); the key is stored in the form the current one has.
     *
     * @throws SecretFormatException when the secret has no key field, or a passphrase is given and the secret has
     *                               no passphrase field to hold it
     */
    public static String withNewKey(String secretId, String secretString, String pkcs8Pem, String publicKeyPem,
            Optional<String> passphrase) {
        return SecretLayout.read(secretId, secretString)
                .withNewKey(new SecretLayout.NewKey(pkcs8Pem, KeyPem.body(pkcs8Pem)), publicKeyPem, passphrase);
    }
}
