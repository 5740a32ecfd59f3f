package io.snowgate.lambda.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.catalog.BoundStatement;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.catalog.sql.SqlScanner;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.session.SnowflakeSessions;
import io.snowgate.lambda.snowflake.SnowflakeErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.snowflake.client.api.connection.SnowflakeConnection;
import net.snowflake.client.api.resultset.QueryStatus;
import net.snowflake.client.api.resultset.SnowflakeResultSet;
import net.snowflake.client.api.statement.SnowflakePreparedStatement;
import net.snowflake.client.api.statement.SnowflakeStatement;

/**
 * Runs of catalog queries too long for one invocation: {@link #start started} with Snowflake's asynchronous execution
 * and {@link #poll read} later, from any execution environment, by the caller who started them only.
 */
public final class QueryRuns {

    /** How long an asynchronous run may take when its query sets no {@code timeoutSeconds}. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 900;
    /**
     * Where Snowflake keeps a statement's QUERY_TAG: the monitoring endpoint does not return it. QUERY_HISTORY lists
     * the user's most recent statements (up to RESULT_LIMIT) of the last 7 days.
     */
    static final String QUERY_TAG_LOOKUP = "SELECT QUERY_TAG FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY("
            + "RESULT_LIMIT => 10000)) WHERE QUERY_ID = ?";

    private final QueryService queries;
    private final SnowflakeSessions sessions;
    private final ObjectMapper json;
    private final Statements statements;

    public QueryRuns(QueryService queries, SnowflakeSessions sessions, ObjectMapper json, Clock clock) {
        this.queries = queries;
        this.sessions = sessions;
        this.json = json;
        this.statements = new Statements(json, clock);
    }

    /**
     * Starts a query without waiting for it (Snowflake's asynchronous execution) and returns its query id. The
     * statement runs for up to the query's {@code timeoutSeconds} ({@link #DEFAULT_TIMEOUT_SECONDS} when it has
     * none), independent of this invocation. Fails as {@link QueryService#run} does.
     */
    public String start(QueryRequest request, Deadline deadline) {
        NamedQuery query = queries.query(request.query());
        BoundStatement statement = Statements.bind(query, request);
        int timeoutSeconds = query.timeoutSeconds().orElse(DEFAULT_TIMEOUT_SECONDS);
        String tag = statements.tag(query, request);
        try {
            return sessions.withConnection(deadline, connection -> {
                try (PreparedStatement prepared = Statements.prepare(connection, statement, tag)) {
                    // Sent with the statement, so Snowflake itself stops it: no client waits for an async run.
                    prepared.unwrap(SnowflakeStatement.class).setParameter(Statements.STATEMENT_TIMEOUT_PARAMETER,
                            timeoutSeconds);
                    try (ResultSet started = prepared.unwrap(SnowflakePreparedStatement.class).executeAsyncQuery()) {
                        return started.unwrap(SnowflakeResultSet.class).getQueryID();
                    }
                }
            });
        } catch (SQLException e) {
            throw StatementFailures.translate(query, statement.values(), timeoutSeconds, deadline, e);
        }
    }

    /**
     * Reads a run {@link #start} began. Checks first that the run is this query's (its SQL text, as Snowflake's
     * monitoring reports it, is the query's) and this caller's (its QUERY_TAG, as
     * {@code INFORMATION_SCHEMA.QUERY_HISTORY} reports it, names the same query and caller).
     *
     * @throws RunNotFoundException      no run with that id is visible to the service user
     * @throws RunAccessDeniedException  the run belongs to another query or another caller
     */
    public RunStatus poll(RunReference run, Deadline deadline, ResultLimits limits) {
        NamedQuery query = queries.query(run.query());
        if (!SnowflakeErrors.isQueryId(run.queryId())) {
            throw new RunNotFoundException(run.queryId());
        }
        String expectedSql = SqlScanner.scan(query.sql()).jdbcSql();
        ResultLimits effective = Statements.limitsFor(query, limits);
        try {
            return sessions.withConnection(deadline, connection -> {
                SnowflakeConnection snowflake = connection.unwrap(SnowflakeConnection.class);
                QueryStatus status = snowflake.getQueryStatus(run.queryId());
                if (status == null || status.isEmpty() || status.getId() == null) {
                    throw new RunNotFoundException(run.queryId());
                }
                if (!expectedSql.equals(status.getSqlText())) {
                    throw new RunAccessDeniedException(run.queryId(), "it was not started as query '" + query.name()
                            + "'");
                }
                checkOwner(connection, query, run);
                if (status.isStillRunning()) {
                    return new RunStatus.Running(query.name(), run.queryId());
                }
                if (status.isSuccess()) {
                    return new RunStatus.Succeeded(result(snowflake, query, run, status, effective));
                }
                return new RunStatus.Failed(query.name(), run.queryId(), failure(query, run.queryId(), status));
            });
        } catch (SQLException e) {
            throw StatementFailures.translate(query, List.of(), 0, deadline, e);
        }
    }

    /** A finished run's rows; its elapsed time is Snowflake's for the statement plus the time to read them. */
    private QueryResult result(SnowflakeConnection snowflake, NamedQuery query, RunReference run, QueryStatus status,
            ResultLimits limits) throws SQLException {
        Instant start = statements.clock().instant();
        try (ResultSet rows = snowflake.createResultSet(run.queryId())) {
            QueryResult read = statements.read(query.name(), run.queryId(), rows, limits, start);
            return new QueryResult(read.query(), read.queryId(), read.columns(), read.rows(), read.truncated(),
                    read.updateCount(), Duration.ofMillis(Math.max(0, status.getTotalDuration())).plus(read.elapsed()));
        }
    }

    /** The caller recorded in the run's QUERY_TAG must be the one asking, for the same query. */
    private void checkOwner(Connection connection, NamedQuery query, RunReference run) throws SQLException {
        Optional<QueryTag> tag;
        try (PreparedStatement history = connection.prepareStatement(QUERY_TAG_LOOKUP)) {
            history.setString(1, run.queryId());
            try (ResultSet found = history.executeQuery()) {
                if (!found.next()) {
                    throw new RunNotFoundException(run.queryId());
                }
                tag = QueryTag.fromJson(json, found.getString(1));
            }
        }
        if (tag.isEmpty() || !tag.get().query().equals(query.name())) {
            throw new RunAccessDeniedException(run.queryId(), "it was not started as query '" + query.name() + "'");
        }
        if (!tag.get().caller().equals(run.caller())) {
            throw new RunAccessDeniedException(run.queryId(), "it was started by another caller");
        }
    }

    /**
     * A finished run's failure. Snowflake's message is left out: it may quote a bound value, and a poll no longer
     * has the values to cut out.
     */
    private static RuntimeException failure(NamedQuery query, String queryId, QueryStatus status) {
        int code = status.getErrorCode();
        if (SnowflakeErrors.canceled(code)) {
            return new QueryTimeoutException(query.name(), query.timeoutSeconds().orElse(DEFAULT_TIMEOUT_SECONDS),
                    Optional.of(queryId));
        }
        return new StatementFailedException(query.name(), code, "", Optional.of(queryId),
                "query '" + query.name() + "' failed in Snowflake with error " + code + " (" + status.getStatus()
                        + "); see QUERY_HISTORY for query id " + queryId);
    }
}
