package io.snowgate.lambda.query;

import io.snowgate.catalog.BoundValue;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.snowflake.SnowflakeErrors;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Turns what snowflake-jdbc throws while a statement runs into the query path's typed failures: Snowflake could not
 * be reached, the statement reached its timeout, or Snowflake failed it (with its code, and its message cut free of
 * every bound value).
 */
final class StatementFailures {

    private StatementFailures() {
    }

    /**
     * @param timeoutSeconds the timeout the statement ran with, for the message
     * @param values         the values bound to the statement, cut out of Snowflake's message
     */
    static RuntimeException translate(NamedQuery query, List<BoundValue> values, int timeoutSeconds,
            Deadline deadline, SQLException e) {
        Optional<String> queryId = SnowflakeErrors.queryId(e);
        if (SnowflakeErrors.unreachable(e)) {
            // The driver gave up waiting for Snowflake: past the deadline that is the deadline's doing.
            return deadline.expired() ? new QueryTimeoutException(query.name(), timeoutSeconds, queryId)
                    : new SnowflakeUnavailableException(query.name(), e.getErrorCode());
        }
        if (SnowflakeErrors.canceled(e)) {
            return new QueryTimeoutException(query.name(), timeoutSeconds, queryId);
        }
        return new StatementFailedException(query.name(), e.getErrorCode(), e.getSQLState(), queryId,
                withoutBoundValues(e.getMessage(), values));
    }

    /**
     * Snowflake quotes values in some messages ("Numeric value 'x' is not recognized"): a caller's parameter must not
     * come back in an error or a log line, so every bound value's text is cut out. Values shorter than three
     * characters are left unless sensitive: cutting every "1" would garble line numbers and codes.
     */
    static String withoutBoundValues(String message, List<BoundValue> values) {
        String text = message == null ? "statement failed" : message;
        for (BoundValue value : values) {
            if (value.value() == null) {
                continue;
            }
            String bound = value.value().toString();
            if (bound.length() >= 3 || (value.sensitive() && !bound.isEmpty())) {
                text = text.replace(bound, "<" + value.name() + ">");
            }
        }
        return text;
    }
}
