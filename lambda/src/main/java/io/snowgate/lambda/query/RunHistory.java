package io.snowgate.lambda.query;

import io.snowgate.contract.FunctionEnvironment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The service user's own earlier statements, as {@code INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER} lists them: how a
 * statement that must not run twice finds out whether an earlier delivery of the same event already ran it (both
 * carry the same QUERY_TAG, which names the request). The table function resolves against the session's current
 * database and cuts its rows to {@code RESULT_LIMIT} (at most {@value #MAX_STATEMENTS}) before any WHERE clause
 * (docs: functions/query_history): when the window holds that many, an earlier attempt cannot be ruled out.
 */
final class RunHistory {

    /** The most rows QUERY_HISTORY_BY_USER returns. */
    static final int MAX_STATEMENTS = 10_000;
    /** The window's start is written as a literal: it is the function's own instant, never a caller's value. */
    private static final String TABLE = "TABLE(INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER(USER_NAME => CURRENT_USER(), "
            + "END_TIME_RANGE_START => CAST('%s' AS TIMESTAMP_LTZ), RESULT_LIMIT => " + MAX_STATEMENTS + "))";
    private static final String TAGGED = "SELECT QUERY_ID, EXECUTION_STATUS FROM " + TABLE
            + " WHERE QUERY_TAG = ? ORDER BY START_TIME DESC";
    private static final String LISTED = "SELECT COUNT(*) FROM " + TABLE;
    /** Snowflake's "Cannot perform SELECT. This session does not have a current database." (090105). */
    private static final int NO_CURRENT_DATABASE = 90105;

    /** An earlier statement with the same tag: its id, and whether it succeeded or is still running. */
    record Attempt(String queryId, String executionStatus) {

        boolean succeeded() {
            return "SUCCESS".equalsIgnoreCase(executionStatus);
        }

        boolean running() {
            String status = executionStatus.toUpperCase(java.util.Locale.ROOT);
            return status.equals("RUNNING") || status.equals("QUEUED") || status.equals("RESUMING_WAREHOUSE")
                    || status.equals("BLOCKED");
        }
    }

    private RunHistory() {
    }

    /**
     * The newest earlier statement tagged {@code tag} since {@code since}, if any.
     *
     * @throws RetryNotRunException when the history cannot be read or may not list it
     */
    static Optional<Attempt> attemptTagged(Connection connection, String tag, Instant since, String query)
            throws SQLException {
        String from = since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        try {
            try (PreparedStatement tagged = connection.prepareStatement(TAGGED.formatted(from))) {
                tagged.setString(1, tag);
                try (ResultSet rows = tagged.executeQuery()) {
                    if (rows.next()) {
                        return Optional.of(new Attempt(rows.getString(1), rows.getString(2)));
                    }
                }
            }
            try (PreparedStatement listed = connection.prepareStatement(LISTED.formatted(from))) {
                try (ResultSet rows = listed.executeQuery()) {
                    if (rows.next() && rows.getLong(1) >= MAX_STATEMENTS) {
                        throw new RetryNotRunException(query, "the service user ran more than " + MAX_STATEMENTS
                                + " statements since the event's first attempt could have run, so QUERY_HISTORY "
                                + "cannot rule it out");
                    }
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            if (e.getErrorCode() == NO_CURRENT_DATABASE) {
                throw new RetryNotRunException(query, "the session has no current database, so QUERY_HISTORY "
                        + "cannot rule out its first attempt; set 'database' in the secret (or "
                        + FunctionEnvironment.SNOWFLAKE_DATABASE + " with workload identity)");
            }
            // The lookups set no timeout: a cancel is Snowflake's (its session ended), never the deadline.
            throw CancelledInSnowflakeException.ifUnasked(e, System.nanoTime(), 0);
        }
    }
}
