package io.snowgate.lambda.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.catalog.BoundStatement;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.contract.secret.SecretFormatException;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.secret.SecretUnavailableException;
import io.snowgate.lambda.session.NoAwsCredentialsException;
import io.snowgate.lambda.session.SnowflakeLoginException;
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
    /** How long a start first waits for the monitoring endpoint to show a new run; it doubles up to the maximum. */
    private static final Duration VISIBILITY_FIRST_PAUSE = Duration.ofMillis(50);
    private static final Duration VISIBILITY_MAX_PAUSE = Duration.ofMillis(800);

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
     * none), independent of this invocation, and carries its owner ({@link RunOwner}) in its text. The id is returned
     * once Snowflake's monitoring shows the run (right after a start it may not yet), so that a later poll that finds
     * nothing means there is no such run; when monitoring cannot be asked in time, it is returned all the same. The
     * statement is submitted once: nothing after Snowflake accepted it submits it again. Fails as
     * {@link QueryService#run} does, before the statement was accepted.
     */
    public String start(QueryRequest request, Deadline deadline) {
        NamedQuery query = queries.query(request.query());
        BoundStatement bound = Statements.bind(query, request);
        BoundStatement statement = new BoundStatement(
                new RunOwner(query.name(), request.caller()).statementText(bound.jdbcSql(), json), bound.values());
        int timeoutSeconds = query.timeoutSeconds().orElse(DEFAULT_TIMEOUT_SECONDS);
        String tag = statements.tag(query, request);
        String queryId;
        try {
            queryId = sessions.startWithConnection(deadline, Statements.sessionAfter(query), connection -> {
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
        // The run exists from here on: the wait below is work of its own, so a session lost during it is replaced
        // for the wait alone (the session runs its work once more) and the statement is never submitted again. If
        // Snowflake cannot be asked in time, the id is answered all the same: an error would have the caller start
        // it a second time.
        try {
            sessions.withConnection(deadline, connection -> {
                awaitVisible(connection.unwrap(SnowflakeConnection.class), queryId, deadline);
                return queryId;
            });
        } catch (SQLException | SnowflakeLoginException | NoAwsCredentialsException | SecretUnavailableException
                | SecretFormatException e) {
            // Snowflake could not be asked (or signed in to again, with a key pair or keyless) in time: the run
            // exists all the same, and a poll made before monitoring shows it answers UNKNOWN_RUN, as it would for
            // any run not yet visible.
        }
        return queryId;
    }

    /**
     * Reads a run {@link #start} began, from any execution environment: Snowflake's query monitoring reports the
     * run's text, which must be this query's with this caller as its owner.
     *
     * @throws RunNotFoundException      no run with that id is visible to the service user
     * @throws RunAccessDeniedException  the run belongs to another query or another caller
     */
    public RunStatus poll(RunReference run, Deadline deadline, ResultLimits limits) {
        NamedQuery query = queries.query(run.query());
        if (!SnowflakeErrors.isQueryId(run.queryId())) {
            throw new RunNotFoundException(run.queryId());
        }
        String jdbcSql = query.jdbcSql();
        ResultLimits effective = Statements.limitsFor(query, limits);
        try {
            return sessions.withConnection(deadline, connection -> {
                try {
                    return read(connection, query, run, jdbcSql, effective);
                } catch (SQLException e) {
                    // A poll reads with a statement of its own (RESULT_SCAN) and sets it no timeout.
                    throw CancelledInSnowflakeException.ifUnasked(e, System.nanoTime(), 0);
                }
            });
        } catch (SQLException e) {
            throw StatementFailures.translate(query, List.of(), 0, deadline, e);
        }
    }

    /** The run's state as monitoring shows it, and its rows once it succeeded. */
    private RunStatus read(Connection connection, NamedQuery query, RunReference run, String jdbcSql,
            ResultLimits limits) throws SQLException {
        QueryStatus status = connection.unwrap(SnowflakeConnection.class).getQueryStatus(run.queryId());
        if (!visible(status)) {
            throw new RunNotFoundException(run.queryId());
        }
        checkOwner(status, jdbcSql, query, run);
        if (status.isStillRunning()) {
            return new RunStatus.Running(query.name(), run.queryId());
        }
        if (status.isSuccess()) {
            return new RunStatus.Succeeded(result(connection, query, run, status, limits));
        }
        return new RunStatus.Failed(query.name(), run.queryId(), failure(query, run.queryId(), status));
    }

    /** Waits, within the deadline, until the monitoring endpoint has the run; past it the id is returned anyway. */
    private void awaitVisible(SnowflakeConnection snowflake, String queryId, Deadline deadline) throws SQLException {
        long pause = VISIBILITY_FIRST_PAUSE.toMillis();
        while (!visible(snowflake.getQueryStatus(queryId)) && !deadline.expired()) {
            try {
                Thread.sleep(Math.min(pause, Math.max(1, deadline.remaining().toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = Math.min(pause * 2, VISIBILITY_MAX_PAUSE.toMillis());
        }
    }

    private static boolean visible(QueryStatus status) {
        return status != null && !status.isEmpty() && status.getId() != null;
    }

    /** A finished run's rows; its elapsed time is Snowflake's for the statement plus the time to read them. */
    private QueryResult result(Connection connection, NamedQuery query, RunReference run, QueryStatus status,
            ResultLimits limits) throws SQLException {
        Instant start = statements.clock().instant();
        QueryResult read = statements.readFinished(connection, query, run.queryId(), limits, start);
        return new QueryResult(read.query(), read.queryId(), read.columns(), read.rows(), read.truncated(),
                read.updateCount(), Duration.ofMillis(Math.max(0, status.getTotalDuration())).plus(read.elapsed()));
    }

    /** The run's text must be this query's, and name the caller asking as its owner. */
    private void checkOwner(QueryStatus status, String jdbcSql, NamedQuery query, RunReference run) {
        Optional<RunOwner> owner = RunOwner.of(status.getSqlText(), jdbcSql, json);
        if (owner.isEmpty() || !owner.get().query().equals(query.name())) {
            // The statement's text is not this query's SQL marked as a run: another query's, one answered at once
            // (no run mark), or this query's from before a deploy changed its SQL. Say so, not only "not this query".
            throw new RunAccessDeniedException(run.queryId(), "it is not a run of query '" + query.name()
                    + "' as deployed now (another query's statement, one answered at once rather than started as a"
                    + " run, or a run started before the query's SQL changed)");
        }
        if (!owner.get().caller().equals(run.caller())) {
            throw new RunAccessDeniedException(run.queryId(), "it was started by another caller");
        }
    }

    /**
     * A finished run's failure. Snowflake's message is left out: it may quote a bound value, and a poll no longer
     * has the values to cut out.
     */
    private static RuntimeException failure(NamedQuery query, String queryId, QueryStatus status) {
        int code = status.getErrorCode();
        if (SnowflakeErrors.timedOut(code)) {
            return new QueryTimeoutException(query.name(), query.timeoutSeconds().orElse(DEFAULT_TIMEOUT_SECONDS),
                    Optional.of(queryId));
        }
        if (SnowflakeErrors.canceled(code)) {
            // Nothing of the function's cancels a run (only its own timeout stops it): Snowflake ended the session
            // it ran in, or someone cancelled it. Final, as any failed run: it must be started again.
            return new StatementFailedException(query.name(), code, "", Optional.of(queryId),
                    "query '" + query.name() + "' was cancelled in Snowflake before its timeout (error " + code
                            + ", " + status.getStatus() + "): its session ended or it was cancelled; query id "
                            + queryId);
        }
        if (SnowflakeErrors.noWarehouse(code)) {
            return new StatementFailedException(query.name(), code, "", Optional.of(queryId),
                    "query '" + query.name() + "': " + StatementFailures.noWarehouse(code, "") + "; query id " + queryId);
        }
        return new StatementFailedException(query.name(), code, "", Optional.of(queryId),
                "query '" + query.name() + "' failed in Snowflake with error " + code + " (" + status.getStatus()
                        + "); see QUERY_HISTORY for query id " + queryId);
    }
}
