package io.snowgate.lambda.session;

import io.snowgate.lambda.snowflake.SnowflakeErrors;
import java.util.Optional;

/**
 * Snowflake refused to open a session, or could not be reached. Carries what an administrator needs to find out why
 * with {@code DESC USER} and {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS}: the fingerprint presented, the account
 * identifier put in the JWT, the user, Snowflake's error code and login-failure id; or, when no answer came, the host
 * tried and what stopped the connection. Never key material.
 */
public final class SnowflakeLoginException extends RuntimeException {

    private final int errorCode;
    private final String fingerprint;
    private final String jwtAccount;
    private final String user;
    private final Optional<String> loginFailureId;
    private final Optional<String> unreachableHost;

    /** Snowflake answered and refused the login ({@code reason} says what to check). */
    public SnowflakeLoginException(int errorCode, String fingerprint, String jwtAccount, String user,
            Optional<String> loginFailureId, String reason, Throwable cause) {
        this(describe(errorCode, fingerprint, jwtAccount, user, loginFailureId, reason), errorCode, fingerprint,
                jwtAccount, user, loginFailureId, Optional.empty(), cause);
    }

    private SnowflakeLoginException(String message, int errorCode, String fingerprint, String jwtAccount,
            String user, Optional<String> loginFailureId, Optional<String> unreachableHost, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.fingerprint = fingerprint;
        this.jwtAccount = jwtAccount;
        this.user = user;
        this.loginFailureId = loginFailureId;
        this.unreachableHost = unreachableHost;
    }

    /**
     * No answer came from Snowflake: the host could not be resolved or connected to, the TLS handshake failed, or
     * the request timed out. No login was attempted, so nothing is said about the key or the account.
     *
     * @param host      the host (and port) tried
     * @param causeKind what stopped it, e.g. {@code connection refused}, {@code unknown host}, {@code TLS handshake
     *                  failed}
     * @param errorCode the driver's code ({@code 200015}), or 0
     */
    public static SnowflakeLoginException unreachable(String host, String causeKind, int errorCode,
            String fingerprint, String jwtAccount, String user, Throwable cause) {
        return new SnowflakeLoginException("Snowflake at " + host + " could not be reached (" + causeKind
                + (errorCode == 0 ? "" : ", driver code " + errorCode) + "); no login was attempted for user " + user
                + " in account " + jwtAccount + ": check the host (SNOWGATE_SNOWFLAKE_URL, the secret's host or"
                + " account) and the network path to it", errorCode, fingerprint, jwtAccount, user,
                Optional.empty(), Optional.of(host), cause);
    }

    /** Snowflake's error code (390144, 394304, ...), the driver's (200015) when unreachable, or 0. */
    public int errorCode() {
        return errorCode;
    }

    /** Whether Snowflake refused the key itself (as opposed to an unreachable host or another refusal). */
    public boolean keyRejected() {
        return unreachableHost.isEmpty() && SnowflakeErrors.keyRefused(errorCode);
    }

    /** Whether no answer came from Snowflake: the endpoint, not the credentials, failed. */
    public boolean unreachable() {
        return unreachableHost.isPresent();
    }

    /** The host (and port) that could not be reached. */
    public Optional<String> unreachableHost() {
        return unreachableHost;
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
