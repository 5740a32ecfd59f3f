package io.snowgate.lambda.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.catalog.BoundStatement;
import io.snowgate.catalog.BoundValue;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.catalog.QueryCatalog;
import io.snowgate.catalog.sql.SqlScanner;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.session.SnowflakeSessions;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import net.snowflake.client.api.connection.SnowflakeConnection;
import net.snowflake.client.api.resultset.QueryStatus;
import net.snowflake.client.api.resultset.SnowflakeResultSet;
import net.snowflake.client.api.statement.SnowflakePreparedStatement;
import net.snowflake.client.api.statement.SnowflakeStatement;

/**
 * Runs catalog queries: looks the query up, checks and binds the caller's parameters (always as bind variables),
 * runs the statement on a reused Snowflake session with a query tag and a timeout no longer than the invocation's
 * deadline, and reads the rows as typed JSON within the given limits. Queries too long for one invocation are
 * {@link #start started} and {@link #poll polled} by query id instead.
 */
public final class QueryService {

    /** Snowflake's "SQL execution canceled", as the driver reports a statement stopped by its timeout. */
    static final int EXECUTION_CANCELED = 604;
    /** Snowflake's "Statement reached its statement or warehouse timeout and was canceled". */
    static final int STATEMENT_TIMED_OUT = 630;
    /** snowflake-jdbc's NETWORK_ERROR: an HTTP request to Snowflake failed or timed out. */
    static final int DRIVER_NETWORK_ERROR = 200015;
    private static final String CONNECTION_SQL_STATE_CLASS = "08";
    /** How long an asynchronous run may take when its query sets no {@code timeoutSeconds}. */
    public static final int ASYNC_DEFAULT_TIMEOUT_SECONDS = 900;
    private static final String STATEMENT_TIMEOUT_PARAMETER = "STATEMENT_TIMEOUT_IN_SECONDS";
    /** Snowflake query ids are UUIDs; anything else cannot name a run. */
    private static final Pattern QUERY_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /**
     * Where Snowflake keeps a statement's QUERY_TAG: the monitoring endpoint does not return it. QUERY_HISTORY lists
     * the user's most recent statements (up to RESULT_LIMIT) of the last 7 days.
     */
    static final String QUERY_TAG_LOOKUP = "SELECT QUERY_TAG FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY("
            + "RESULT_LIMIT => 10000)) WHERE QUERY_ID = ?";
    private static final String CANCELED_SQL_STATE = "57014";

    private final QueryCatalog catalog;
    private final SnowflakeSessions sessions;
    private final ObjectMapper json;
    private final Clock clock;

    public QueryService(QueryCatalog catalog, SnowflakeSessions sessions, ObjectMapper json, Clock clock) {
        this.catalog = catalog;
        this.sessions = sessions;
        this.json = json;
        this.clock = clock;
    }

    /** The catalog query of that name. */
    public NamedQuery query(String name) {
        return catalog.find(name).orElseThrow(() -> new UnknownQueryException(name));
    }

    /**
     * Runs a query to completion.
     *
     * @throws UnknownQueryException                  no such query
     * @throws io.snowgate.catalog.ParameterException a parameter is missing, unknown or invalid
     * @throws StatementFailedException               Snowflake rejected or failed the statement
     * @throws QueryTimeoutException                  the statement reached its timeout and was cancelled
     * @throws io.snowgate.lambda.session.SnowflakeLoginException, io.snowgate.lambda.secret.SecretUnavailableException,
     *         io.snowgate.contract.secret.SecretFormatException when Snowflake cannot be signed in to
     */
    public QueryResult run(QueryRequest request, Deadline deadline, ResultLimits limits) {
        NamedQuery query = query(request.query());
        BoundStatement statement = query.bind(withScheduledTime(query, request));
        ResultLimits effective = limitsFor(query, limits);
        int timeoutSeconds = timeoutSeconds(query, deadline);
        String tag = tag(query, request);
        try {
            return sessions.withConnection(deadline,
                    connection -> execute(connection, query, statement, tag, timeoutSeconds, effective));
        } catch (SQLException e) {
            throw translate(query, statement, timeoutSeconds, deadline, e);
        }
    }

