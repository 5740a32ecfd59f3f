package io.snowgate.contract.secret;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON layout of the Snowflake secret, read and written in one place: the function and the rotation function
 * read it, the CLI's {@code secret put} and the local deployments write it.
 *
 * <p>Reading accepts every name of every {@link SecretField}, ignoring case; unknown fields are ignored; two names of
 * one field with different values are refused rather than guessed between; a non-string value is refused. Writing
 * uses the canonical (Glue recipe) names in the recipe's order. Messages name the secret and the field, never a
 * value.
 */
public final class SecretLayout {

    /**
     * What the CDK app puts in every field of a secret it creates, so that the template never holds key material; the
     * operator replaces it with the real values after the first deploy.
     */
    public static final String PLACEHOLDER = "REPLACE_ME";

    /** The order the Glue recipe writes its fields in; what {@link #write} follows. */
    private static final List<SecretField> RECIPE_ORDER = List.of(SecretField.USER, SecretField.ACCOUNT,
            SecretField.WAREHOUSE, SecretField.DATABASE, SecretField.SCHEMA, SecretField.ROLE, SecretField.HOST,
            SecretField.PRIVATE_KEY, SecretField.PASSPHRASE, SecretField.PUBLIC_KEY);
    /**
     * Strict but for raw line breaks (and other control characters) inside strings: a PEM pasted between the quotes
     * of a hand-written secret keeps them, and the key is plainly there. Writing escapes them as JSON must.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    private final String secretId;
    private final ObjectNode object;

    private SecretLayout(String secretId, ObjectNode object) {
        this.secretId = secretId;
        this.object = object;
    }

    /** A field's value and the name it is stored under. */
    public record Field(String name, String value) {
        @Override
        public String toString() {
            return "Field[" + name + "]";
        }
    }

    /**
     * A new private key in both the forms a secret may hold it in; {@link #withNewKey} picks the one the secret
     * already uses.
     *
     * @param pem  the whole PEM, as managed rotation stores it
     * @param body the base64 body alone, as the Glue recipe stores it
     */
    public record NewKey(String pem, String body) {
        @Override
        public String toString() {
            return "NewKey[...]";
        }
    }

    /**
     * Reads a secret's JSON object.
     *
     * @throws SecretFormatException when the secret is empty, not JSON, repeats a name, or is not an object
     */
    public static SecretLayout read(String secretId, String secretString) {
        return new SecretLayout(secretId, jsonObject(secretId, secretString));
    }

    /**
     * The field's value, stripped.
     *
     * @throws SecretFormatException naming the field and its accepted names when it is missing or blank
     */
    public Field required(SecretField field) {
        return optional(field).orElseThrow(() -> new SecretFormatException(secretId, field.canonicalName(),
                "is missing or empty (accepted names: " + String.join(", ", field.names()) + ")"));
    }

    /** The stripped value, absent when missing, null or blank. */
    public Optional<Field> optional(SecretField field) {
        return raw(field).map(f -> new Field(f.name(), f.value().strip())).filter(f -> !f.value().isEmpty());
    }

    /**
     * The value exactly as stored (passphrases keep their spaces), absent when missing, null or empty.
     *
     * @throws SecretFormatException when a name of the field holds a non-string, or two names hold different values
     */
    public Optional<Field> raw(SecretField field) {
        List<Field> found = present(field);
        for (Field other : found) {
            if (!other.value().equals(found.get(0).value())) {
                throw new SecretFormatException(secretId, found.get(0).name(), "has a different value than field '"
                        + other.name() + "'; keep one of them");
            }
        }
        if (found.stream().anyMatch(SecretLayout::isPlaceholder)) {
            // Said as such: read on, the placeholder would be reported as a malformed key or a wrong passphrase.
            throw new SecretFormatException(secretId, found.get(0).name(), "still holds the placeholder the"
                    + " deployment created the secret with; put the real value in (README: Deploy to AWS, step 4)");
        }
        return found.stream().findFirst();
    }

