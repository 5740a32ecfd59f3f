package io.snowgate.lambda.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.catalog.BoundStatement;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.catalog.QueryCatalog;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.session.SnowflakeSessions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.snowflake.client.api.statement.SnowflakeStatement;

/**
 * Runs catalog queries to completion: looks the query up, checks and binds the caller's parameters (always as bind
 * variables), runs the statement on a reused Snowflake session with a query tag and a timeout no longer than the
 * invocation's deadline, and reads the rows as typed JSON within the given limits. Queries too long for one
 * invocation go through {@link QueryRuns} instead.
 */
public final class QueryService {

    /** How far the function's clock and Snowflake's may differ, for a look at the history of this call's own run. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final QueryCatalog catalog;
    private final SnowflakeSessions sessions;
    private final Statements statements;

    public QueryService(QueryCatalog catalog, SnowflakeSessions sessions, ObjectMapper json, Clock clock) {
        this.catalog = catalog;
        this.sessions = sessions;
        this.statements = new Statements(json, clock);
    }

    /**
     * The catalog query of that name.
     *
     * @throws UnknownQueryException no such query
     */
    public NamedQuery query(String name) {
        return find(name).orElseThrow(() -> new UnknownQueryException(name));
    }

    /** The catalog query of that name, if there is one. */
    public Optional<NamedQuery> find(String name) {
        return catalog.find(name);
    }

    /**
     * Runs a query to completion. When its session is found gone after the statement was sent, a query that is not
     * {@code retrySafe} is run again on a new session only if the history shows no run of it ({@link #runOnce}).
     *
     * @throws UnknownQueryException                  no such query
     * @throws io.snowgate.catalog.ParameterException a parameter is missing, unknown or invalid
     * @throws StatementFailedException               Snowflake rejected or failed the statement
     * @throws QueryTimeoutException                  the statement reached its timeout and was cancelled
     * @throws SnowflakeUnavailableException          Snowflake could not be reached
     * @throws io.snowgate.lambda.session.SnowflakeLoginException, io.snowgate.lambda.secret.SecretUnavailableException,
     *         io.snowgate.contract.secret.SecretFormatException when Snowflake cannot be signed in to
     */
    public QueryResult run(QueryRequest request, Deadline deadline, ResultLimits limits) {
        Prepared run = prepare(request, deadline, limits);
        // A session found gone makes the sessions run the work once more, on a new one. When that happened while the
        // statement ran (the driver waiting for its result), Snowflake may have run it: one not safe to run twice is
        // then first looked for in the history, as a retried delivery's is. The tag names this request alone, so a
        // window reaching back a little further than this call only allows for the clocks' difference.
        Instant since = statements.clock().instant().minus(CLOCK_SKEW);
        AtomicBoolean attempted = new AtomicBoolean();
        try {
            return sessions.withConnection(deadline, Statements.sessionAfter(run.query()),
                    connection -> attempted.getAndSet(true) && !run.query().retrySafe()
                            ? unlessRunBefore(run, connection, since, deadline)
                            : execute(run, connection, deadline));
        } catch (SQLException e) {
            throw failure(run, deadline, e);
        }
    }

    /**
     * Runs a query that is not safe to run twice, for an event Lambda may deliver again (its asynchronous retries
     * keep the request id, and may land in another execution environment). Before running, the user's statements
     * since the event could first have run are searched for one tagged with this request: one that succeeded is
     * answered from its result without running again; one still running fails the retry without running; none (or
     * one that failed, which changed nothing) runs the statement. When that cannot be told (no current database for
     * {@code INFORMATION_SCHEMA}, or more than {@value RunHistory#MAX_STATEMENTS} statements in the window), it fails
     * without running.
     *
     * @param since when the event's first attempt could have started at the earliest
     * @throws RetryNotRunException the statement was not run: its first attempt is still running, or cannot be ruled
     *                              out
     * @throws UnknownQueryException, io.snowgate.catalog.ParameterException and the rest as {@link #run}
     */
    public QueryResult runOnce(QueryRequest request, Instant since, Deadline deadline, ResultLimits limits) {
        Prepared run = prepare(request, deadline, limits);
        try {
            return sessions.withConnection(deadline, Statements.sessionAfter(run.query()),
                    connection -> unlessRunBefore(run, connection, since, deadline));
        } catch (SQLException e) {
            throw failure(run, deadline, e);
        }
    }

