package io.snowgate.emulator.snowflake;

/**
 * Why the stand-in refused a login; tests read it by the failure id the client got in the message. Key-pair failures
 * carry the error name Snowflake's {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS} reports as {@code errorCode} (docs:
 * functions/system_get_login_failure_details, "JWT token errors"); the others are not JWT failures and have none.
 */
public enum LoginFailureReason {
    MALFORMED_TOKEN("JWT_TOKEN_INVALID"),
    MISSING_ISSUE_OR_EXPIRATION_TIME("JWT_TOKEN_MISSING_ISSUE_OR_EXPIRATION_TIME"),
    UNSUPPORTED_ALGORITHM("JWT_TOKEN_INVALID_ALGORITHM"),
    UNSUPPORTED_AUTHENTICATOR(null),
    SUBJECT_MISMATCH("JWT_TOKEN_INVALID"),
    WRONG_ACCOUNT("JWT_TOKEN_ACCOUNT_MISMATCH"),
    UNKNOWN_USER("JWT_TOKEN_INVALID_USER_IN_ISSUER"),
    USER_DISABLED(null),
    FINGERPRINT_NOT_REGISTERED("JWT_TOKEN_INVALID_PUBLIC_KEY_FINGERPRINT_MISMATCH"),
    BAD_SIGNATURE("JWT_TOKEN_INVALID_SIGNATURE"),
    EXPIRED("JWT_TOKEN_INVALID_EXPIRATION_TIME"),
    /** Issued in the future, or received more than {@link JwtVerifier#ISSUE_TIME_WINDOW} after it was issued. */
    ISSUED_IN_FUTURE("JWT_TOKEN_INVALID_ISSUE_TIME"),
    ISSUED_TOO_LONG_AGO("JWT_TOKEN_INVALID_ISSUE_TIME"),
    LIFETIME_TOO_LONG("JWT_TOKEN_INVALID"),
    ROLE_NOT_GRANTED(null);

    private final String errorName;

    LoginFailureReason(String errorName) {
        this.errorName = errorName;
    }

    /** The {@code errorCode} SYSTEM$GET_LOGIN_FAILURE_DETAILS reports, or null for a failure that is not a JWT's. */
    public String errorName() {
        return errorName;
    }

    /** Whether the client's message carries a failure id (key-pair failures only, as in Snowflake). */
    boolean hasFailureDetails() {
        return errorName != null;
    }
}
