package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.snowflake.Wire.Column;
import io.snowgate.emulator.snowflake.Wire.QueryResult;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Session-local H2 tables that SQL reads results from: a finished statement's result for {@code RESULT_SCAN}, an
 * earlier statement of a {@code ->>} flow for {@code $n}, and the user's statements for
 * {@code INFORMATION_SCHEMA.QUERY_HISTORY}.
 */
final class ResultTables {

    private final QueryRegistry queries;
    private final DdlLock ddlLock;

    ResultTables(QueryRegistry queries, DdlLock ddlLock) {
        this.queries = queries;
        this.ddlLock = ddlLock;
    }

    /** Rows QUERY_HISTORY returns when RESULT_LIMIT is not given, and the most it may ask for. */
    static final int DEFAULT_HISTORY_LIMIT = 100;
    static final int MAX_HISTORY_LIMIT = 10_000;

    /**
     * What a QUERY_HISTORY function may filter on besides its RESULT_LIMIT.
     *
     * @param userName   only this user's statements ({@code QUERY_HISTORY_BY_USER}), or null for the session's user
     * @param sessionId  only this session's statements ({@code QUERY_HISTORY_BY_SESSION}), or null for any
     * @param endedFrom  only statements that ended at or after this, or null
     * @param endedUntil only statements that ended at or before this (running ones are left out), or null
     */
    record HistoryFilter(String userName, Long sessionId, java.time.Instant endedFrom, java.time.Instant endedUntil) {
    }

