package io.snowgate.contract.secret;

import java.util.Optional;

/**
 * A Snowflake secret is missing a field or holds an unusable value. The message names the secret id and the field,
 * never a value. When a stored key could not be decoded, the cause is the key reader's exception with its reason.
 */
public final class SecretFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String secretId;
    private final String field;

    /**
     * @param secretId the secret's id (name or ARN), as configured
     * @param field    the field name as stored, or null when the secret as a whole is unusable
     * @param problem  what is wrong, never quoting a value
     */
    public SecretFormatException(String secretId, String field, String problem) {
        this(secretId, field, problem, null);
    }

    public SecretFormatException(String secretId, String field, String problem, Throwable cause) {
        super("secret '" + secretId + "'" + (field == null ? "" : " field '" + field + "'") + ": " + problem, cause);
        this.secretId = secretId;
        this.field = field;
    }

    public String secretId() {
        return secretId;
    }

    /** The field at fault, empty when the secret as a whole is unusable (not JSON, empty). */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
