package io.snowgate.lambda.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.catalog.BoundStatement;
import io.snowgate.catalog.BoundValue;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.catalog.sql.SqlScanner;
import io.snowgate.catalog.sql.StatementKind;
import io.snowgate.lambda.session.SnowflakeSessions;
import io.snowgate.lambda.snowflake.SnowflakeErrors;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import net.snowflake.client.api.statement.SnowflakeStatement;

/**
 * How every catalog statement is bound, tagged, prepared and read, whether it runs to completion or asynchronously:
 * parameters only ever as bind variables, the QUERY_TAG naming query, request and caller, rows as typed JSON within
 * the caller's limits.
 */
final class Statements {

    /** Snowflake's own limit on a statement's run time, sent with the statement so Snowflake enforces it. */
    static final String STATEMENT_TIMEOUT_PARAMETER = "STATEMENT_TIMEOUT_IN_SECONDS";

    /**
     * The statements whose answer is the sum of their counts row (snowflake-jdbc {@code SFStatementType} INSERT,
     * MULTI_INSERT, UPDATE, DELETE, MERGE), by the first keyword of their SQL.
     */
    private static final Set<String> COUNTED_CHANGES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");
    /**
     * Transaction commands, which snowflake-jdbc, as DDL and DCL (the catalog's {@link StatementKind}), gives no
     * result set and an update count of 0 (SFStatementType TCL, ResultUtil.calculateUpdateCount): their status row is
     * what a read by query id turns into a row.
     */
    private static final Set<String> TRANSACTION_COMMANDS = Set.of("BEGIN", "START", "COMMIT", "ROLLBACK");

    private final ObjectMapper json;
    private final Clock clock;

    Statements(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    /** The request's parameters checked and bound, with the schedule's time filled in where the query takes it. */
    static BoundStatement bind(NamedQuery query, QueryRequest request) {
        return query.bind(withScheduledTime(query, request));
    }

    /** Whether the session may serve the next call after running {@code query}: not when it may have changed it. */
    static SnowflakeSessions.After sessionAfter(NamedQuery query) {
        return SqlScanner.scan(query.sql()).statementKind().leavesSessionAsItWas() ? SnowflakeSessions.After.REUSE
                : SnowflakeSessions.After.DISCARD;
    }

    /** The limits for this query: its {@code maxRows} (or the default) within the caller's. */
    static ResultLimits limitsFor(NamedQuery query, ResultLimits limits) {
        return limits.forQuery(query.maxRows());
    }

    String tag(NamedQuery query, QueryRequest request) {
        return new QueryTag(query.name(), request.requestId(), request.caller()).toJson(json);
    }

    /** The statement with its values bound and its QUERY_TAG set: the one way every statement is prepared. */
    static PreparedStatement prepare(Connection connection, BoundStatement statement, String tag)
            throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement.jdbcSql());
        try {
            bindValues(prepared, statement.values());
            prepared.unwrap(SnowflakeStatement.class).setParameter("QUERY_TAG", tag);
            return prepared;
        } catch (SQLException | RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    /** A statement that returned no rows: its update count, when it has one. */
    QueryResult updated(String query, String queryId, long updateCount, Instant start) {
        return new QueryResult(query, queryId, List.of(), List.of(), false,
                updateCount < 0 ? OptionalLong.empty() : OptionalLong.of(updateCount),
                Duration.between(start, clock.instant()));
    }

    /**
     * A finished statement's result read back by its query id (a poll, or a retry answered from its first attempt),
     * in the shape the same statement answers when run to completion: a data change its update count, anything else
     * its rows ({@link #read}). Only for a statement known to have succeeded: it is read with {@code RESULT_SCAN}, as
     * snowflake-jdbc's {@code createResultSet(queryId)} reads it, but without that result set's first wait
     * ({@code SFAsyncResultSet#getRealResults} starts from an empty status, which counts as running, and sleeps half a
     * second before asking monitoring again, on every poll of a finished run). {@code RESULT_SCAN} is a SELECT, which
     * turns a data change's counts (a row like {@code {"number of rows inserted": 5}}) into an ordinary row; run to completion,
     * the same statement has no result set and an update count that sums that row's cells
     * ({@code ResultUtil.calculateUpdateCount}). Query monitoring does not say what kind of statement ran, so the
     * catalog's SQL tells: an {@code INSERT}, {@code UPDATE}, {@code DELETE} or {@code MERGE} always answers counts,
     * DDL, a transaction command or {@code USE} an update count of 0.
     */
    QueryResult readFinished(Connection connection, NamedQuery query, String queryId, ResultLimits limits,
            Instant start) throws SQLException {
        if (!SnowflakeErrors.isQueryId(queryId)) {
            // Written into the statement's text below: only a query id's own characters may be.
            throw new IllegalArgumentException("not a Snowflake query id");
        }
        try (Statement statement = connection.createStatement();
             ResultSet resultSet = statement.executeQuery(
                     "SELECT * FROM TABLE(RESULT_SCAN('" + queryId + "'))")) {
            return readFinished(query, queryId, resultSet, limits, start);
        }
    }

    private QueryResult readFinished(NamedQuery query, String queryId, ResultSet resultSet, ResultLimits limits,
            Instant start) throws SQLException {
        Optional<String> first = SqlScanner.scan(query.sql()).firstKeyword();
        String keyword = first.orElse("");
        StatementKind kind = StatementKind.of(first);
        if (kind == StatementKind.DDL || kind == StatementKind.DCL || TRANSACTION_COMMANDS.contains(keyword)) {
            return updated(query.name(), queryId, 0, start);
        }
        if (!COUNTED_CHANGES.contains(keyword)) {
            return read(query.name(), queryId, resultSet, limits, start);
        }
        int columns = resultSet.getMetaData().getColumnCount();
        long count = 0;
        while (resultSet.next()) {
            for (int i = 1; i <= columns; i++) {
                count += resultSet.getLong(i);
            }
        }
        return updated(query.name(), queryId, count, start);
    }

    /** Reads rows as typed JSON until the limits; what is left over marks the result truncated. */
    QueryResult read(String query, String queryId, ResultSet resultSet, ResultLimits limits, Instant start)
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

    private static void bindValues(PreparedStatement prepared, List<BoundValue> values) throws SQLException {
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
                // As text the statement converts (ParameterType#jdbcMarker): the driver's setDate and setTimestamp
                // would move dates around 1582 and earlier, and setTimestamp would drop the offset.
                case DATE, TIMESTAMP -> prepared.setString(index, bound.type().boundText(value));
            }
        }
    }
}
