package io.snowgate.emulator.snowflake;

/**
 * A login the stand-in refused, with the Snowflake code the client sees and the reason only the stand-in's operator
 * learns (as Snowflake keeps it behind {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS}).
 */
final class LoginRejectedException extends Exception {

    /** Snowflake's code for every JWT failure. */
    static final int JWT_TOKEN_INVALID = 390144;
    /** Newer servers' code for a JWT whose fingerprint no key slot of the user holds. */
    static final int JWT_FINGERPRINT_MISMATCH = 394304;
    static final int INCORRECT_USERNAME_OR_PASSWORD = 390100;
    static final int ROLE_NOT_GRANTED = 390189;

    private final int code;
    private final LoginFailureReason reason;

    LoginRejectedException(int code, LoginFailureReason reason) {
        super(reason.name(), null, false, false);
        this.code = code;
        this.reason = reason;
    }

    int code() {
        return code;
    }

    LoginFailureReason reason() {
        return reason;
    }
}