    /**
     * The name {@code field} is stored under with an empty string, when no name of it holds a value: a field there to
     * be filled in, which messages name rather than asking for the field to be added.
     */
    public Optional<String> emptyName(SecretField field) {
        if (!present(field).isEmpty()) {
            return Optional.empty();
        }
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            JsonNode value = entry.getValue();
            if (field.isNamed(entry.getKey()) && value.isTextual() && value.textValue().isEmpty()) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }

    /** Whether {@code field} still holds the deployment's {@link #PLACEHOLDER}. */
    public boolean holdsPlaceholder(SecretField field) {
        return present(field).stream().anyMatch(SecretLayout::isPlaceholder);
    }

    private static boolean isPlaceholder(Field held) {
        return held.value().strip().equals(PLACEHOLDER);
    }

    /**
     * A copy of this secret holding a new key, every other field (names, order, values) untouched: how a rotation
     * keeps the layout the secret already has. The key field gets the new key in the form its current value has
     * (whole PEM when it is PEM, else the base64 body); a public key field, when present, gets
     * {@code publicKeyPem}; the passphrase field gets {@code passphrase} when one is given. A field held under
     * several names (a secret shared with Glue and Athena has both {@code private_key} and {@code pem_private_key})
     * gets the new value under every one of them, so the copy reads as one value again.
     *
     * @throws SecretFormatException when the secret has no key field, two names of a field disagree, or a passphrase
     *                               is given and the secret has no passphrase field to hold it
     */
    public String withNewKey(NewKey key, String publicKeyPem, Optional<String> passphrase) {
        ObjectNode copy = object.deepCopy();
        Field current = required(SecretField.PRIVATE_KEY);
        putEverywhere(copy, SecretField.PRIVATE_KEY, current.value().contains("-----BEGIN") ? key.pem() : key.body());
        if (raw(SecretField.PUBLIC_KEY).isPresent()) {
            putEverywhere(copy, SecretField.PUBLIC_KEY, publicKeyPem);
        }
        if (passphrase.isPresent()) {
            raw(SecretField.PASSPHRASE).orElseThrow(() -> new SecretFormatException(secretId,
                    SecretField.PASSPHRASE.canonicalName(), "is missing; the new key's passphrase has nowhere to go"));
            putEverywhere(copy, SecretField.PASSPHRASE, passphrase.get());
        }
        return text(copy);
    }

    /** Replaces the value under every name of {@code field} that holds one; empty and null names stay as they are. */
    private void putEverywhere(ObjectNode copy, SecretField field, String value) {
        for (Field held : present(field)) {
            copy.put(held.name(), value);
        }
    }

    /**
     * A new secret in the Glue recipe's layout: canonical names in the recipe's order; absent values are left out.
     */
    public static String write(Map<SecretField, String> fields) {
        ObjectNode secret = JSON.createObjectNode();
        for (SecretField field : RECIPE_ORDER) {
            String value = fields.get(field);
            if (value != null) {
                secret.put(field.canonicalName(), value);
            }
        }
        return text(secret);
    }

    /**
     * A new secret from connection fields a person wrote as a JSON object (names as they like them), with the key and
     * its passphrase added under their canonical names.
     *
     * @param source         where the JSON came from, for messages (a file name)
     * @param connectionJson the connection fields; must hold no key material
     * @throws SecretFormatException when the JSON is not an object, or already holds a key or passphrase field
     */
    public static String withKey(String source, String connectionJson, String privateKey,
            Optional<String> passphrase) {
        SecretLayout connection = read(source, connectionJson);
        for (SecretField keyMaterial : List.of(SecretField.PRIVATE_KEY, SecretField.PASSPHRASE)) {
            List<Field> held = connection.present(keyMaterial);
            if (!held.isEmpty()) {
                throw new SecretFormatException(source, null, "holds '" + held.get(0).name()
                        + "', which is key material; keep it out of the connection fields");
            }
        }
        ObjectNode secret = connection.object.deepCopy();
        secret.put(SecretField.PRIVATE_KEY.canonicalName(), privateKey);
        passphrase.ifPresent(p -> secret.put(SecretField.PASSPHRASE.canonicalName(), p));
        return text(secret);
    }

