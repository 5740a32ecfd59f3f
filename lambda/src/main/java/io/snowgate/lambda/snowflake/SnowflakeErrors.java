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
    /** "SQL execution canceled": how the driver reports a statement its timeout stopped. */
    private static final int EXECUTION_CANCELED = 604;
    /** "Statement reached its statement or warehouse timeout and was canceled." */
    private static final int STATEMENT_TIMED_OUT = 630;
    /** snowflake-jdbc's NETWORK_ERROR: an HTTP request to Snowflake failed or timed out. */
    private static final int DRIVER_NETWORK_ERROR = 200015;
    /** SQL state class 08: connection exception. */
    private static final String CONNECTION_SQL_STATE_CLASS = "08";
    /** SQL state 57014: query canceled. */
    private static final String CANCELED_SQL_STATE = "57014";
    /** Snowflake's query ids and login failure ids are UUIDs. */
    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");

    private SnowflakeErrors() {
    }

    /** Snowflake refused the key for this user (or the account in the JWT is not the user's). */
    public static boolean keyRefused(int errorCode) {
        return KEY_REFUSED.contains(errorCode);
    }

    /** The session is gone: sign in again and the same work can run. */
    public static boolean sessionGone(int errorCode) {
        return SESSION_GONE.contains(errorCode);
    }

    /** The role may not do this, or cannot see the object at all. */
    public static boolean notAllowed(int errorCode) {
        return NOT_ALLOWED.contains(errorCode);
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

    /** The driver got no answer from Snowflake: the network, not the statement, failed. */
    public static boolean unreachable(SQLException e) {
        return e.getErrorCode() == DRIVER_NETWORK_ERROR
                || (e.getSQLState() != null && e.getSQLState().startsWith(CONNECTION_SQL_STATE_CLASS));
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