    /**
     * Starts a query without waiting for it (Snowflake's asynchronous execution) and returns its query id. The
     * statement runs for up to the query's {@code timeoutSeconds} ({@link #ASYNC_DEFAULT_TIMEOUT_SECONDS} when it
     * has none), independent of this invocation; read it with {@link #poll}. Fails as {@link #run} does.
     */
    public String start(QueryRequest request, Deadline deadline) {
        NamedQuery query = query(request.query());
        BoundStatement statement = query.bind(withScheduledTime(query, request));
        int timeoutSeconds = query.timeoutSeconds().orElse(ASYNC_DEFAULT_TIMEOUT_SECONDS);
        String tag = tag(query, request);
        try {
            return sessions.withConnection(deadline, connection -> {
                try (PreparedStatement prepared = prepare(connection, statement, tag)) {
                    SnowflakeStatement snowflake = prepared.unwrap(SnowflakeStatement.class);
                    // Sent with the statement, so Snowflake itself stops it: no client waits for an async run.
                    snowflake.setParameter(STATEMENT_TIMEOUT_PARAMETER, timeoutSeconds);
                    try (ResultSet started = prepared.unwrap(SnowflakePreparedStatement.class).executeAsyncQuery()) {
                        return started.unwrap(SnowflakeResultSet.class).getQueryID();
                    }
                }
            });
        } catch (SQLException e) {
            throw translate(query, statement, timeoutSeconds, deadline, e);
        }
    }

    /**
     * Reads a run {@link #start} began, from any execution environment. Checks first that the run is this query's
     * (its SQL text, as Snowflake's monitoring reports it, is the query's) and this caller's (its QUERY_TAG, as
     * {@code INFORMATION_SCHEMA.QUERY_HISTORY} reports it, names the same query and caller).
     *
     * @throws RunNotFoundException      no run with that id is visible to the service user
     * @throws RunAccessDeniedException  the run belongs to another query or another caller
     */
    public RunStatus poll(RunReference run, Deadline deadline, ResultLimits limits) {
        NamedQuery query = query(run.query());
        if (!QUERY_ID.matcher(run.queryId()).matches()) {
            throw new RunNotFoundException(run.queryId());
        }
        String expectedSql = SqlScanner.scan(query.sql()).jdbcSql();
        ResultLimits effective = limitsFor(query, limits);
        try {
            return sessions.withConnection(deadline, connection -> {
                SnowflakeConnection snowflake = connection.unwrap(SnowflakeConnection.class);
                QueryStatus status = snowflake.getQueryStatus(run.queryId());
                if (status == null || status.isEmpty() || status.getId() == null) {
                    throw new RunNotFoundException(run.queryId());
                }
                if (!expectedSql.equals(status.getSqlText())) {
                    throw new RunAccessDeniedException(run.queryId(), "it was not started as query '" + query.name() + "'");
                }
                checkOwner(connection, query, run);
                if (status.isStillRunning()) {
                    return new RunStatus.Running(query.name(), run.queryId());
                }
                if (status.isSuccess()) {
                    Instant start = clock.instant();
                    try (ResultSet rows = snowflake.createResultSet(run.queryId())) {
                        QueryResult result = read(query.name(), run.queryId(), rows, effective, start);
                        return new RunStatus.Succeeded(new QueryResult(result.query(), result.queryId(),
                                result.columns(), result.rows(), result.truncated(), result.updateCount(),
                                Duration.ofMillis(Math.max(0, status.getTotalDuration())).plus(result.elapsed())));
                    }
                }
                return new RunStatus.Failed(query.name(), run.queryId(), failure(query, run.queryId(), status));
            });
        } catch (SQLException e) {
            throw translate(query, new BoundStatement(expectedSql, List.of()), 0, deadline, e);
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
        if (code == EXECUTION_CANCELED || code == STATEMENT_TIMED_OUT) {
            return new QueryTimeoutException(query.name(), query.timeoutSeconds().orElse(ASYNC_DEFAULT_TIMEOUT_SECONDS),
                    Optional.of(queryId));
        }
        return new StatementFailedException(query.name(), code, "", Optional.of(queryId),
                "query '" + query.name() + "' failed in Snowflake with error " + code + " (" + status.getStatus()
                        + "); see QUERY_HISTORY for query id " + queryId);
    }

    private ResultLimits limitsFor(NamedQuery query, ResultLimits limits) {
        return query.maxRows().isPresent() ? limits.atMostRows(query.maxRows().getAsInt()) : limits;
    }

    private String tag(NamedQuery query, QueryRequest request) {
        return new QueryTag(query.name(), request.requestId(), request.caller()).toJson(json);
    }

    /** The statement with its values bound and its QUERY_TAG set: the one way every statement is prepared. */
    private static PreparedStatement prepare(Connection connection, BoundStatement statement, String tag)
            throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement.jdbcSql());
        try {
            bind(prepared, statement.values());
            prepared.unwrap(SnowflakeStatement.class).setParameter("QUERY_TAG", tag);
            return prepared;
        } catch (SQLException | RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    private QueryResult execute(Connection connection, NamedQuery query, BoundStatement statement, String tag,
            int timeoutSeconds, ResultLimits limits) throws SQLException {
        Instant start = clock.instant();
        try (PreparedStatement prepared = prepare(connection, statement, tag)) {
            SnowflakeStatement snowflake = prepared.unwrap(SnowflakeStatement.class);
            prepared.setQueryTimeout(timeoutSeconds);
            boolean hasRows = prepared.execute();
            String queryId = snowflake.getQueryID();
            if (!hasRows) {
                long updated = prepared.getLargeUpdateCount();
                return new QueryResult(query.name(), queryId, List.of(), List.of(), false,
                        updated < 0 ? OptionalLong.empty() : OptionalLong.of(updated),
                        Duration.between(start, clock.instant()));
            }
            try (ResultSet rows = prepared.getResultSet()) {
                return read(query.name(), queryId, rows, limits, start);
            }
        }
    }

    private QueryResult read(String query, String queryId, ResultSet resultSet, ResultLimits limits, Instant start)
            throws SQLException {
        RowEncoder encoder = new RowEncoder(json, resultSet.getMetaData());
        List<ObjectNode> rows = new ArrayList<>();
        long bytes = 0;
        boolean truncated = false;
        while (resultSet.next()) {
            if (rows.size() >= limits.maxRows()) {
                truncated = true;
                break;
            }
            ObjectNode row = encoder.encode(resultSet);
            long size = encoder.serialisedSize(row) + 1;
            if (bytes + size > limits.maxBytes()) {
                truncated = true;
                break;
            }
            bytes += size;
            rows.add(row);
        }
        return new QueryResult(query, queryId, encoder.columns(), rows, truncated, OptionalLong.empty(),
                Duration.between(start, clock.instant()));
    }

    private static Map<String, Object> withScheduledTime(NamedQuery query, QueryRequest request) {
        if (request.scheduledTime().isEmpty() || query.parameter(NamedQuery.SCHEDULED_TIME_PARAMETER).isEmpty()
                || request.params().containsKey(NamedQuery.SCHEDULED_TIME_PARAMETER)) {
            return request.params();
        }
        Map<String, Object> params = new LinkedHashMap<>(request.params());
        params.put(NamedQuery.SCHEDULED_TIME_PARAMETER, request.scheduledTime().get().toString());
        return params;
    }

    private static int timeoutSeconds(NamedQuery query, Deadline deadline) {
        int remaining = deadline.remainingSeconds();
        return query.timeoutSeconds().isPresent() ? Math.min(query.timeoutSeconds().getAsInt(), remaining) : remaining;
    }

    private static void bind(PreparedStatement prepared, List<BoundValue> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            BoundValue bound = values.get(i);
            int index = i + 1;
            Object value = bound.value();
            if (value == null) {
                prepared.setNull(index, bound.type().sqlType());
                continue;
            }
            switch (bound.type()) {
                case STRING -> prepared.setString(index, (String) value);
                case INTEGER -> prepared.setLong(index, (Long) value);
                case NUMBER -> prepared.setBigDecimal(index, (BigDecimal) value);
                case BOOLEAN -> prepared.setBoolean(index, (Boolean) value);
                case DATE -> prepared.setDate(index, java.sql.Date.valueOf((LocalDate) value));
                case TIMESTAMP -> prepared.setTimestamp(index, Timestamp.from(((OffsetDateTime) value).toInstant()));
            }
        }
    }