    /**
     * Copies statements into a session-local H2 table, newest first as Snowflake lists them, and only the newest
     * {@code limit} of those the filter keeps: RESULT_LIMIT cuts before any WHERE clause of the query reading it
     * (docs: functions/query_history). Columns: QUERY_ID, QUERY_TEXT, DATABASE_NAME, SCHEMA_NAME, QUERY_TAG,
     * USER_NAME, SESSION_ID, WAREHOUSE_NAME, EXECUTION_STATUS, ERROR_CODE, ERROR_MESSAGE, START_TIME, END_TIME
     * (TIMESTAMP_LTZ) and TOTAL_ELAPSED_TIME (milliseconds).
     */
    String queryHistory(SnowflakeSession session, HistoryFilter filter, int limit) {
        String table = "SF_QUERY_HISTORY";
        try (Statement create = session.h2.createStatement()) {
            create.execute("DROP TABLE IF EXISTS " + table);
            create.execute("CREATE LOCAL TEMPORARY TABLE " + table + " (QUERY_ID VARCHAR, QUERY_TEXT VARCHAR, "
                    + "DATABASE_NAME VARCHAR, SCHEMA_NAME VARCHAR, QUERY_TAG VARCHAR, USER_NAME VARCHAR, "
                    + "SESSION_ID BIGINT, WAREHOUSE_NAME VARCHAR, EXECUTION_STATUS VARCHAR, ERROR_CODE VARCHAR, "
                    + "ERROR_MESSAGE VARCHAR, START_TIME " + SqlTranslator.LTZ_DOMAIN + ", END_TIME "
                    + SqlTranslator.LTZ_DOMAIN + ", TOTAL_ELAPSED_TIME BIGINT)");
            String user = filter.userName() == null ? session.user : filter.userName();
            List<QueryRegistry.Query> newestFirst = new ArrayList<>(queries.all());
            java.util.Collections.reverse(newestFirst);
            List<QueryInfo> kept = newestFirst.stream().filter(q -> q.user.equals(user))
                    .map(QueryRegistry.Query::info)
                    .filter(info -> filter.sessionId() == null || info.sessionId() == filter.sessionId())
                    .filter(info -> filter.endedFrom() == null
                            || info.endedAt() == null || !info.endedAt().isBefore(filter.endedFrom()))
                    .filter(info -> filter.endedUntil() == null
                            || info.endedAt() != null && !info.endedAt().isAfter(filter.endedUntil()))
                    .limit(limit).toList();
            try (PreparedStatement insert = session.h2.prepareStatement(
                    "INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (QueryInfo info : kept) {
                    QueryRegistry.Query query = queries.find(info.id()).orElse(null);
                    insert.setString(1, info.id());
                    insert.setString(2, info.sqlText());
                    insert.setString(3, query == null ? null : query.database);
                    insert.setString(4, query == null ? null : query.schema);
                    insert.setString(5, info.queryTag());
                    insert.setString(6, info.user());
                    insert.setLong(7, info.sessionId());
                    insert.setString(8, query == null ? null : query.warehouse);
                    insert.setString(9, executionStatus(info.status()));
                    insert.setString(10, info.errorCode());
                    insert.setString(11, info.errorMessage());
                    insert.setObject(12, info.startedAt().atOffset(java.time.ZoneOffset.UTC));
                    insert.setObject(13, info.endedAt() == null ? null : info.endedAt().atOffset(java.time.ZoneOffset.UTC));
                    if (info.endedAt() == null) {
                        insert.setNull(14, java.sql.Types.BIGINT);
                    } else {
                        insert.setLong(14, java.time.Duration.between(info.startedAt(), info.endedAt()).toMillis());
                    }
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
        return table;
    }

    /** QUERY_HISTORY's EXECUTION_STATUS words; a cancelled statement shows as failed with error 604. */
    private static String executionStatus(QueryInfo.Status status) {
        return switch (status) {
            case RUNNING -> "running";
            case SUCCESS -> "success";
            case FAILED_WITH_ERROR, ABORTED -> "failed_with_error";
        };
    }

    /** Copies a finished result of this user into a session-local H2 table so SQL can run over it. */
    String materialise(SnowflakeSession session, String queryId) {
        QueryResult result = queries.find(queryId)
                .filter(q -> q.user.equals(session.user) && q.outcome.isDone() && !q.outcome.isCompletedExceptionally())
                .map(q -> q.outcome.join())
                .orElseThrow(() -> new StandInSqlException("000709", "02000",
                        "Statement " + queryId + " not found"));
        String table = "SF_RESULT_" + queryId.replace("-", "").toUpperCase(Locale.ROOT);
        materialise(session, table, result);
        return table;
    }

    void dropFlowTables(SnowflakeSession session) {
        for (int index = 0; index < session.flowResults.size(); index++) {
            String table = "SF_FLOW_" + index;
            if (session.scannedResults.remove(table)) {
                try (Statement drop = session.h2.createStatement()) {
                    ddlLock.run(() -> drop.execute("DROP TABLE IF EXISTS " + table));
                } catch (SQLException e) {
                    throw H2Errors.map(e);
                }
            }
        }
    }

    void materialise(SnowflakeSession session, String table, QueryResult result) {
        if (session.scannedResults.contains(table)) {
            return;
        }
        List<String> definitions = new ArrayList<>();
        for (Column column : result.rowtype()) {
            definitions.add(Identifiers.quote(column.name()) + " " + h2Type(column));
        }
        String placeholders = String.join(", ", result.rowtype().stream().map(c -> "?").toList());
        try (Statement create = session.h2.createStatement()) {
            ddlLock.run(() -> create.execute(
                    "CREATE LOCAL TEMPORARY TABLE " + table + " (" + String.join(", ", definitions) + ")"));
            try (PreparedStatement insert = session.h2.prepareStatement(
                    "INSERT INTO " + table + " VALUES (" + placeholders + ")")) {
                for (List<String> row : result.rowset()) {
                    for (int i = 0; i < row.size(); i++) {
                        insert.setObject(i + 1, h2Value(result.rowtype().get(i), row.get(i)));
                    }
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
        session.scannedResults.add(table);
    }

    private static String h2Type(Column column) {
        return switch (column.type()) {
            case "fixed" -> "NUMERIC(38, " + column.scale() + ")";
            case "real" -> "DOUBLE PRECISION";
            case "boolean" -> "BOOLEAN";
            case "date" -> "DATE";
            default -> "VARCHAR";
        };
    }

    private static Object h2Value(Column column, String value) {
        if (value == null) {
            return null;
        }
        return switch (column.type()) {
            case "boolean" -> value.equals("1") || value.equalsIgnoreCase("true");
            case "date" -> java.time.LocalDate.ofEpochDay(Long.parseLong(value));
            default -> value;
        };
    }
}
