package io.snowgate.lambda.secret;

/**
 * A secret could not be read: the service refused (not found, access denied, throttled) or was unreachable.
 * Carries the secret id and the service's error code; never the value.
 */
public final class SecretUnavailableException extends RuntimeException {

    /** The code of a read never sent because the invocation's deadline had passed. */
    public static final String DEADLINE_REACHED = "DeadlineReached";
    /** The code of a read Secrets Manager did not answer: no way there, or no answer in the time allowed. */
    public static final String UNREACHABLE = "Unreachable";

    private final String secretId;
    private final String errorCode;
    private final String reason;

    public SecretUnavailableException(String secretId, String errorCode, String message, Throwable cause) {
        super("secret " + secretId + " could not be read (" + errorCode + "): " + message, cause);
        this.secretId = secretId;
        this.errorCode = errorCode;
        this.reason = message;
    }

    /** A read not sent to Secrets Manager because no time was left before the deadline. */
    public static SecretUnavailableException deadlineReached(String secretId) {
        return new SecretUnavailableException(secretId, DEADLINE_REACHED, "no time left to read it", null);
    }

    /**
     * Whether Secrets Manager refused or did not answer, as opposed to a read never sent for want of time: only the
     * former says anything about the service.
     */
    public boolean serviceFailure() {
        return !DEADLINE_REACHED.equals(errorCode);
    }

    /**
     * Whether the read got no answer at all (unreachable, timed out, or never sent for want of time), as opposed to
     * an answer refusing it: only the former can be the deadline's doing.
     */
    public boolean unanswered() {
        return UNREACHABLE.equals(errorCode) || DEADLINE_REACHED.equals(errorCode);
    }

    public String secretId() {
        return secretId;
    }

    /**
     * The AWS error code (e.g. ResourceNotFoundException), {@code HTTP <status>} for an answer without one, or a
     * Snowgate one ({@value #UNREACHABLE}, NotConfigured, NoValue, {@value #DEADLINE_REACHED}).
     */
    public String errorCode() {
        return errorCode;
    }

    /** Why it could not be read, after the code ("Secrets Manager did not answer in time", ...); never a value. */
    public String reason() {
        return reason;
    }
}
