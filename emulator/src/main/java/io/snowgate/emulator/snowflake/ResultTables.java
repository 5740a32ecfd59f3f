package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.snowflake.Wire.Column;
import io.snowgate.emulator.snowflake.Wire.QueryResult;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Session-local H2 tables that SQL reads results from: a finished statement's result for {@code RESULT_SCAN}, an
 * earlier statement of a {@code ->>} flow for {@code $n}, and the user's statements for
 * {@code INFORMATION_SCHEMA.QUERY_HISTORY}.
 */
final class ResultTables {

    /** Every table this class makes starts so; the encoder reports their columns as belonging to no table. */
    static final String TABLE_PREFIX = "SF_READ_";

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
        String table = TABLE_PREFIX + "QUERY_HISTORY";
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
            case RESUMING_WAREHOUSE -> "resuming_warehouse";
            case QUEUED -> "queued";
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
        String table = TABLE_PREFIX + "RESULT_" + queryId.replace("-", "").toUpperCase(Locale.ROOT);
        materialise(session, table, result);
        return table;
    }

    void dropFlowTables(SnowflakeSession session) {
        for (int index = 0; index < session.flowResults.size(); index++) {
            String table = TABLE_PREFIX + "FLOW_" + index;
            if (session.scannedResults.remove(table)) {
                try (Statement drop = session.h2.createStatement()) {
                    ddlLock.run(() -> drop.execute("DROP TABLE IF EXISTS " + table));
                } catch (SQLException e) {
                    throw H2Errors.map(e);
                }
            }
        }
    }

    /**
     * Copies a result into a session-local H2 table that keeps every column's Snowflake type (number with its
     * precision and scale, float, text with its length, boolean, date, time, the three timestamps, binary, variant,
     * object, array) and nullability, so reading it back is typed as the statement answered; duplicate column names
     * get a suffix with the next number no other column uses ({@code ID, ID} becomes {@code ID, ID_1}; docs
     * functions/result_scan and BCR 2023_03 bcr-1039).
     */
    void materialise(SnowflakeSession session, String table, QueryResult result) {
        if (session.scannedResults.contains(table)) {
            return;
        }
        List<String> names = uniqueNames(result.rowtype().stream().map(Column::name).toList());
        List<String> definitions = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Column column = result.rowtype().get(i);
            definitions.add(Identifiers.quote(names.get(i)) + " " + h2Type(column) + (column.nullable() ? "" : " NOT NULL"));
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

    /**
     * Names made unique as RESULT_SCAN does: a repeat gets {@code _n}, the lowest n no column is called yet. The
     * function's RowEncoder.uniqueLabels follows the same rule, written apart on purpose: the stand-in models Snowflake
     * on its own, so a function that names columns otherwise fails the tests instead of agreeing by construction.
     */
    static List<String> uniqueNames(List<String> names) {
        Set<String> taken = new HashSet<>(names);
        Set<String> seen = new HashSet<>();
        List<String> unique = new ArrayList<>();
        for (String name : names) {
            String chosen = name;
            if (!seen.add(name)) {
                int n = 1;
                while (taken.contains(name + "_" + n)) {
                    n++;
                }
                chosen = name + "_" + n;
                taken.add(chosen);
                seen.add(chosen);
            }
            unique.add(chosen);
        }
        return unique;
    }

    private static String h2Type(Column column) {
        return switch (column.type()) {
            case "fixed" -> "NUMERIC(" + (column.precision() == null ? 38 : column.precision()) + ", "
                    + (column.scale() == null ? 0 : column.scale()) + ")";
            case "real" -> "DOUBLE PRECISION";
            case "boolean" -> "BOOLEAN";
            case "date" -> "DATE";
            case "time" -> "TIME(9)";
            case "timestamp_ntz" -> "TIMESTAMP(9)";
            case "timestamp_ltz" -> SqlTranslator.LTZ_DOMAIN;
            case "timestamp_tz" -> "TIMESTAMP(9) WITH TIME ZONE";
            case "binary" -> "VARBINARY";
            case "variant" -> SqlTranslator.VARIANT_DOMAIN;
            case "object" -> SqlTranslator.OBJECT_DOMAIN;
            case "array" -> SqlTranslator.ARRAY_DOMAIN;
            default -> column.length() == null ? "VARCHAR" : "VARCHAR(" + column.length() + ")";
        };
    }

    /** A cell back from its wire string (notes §4) to the value H2 stores for that type. */
    private static Object h2Value(Column column, String value) {
        if (value == null) {
            return null;
        }
        return switch (column.type()) {
            case "fixed" -> new java.math.BigDecimal(value);
            case "real" -> switch (value) {
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value);
            };
            case "boolean" -> value.equals("1") || value.equalsIgnoreCase("true");
            case "date" -> java.time.LocalDate.ofEpochDay(Long.parseLong(value));
            case "time" -> java.time.LocalTime.ofNanoOfDay(nanos(value).longValueExact());
            case "timestamp_ntz" -> java.time.LocalDateTime.ofInstant(instant(value), java.time.ZoneOffset.UTC);
            case "timestamp_ltz" -> instant(value).atOffset(java.time.ZoneOffset.UTC);
            case "timestamp_tz" -> {
                String[] parts = value.split(" ");
                yield instant(parts[0]).atOffset(java.time.ZoneOffset.ofTotalSeconds(
                        (Integer.parseInt(parts[1]) - 1440) * 60));
            }
            case "binary" -> java.util.HexFormat.of().parseHex(value);
            default -> value;
        };
    }

    private static java.math.BigInteger nanos(String epochSeconds) {
        return new java.math.BigDecimal(epochSeconds).movePointRight(9).toBigIntegerExact();
    }

    private static java.time.Instant instant(String epochSeconds) {
        java.math.BigInteger[] split = nanos(epochSeconds).divideAndRemainder(java.math.BigInteger.valueOf(1_000_000_000L));
        long seconds = split[0].longValueExact();
        long nanos = split[1].longValueExact();
        if (nanos < 0) {
            seconds--;
            nanos += 1_000_000_000L;
        }
        return java.time.Instant.ofEpochSecond(seconds, nanos);
    }
}
