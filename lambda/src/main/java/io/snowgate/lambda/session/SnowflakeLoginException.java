package io.snowgate.lambda.session;

import io.snowgate.lambda.snowflake.SnowflakeErrors;
import java.util.Optional;

/**
 * Snowflake refused to open a session, or could not be reached. Carries what an administrator needs to find out why
 * with {@code DESC USER}, {@code SHOW USER WORKLOAD IDENTITY AUTHENTICATION METHODS} and
 * {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS}: what was presented (the key's fingerprint, or the AWS role ARN), the
 * account identifier, the user, Snowflake's error code and login-failure id. Never key material or a credential.
 */
public final class SnowflakeLoginException extends RuntimeException {

    private final int errorCode;
    private final String credentialId;
    private final String jwtAccount;
    private final String user;
    private final Optional<String> loginFailureId;

    /** A refused or failed key-pair login, with the key's fingerprint. */
    public SnowflakeLoginException(int errorCode, String fingerprint, String jwtAccount, String user,
            Optional<String> loginFailureId, String reason, Throwable cause) {
        this(errorCode, "key " + fingerprint, fingerprint, jwtAccount, user, loginFailureId, reason, cause);
    }

    /**
     * @param presented    what the login presented, for the message: {@code key SHA256:...} or {@code AWS role arn:...}
     * @param credentialId the fingerprint or the role ARN alone
     */
    public SnowflakeLoginException(int errorCode, String presented, String credentialId, String jwtAccount,
            String user, Optional<String> loginFailureId, String reason, Throwable cause) {
        super(describe(errorCode, presented, jwtAccount, user, loginFailureId, reason), cause);
        this.errorCode = errorCode;
        this.credentialId = credentialId;
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

    /**
     * Whether the login failed for its credential (refused by Snowflake, or no attestation from AWS) rather than for
     * want of an answer.
     */
    public boolean authenticationFailed() {
        return SnowflakeErrors.keyRefused(errorCode) || SnowflakeErrors.attestationFailed(errorCode);
    }

    /** The key's fingerprint (key pair), or the AWS role ARN (workload identity). */
    public String credentialId() {
        return credentialId;
    }

    /** The key's fingerprint, in key-pair mode ({@link #credentialId()}). */
    public String fingerprint() {
        return credentialId;
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

    private static String describe(int errorCode, String presented, String jwtAccount, String user,
            Optional<String> loginFailureId, String reason) {
        return "Snowflake login failed for user " + user + " in account " + jwtAccount + " with " + presented
                + (errorCode == 0 ? "" : " (code " + errorCode + loginFailureId.map(id -> ", login failure id " + id)
                        .orElse("") + ")")
                + ": " + reason;
    }
}
