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
    /** A user with {@code DISABLED = TRUE}, whatever the credentials. */
    static final int USER_ACCESS_DISABLED = 390101;
    static final int ROLE_NOT_GRANTED = 390189;

    private final int code;
    private final LoginFailureReason reason;
    private final String userName;

    LoginRejectedException(int code, LoginFailureReason reason) {
        this(code, reason, null);
    }

    /** @param userName the user the login resolved to, or null when it failed before one was found */
    LoginRejectedException(int code, LoginFailureReason reason, String userName) {
        super(reason.name(), null, false, false);
        this.code = code;
        this.reason = reason;
        this.userName = userName;
    }

    int code() {
        return code;
    }

    LoginFailureReason reason() {
        return reason;
    }

    String userName() {
        return userName;
    }
}
