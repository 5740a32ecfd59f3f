package io.snowgate.emulator.snowflake;

/** Why the stand-in refused a login; tests read it by the failure id the client got in the message. */
public enum LoginFailureReason {
    MALFORMED_TOKEN,
    UNSUPPORTED_ALGORITHM,
    UNSUPPORTED_AUTHENTICATOR,
    SUBJECT_MISMATCH,
    WRONG_ACCOUNT,
    UNKNOWN_USER,
    USER_DISABLED,
    FINGERPRINT_NOT_REGISTERED,
    BAD_SIGNATURE,
    EXPIRED,
    ISSUED_IN_FUTURE,
    LIFETIME_TOO_LONG,
    ROLE_NOT_GRANTED
}
