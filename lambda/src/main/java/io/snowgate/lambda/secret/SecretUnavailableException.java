package io.snowgate.lambda.secret;

/**
 * A secret could not be read: the service refused (not found, access denied, throttled) or was unreachable.
 * Carries the secret id and the service's error code; never the value.
 */
public final class SecretUnavailableException extends RuntimeException {

    private final String secretId;
    private final String errorCode;

    public SecretUnavailableException(String secretId, String errorCode, String message, Throwable cause) {
        super("secret " + secretId + " could not be read (" + errorCode + "): " + message, cause);
        this.secretId = secretId;
        this.errorCode = errorCode;
    }

    public String secretId() {
        return secretId;
    }

    /** The AWS error code (e.g. ResourceNotFoundException) or a Snowgate one (Unreachable, NotAString). */
    public String errorCode() {
        return errorCode;
    }
}
