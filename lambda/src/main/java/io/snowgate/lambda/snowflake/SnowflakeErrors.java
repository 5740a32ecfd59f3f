package io.snowgate.lambda.snowflake;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.snowflake.client.api.exception.SnowflakeSQLException;

/**
 * What Snowflake's and snowflake-jdbc's error codes mean to Snowgate: the one place the numbers are written. Codes
 * are as Snowflake's server returns them ({@code SQLException.getErrorCode()}) and as snowflake-jdbc 4.4.1 defines
 * its own ({@code ErrorCode}).
 */
public final class SnowflakeErrors {

    /** JWT_TOKEN_INVALID, and JWT_TOKEN_INVALID_PUBLIC_KEY_FINGERPRINT_MISMATCH on newer servers. */
    private static final Set<Integer> KEY_REFUSED = Set.of(390144, 394304);
    /** Session gone (390111), token expired beyond renewal (390112-390115), must log in again (390104). */
    private static final Set<Integer> SESSION_GONE = Set.of(390104, 390111, 390112, 390113, 390114, 390115);
    /** Insufficient privileges (3001), or the object not visible to the role at all (2003). */
    private static final Set<Integer> NOT_ALLOWED = Set.of(3001, 2003);
    /**
     * "No active warehouse selected in the current session": the statement needs compute and the session has no
     * warehouse, because the one the connection named does not exist or the role may not use it (Snowflake still
     * signs in then), or none was named and the user has no usable DEFAULT_WAREHOUSE (docs: user-guide/warehouses).
     */
    private static final int NO_ACTIVE_WAREHOUSE = 606;
    /** See {@link #notRunnableAsDeployed}. */
    private static final Set<Integer> NOT_RUNNABLE_AS_DEPLOYED = Set.of(606, 904, 1003, 2003, 2043, 2140, 3001,
            90105, 90106);
    /** "Role 'R' specified in the connect string is not granted to this user." */
    private static final int ROLE_NOT_GRANTED = 390189;
    /** "SQL execution canceled": how the driver reports a statement its timeout stopped. */
    private static final int EXECUTION_CANCELED = 604;
    /** "Statement reached its statement or warehouse timeout and was canceled." */
    private static final int STATEMENT_TIMED_OUT = 630;
    /**
     * snowflake-jdbc's WORKLOAD_IDENTITY_FLOW_ERROR: the driver could not make a workload identity attestation (no
     * credentials, STS refused GetWebIdentityToken, a host it will not attest to).
     */
    private static final int WORKLOAD_IDENTITY_FLOW_ERROR = 200071;
    /** snowflake-jdbc's NETWORK_ERROR: an HTTP request to Snowflake failed or timed out. */
    private static final int DRIVER_NETWORK_ERROR = 200015;
    /** snowflake-jdbc's own error codes (ErrorCode); Snowflake's server codes are outside this range. */
    private static final int DRIVER_CODES_FROM = 200_000;
    private static final int DRIVER_CODES_TO = 300_000;
    /** SQL state class 08: connection exception. */
    private static final String CONNECTION_SQL_STATE_CLASS = "08";
    /** SQL state 57014: query canceled. */
    private static final String CANCELED_SQL_STATE = "57014";
    private static final Pattern HTTP_STATUS = Pattern.compile("HTTP status=(\\d{3})\\b");
    /** Snowflake's query ids and login failure ids are UUIDs. */
    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");

    private SnowflakeErrors() {
    }

    /**
     * Snowflake refused the login because the role it names is not granted to the user, or does not exist: the one
     * context field Snowflake checks at login (a warehouse, database or schema it cannot use only fails statements).
     */
    public static boolean roleNotGranted(int errorCode) {
        return errorCode == ROLE_NOT_GRANTED;
    }

    /** Snowflake refused the key for this user (or the account in the JWT is not the user's). */
    public static boolean keyRefused(int errorCode) {
        return KEY_REFUSED.contains(errorCode);
    }

    /** The driver could not make a workload identity attestation, so it never asked Snowflake. */
    public static boolean attestationFailed(int errorCode) {
        return errorCode == WORKLOAD_IDENTITY_FLOW_ERROR;
    }

    /** The session is gone: sign in again and the same work can run. */
    public static boolean sessionGone(int errorCode) {
        return SESSION_GONE.contains(errorCode);
    }

    /** The role may not do this, or cannot see the object at all. */
    public static boolean notAllowed(int errorCode) {
        return NOT_ALLOWED.contains(errorCode);
    }

    /**
     * Snowflake refused the statement for how the deployment is set up, never for a caller's values (values are bound,
     * not spliced into the SQL, so they cannot name an object or break the syntax): no usable warehouse (606), no
     * current database (90105) or schema (90106), an object missing or not visible to the role (2003, 2043), a
     * privilege missing (3001), or catalog SQL Snowflake cannot compile: an invalid identifier (904), a syntax error
     * (1003), an unknown function (2140).
     */
    public static boolean notRunnableAsDeployed(int errorCode) {
        return NOT_RUNNABLE_AS_DEPLOYED.contains(errorCode);
    }

