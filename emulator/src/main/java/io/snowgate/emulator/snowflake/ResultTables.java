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

    /**
     * Copies the session user's statements into a session-local H2 table, newest first as Snowflake lists them:
     * QUERY_ID, QUERY_TEXT, QUERY_TAG, USER_NAME, SESSION_ID, EXECUTION_STATUS, ERROR_CODE, START_TIME, END_TIME.
     */
    String queryHistory(SnowflakeSession session) {
        String table = "SF_QUERY_HISTORY";
        try (Statement create = session.h2.createStatement()) {
            create.execute("DROP TABLE IF EXISTS " + table);
            create.execute("CREATE LOCAL TEMPORARY TABLE " + table + " (QUERY_ID VARCHAR, QUERY_TEXT VARCHAR, "
                    + "QUERY_TAG VARCHAR, USER_NAME VARCHAR, SESSION_ID BIGINT, EXECUTION_STATUS VARCHAR, "
                    + "ERROR_CODE VARCHAR, START_TIME TIMESTAMP(9) WITH TIME ZONE, "
                    + "END_TIME TIMESTAMP(9) WITH TIME ZONE)");
            try (PreparedStatement insert = session.h2.prepareStatement(
                    "INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                List<QueryRegistry.Query> mine = new ArrayList<>(queries.all().stream()
                        .filter(q -> q.user.equals(session.user)).toList());
                java.util.Collections.reverse(mine);
                for (QueryRegistry.Query query : mine) {
                    QueryInfo info = query.info();
                    insert.setString(1, info.id());
                    insert.setString(2, info.sqlText());
                    insert.setString(3, info.queryTag());
                    insert.setString(4, info.user());
                    insert.setLong(5, info.sessionId());
                    insert.setString(6, executionStatus(info.status()));
                    insert.setString(7, info.errorCode());
                    insert.setObject(8, info.startedAt().atOffset(java.time.ZoneOffset.UTC));
                    insert.setObject(9, info.endedAt() == null ? null : info.endedAt().atOffset(java.time.ZoneOffset.UTC));
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
