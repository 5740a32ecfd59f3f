package io.snowgate.lambda.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.catalog.BoundStatement;
import io.snowgate.catalog.BoundValue;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.catalog.QueryCatalog;
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
import net.snowflake.client.api.statement.SnowflakeStatement;

/**
 * Runs catalog queries: looks the query up, checks and binds the caller's parameters (always as bind variables),
 * runs the statement on a reused Snowflake session with a query tag and a timeout no longer than the invocation's
 * deadline, and reads the rows as typed JSON within the given limits.
 */
public final class QueryService {

    /** Snowflake's "SQL execution canceled", as the driver reports a statement stopped by its timeout. */
    static final int EXECUTION_CANCELED = 604;
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
     *         io.snowgate.lambda.secret.SecretFormatException when Snowflake cannot be signed in to
     */
    public QueryResult run(QueryRequest request, Deadline deadline, ResultLimits limits) {
        NamedQuery query = query(request.query());
        BoundStatement statement = query.bind(withScheduledTime(query, request));
        ResultLimits effective = query.maxRows().isPresent() ? limits.atMostRows(query.maxRows().getAsInt()) : limits;
        int timeoutSeconds = timeoutSeconds(query, deadline);
        String tag = new QueryTag(query.name(), request.requestId(), request.caller()).toJson(json);
        try {
            return sessions.withConnection(deadline,
                    connection -> execute(connection, query, statement, tag, timeoutSeconds, effective));
        } catch (SQLException e) {
            throw translate(query, statement, timeoutSeconds, e);
        }
    }

    private QueryResult execute(Connection connection, NamedQuery query, BoundStatement statement, String tag,
            int timeoutSeconds, ResultLimits limits) throws SQLException {
        Instant start = clock.instant();
        try (PreparedStatement prepared = connection.prepareStatement(statement.jdbcSql())) {
            bind(prepared, statement.values());
            SnowflakeStatement snowflake = prepared.unwrap(SnowflakeStatement.class);
            snowflake.setParameter("QUERY_TAG", tag);
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
            SQLException e) {
        Optional<String> queryId = queryId(e);
        if (e.getErrorCode() == EXECUTION_CANCELED || CANCELED_SQL_STATE.equals(e.getSQLState())) {
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