    /**
     * Runs the statement unless the user's statements since {@code since} hold one tagged with this request: one that
     * succeeded is answered from its result, one still running fails without running ({@link #runOnce}).
     */
    private QueryResult unlessRunBefore(Prepared run, Connection connection, Instant since, Deadline deadline)
            throws SQLException {
        NamedQuery query = run.query();
        Optional<RunHistory.Attempt> earlier = RunHistory.attemptTagged(connection, run.tag(), since, query.name());
        if (earlier.isPresent() && earlier.get().succeeded()) {
            Instant start = statements.clock().instant();
            return statements.readFinished(connection, query, earlier.get().queryId(), run.limits(), start);
        }
        if (earlier.isPresent() && earlier.get().running()) {
            throw new RetryNotRunException(query.name(), "its first attempt (query id "
                    + earlier.get().queryId() + ") is still running");
        }
        return execute(run, connection, deadline);
    }

    private Prepared prepare(QueryRequest request, Deadline deadline, ResultLimits limits) {
        NamedQuery query = query(request.query());
        return new Prepared(query, Statements.bind(query, request), Statements.limitsFor(query, limits),
                statements.tag(query, request), new AtomicInteger(timeoutSeconds(query, deadline)));
    }

    private static RuntimeException failure(Prepared run, Deadline deadline, SQLException e) {
        return StatementFailures.translate(run.query(), run.statement().values(), run.budget().get(), deadline, e);
    }

    /**
     * A query checked and bound for one run, before a session is at hand.
     *
     * @param budget the statement's timeout in seconds: set when the run is prepared and again just before the
     *               statement is sent, so a failure reports the timeout the statement really had
     */
    private record Prepared(NamedQuery query, BoundStatement statement, ResultLimits limits, String tag,
            AtomicInteger budget) {
    }

    /**
     * Runs the statement with its budget enforced twice: by Snowflake ({@code STATEMENT_TIMEOUT_IN_SECONDS} sent with
     * it, so the warehouse stops even if this function is gone) and by the driver's timer, which cancels it in
     * Snowflake and returns in time for the function to answer. The budget is measured again now that the session is
     * ready: a slow login or a refetched secret has used some of the invocation.
     */
    private QueryResult execute(Prepared run, Connection connection, Deadline deadline) throws SQLException {
        int timeoutSeconds = timeoutSeconds(run.query(), deadline);
        run.budget().set(timeoutSeconds);
        Instant start = statements.clock().instant();
        try (PreparedStatement prepared = Statements.prepare(connection, run.statement(), run.tag())) {
            prepared.unwrap(SnowflakeStatement.class).setParameter(Statements.STATEMENT_TIMEOUT_PARAMETER,
                    timeoutSeconds);
            prepared.setQueryTimeout(timeoutSeconds);
            boolean hasRows;
            long submitted = System.nanoTime();
            try {
                hasRows = prepared.execute();
            } catch (SQLException e) {
                throw CancelledInSnowflakeException.ifUnasked(e, submitted, timeoutSeconds);
            }
            String queryId = prepared.unwrap(SnowflakeStatement.class).getQueryID();
            if (!hasRows) {
                return statements.updated(run.query().name(), queryId, prepared.getLargeUpdateCount(), start);
            }
            try (ResultSet rows = prepared.getResultSet()) {
                return statements.read(run.query().name(), queryId, rows, run.limits(), start);
            }
        }
    }

    private static int timeoutSeconds(NamedQuery query, Deadline deadline) {
        int remaining = deadline.remainingSeconds();
        return query.timeoutSeconds().isPresent() ? Math.min(query.timeoutSeconds().getAsInt(), remaining) : remaining;
    }
}
