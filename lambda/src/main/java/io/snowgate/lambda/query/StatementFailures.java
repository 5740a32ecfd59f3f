package io.snowgate.lambda.query;

import io.snowgate.catalog.BoundValue;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.session.SessionClosedException;
import io.snowgate.lambda.session.SignInTimeoutException;
import io.snowgate.lambda.snowflake.SnowflakeErrors;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.List;
import java.util.Optional;

/**
 * Turns what snowflake-jdbc throws while a statement runs into the query path's typed failures: Snowflake could not
 * be reached, the statement reached its timeout, or Snowflake failed it (with its code and SQL state, and its message
 * only when no value was bound: Snowflake quotes values, and may upper-case or reformat them first, so no search for
 * them could be trusted to cut them all out; a session with no usable warehouse is said in our words either way).
 */
final class StatementFailures {

    private StatementFailures() {
    }

    /** Why a statement failed with {@link SnowflakeErrors#noWarehouse}, and where to look. */
    static String noWarehouse(int errorCode, String sqlState) {
        return "the session has no current warehouse (Snowflake error " + errorCode
                + (sqlState == null || sqlState.isEmpty() ? "" : ", SQL state " + sqlState) + "): the warehouse it"
                + " signs in with (the secret's 'warehouse' field, or " + FunctionEnvironment.SNOWFLAKE_WAREHOUSE
                + ") does not exist or its role has no USAGE on it, or none is set and the user's DEFAULT_WAREHOUSE is"
                + " not usable; './snowgate verify' checks it";
    }

    /**
     * @param timeoutSeconds the timeout the statement ran with, for the message
     * @param values         the values bound to the statement; when any is non-null, Snowflake's message is withheld
     */
    static RuntimeException translate(NamedQuery query, List<BoundValue> values, int timeoutSeconds,
            Deadline deadline, SQLException e) {
        Optional<String> queryId = SnowflakeErrors.queryId(e);
        if (e instanceof SignInTimeoutException signIn) {
            return QueryTimeoutException.beforeSending(query.name(), signIn.step());
        }
        if (e instanceof SQLTimeoutException) {
            // The session gave up waiting at the deadline (a connection that never answered), or the driver's timer.
            return new QueryTimeoutException(query.name(), timeoutSeconds, queryId);
        }
        if (e instanceof SessionClosedException) {
            return new SnowflakeUnavailableException(query.name(), 0, "the Snowflake session was closed while query '"
                    + query.name() + "' was under way: the function was stopped");
        }
        if (e instanceof CancelledInSnowflakeException) {
            return new SnowflakeUnavailableException(query.name(), e.getErrorCode(), "Snowflake cancelled the statement"
                    + " of query '" + query.name() + "' before its timeout (error " + e.getErrorCode()
                    + "): its session ended or it was cancelled",
                    e.getCause() instanceof SQLException cancel ? SnowflakeErrors.queryId(cancel) : queryId);
        }
        if (SnowflakeErrors.unreachable(e)) {
            // The driver gave up waiting for Snowflake: past the deadline that is the deadline's doing.
            if (deadline.expired()) {
                return new QueryTimeoutException(query.name(), timeoutSeconds, queryId);
            }
            // An HTTP status is an answer: Snowflake's front end (or a proxy) kept refusing, the network is fine.
            return SnowflakeErrors.httpStatus(e).map(status -> new SnowflakeUnavailableException(query.name(),
                    e.getErrorCode(), "Snowflake answered HTTP " + status + " to every attempt of query '"
                            + query.name() + "' (driver code " + e.getErrorCode() + "): Snowflake, or a proxy or"
                            + " endpoint in front of it, is unavailable or throttling"))
                    .orElseGet(() -> new SnowflakeUnavailableException(query.name(), e.getErrorCode()));
        }
        if (SnowflakeErrors.sessionGone(e.getErrorCode())) {
            // The session ended again on the one that replaced it (the session retries once): Snowflake's side, not
            // the caller's statement.
            return new SnowflakeUnavailableException(query.name(), e.getErrorCode(),
                    "Snowflake ended the session again after it was replaced, for query '" + query.name()
                            + "' (error " + e.getErrorCode() + ")");
        }
        if (SnowflakeErrors.canceled(e)) {
            return new QueryTimeoutException(query.name(), timeoutSeconds, queryId);
        }
        if (SnowflakeErrors.noWarehouse(e.getErrorCode())) {
            // Snowflake's message for it is fixed text that quotes nothing, so this one is given with or without values.
            return new StatementFailedException(query.name(), e.getErrorCode(), e.getSQLState(), queryId,
                    noWarehouse(e.getErrorCode(), e.getSQLState()));
        }
        boolean bound = values.stream().anyMatch(value -> value.value() != null);
        String message = bound || e.getMessage() == null
                ? "Snowflake failed the statement with error " + e.getErrorCode()
                        + (e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")")
                        + (bound ? "; its message is withheld because it may quote a parameter value" : "")
                        + queryId.map(id -> "; see QUERY_HISTORY for query id " + id).orElse("")
                : e.getMessage();
        return new StatementFailedException(query.name(), e.getErrorCode(), e.getSQLState(), queryId, message);
    }
}
