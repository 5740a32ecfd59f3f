package io.snowgate.lambda.session;

import io.snowgate.lambda.snowflake.SnowflakeErrors;
import java.util.Optional;

/**
 * Snowflake refused to open a session, or could not be reached. Carries what an administrator needs to find out why
 * with {@code DESC USER} and {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS}: the fingerprint presented, the account
 * identifier put in the JWT, the user, Snowflake's error code and login-failure id. Never key material.
 */
public final class SnowflakeLoginException extends RuntimeException {

    private final int errorCode;
    private final String fingerprint;
    private final String jwtAccount;
    private final String user;
    private final Optional<String> loginFailureId;

    public SnowflakeLoginException(int errorCode, String fingerprint, String jwtAccount, String user,
            Optional<String> loginFailureId, String reason, Throwable cause) {
        super(describe(errorCode, fingerprint, jwtAccount, user, loginFailureId, reason), cause);
        this.errorCode = errorCode;
        this.fingerprint = fingerprint;
        this.jwtAccount = jwtAccount;
        this.user = user;
        this.loginFailureId = loginFailureId;
    }

    /** Snowflake's error code (390144, 394304, ...), or 0 when there was no answer from Snowflake. */
    public int errorCode() {
        return errorCode;
    }

    /** Whether Snowflake refused the key itself (as opposed to an unreachable or unknown account). */
    public boolean keyRejected() {
        return SnowflakeErrors.keyRefused(errorCode);
    }

    public String fingerprint() {
        return fingerprint;
    }

    public String jwtAccount() {
        return jwtAccount;
    }

    public String user() {
        return user;
    }

    public Optional<String> loginFailureId() {
        return loginFailureId;
    }

    private static String describe(int errorCode, String fingerprint, String jwtAccount, String user,
            Optional<String> loginFailureId, String reason) {
        return "Snowflake login failed for user " + user + " in account " + jwtAccount + " with key " + fingerprint
                + (errorCode == 0 ? "" : " (code " + errorCode + loginFailureId.map(id -> ", login failure id " + id)
                        .orElse("") + ")")
                + ": " + reason;
    }
}