    /** The secret that holds a key's passphrase apart from the key: {@code {"private_key_passphrase": "..."}}. */
    public static String writePassphraseSecret(String passphrase) {
        return write(new EnumMap<>(Map.of(SecretField.PASSPHRASE, passphrase)));
    }

    /**
     * What a passphrase secret holds: the passphrase, the JSON field it was read from when the secret is a JSON
     * object (for messages: an empty field is named as the one to fill in), and why text that looks like JSON was
     * read as the passphrase itself (for messages: a wrong passphrase may be JSON with a quote or brace missing).
     * {@link #toString()} names where it came from only.
     */
    public record StoredPassphrase(String value, Optional<String> field, Optional<String> readAsPlainText) {
        @Override
        public String toString() {
            return "StoredPassphrase[" + field.map(name -> "field '" + name + "'").orElse("plain text") + "]";
        }
    }

    /**
     * The passphrase a passphrase secret holds: a JSON object with one of the passphrase names, one JSON string
     * ({@code "..."}, quotes included), or the passphrase itself (one trailing line break, as
     * {@code echo ... | aws secretsmanager} leaves, is not part of it). An empty passphrase field gives the empty
     * passphrase, as an empty passphrase field of the main secret does.
     *
     * @throws SecretFormatException when the secret is empty, or JSON without a passphrase field
     */
    public static String readPassphraseSecret(String secretId, String value) {
        return readPassphrase(secretId, value).value();
    }

    /** As {@link #readPassphraseSecret}, with the field the passphrase was read from. */
    public static StoredPassphrase readPassphrase(String secretId, String value) {
        if (value == null || value.isEmpty()) {
            throw new SecretFormatException(secretId, null, "the passphrase secret is empty");
        }
        Optional<String> notJson = Optional.empty();
        if (value.stripLeading().startsWith("{")) {
            try {
                if (JSON.readTree(value) instanceof ObjectNode object) {
                    SecretLayout layout = new SecretLayout(secretId, object);
                    return layout.raw(SecretField.PASSPHRASE)
                            .map(field -> new StoredPassphrase(field.value(), Optional.of(field.name()),
                                    Optional.empty()))
                            .or(() -> layout.emptyName(SecretField.PASSPHRASE)
                                    .map(name -> new StoredPassphrase("", Optional.of(name), Optional.empty())))
                            .orElseThrow(() -> new SecretFormatException(secretId, null,
                                    "the passphrase secret is JSON but has none of the fields "
                                            + SecretField.PASSPHRASE.names()));
                }
            } catch (JsonProcessingException e) {
                // Not JSON after all: a passphrase that happens to start with '{', or JSON with a quote or brace
                // missing; which one only the key can tell, so a wrong passphrase's message says which was assumed.
                notJson = Optional.of("it starts with '{' but is not valid JSON");
            }
        }
        String stripped = value.strip();
        if (stripped.length() >= 2 && stripped.startsWith("\"") && stripped.endsWith("\"")) {
            // One JSON string, as jq without -r or --secret-string '"..."' stores it: read as JSON, as an object is.
            try {
                if (JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(stripped)
                        instanceof TextNode text) {
                    return new StoredPassphrase(text.textValue(), Optional.empty(), Optional.empty());
                }
            } catch (JsonProcessingException e) {
                // Not one JSON string: a passphrase that happens to start and end with '"'.
            }
        }
        return new StoredPassphrase(value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value, Optional.empty(), notJson);
    }

    /** Every non-empty value stored under one of the field's names, in the secret's order. */
    private List<Field> present(SecretField field) {
        List<Field> found = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (!field.isNamed(entry.getKey()) || entry.getValue().isNull()) {
                continue;
            }
            if (!entry.getValue().isTextual()) {
                throw new SecretFormatException(secretId, entry.getKey(), "must be a string");
            }
            if (!entry.getValue().textValue().isEmpty()) {
                found.add(new Field(entry.getKey(), entry.getValue().textValue()));
            }
        }
        return found;
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

    private static String text(ObjectNode object) {
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON object could not be written", e);
        }
    }
}
