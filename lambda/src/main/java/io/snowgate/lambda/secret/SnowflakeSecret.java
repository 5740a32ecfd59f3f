package io.snowgate.lambda.secret;

import io.snowgate.contract.secret.SecretField;
import io.snowgate.contract.secret.SecretFormatException;
import io.snowgate.lambda.key.KeyDecodingException;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.snowflake.AccountIdentifier;
import io.snowgate.lambda.snowflake.KeyPairAuthentication;
import io.snowgate.lambda.snowflake.SnowflakeAuthentication;
import io.snowgate.lambda.snowflake.SnowflakeConnectionSpec;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.util.Objects;
import java.util.Optional;

/**
 * One Snowflake connection secret, whatever field names it was stored with (see {@link SnowflakeSecrets}).
 * Immutable; {@link #toString()} never shows key material or the passphrase.
 *
 * @param secretId    the Secrets Manager id or ARN it came from, for messages
 * @param account     the account identifier, already normalised
 * @param user        the Snowflake user
 * @param host        a host override (PrivateLink, custom host, local stand-in)
 * @param warehouse   optional; an empty value in the secret counts as absent
 * @param database    optional
 * @param schema      optional
 * @param role        optional; empty means the user's default role (the Glue recipe marks it optional)
 * @param credentials the encoded key and its passphrase
 * @param publicKey   the public key stored next to the private key by managed rotation, if any
 */
public record SnowflakeSecret(
        String secretId,
        AccountIdentifier account,
        String user,
        Optional<SnowflakeEndpoint> host,
        Optional<String> warehouse,
        Optional<String> database,
        Optional<String> schema,
        Optional<String> role,
        KeyPairCredentials credentials,
        Optional<String> publicKey) {

    public SnowflakeSecret {
        Objects.requireNonNull(secretId, "secretId");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(warehouse, "warehouse");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /**
     * Decodes the key material into the authentication the driver needs. Decoding costs a key derivation for
     * encrypted keys: cache the result per secret version.
     *
     * @throws SecretFormatException naming this secret and the key field, with the
     *                               {@link KeyDecodingException} (and its reason) as the cause
     */
    public SnowflakeAuthentication authentication(PrivateKeyReader reader) {
        return new KeyPairAuthentication(keyPair(reader));
    }

    /**
     * The decoded key pair itself, for what needs the key rather than a way to sign in (a rotation keeps its
     * passphrase and checks its fingerprint).
     *
     * @throws SecretFormatException as {@link #authentication}
     */
    public RsaKeyPair keyPair(PrivateKeyReader reader) {
        try {
            return reader.readPrivateKey(credentials.encodedKey(), credentials.passphrase());
        } catch (KeyDecodingException e) {
            boolean noSource = KeyPairCredentials.NO_PASSPHRASE.equals(credentials.passphraseSource());
            // A passphrase given is never "required": that reason means the source held none (an empty field, a
            // passphrase secret holding only a line break), so say where to put it, not where it came from.
            String where = switch (e.reason()) {
                case PASSPHRASE_REQUIRED -> noSource ? " (add one of the fields " + SecretField.PASSPHRASE.names()
                        + " or a passphrase secret)"
                        : " (" + credentials.passphraseSource() + " is empty: put the key's passphrase there)";
                case WRONG_PASSPHRASE -> " (passphrase from " + credentials.passphraseSource() + ")";
                default -> "";
            };
            throw new SecretFormatException(secretId, credentials.keyField(), e.getMessage() + where, e);
        }
    }

    /**
     * Whether a passphrase was given for a key that is not encrypted: the key works and the passphrase goes unused,
     * which may mean it belongs to another key, or the key was stored decrypted. Parses the key; decrypts nothing.
     */
    public boolean passphraseUnused(PrivateKeyReader reader) {
        return credentials.passphrase().isPresent() && !reader.isEncrypted(credentials.encodedKey());
    }

    /** A connection builder with this secret's account, user, host and context already set. */
    public SnowflakeConnectionSpec.Builder connection(SnowflakeAuthentication authentication) {
        return SnowflakeConnectionSpec.builder(account, user, authentication)
                .endpoint(host)
                .warehouse(warehouse)
                .database(database)
                .schema(schema)
                .role(role);
    }

    @Override
    public String toString() {
        return "SnowflakeSecret[" + secretId + ", account=" + account.jwtIdentifier() + ", user=" + user
                + host.map(h -> ", host=" + h.host()).orElse("") + ", " + credentials + "]";
    }
}
