package io.snowgate.lambda.session;

import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.lambda.snowflake.SnowflakeErrors;
import java.util.Optional;

/**
 * Snowflake refused to open a session, or could not be reached. Carries what an administrator needs to find out why
 * with {@code DESC USER}, {@code SHOW USER WORKLOAD IDENTITY AUTHENTICATION METHODS} and
 * {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS}: what was presented (the key's fingerprint, or the AWS role ARN), the
 * account identifier, the user, Snowflake's error code and login-failure id; or, when no answer came, the host tried
 * and what stopped the connection. Never key material or a credential.
 */
public final class SnowflakeLoginException extends RuntimeException {

    private final int errorCode;
    private final String credentialId;
    private final String jwtAccount;
    private final String user;
    private final Optional<String> loginFailureId;
    private final Optional<String> unreachableHost;

    /** A refused or failed key-pair login, with the key's fingerprint. */
    public SnowflakeLoginException(int errorCode, String fingerprint, String jwtAccount, String user,
            Optional<String> loginFailureId, String reason, Throwable cause) {
        this(errorCode, "key " + fingerprint, fingerprint, jwtAccount, user, loginFailureId, reason, cause);
    }

    /**
     * Snowflake answered and refused the login, or the driver could not attest the AWS role ({@code reason} says what
     * to check).
     *
     * @param presented    what the login presented, for the message: {@code key SHA256:...} or {@code AWS role arn:...}
     * @param credentialId the fingerprint or the role ARN alone
     */
    public SnowflakeLoginException(int errorCode, String presented, String credentialId, String jwtAccount,
            String user, Optional<String> loginFailureId, String reason, Throwable cause) {
        this(describe(errorCode, presented, jwtAccount, user, loginFailureId, reason), errorCode, credentialId,
                jwtAccount, user, loginFailureId, Optional.empty(), cause);
    }

    private SnowflakeLoginException(String message, int errorCode, String credentialId, String jwtAccount,
            String user, Optional<String> loginFailureId, Optional<String> unreachableHost, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.credentialId = credentialId;
        this.jwtAccount = jwtAccount;
        this.user = user;
        this.loginFailureId = loginFailureId;
        this.unreachableHost = unreachableHost;
    }

    /**
     * No answer came from Snowflake: the host could not be resolved or connected to, the TLS handshake failed, or
     * the request timed out; or the only answers were an HTTP error status ({@code causeKind} {@code HTTP 503}). No
     * login was attempted, so nothing is said about the credential or the account.
     *
     * @param host      the host (and port) tried
     * @param causeKind what stopped it, e.g. {@code connection refused}, {@code unknown host}, {@code TLS handshake
     *                  failed}
     * @param errorCode the driver's code ({@code 200015}), or 0
     */
    public static SnowflakeLoginException unreachable(String host, String causeKind, int errorCode,
            String credentialId, String jwtAccount, String user, Throwable cause) {
        String code = errorCode == 0 ? "" : ", driver code " + errorCode;
        // An HTTP status is an answer: the host and the path to it work, and what is down is behind them.
        String message = causeKind.startsWith("HTTP ")
                ? "Snowflake at " + host + " answered " + causeKind + " to every attempt" + (errorCode == 0 ? ""
                        : " (driver code " + errorCode + ")") + ": Snowflake, or a proxy or endpoint in front of it, is"
                        + " unavailable or throttling;"
                        + " no login was attempted for user " + user + " in account " + jwtAccount
                : "Snowflake at " + host + " could not be reached (" + causeKind + code + "); no login was attempted"
                        + " for user " + user + " in account " + jwtAccount + ": check the host"
                        + " (" + FunctionEnvironment.SNOWFLAKE_URL + ", the secret's host or account, or "
                        + FunctionEnvironment.SNOWFLAKE_ACCOUNT + ") and the network path to it";
        return new SnowflakeLoginException(message, errorCode, credentialId, jwtAccount, user, Optional.empty(),
                Optional.of(host), cause);
    }

    /** Snowflake's error code (390144, 394304, ...), the driver's (200015, 390434) when it never asked, or 0. */
    public int errorCode() {
        return errorCode;
    }

    /** Whether Snowflake refused the credential itself (as opposed to an unreachable host or another refusal). */
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
