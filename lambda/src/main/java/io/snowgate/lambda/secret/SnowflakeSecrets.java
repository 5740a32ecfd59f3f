package io.snowgate.lambda.secret;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.snowflake.AccountIdentifier;
import io.snowgate.lambda.snowflake.SnowflakeConfigException;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses a Secrets Manager {@code SecretString} into a {@link SnowflakeSecret}. Accepts every field name in
 * {@link SecretField}, ignoring case; unknown fields are ignored. Two names of one field with different values are
 * refused rather than guessed between. The passphrase may come from a second secret (the Glue recipe's advice),
 * holding either the plain passphrase or JSON with one of the passphrase field names; when given, it wins over a
 * passphrase field in the main secret.
 *
 * <p>Parsing only: fetching the secret is the caller's job.
 */
public final class SnowflakeSecrets {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

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
        Fields fields = new Fields(secretId, jsonObject(secretId, secretString));
        Field accountField = fields.required(SecretField.ACCOUNT);
        AccountIdentifier account;
        try {
            account = AccountIdentifier.parse(accountField.value());
        } catch (SnowflakeConfigException e) {
            throw new SecretFormatException(secretId, accountField.name(), e.getMessage());
        }
        Optional<SnowflakeEndpoint> host;
        Optional<Field> hostField = fields.optional(SecretField.HOST);
        try {
            host = hostField.map(f -> SnowflakeEndpoint.parse(f.value()));
        } catch (SnowflakeConfigException e) {
            throw new SecretFormatException(secretId, hostField.orElseThrow().name(), e.getMessage());
        }
        Field key = fields.required(SecretField.PRIVATE_KEY);
        KeyPairCredentials credentials = second
                .map(s -> new KeyPairCredentials(key.name(), key.value(), passphraseSecret(s), "secret '" + s.id() + "'"))
                .orElseGet(() -> fields.raw(SecretField.PASSPHRASE)
                        .map(p -> new KeyPairCredentials(key.name(), key.value(), Passphrase.of(p.value()),
                                "field '" + p.name() + "'"))
                        .orElseGet(() -> new KeyPairCredentials(key.name(), key.value(), Passphrase.none(), "none")));
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
     * A copy of {@code secretString} holding a new key, every other field (names, order, values) untouched: how a
     * rotation keeps the layout the secret already has. The key field gets {@code pkcs8Pem} in the form its current
     * value has (whole PEM when it is PEM, as managed rotation stores it; else the base64 body, as the Glue recipe
     * stores it); a public key field, when present, gets {@code publicKeyPem}; the passphrase field gets
     * {@code passphrase} when one is given.
     *
     * @throws SecretFormatException when the secret has no key field, or a passphrase is given and the secret has
     *                               no passphrase field to hold it
     */
    public static String withNewKey(String secretId, String secretString, String pkcs8Pem, String publicKeyPem,
            Optional<String> passphrase) {
        ObjectNode object = jsonObject(secretId, secretString);
        Fields fields = new Fields(secretId, object);
        Field key = fields.required(SecretField.PRIVATE_KEY);
        object.put(key.name(), key.value().contains("-----BEGIN") ? pkcs8Pem : KeyPem.body(pkcs8Pem));
        fields.raw(SecretField.PUBLIC_KEY).ifPresent(f -> object.put(f.name(), publicKeyPem));
        if (passphrase.isPresent()) {
            Field field = fields.raw(SecretField.PASSPHRASE).orElseThrow(() -> new SecretFormatException(secretId,
                    SecretField.PASSPHRASE.canonicalName(), "is missing; the new key's passphrase has nowhere to go"));
            object.put(field.name(), passphrase.get());
        }
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON object could not be written back", e);
        }
    }

    /** The passphrase secret: a JSON object with one of the passphrase names, or the passphrase itself. */
    private static Passphrase passphraseSecret(PassphraseSecret secret) {
        String value = secret.value();
        if (value == null || value.isEmpty()) {
            throw new SecretFormatException(secret.id(), null, "the passphrase secret is empty");
        }
        if (value.stripLeading().startsWith("{")) {
            try {
                if (JSON.readTree(value) instanceof ObjectNode object) {
                    return new Fields(secret.id(), object).raw(SecretField.PASSPHRASE)
                            .map(f -> Passphrase.of(f.value()))
                            .orElseThrow(() -> new SecretFormatException(secret.id(), null,
                                    "the passphrase secret is JSON but has none of the fields "
                                            + SecretField.PASSPHRASE.names()));
                }
            } catch (JsonProcessingException e) {
                // Not JSON after all: a passphrase that happens to start with '{'.
            }
        }
        // A secret entered with a trailing newline (echo ... | aws secretsmanager) must still match.
        return Passphrase.of(value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value);
    }

    private static ObjectNode jsonObject(String secretId, String secretString) {
        if (secretString == null || secretString.isBlank()) {
            throw new SecretFormatException(secretId, null, "the secret is empty; expected a JSON object");
        }
        try {
            if (JSON.readTree(secretString) instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input, which may be key material: never pass it on.
            throw new SecretFormatException(secretId, null,
                    "the secret is not valid JSON (or repeats a field); expected a JSON object");
        }
        throw new SecretFormatException(secretId, null, "the secret is JSON but not an object");
    }

    /** A field value and the name it was stored under. */
    private record Field(String name, String value) {
    }

    /** Field lookup by any alias, ignoring case, refusing conflicting aliases and non-string values. */
    private static final class Fields {

        private final String secretId;
        private final ObjectNode object;

        Fields(String secretId, ObjectNode object) {
            this.secretId = secretId;
            this.object = object;
        }

        Field required(SecretField field) {
            return optional(field).orElseThrow(() -> new SecretFormatException(secretId, field.canonicalName(),
                    "is missing or empty (accepted names: " + String.join(", ", field.names()) + ")"));
        }

        /** The stripped value, absent when missing, null or blank. */
        Optional<Field> optional(SecretField field) {
            return raw(field).map(f -> new Field(f.name(), f.value().strip())).filter(f -> !f.value().isEmpty());
        }

        /** The value exactly as stored (passphrases keep their spaces), absent when missing, null or empty. */
        Optional<Field> raw(SecretField field) {
            List<Field> found = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : object.properties()) {
                if (!matches(field, entry.getKey()) || entry.getValue().isNull()) {
                    continue;
                }
                if (!entry.getValue().isTextual()) {
                    throw new SecretFormatException(secretId, entry.getKey(), "must be a string");
                }
                if (!entry.getValue().textValue().isEmpty()) {
                    found.add(new Field(entry.getKey(), entry.getValue().textValue()));
                }
            }
            for (Field other : found) {
                if (!other.value().equals(found.get(0).value())) {
                    throw new SecretFormatException(secretId, found.get(0).name(), "has a different value than field '"
                            + other.name() + "'; keep one of them");
                }
            }
            return found.stream().findFirst();
        }

        private static boolean matches(SecretField field, String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            return field.names().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(lower));
        }
    }
}