    private RuntimeException translate(NamedQuery query, BoundStatement statement, int timeoutSeconds,
            Deadline deadline, SQLException e) {
        Optional<String> queryId = queryId(e);
        if (e.getErrorCode() == DRIVER_NETWORK_ERROR
                || (e.getSQLState() != null && e.getSQLState().startsWith(CONNECTION_SQL_STATE_CLASS))) {
            // The driver gave up waiting for Snowflake: past the deadline that is the deadline's doing.
            return deadline.expired() ? new QueryTimeoutException(query.name(), timeoutSeconds, queryId)
                    : new SnowflakeUnavailableException(query.name(), e.getErrorCode());
        }
        if (e.getErrorCode() == EXECUTION_CANCELED || e.getErrorCode() == STATEMENT_TIMED_OUT
                || CANCELED_SQL_STATE.equals(e.getSQLState())) {
            return new QueryTimeoutException(query.name(), timeoutSeconds, queryId);
        }
        return new StatementFailedException(query.name(), e.getErrorCode(), e.getSQLState(), queryId,
                withoutBoundValues(e.getMessage(), statement.values()));
    }

    private static Optional<String> queryId(SQLException e) {
        return e instanceof net.snowflake.client.api.exception.SnowflakeSQLException snowflake
                ? Optional.ofNullable(snowflake.getQueryId())
                : Optional.empty();
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