    /** The statement needed a warehouse and the session has none it can use. */
    public static boolean noWarehouse(int errorCode) {
        return errorCode == NO_ACTIVE_WAREHOUSE;
    }

    /** A statement stopped by its timeout or cancelled. */
    public static boolean canceled(int errorCode) {
        return errorCode == EXECUTION_CANCELED || errorCode == STATEMENT_TIMED_OUT;
    }

    /** A statement stopped by its own timeout (Snowflake's {@code STATEMENT_TIMEOUT_IN_SECONDS}), and nothing else. */
    public static boolean timedOut(int errorCode) {
        return errorCode == STATEMENT_TIMED_OUT;
    }

    /** As {@link #canceled(int)}, also by SQL state. */
    public static boolean canceled(SQLException e) {
        return canceled(e.getErrorCode()) || CANCELED_SQL_STATE.equals(e.getSQLState());
    }

    /**
     * The driver got no answer from Snowflake, or only an HTTP error status through all its retries
     * ({@link #httpStatus}): the network or Snowflake's availability, not the statement, failed.
     */
    public static boolean unreachable(SQLException e) {
        return e.getErrorCode() == DRIVER_NETWORK_ERROR
                || (e.getSQLState() != null && e.getSQLState().startsWith(CONNECTION_SQL_STATE_CLASS));
    }

    /**
     * What kept a login from reaching Snowflake, when nothing answered: {@code unknown host}, {@code connection
     * refused}, {@code TLS handshake failed}, {@code timed out}, ..., from the exception's causes or, as the driver
     * often keeps only the text of its cause, its message; {@code HTTP 503} (or another status) when that status was
     * the only answer. Empty when Snowflake answered the login.
     */
    public static Optional<String> unreachableCause(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            Optional<String> kind = networkCause(cause);
            if (kind.isPresent()) {
                return kind;
            }
        }
        // Snowflake's own login refusals (39xxxx) carry SQL state 08001 too: only the driver's codes mean no answer.
        boolean driverCode = e.getErrorCode() >= DRIVER_CODES_FROM && e.getErrorCode() < DRIVER_CODES_TO;
        if (e.getErrorCode() != 0 && !(driverCode && unreachable(e))) {
            return Optional.empty();
        }
        Optional<Integer> status = httpStatus(e);
        if (status.isPresent()) {
            return Optional.of("HTTP " + status.get());
        }
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        if (message.contains("unknownhost") || message.contains("unknown host")
                || message.contains("name or service not known") || message.contains("nodename nor servname")) {
            return Optional.of("unknown host");
        }
        if (message.contains("connection refused")) {
            return Optional.of("connection refused");
        }
        if (message.contains("ssl") || message.contains("tls") || message.contains("handshake")
                || message.contains("certificate")) {
            return Optional.of("TLS handshake failed");
        }
        if (message.contains("timed out") || message.contains("timeout")) {
            return Optional.of("timed out");
        }
        return Optional.of("no answer");
    }

    /**
     * The HTTP status Snowflake's front end (or a proxy before it) kept answering, when that is what made the driver
     * give up: its communication error then reads "... Message: HTTP status=503." (snowflake-jdbc RestRequest).
     */
    public static Optional<Integer> httpStatus(SQLException e) {
        Matcher matcher = e.getMessage() == null ? null : HTTP_STATUS.matcher(e.getMessage());
        return matcher != null && matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    private static Optional<String> networkCause(Throwable cause) {
        return Optional.ofNullable(switch (cause) {
            case java.net.UnknownHostException unknown -> "unknown host";
            case java.net.ConnectException refused -> "connection refused";
            case java.net.NoRouteToHostException noRoute -> "no route to host";
            case javax.net.ssl.SSLException tls -> "TLS handshake failed";
            case java.net.SocketTimeoutException timeout -> "timed out";
            default -> null;
        });
    }

    /** The query id Snowflake gave the failed statement, when it got that far. */
    public static Optional<String> queryId(SQLException e) {
        return e instanceof SnowflakeSQLException snowflake ? Optional.ofNullable(snowflake.getQueryId())
                : Optional.empty();
    }

    /** Whether {@code text} is a Snowflake query id (a UUID). */
    public static boolean isQueryId(String text) {
        return text != null && UUID.matcher(text).matches();
    }

    /**
     * The login failure id a refused login's message carries, for {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS}; Snowflake
     * tells the client nothing more about why.
     */
    public static Optional<String> loginFailureId(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher matcher = UUID.matcher(message);
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
    }
}
