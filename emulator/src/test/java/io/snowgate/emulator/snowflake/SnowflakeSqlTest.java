package io.snowgate.emulator.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.snowflake.client.api.exception.SnowflakeSQLException;
import net.snowflake.client.api.statement.SnowflakeStatement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Statements through the real driver: context, session commands, binds, DML counts and errors. */
class SnowflakeSqlTest {

    @RegisterExtension
    final SignedInSnowflake snowflake = SignedInSnowflake.on(() -> new SnowflakeStandIn().start());

    private Connection connection;

    @BeforeEach
    void connect() {
        connection = snowflake.connection();
    }

    private String single(String sql) throws SQLException {
        return snowflake.single(sql);
    }

    private void execute(String sql) throws SQLException {
        snowflake.execute(sql);
    }

    @Test
    void selectCurrentVersion_answersAVersionAndNamesTheColumnAsSnowflakeDoes() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT CURRENT_VERSION()")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).matches("\\d+\\.\\d+\\.\\d+");
            assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("CURRENT_VERSION()");
        }
    }

    @Test
    void anUnaliasedFunctionColumn_isNamedAsTheStatementWroteIt_notAsH2LabelsIt() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT SYSTEM$WAIT(0), CURRENT_VERSION()")) {
            assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("SYSTEM$WAIT(0)");
            assertThat(rows.getMetaData().getColumnLabel(2)).isEqualTo("CURRENT_VERSION()");
        }
        try (PreparedStatement prepared = connection.prepareStatement("SELECT SYSTEM$WAIT(?)")) {
            prepared.setInt(1, 0);
            try (ResultSet rows = prepared.executeQuery()) {
                assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("SYSTEM$WAIT(?)");
            }
        }
    }

    @Test
    void snowflakeFunctions_workInASchemaOtherThanPublic_createdOrReplaced() throws Exception {
        // H2 finds a function in the current schema only: each schema gets the stand-in's functions when created.
        execute("CREATE SCHEMA ANALYTICS");
        execute("CREATE OR REPLACE SCHEMA REPORTS");
        for (String schema : List.of("ANALYTICS", "REPORTS")) {
            execute("USE SCHEMA " + schema);
            assertThat(single("SELECT CONCAT('a', 'b') || TO_CHAR(TO_DATE('2026-12-03'), 'DY') || IFF(TRUE, '!', '?')"
                    + " || ARRAY_SIZE(ARRAY_CONSTRUCT(1, 2)) || OBJECT_AGG('k', 1)::STRING")).isEqualTo("abThu!2{\"k\":1}");
        }
    }

    @Test
    void anUnaliasedComputedColumn_isNamedAfterItsTextUpperCased_notAfterWhatTheStandInTranslatedItTo() throws Exception {
        // docs: functions/concat: SELECT CONCAT('George Washington ', 'Carver') is the column
        // CONCAT('GEORGE WASHINGTON ', 'CARVER'). H2 named COUNT_IF(...) after its rewrite, COUNT(CASE WHEN ...).
        execute("CREATE TABLE LABELLED (X NUMBER, \"Mixed\" VARCHAR, DOC VARIANT)");
        assertThat(labels("SELECT CONCAT('George Washington ', 'Carver'), count_if(x > 1),"
                + " x+1, X, l.x, \"Mixed\", upper(\"Mixed\"), doc:order::string, x + 2 AS named, x two,"
                + " DIV0(x, 2) FROM LABELLED l GROUP BY ALL"))
                .containsExactly("CONCAT('GEORGE WASHINGTON ', 'CARVER')", "COUNT_IF(X > 1)", "X+1", "X",
                        "X", "Mixed", "UPPER(\"Mixed\")", "DOC:ORDER::STRING", "NAMED", "TWO", "DIV0(X, 2)");
    }

    @Test
    void aComputedColumnOfASubqueryCteViewOrCtas_isNamedAsSnowflakeNamesIt_whenSelectStarReachesIt() throws Exception {
        // Each query block names its columns, and SELECT * hands those names on: H2 would have named these
        // CASE WHEN ..., COUNT(CASE WHEN ...), COALESCE(X, 0) and 'A' (it folds UPPER('a') first).
        assertThat(labels("WITH t AS (SELECT x, IFF(x > 0, 'p', 'n'), COUNT_IF(x > 0) FROM VALUES (1) AS v(x) GROUP BY x)"
                + " SELECT * FROM t")).containsExactly("X", "IFF(X > 0, 'P', 'N')", "COUNT_IF(X > 0)");
        assertThat(labels("SELECT * FROM (SELECT x * 2, UPPER('a') FROM VALUES (1) AS v(x))"))
                .containsExactly("X * 2", "UPPER('A')");
        execute("CREATE TABLE COPIED AS SELECT x + 1, NVL(x, 0) FROM VALUES (1) AS v(x)");
        execute("CREATE VIEW SHOWN AS SELECT x + 1, IFF(TRUE, 1, 0) FROM VALUES (1) AS v(x)");
        assertThat(labels("SELECT * FROM COPIED")).containsExactly("X + 1", "NVL(X, 0)");
        assertThat(labels("SELECT * FROM SHOWN")).containsExactly("X + 1", "IFF(TRUE, 1, 0)");
        // The name can be used, quoted; a privilege named SELECT is no query.
        assertThat(single("WITH t AS (SELECT IFF(x > 0, 'p', 'n') FROM VALUES (1) AS v(x)) SELECT \"IFF(X > 0, 'P', 'N')\""
                + " FROM t")).isEqualTo("p");
        execute("GRANT SELECT ON TABLE COPIED TO ROLE PUBLIC");
        execute("INSERT INTO COPIED SELECT x + 5, 7 FROM VALUES (1) AS v(x)");
        assertThat(single("SELECT SUM(\"X + 1\") FROM COPIED")).isEqualTo("8");
    }

    private List<String> labels(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            java.sql.ResultSetMetaData columns = rows.getMetaData();
            List<String> labels = new java.util.ArrayList<>();
            for (int column = 1; column <= columns.getColumnCount(); column++) {
                labels.add(columns.getColumnLabel(column));
            }
            return labels;
        }
    }

    @Test
    void createAndDrop_answerSnowflakesStatusLine_whateverModifiersAndConditionsTheyCarry() throws Exception {
        execute("CREATE SCHEMA REPORTING");
        execute("USE SCHEMA REPORTING");

        // In order: each statement's line, as the driver hands it back in the status column.
        String[][] statusLines = {
            {"CREATE TABLE T (N NUMBER)", "Table T successfully created."},
            {"CREATE OR REPLACE TRANSIENT TABLE T (N NUMBER)", "Table T successfully created."},
            {"CREATE TEMPORARY TABLE IF NOT EXISTS SCRATCH (N NUMBER)", "Table SCRATCH successfully created."},
            {"CREATE VIEW IF NOT EXISTS REPORTING.V AS SELECT N FROM T", "View V successfully created."},
            {"CREATE SEQUENCE IDS", "Sequence IDS successfully created."},
            {"CREATE OR REPLACE SECURE VIEW SV AS SELECT N FROM T", "View SV successfully created."},
            {"SELECT COUNT(*) FROM SV", "0"},
            {"DROP VIEW IF EXISTS V", "V successfully dropped."},
            {"DROP VIEW SV", "SV successfully dropped."},
            {"ALTER TABLE T ADD COLUMN M NUMBER", "Statement executed successfully."},
            {"CREATE TABLE IF NOT EXISTS T (N NUMBER)", "T already exists, statement succeeded."},
            {"CREATE SCHEMA IF NOT EXISTS REPORTING", "REPORTING already exists, statement succeeded."},
            {"DROP TABLE REPORTING.T", "T successfully dropped."},
            {"DROP TABLE IF EXISTS T", "Drop statement executed successfully (T already dropped)."},
            {"DROP VIEW IF EXISTS REPORTING.V", "Drop statement executed successfully (V already dropped)."},
            {"DROP SCHEMA IF EXISTS STAGING", "Drop statement executed successfully (STAGING already dropped)."},
            {"CREATE TABLE IF NOT EXISTS T (N NUMBER)", "Table T successfully created."},
        };
        for (String[] statusLine : statusLines) {
            assertThat(single(statusLine[0])).as(statusLine[0]).isEqualTo(statusLine[1]);
        }
        // Snowflake can; the stand-in's H2 cannot, and says so as Snowflake says a feature is unsupported.
        assertThatThrownBy(() -> execute("ALTER TABLE SCRATCH ADD COLUMN M NUMBER"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(2040);
                    assertThat(e.getSQLState()).isEqualTo("0A000");
                    assertThat(e.getMessage()).isEqualTo("SQL compilation error:\nUnsupported feature 'TEMP TABLE'.");
                });
    }

    @Test
    void contextFunctions_followUseStatements() throws Exception {
        execute("CREATE SCHEMA REPORTING");
        execute("USE WAREHOUSE compute_wh");

        assertThat(single("SELECT CURRENT_USER()")).isEqualTo("ALICE");
        assertThat(single("SELECT CURRENT_ROLE()")).isEqualTo("ALICE_ROLE");
        assertThat(single("SELECT CURRENT_DATABASE()")).isEqualTo("SNOWGATE");
        assertThat(single("SELECT CURRENT_SCHEMA()")).isEqualTo("PUBLIC");
        assertThat(single("SELECT CURRENT_WAREHOUSE()")).isEqualTo("COMPUTE_WH");
        assertThat(single("SELECT CURRENT_ACCOUNT()")).isEqualTo("SNOWGATE");

        execute("USE SCHEMA SNOWGATE.REPORTING");
        assertThat(single("select lower(current_schema()) as s")).isEqualTo("reporting");
        connection.setSchema("PUBLIC");
        assertThat(connection.getSchema()).isEqualTo("PUBLIC");
        connection.setCatalog("SNOWGATE");
        assertThat(connection.getCatalog()).isEqualTo("SNOWGATE");
        execute("USE ROLE PUBLIC");
        assertThat(single("SELECT CURRENT_ROLE()")).isEqualTo("PUBLIC");
    }

    @Test
    void useRole_isRefused_forARoleNotGrantedToTheUser() {
        assertThatThrownBy(() -> execute("USE ROLE ACCOUNTADMIN"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(3013);
                    assertThat(e.getSQLState()).isEqualTo("42501");
                });
    }

    @Test
    void alterSession_tagsLaterStatementsOfThatSessionOnly_untilUnset() throws Exception {
        execute("ALTER SESSION SET QUERY_TAG = 'nightly-report', TIMEZONE = 'Europe/Paris'");

        try (Connection other = SignedInSnowflake.connect(snowflake.get(), "alice", TestKeys.ALICE);
             ResultSet rows = other.createStatement().executeQuery("SELECT 'other session'")) {
            assertThat(rows.next()).isTrue();
        }
        assertThat(snowflake.get().queries()).filteredOn(q -> q.sqlText().equals("SELECT 'other session'"))
                .singleElement().satisfies(q -> assertThat(q.queryTag()).isEmpty());
        assertThat(single("SELECT 'tagged'")).isEqualTo("tagged");
        execute("ALTER SESSION UNSET QUERY_TAG");
        assertThat(single("SELECT 'still here'")).isEqualTo("still here");

        assertThat(snowflake.get().queries()).filteredOn(q -> q.sqlText().equals("SELECT 'tagged'"))
                .singleElement().satisfies(q -> assertThat(q.queryTag()).isEqualTo("nightly-report"));
        assertThat(snowflake.get().queries()).filteredOn(q -> q.sqlText().equals("SELECT 'still here'"))
                .singleElement().satisfies(q -> assertThat(q.queryTag()).isEmpty());
    }

    @Test
    void alterSession_refusesAParameterNameSnowflakeDoesNotHave_andChangesNothingItNamed() throws Exception {
        for (String sql : new String[] {"ALTER SESSION SET QUERY_TAG = 'half-set', NO_SUCH_PARAM = 1",
                "ALTER SESSION UNSET NO_SUCH_PARAM", "ALTER SESSION SET TIMEZONE = 'UTC', no_such_param = 'x'"}) {
            assertThatThrownBy(() -> execute(sql)).as(sql).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(1006);
                assertThat(e.getSQLState()).isEqualTo("22023");
                assertThat(e.getMessage()).contains("invalid parameter 'NO_SUCH_PARAM'");
            });
        }
        assertThat(single("SELECT 'after the refusals'")).isEqualTo("after the refusals");
        assertThat(snowflake.get().queries()).filteredOn(q -> q.sqlText().equals("SELECT 'after the refusals'"))
                .singleElement().satisfies(q -> assertThat(q.queryTag()).isEmpty());
        // TIMEZONE stayed Snowflake's default: a bound instant lands on Los Angeles' wall clock, not UTC's.
        try (PreparedStatement wallClock = connection.prepareStatement("SELECT CAST(? AS TIMESTAMP_NTZ)")) {
            wallClock.setTimestamp(1, Timestamp.from(Instant.parse("2024-01-01T00:00:00Z")));
            try (ResultSet rows = wallClock.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("2023-12-31 16:00:00.000");
            }
        }
    }

    @Test
    void alterSession_acceptsTheParametersTheDriverAndTheFunctionSet() throws Exception {
        // What Snowgate's function sends (login SESSION_PARAMETERS and statement parameters), what snowflake-jdbc
        // itself sets (setAutoCommit runs ALTER SESSION SET AUTOCOMMIT), and documented ones the stand-in ignores.
        execute("ALTER SESSION SET QUERY_TAG = 'tag', STATEMENT_TIMEOUT_IN_SECONDS = 60, TIMEZONE = 'UTC',"
                + " JDBC_QUERY_RESULT_FORMAT = 'JSON', TIME_OUTPUT_FORMAT = 'HH24:MI:SS.FF9',"
                + " CLIENT_TELEMETRY_ENABLED = FALSE, CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED = FALSE,"
                + " CLIENT_SESSION_KEEP_ALIVE = TRUE, MULTI_STATEMENT_COUNT = 1, USE_CACHED_RESULT = FALSE,"
                + " TIMESTAMP_TYPE_MAPPING = 'TIMESTAMP_NTZ', WEEK_START = 1");
        connection.setAutoCommit(false);
        connection.setAutoCommit(true);
        execute("ALTER SESSION UNSET QUERY_TAG, STATEMENT_TIMEOUT_IN_SECONDS, TIMEZONE, USE_CACHED_RESULT");
        assertThat(single("SELECT 'still usable'")).isEqualTo("still usable");
    }

    @Test
    void queryTagsAndStatementTimeouts_outsideTheirDocumentedRange_areRefused_sentWithTheStatementOrBySession()
            throws Exception {
        // docs: sql-reference/parameters: QUERY_TAG is a string of up to 2000 characters, STATEMENT_TIMEOUT_IN_SECONDS
        // 0 to 604800.
        String longest = "t".repeat(2000);
        try (Statement statement = connection.createStatement()) {
            SnowflakeStatement parameters = statement.unwrap(SnowflakeStatement.class);
            parameters.setParameter("QUERY_TAG", longest);
            parameters.setParameter("STATEMENT_TIMEOUT_IN_SECONDS", 604_800);
            try (ResultSet rows = statement.executeQuery("SELECT 'at the limits'")) {
                assertThat(rows.next()).isTrue();
            }
        }
        assertThat(snowflake.get().queries()).filteredOn(q -> q.sqlText().equals("SELECT 'at the limits'"))
                .singleElement().satisfies(q -> assertThat(q.queryTag()).isEqualTo(longest));

        for (Object[] refused : new Object[][] {{"QUERY_TAG", longest + "t"}, {"STATEMENT_TIMEOUT_IN_SECONDS", 604_801},
                {"STATEMENT_TIMEOUT_IN_SECONDS", -1}}) {
            try (Statement statement = connection.createStatement()) {
                statement.unwrap(SnowflakeStatement.class).setParameter((String) refused[0], refused[1]);
                assertThatThrownBy(() -> statement.executeQuery("SELECT 'never run'"))
                        .as("%s = %s", refused[0], refused[1])
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getErrorCode()).isEqualTo(2029);
                            assertThat(e.getMessage()).contains((String) refused[0]);
                        });
            }
            assertThatThrownBy(() -> execute("ALTER SESSION SET " + refused[0] + " = "
                    + (refused[1] instanceof String text ? "'" + text + "'" : refused[1])))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2029));
        }
        assertThat(snowflake.get().queries()).noneMatch(q -> q.sqlText().equals("SELECT 'never run'")
                && q.status() == QueryInfo.Status.SUCCESS);
        assertThat(single("SELECT 'session unchanged'")).isEqualTo("session unchanged");
        assertThat(snowflake.get().queries()).filteredOn(q -> q.sqlText().equals("SELECT 'session unchanged'"))
                .singleElement().satisfies(q -> assertThat(q.queryTag()).isEmpty());
    }

    @Test
    void positionalBinds_carryEveryTypeIncludingStringsThatLookLikeSql() throws Exception {
        execute("CREATE TABLE EVENTS (ID NUMBER, NAME VARCHAR, SCORE FLOAT, OK BOOLEAN, DAY DATE, AT_TIME TIME,"
                + " HAPPENED TIMESTAMP_LTZ, PAYLOAD BINARY, AMOUNT NUMBER(10,2))");
        String nasty = "x'); DROP TABLE EVENTS; --";
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO EVENTS VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, 7);
            insert.setString(2, nasty);
            insert.setDouble(3, 2.5);
            insert.setBoolean(4, true);
            insert.setDate(5, Date.valueOf(LocalDate.of(2024, 2, 29)));
            insert.setTime(6, Time.valueOf(LocalTime.of(8, 15, 30)));
            insert.setTimestamp(7, Timestamp.from(Instant.parse("2024-03-01T10:00:00.5Z")));
            insert.setBytes(8, new byte[] {1, 2, (byte) 0xFF});
            insert.setBigDecimal(9, new BigDecimal("12.34"));
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO EVENTS (ID, NAME) VALUES (?, ?)")) {
            insert.setInt(1, 8);
            insert.setNull(2, Types.VARCHAR);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }

        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM EVENTS WHERE NAME = ? AND ID = ?")) {
            select.setString(1, nasty);
            select.setInt(2, 7);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("NAME")).isEqualTo(nasty);
                assertThat(rows.getDouble("SCORE")).isEqualTo(2.5);
                assertThat(rows.getBoolean("OK")).isTrue();
                assertThat(rows.getDate("DAY").toLocalDate()).isEqualTo(LocalDate.of(2024, 2, 29));
                assertThat(rows.getTime("AT_TIME").toLocalTime()).isEqualTo(LocalTime.of(8, 15, 30));
                assertThat(rows.getTimestamp("HAPPENED").toInstant()).isEqualTo(Instant.parse("2024-03-01T10:00:00.5Z"));
                assertThat(rows.getBytes("PAYLOAD")).containsExactly(1, 2, 0xFF);
                assertThat(rows.getBigDecimal("AMOUNT")).isEqualByComparingTo("12.34");
                assertThat(rows.next()).isFalse();
            }
        }
        assertThat(single("SELECT COUNT(*) FROM EVENTS WHERE NAME IS NULL")).isEqualTo("1");
    }

    @Test
    void aPlaceholderLeftUnbound_failsCompilationWith002049_namingWhereItIs() throws Exception {
        // As Snowflake answers it: "002049 (42601): SQL compilation error: error line 1 at position 82\nBind variable
        // ? not set." (snowflake-jdbc PreparedMultiStmtIT#testExecuteLessBindings checks the sentence).
        try (PreparedStatement select = connection.prepareStatement("SELECT ?,\n  ?")) {
            select.setInt(1, 1);
            assertThatThrownBy(select::executeQuery).isInstanceOfSatisfying(SnowflakeSQLException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo(2049);
                assertThat(e.getSQLState()).isEqualTo("42601");
                assertThat(e.getMessage()).isEqualTo(
                        "SQL compilation error: error line 2 at position 2\nBind variable ? not set.");
                assertThat(e.getQueryId()).isNotBlank();
            });
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT ?")) {
            assertThatThrownBy(select::executeQuery).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(2049));
        }
    }

    @Test
    void bindingsBeyondTheStatementsPlaceholders_areIgnored() throws Exception {
        // snowflake-jdbc PreparedMultiStmtIT#testExecuteMoreBindings: "4th binding should be ignored".
        try (PreparedStatement select = connection.prepareStatement("SELECT ?")) {
            select.setInt(1, 7);
            select.setInt(2, 8);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }
        }
    }

    @Test
    void timestampBind_beforeYear1677_isTheInstantSent() throws Exception {
        // Its epoch nanoseconds no longer fit a long; Snowflake reads them all the same.
        Instant early = Instant.parse("1600-01-01T00:00:00.25Z");
        try (PreparedStatement select = connection.prepareStatement("SELECT ?")) {
            select.setTimestamp(1, Timestamp.from(early));
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getTimestamp(1).toInstant()).isEqualTo(early);
            }
        }
    }

    @Test
    void timestampTz_becomesADateOrLocalTimestamp_inItsOwnOffset() throws Exception {
        // "All operations are performed with the time zone offset specific to each record" (docs: Date & time data
        // types); H2 alone would convert in the session's time zone, UTC here, and answer 2026-01-30.
        execute("ALTER SESSION SET TIMEZONE = 'UTC'");
        String tz = "'2026-01-31 00:30:00 +01:00'::timestamp_tz";
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT ("
                + tz + ")::date, " + tz + "::date, CAST(" + tz + " AS DATE), CASE WHEN TRUE THEN " + tz + " END::date, "
                + tz + "::timestamp_ntz, CAST(" + tz + " AS TIMESTAMP_NTZ(9)), DATE '2026-01-31'::timestamp_ntz")) {
            assertThat(rows.next()).isTrue();
            for (int column = 1; column <= 4; column++) {
                assertThat(rows.getString(column)).isEqualTo("2026-01-31");
            }
            assertThat(rows.getString(5)).isEqualTo("2026-01-31 00:30:00.000");
            assertThat(rows.getString(6)).isEqualTo("2026-01-31 00:30:00.000");
            assertThat(rows.getString(7)).isEqualTo("2026-01-31 00:00:00.000");
        }
    }

    @Test
    void toTimestampTz_withAFormat_keepsTheOffsetAndNanosecondsOfTheText() throws Exception {
        assertThat(single("SELECT TO_VARCHAR(TO_TIMESTAMP_TZ('1500-03-01 00:30:00.123456789 +01:00',"
                + " 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM'), 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM')"))
                .isEqualTo("1500-03-01 00:30:00.123456789 +01:00");
    }

    @Test
    void orderBy_sortsNullsAsTheHighestValue_lastAscendingAndFirstDescending() throws Exception {
        // Snowflake's DEFAULT_NULL_ORDERING is LAST (docs: sql-reference/constructs/order-by, parameters): with a
        // LIMIT, ORDER BY x DESC answers the NULL rows first. H2 alone sorts NULL as the lowest value.
        execute("CREATE TABLE O (X NUMBER)");
        execute("INSERT INTO O VALUES (1), (NULL), (2)");
        assertThat(column("SELECT X FROM O ORDER BY X")).containsExactly("1", "2", null);
        assertThat(column("SELECT X FROM O ORDER BY X DESC")).containsExactly(null, "2", "1");
        assertThat(column("SELECT X FROM O ORDER BY X DESC LIMIT 1")).containsExactly((String) null);
        assertThat(column("SELECT X FROM O ORDER BY X NULLS FIRST")).containsExactly(null, "1", "2");
        assertThat(column("SELECT X FROM O ORDER BY X DESC NULLS LAST")).containsExactly("2", "1", null);
        assertThat(column("SELECT ROW_NUMBER() OVER (ORDER BY X) FROM O ORDER BY X DESC"))
                .containsExactly("3", "2", "1");
    }

    private java.util.List<String> column(String sql) throws SQLException {
        java.util.List<String> values = new java.util.ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    @Test
    void dml_reportsRowCountsThroughExecuteUpdate_andDdlCountsZero() throws Exception {
        try (Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("CREATE TABLE T (ID NUMBER, NAME STRING)")).isZero();
            assertThat(statement.executeUpdate("INSERT INTO T VALUES (1, 'a'), (2, 'b'), (3, 'c')")).isEqualTo(3);
            assertThat(statement.executeUpdate("UPDATE T SET NAME = 'z' WHERE ID >= 2")).isEqualTo(2);
            assertThat(statement.executeUpdate("DELETE FROM T WHERE ID = 1")).isEqualTo(1);
            assertThat(statement.executeUpdate("ALTER SESSION SET QUERY_TAG = 'x'")).isZero();
            assertThat(statement.executeUpdate("DROP TABLE T")).isZero();
        }
    }

    @Test
    void batchInserts_countEachRow() throws Exception {
        execute("CREATE TABLE T (ID NUMBER, NAME VARCHAR)");
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO T VALUES (?, ?)")) {
            for (int i = 0; i < 3; i++) {
                insert.setInt(1, i);
                insert.setString(2, "n" + i);
                insert.addBatch();
            }
            assertThat(insert.executeBatch()).containsExactly(1, 1, 1);
        }
        assertThat(single("SELECT COUNT(*) FROM T")).isEqualTo("3");
    }

    @Test
    void dmlThroughExecute_reportsAnUpdateCountNotAResultSet() throws Exception {
        execute("CREATE TABLE T (ID NUMBER)");
        try (Statement statement = connection.createStatement()) {
            assertThat(statement.execute("INSERT INTO T VALUES (1), (2)")).isFalse();
            assertThat(statement.getUpdateCount()).isEqualTo(2);
        }
    }

    @Test
    void transactions_rollBackWhenAutocommitIsOff() throws Exception {
        execute("CREATE TABLE T (ID NUMBER)");
        connection.setAutoCommit(false);
        execute("INSERT INTO T VALUES (1)");
        connection.rollback();
        execute("INSERT INTO T VALUES (2)");
        connection.commit();
        connection.setAutoCommit(true);

        assertThat(single("SELECT LISTAGG(ID, ',') FROM T")).isEqualTo("2");
    }

    @Test
    void missingTable_failsWith002003AndState42S02_andAQueryId() {
        assertThatThrownBy(() -> single("SELECT * FROM NO_SUCH_TABLE"))
                .isInstanceOfSatisfying(SnowflakeSQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(2003);
                    assertThat(e.getSQLState()).isEqualTo("42S02");
                    assertThat(e.getMessage()).contains("Object 'NO_SUCH_TABLE' does not exist or not authorized.");
                    assertThat(UUID.fromString(e.getQueryId())).isNotNull();
                });
    }

    @Test
    void syntaxError_failsWith001003AndState42000() {
        assertThatThrownBy(() -> execute("SELEC 1"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(1003);
                    assertThat(e.getSQLState()).isEqualTo("42000");
                    assertThat(e.getMessage()).contains("syntax error");
                });
    }

    @Test
    void describeAndShowOfWhatTheStandInDoesNotModel_failAsUnsupported_notAsASyntaxErrorInValidSql() throws Exception {
        execute("CREATE TABLE T (ID NUMBER)");
        Map<String, String> featureOf = Map.of("DESC TABLE T", "DESCRIBE TABLE", "DESCRIBE VIEW T", "DESCRIBE VIEW",
                "SHOW TABLES", "SHOW");
        featureOf.forEach((statement, feature) -> assertThatThrownBy(() -> execute(statement)).as(statement)
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(2040);
                    assertThat(e.getSQLState()).isEqualTo("0A000");
                    assertThat(e.getMessage()).isEqualTo("SQL compilation error:\nUnsupported feature '" + feature
                            + "'.");
                }));
    }

    @Test
    void unknownColumn_failsWith000904InvalidIdentifier() throws Exception {
        execute("CREATE TABLE T (ID NUMBER)");
        assertThatThrownBy(() -> single("SELECT NOPE FROM T"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(904);
                    assertThat(e.getSQLState()).isEqualTo("42000");
                    assertThat(e.getMessage()).contains("invalid identifier 'NOPE'");
                });
    }

    @Test
    void preparedStatementMetadata_isDescribedWithoutRunningTheStatement() throws Exception {
        execute("CREATE TABLE T (ID NUMBER(38,0), NAME VARCHAR)");
        try (PreparedStatement select = connection.prepareStatement("SELECT ID, NAME FROM T WHERE ID = ?")) {
            assertThat(select.getMetaData().getColumnCount()).isEqualTo(2);
            assertThat(select.getMetaData().getColumnName(2)).isEqualTo("NAME");
        }
    }

    @Test
    void weeks_startOnMondayAndAreNumberedAsIso_whileDayOfWeekCountsFromSundayAsZero() throws Exception {
        // Snowflake's defaults, WEEK_START = 0 and WEEK_OF_YEAR_POLICY = 0 (docs: functions-date-time, "Calendar
        // weeks and weekdays"), over the turn of 2016 (Friday 30th) into 2017 (Sunday 1st, Monday 2nd).
        execute("CREATE TABLE DAYS (D DATE)");
        execute("INSERT INTO DAYS VALUES ('2016-12-30'), ('2016-12-31'), ('2017-01-01'), ('2017-01-02')");
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT D, DAYOFWEEK(D), DAYOFWEEKISO(D), WEEK(D),"
                     + " WEEKISO(D), YEAROFWEEK(D), DATE_TRUNC('week', D), LAST_DAY(D, 'week'), DATE_PART(dow, D),"
                     + " EXTRACT(weekday_iso FROM D), DATE_PART('woy', D), WEEKOFYEAR(D) FROM DAYS ORDER BY D")) {
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= 12; column++) {
                    row.add(result.getString(column));
                }
                rows.add(String.join(" ", row));
            }
        }
        assertThat(rows).containsExactly(
                "2016-12-30 5 5 52 52 2016 2016-12-26 2017-01-01 5 5 52 52",
                "2016-12-31 6 6 52 52 2016 2016-12-26 2017-01-01 6 6 52 52",
                "2017-01-01 0 7 52 52 2016 2016-12-26 2017-01-01 0 7 52 52",
                "2017-01-02 1 1 1 1 2017 2017-01-02 2017-01-08 1 1 1 1");
        // A week boundary is a Monday: Saturday to Sunday crosses none, Sunday to Monday one.
        assertThat(single("SELECT DATEDIFF(week, '2016-12-31'::DATE, '2017-01-01'::DATE) || '/'"
                + " || DATEDIFF('wk', '2017-01-01'::DATE, '2017-01-02'::DATE) || '/'"
                + " || TIMESTAMPDIFF(w, '2017-01-01'::DATE, '2017-01-16'::DATE)")).isEqualTo("0/1/3");
    }

    @Test
    void dateAndTimeParts_areReadInEverySpellingSnowflakeAccepts_notAsH2ReadsThem() throws Exception {
        // H2 reads M as a month; Snowflake reads it as a minute (docs: functions-date-time, "Time parts").
        assertThat(single("SELECT DATEADD(m, 5, '2026-01-05 15:00:00'::TIMESTAMP_NTZ)"))
                .isEqualTo("2026-01-05 15:05:00.000");
        assertThat(single("SELECT DATEADD(mm, 1, '2026-01-31'::DATE) || '/' || DATEADD('y', 1, '2024-02-29'::DATE)"
                + " || '/' || DATEADD(qtr, 1, '2026-01-31'::DATE)")).isEqualTo("2026-02-28/2025-02-28/2026-04-30");
        assertThat(single("SELECT TIMEADD(hrs, 2, '2026-01-05 23:00:00'::TIMESTAMP_NTZ)"))
                .isEqualTo("2026-01-06 01:00:00.000");
        assertThat(single("SELECT TIMEDIFF(mins, '2026-01-05 15:00:59'::TIMESTAMP_NTZ,"
                + " '2026-01-05 15:02:00'::TIMESTAMP_NTZ)")).isEqualTo("2");
        assertThat(single("SELECT DATE_PART(yyyy, '2026-03-05'::DATE) || '/' || DATE_PART('mon', '2026-03-05'::DATE)"
                + " || '/' || EXTRACT(dd FROM '2026-03-05'::DATE) || '/' || DATE_PART(doy, '2026-03-05'::DATE)"
                + " || '/' || DATE_PART(q, '2026-03-05'::DATE)")).isEqualTo("2026/3/5/64/1");
        assertThat(single("SELECT DATE_PART(hh, '2026-03-05 07:08:09.123456789'::TIMESTAMP_NTZ) || '/'"
                + " || DATE_PART(mi, '2026-03-05 07:08:09.123456789'::TIMESTAMP_NTZ) || '/'"
                + " || DATE_PART(s, '2026-03-05 07:08:09.123456789'::TIMESTAMP_NTZ) || '/'"
                + " || DATE_PART(ns, '2026-03-05 07:08:09.123456789'::TIMESTAMP_NTZ)")).isEqualTo("7/8/9/123456789");
        // Whole units since the epoch, a TIMESTAMP_NTZ read as UTC; a TIMESTAMP_TZ's instant.
        assertThat(single("SELECT DATE_PART(epoch_second, '1970-01-02 00:00:01.5'::TIMESTAMP_NTZ) || '/'"
                + " || DATE_PART(epoch_millisecond, '1970-01-02 00:00:01.5'::TIMESTAMP_NTZ) || '/'"
                + " || EXTRACT(epoch FROM '1970-01-02 01:00:01 +01:00'::TIMESTAMP_TZ) || '/'"
                + " || DATE_PART(tzh, '1970-01-02 01:00:01 +05:30'::TIMESTAMP_TZ) || '/'"
                + " || DATE_PART(tzm, '1970-01-02 01:00:01 +05:30'::TIMESTAMP_TZ)")).isEqualTo("86401/86401500/86401/5/30");
        assertThat(single("SELECT TRUNC('2026-03-05'::DATE, 'MONTH') || '/' || TRUNC(1.57, 1)"))
                .isEqualTo("2026-03-01/1.5");
        execute("CREATE TABLE PRICES (AMOUNT NUMBER(10, 4), S NUMBER)");
        execute("INSERT INTO PRICES VALUES (12.3456, 2)");
        assertThat(single("SELECT TRUNC(AMOUNT, S) = 12.34 FROM PRICES")).isEqualTo("TRUE");
        assertThat(single("SELECT DATE_TRUNC(quarter, '2026-03-05 07:08:09'::TIMESTAMP_NTZ)"))
                .isEqualTo("2026-01-01 00:00:00.000");
        assertThat(single("SELECT DATE_TRUNC('h', '2026-03-05 07:08:09'::TIMESTAMP_NTZ)"))
                .isEqualTo("2026-03-05 07:00:00.000");
        assertThat(single("SELECT LAST_DAY('2024-02-10'::DATE) || '/' || LAST_DAY('2024-02-10'::DATE, 'quarter') || '/'"
                + " || LAST_DAY('2024-02-10 12:00:00'::TIMESTAMP_NTZ, year)")).isEqualTo("2024-02-29/2024-03-31/2024-12-31");
    }

    @Test
    void tryCastAndTheTryConversions_answerNullWhereTheConversionFails_andTheValueWhereItSucceeds() throws Exception {
        // docs: functions/try_cast, try_to_date, try_to_timestamp, try_to_boolean, try_to_double.
        assertThat(single("SELECT TRY_CAST(' 12.345 ' AS NUMBER(10, 2))")).isEqualTo("12.35");
        assertThat(single("SELECT NVL(TRY_CAST('12x' AS NUMBER)::STRING, 'null') || '/'"
                + " || NVL(TRY_CAST('123456' AS NUMBER(5, 2))::STRING, 'null') || '/'"
                + " || NVL(TRY_CAST('2024-02-30' AS DATE)::STRING, 'null') || '/'"
                + " || NVL(TRY_CAST('abcdef' AS VARCHAR(3)), 'null') || '/'"
                + " || NVL(TRY_CAST('maybe' AS BOOLEAN)::STRING, 'null')")).isEqualTo("null/null/null/null/null");
        assertThat(single("SELECT TRY_CAST('2024-02-29' AS DATE)")).isEqualTo("2024-02-29");
        assertThat(single("SELECT TRY_CAST('2024-02-29 10:11:12' AS TIMESTAMP_NTZ)"))
                .isEqualTo("2024-02-29 10:11:12.000");
        assertThat(single("SELECT TRY_CAST('1.5e3' AS DOUBLE) || '/' || TRY_CAST('yes' AS BOOLEAN)"))
                .isEqualTo("1500.0/true");
        try (PreparedStatement prepared = connection.prepareStatement(
                "SELECT TRY_CAST(? AS INTEGER), TRY_CAST(? AS INTEGER)")) {
            prepared.setString(1, "42");
            prepared.setString(2, "forty-two");
            try (ResultSet rows = prepared.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(42);
                assertThat(rows.getObject(2)).isNull();
            }
        }
        assertThatThrownBy(() -> single("SELECT TRY_CAST('1' AS GEOGRAPHY)"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2040));

        assertThat(single("SELECT TRY_TO_DATE('2024-02-29') || '/' || NVL(TRY_TO_DATE('2024-02-30')::STRING, 'null')"
                + " || '/' || TRY_TO_DATE('29/02/2024', 'DD/MM/YYYY')")).isEqualTo("2024-02-29/null/2024-02-29");
        assertThat(single("SELECT TRY_TO_TIMESTAMP('2024-02-29 10:11:12')")).isEqualTo("2024-02-29 10:11:12.000");
        assertThat(single("SELECT NVL(TRY_TO_TIMESTAMP_NTZ('soon')::STRING, 'null') || '/'"
                + " || TRY_TO_BOOLEAN('off') || '/' || NVL(TRY_TO_BOOLEAN('maybe')::STRING, 'null')"))
                .isEqualTo("null/false/null");
        assertThat(single("SELECT TO_DOUBLE(' -2.5E2 ') || '/' || TO_DOUBLE('inf') || '/'"
                + " || NVL(TRY_TO_DOUBLE('0x10')::STRING, 'null')")).isEqualTo("-250.0/Infinity/null");
        assertThatThrownBy(() -> single("SELECT TO_DOUBLE('12abc')"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(100038);
                    assertThat(e.getMessage()).contains("Numeric value '12abc' is not recognized");
                });
    }

    @Test
    void hashEncodingStringAndDateConstructionFunctions_answerAsTheirDocsPagesShow() throws Exception {
        // Digests of the UTF-8 text in lower-case hex (docs: functions/sha1, sha2, md5).
        assertThat(single("SELECT SHA1('abc')")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(single("SELECT SHA2('abc')")).isEqualTo(single("SELECT SHA2_HEX('abc', 256)"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(single("SELECT LENGTH(SHA2('abc', 512)) || '/' || MD5_HEX('abc')"))
                .isEqualTo("128/900150983cd24fb0d6963f7d28e17f72");
        assertThat(single("SELECT HEX_ENCODE('Snow') || '/' || HEX_ENCODE('Snow', 0) || '/' || BASE64_ENCODE('Snowgate')"
                + " || '/' || BASE64_DECODE_STRING('U25vd2dhdGU=')")).isEqualTo("536E6F77/536e6f77/U25vd2dhdGU=/Snowgate");
        assertThat(single("SELECT INITCAP('hello wORLD-wide o''neil') || '/' || REVERSE('abc') || '/'"
                + " || EDITDISTANCE('kitten', 'sitting') || '/' || REGEXP_COUNT('a1b22c333', '[0-9]+') || '/'"
                + " || REGEXP_COUNT('a1b22c333', '[0-9]+', 4)")).isEqualTo("Hello World-Wide O'neil/cba/3/3/2");
        assertThat(single("SELECT NVL(NULLIFZERO(0)::STRING, 'null') || '/' || NULLIFZERO(5) || '/'"
                + " || EQUAL_NULL(NULL, NULL) || '/' || EQUAL_NULL(1, NULL) || '/' || EQUAL_NULL(2, 1 + 1)"))
                .isEqualTo("null/5/true/false/true");
        execute("CREATE TABLE CHECKS (PASSED BOOLEAN)");
        execute("INSERT INTO CHECKS VALUES (TRUE), (FALSE), (TRUE)");
        assertThat(single("SELECT BOOLAND_AGG(PASSED) || '/' || BOOLOR_AGG(PASSED) FROM CHECKS")).isEqualTo("false/true");
        // Out-of-range parts carry over (docs: functions/date_from_parts, timestamp_from_parts).
        assertThat(single("SELECT DATE_FROM_PARTS(2024, 2, 29) || '/' || DATE_FROM_PARTS(2024, 13, 1) || '/'"
                + " || DATE_FROM_PARTS(2024, 3, 0) || '/' || DATE_FROM_PARTS(2024, 0, 1)"))
                .isEqualTo("2024-02-29/2025-01-01/2024-02-29/2023-12-01");
        assertThat(single("SELECT TIMESTAMP_FROM_PARTS(2024, 1, 31, 23, 59, 60)")).isEqualTo("2024-02-01 00:00:00.000");
        assertThat(single("SELECT TIMESTAMP_FROM_PARTS(2024, 1, 31, 10, 0, 0, 500000000)"))
                .isEqualTo("2024-01-31 10:00:00.500");
        // Slices counted from 1970-01-01 00:00:00 (docs: functions/time_slice).
        assertThat(single("SELECT TIME_SLICE('2024-03-05 10:07:30'::TIMESTAMP_NTZ, 15, 'MINUTE')"))
                .isEqualTo("2024-03-05 10:00:00.000");
        assertThat(single("SELECT TIME_SLICE('2024-03-05 10:07:30'::TIMESTAMP_NTZ, 15, 'minute', 'END')"))
                .isEqualTo("2024-03-05 10:15:00.000");
        assertThat(single("SELECT TIME_SLICE('2024-03-05 10:07:30'::TIMESTAMP_NTZ, 2, 'MONTH')"))
                .isEqualTo("2024-03-01 00:00:00.000");
        assertThat(single("SELECT TIME_SLICE('2024-02-05 10:07:30'::TIMESTAMP_NTZ, 4, 'DAY')"))
                .isEqualTo("2024-02-03 00:00:00.000");
        // Weeks from the start of the week holding 1970-01-01: two-week slices start 1969-12-29, 1970-01-12, ...
        assertThat(single("SELECT TIME_SLICE('1970-01-20 08:00:00'::TIMESTAMP_NTZ, 2, 'WEEK') || '/'"
                + " || TIME_SLICE('1970-01-20 08:00:00'::TIMESTAMP_NTZ, 2, 'WEEK', 'END') || '/'"
                + " || TIME_SLICE('1970-01-01 00:00:00'::TIMESTAMP_NTZ, 1, 'WEEK') || '/'"
                + " || TIME_SLICE('2026-12-03 10:07:30'::TIMESTAMP_NTZ, 1, 'week')"))
                .isEqualTo("1970-01-12 00:00:00.000/1970-01-26 00:00:00.000/1969-12-29 00:00:00.000"
                        + "/2026-11-30 00:00:00.000");
        assertThat(single("SELECT NEXT_DAY('2024-01-07'::DATE, 'Monday') || '/' || NEXT_DAY('2024-01-08'::DATE, 'mo')"
                + " || '/' || PREVIOUS_DAY('2024-01-08'::DATE, 'fri')")).isEqualTo("2024-01-08/2024-01-15/2024-01-05");
    }

    @Test
    void valuesInFrom_namesItsColumnsColumn1AndOn_unlessTheStatementNamesThem() throws Exception {
        // docs: constructs/values.
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM VALUES (1, 'one'), (2, 'two') ORDER BY 1")) {
            assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("COLUMN1");
            assertThat(rows.getMetaData().getColumnLabel(2)).isEqualTo("COLUMN2");
        }
        assertThat(single("SELECT LISTAGG(COLUMN2, ',') WITHIN GROUP (ORDER BY COLUMN1) FROM VALUES (2, 'b'), (1, 'a')"))
                .isEqualTo("a,b");
        assertThat(single("SELECT v.COLUMN1 FROM VALUES ('x') AS v")).isEqualTo("x");
        assertThat(single("SELECT n FROM VALUES (5, 'e') AS v (n, s)")).isEqualTo("5");
        execute("CREATE TABLE CODES (CODE NUMBER)");
        execute("INSERT INTO CODES VALUES (1), (2)");
        assertThat(single("SELECT COUNT(*) FROM CODES c JOIN VALUES (1, 'one') names ON names.COLUMN1 = c.CODE"
                + " WHERE names.COLUMN2 = 'one'")).isEqualTo("1");
        assertThat(single("SELECT COUNT(*) FROM CODES c, VALUES (2, 'two') names WHERE names.COLUMN1 = c.CODE"))
                .isEqualTo("1");
    }

    @Test
    void commonSnowflakeFunctions_runUnchanged() throws Exception {
        assertThat(single("SELECT IFF(1 = 1, 'yes', 'no')")).isEqualTo("yes");
        assertThat(single("SELECT SPLIT_PART('a,b,c', ',', 2)")).isEqualTo("b");
        assertThat(single("SELECT TO_DATE('2024-02-29')")).isEqualTo("2024-02-29");
        assertThat(single("SELECT TO_DATE('29/02/2024', 'DD/MM/YYYY')")).isEqualTo("2024-02-29");
        assertThat(single("SELECT DATEADD(day, 1, TO_DATE('2024-02-28'))")).isEqualTo("2024-02-29");
        assertThat(single("SELECT ZEROIFNULL(NULL)")).isEqualTo("0");
        assertThat(single("SELECT TRY_TO_NUMBER('12x') IS NULL AND TRY_TO_NUMBER(' 12.6 ') = 13")).isEqualTo("TRUE");
        assertThat(single("SELECT ARRAY_SIZE(PARSE_JSON('[1, [2, 3]]')) || '/' || NVL(ARRAY_SIZE(PARSE_JSON('{}'))"
                + "::STRING, 'null')")).isEqualTo("2/null");
        assertThat(single("SELECT CONVERT_TIMEZONE('UTC', 'America/New_York', '2026-01-05 15:00:00'::TIMESTAMP_NTZ)"))
                .isEqualTo("2026-01-05 10:00:00.000");
        assertThat(single("SELECT CONVERT_TIMEZONE('Asia/Tokyo', '2026-01-05 15:00:00 +00:00'::TIMESTAMP_TZ)"))
                .startsWith("2026-01-06 00:00:00.000 +0900");
        assertThat(single("SELECT '2026-01-05 15:00:00'::TIMESTAMP_NTZ - INTERVAL '1 DAY'"))
                .isEqualTo("2026-01-04 15:00:00.000");
        assertThat(single("SELECT '2026-01-05 15:00:00'::TIMESTAMP_NTZ + INTERVAL '2 hours, 30 mins'"))
                .isEqualTo("2026-01-05 17:30:00.000");
        assertThat(single("SELECT '2026-01-31'::DATE - INTERVAL '1 month, 1 w'")).isEqualTo("2025-12-24");
        assertThat(single("SELECT '2026-01-05 15:00:00'::TIMESTAMP_NTZ + INTERVAL '90'"))
                .isEqualTo("2026-01-05 15:01:30.000");
        execute("CREATE TABLE SALES (REGION VARCHAR, AMOUNT NUMBER)");
        execute("INSERT INTO SALES VALUES ('eu', 5), ('eu', 20), ('us', 20), ('us', NULL)");
        assertThat(single("SELECT COUNT_IF(AMOUNT > 10) || '/' || APPROX_COUNT_DISTINCT(REGION) FROM SALES"))
                .isEqualTo("2/2");
        assertThat(single("SELECT DIV0(10, 0) || '/' || DIV0(10, 4) || '/' || DIV0NULL(1, NULL) || '/'"
                + " || NVL(DIV0(1, NULL)::STRING, 'null')")).isEqualTo("0/2.500000/0/null");
        assertThat(single("SELECT 'Snowgate' ILIKE ANY ('snow%', 'x') AND 'Snowgate' LIKE ALL ('S%', '%e')"
                + " AND NOT 'Snowgate' LIKE ALL ('S%', 'x')")).isEqualTo("TRUE");
        // A placeholder the expansion copies is bound once, as the driver sends it.
        try (PreparedStatement prepared = connection.prepareStatement(
                "SELECT DIV0(?, ?) || '/' || (? ILIKE ANY (?, 'b%'))")) {
            prepared.setInt(1, 10);
            prepared.setInt(2, 4);
            prepared.setString(3, "Snowgate");
            prepared.setString(4, "SNOW%");
            try (ResultSet rows = prepared.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("2.500000/true");
            }
        }
        // GROUP BY ALL: by every item that aggregates nothing, whatever its alias (REGION here names a column too).
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT UPPER(REGION) AS REGION, 'x' k, SUM(AMOUNT) AS TOTAL,"
                     + " COUNT(*) OVER () AS GROUPS FROM SALES GROUP BY ALL ORDER BY 1")) {
            List<String> found = new ArrayList<>();
            while (rows.next()) {
                found.add(rows.getString(1) + ":" + rows.getString(2) + ":" + rows.getString(3) + ":"
                        + rows.getString(4));
            }
            assertThat(found).containsExactly("EU:x:25:2", "US:x:20:2");
        }
        assertThat(single("SELECT SUM(AMOUNT) FROM SALES GROUP BY ALL")).isEqualTo("45");
        // SELECT * EXCLUDE: one column bare, several in parentheses, on a table's star too.
        for (String sql : List.of("SELECT * EXCLUDE REGION FROM SALES", "SELECT * EXCLUDE (REGION) FROM SALES",
                "SELECT s.* EXCLUDE (REGION) FROM SALES s")) {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                assertThat(rows.getMetaData().getColumnCount()).as(sql).isEqualTo(1);
                assertThat(rows.getMetaData().getColumnLabel(1)).as(sql).isEqualTo("AMOUNT");
            }
        }
        assertThat(single("SELECT 2 * REPLACE('31', '3', '') FROM SALES LIMIT 1")).isEqualTo("2");
        // One column renamed without parentheses (docs: sql/select, RENAME col_name AS col_alias).
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * RENAME AMOUNT AS A FROM SALES")) {
            assertThat(rows.getMetaData().getColumnLabel(2)).isEqualTo("A");
        }
        assertThat(single("SELECT TO_NUMBER('12') + 1")).isEqualTo("13");
        assertThat(single("SELECT NVL(NULL, 'fallback')")).isEqualTo("fallback");
        assertThat(single("SELECT TO_VARCHAR(42)")).isEqualTo("42");
        assertThat(single("SELECT CONTAINS('snowgate', 'gate')")).isEqualTo("TRUE");
        assertThat(single("SELECT CURRENT_TIMESTAMP() IS NOT NULL")).isEqualTo("TRUE");
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT SPLIT_PART('x-y', '-', 1)")) {
            // Named after its text upper-cased, literals too, as the CONCAT docs' example column shows.
            assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("SPLIT_PART('X-Y', '-', 1)");
        }
    }

    @Test
    void concat_isNull_whenAnyArgumentIsNull_asTheConcatenationOperatorIs() throws Exception {
        // docs: functions/concat: "If any of the values is null, the result is also null." H2's CONCAT skips them.
        assertThat(single("SELECT CONCAT('a', NULL, 'b')")).isNull();
        assertThat(single("SELECT concat('a', 'b', 1)")).isEqualTo("ab1");
        assertThat(single("SELECT 'a' || NULL")).isNull();
        try (PreparedStatement select = connection.prepareStatement("SELECT CONCAT('user:', ?)")) {
            select.setNull(1, Types.VARCHAR);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isNull();
                assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("CONCAT('USER:', ?)");
            }
        }
    }

    @Test
    void severalStatementsInOneRequest_areRefused_unlessMultiStatementCountAllowsThem() throws Exception {
        execute("CREATE TABLE T (ID NUMBER)");
        assertThatThrownBy(() -> execute("INSERT INTO T VALUES (1); DROP TABLE T"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(8));
        assertThat(single("SELECT COUNT(*) FROM T")).isEqualTo("0");

        try (Statement statement = connection.createStatement()) {
            statement.unwrap(net.snowflake.client.api.statement.SnowflakeStatement.class)
                    .setParameter("MULTI_STATEMENT_COUNT", 2);
            assertThat(statement.execute("INSERT INTO T VALUES (1), (2); SELECT COUNT(*) AS N FROM T")).isFalse();
            assertThat(statement.getUpdateCount()).isEqualTo(2);
            assertThat(statement.getMoreResults()).isTrue();
            try (ResultSet rows = statement.getResultSet()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt("N")).isEqualTo(2);
            }
        }
    }

    @Test
    void threePartNames_resolveInTheStandInsDatabase() throws Exception {
        execute("CREATE TABLE SNOWGATE.PUBLIC.QUALIFIED (ID NUMBER)");
        execute("INSERT INTO SNOWGATE.PUBLIC.QUALIFIED VALUES (5)");
        assertThat(single("SELECT ID FROM \"SNOWGATE\".PUBLIC.QUALIFIED")).isEqualTo("5");
    }

    @Test
    void createOrReplace_replacesATableItsRowsAndAView_andCreatesOneThatWasNotThere_transientOrNot() throws Exception {
        execute("CREATE TABLE DAILY (N INT)");
        execute("INSERT INTO DAILY VALUES (1), (2)");
        execute("CREATE VIEW DAILY_VIEW AS SELECT N FROM DAILY");

        execute("CREATE OR REPLACE TABLE DAILY AS SELECT 7 AS N");
        assertThat(single("SELECT COUNT(*) || ':' || MAX(N) FROM DAILY")).isEqualTo("1:7");
        execute("CREATE OR REPLACE VIEW DAILY_VIEW AS SELECT N * 2 AS TWICE FROM DAILY");
        assertThat(single("SELECT TWICE FROM DAILY_VIEW")).isEqualTo("14");
        execute("CREATE OR REPLACE TRANSIENT TABLE NEVER_THERE (X INT)");
        execute("CREATE TRANSIENT TABLE STAGED AS SELECT 1 AS X");
        assertThat(single("SELECT X FROM STAGED")).isEqualTo("1");
        execute("CREATE OR REPLACE TEMPORARY TABLE SCRATCH (X INT)");
        assertThat(single("SELECT COUNT(*) FROM NEVER_THERE")).isEqualTo("0");
        assertThat(single("SELECT COUNT(*) FROM SCRATCH")).isEqualTo("0");
    }

    private static java.util.function.Consumer<Throwable> viewExpansionFailure(String view, String cause) {
        return e -> {
            assertThat(e).isInstanceOf(SQLException.class);
            SQLException failure = (SQLException) e;
            assertThat(failure.getErrorCode()).isEqualTo(2037);
            assertThat(failure.getSQLState()).isEqualTo("42601");
            assertThat(failure.getMessage()).contains("Failure during expansion of view '" + view + "'")
                    .contains(cause);
        };
    }

    @Test
    void views_outliveTheTableTheyRead_failingUntilATableOfThatNameIsThereAgain() throws Exception {
        execute("CREATE TABLE ORDERS (AMOUNT INT)");
        execute("INSERT INTO ORDERS VALUES (3), (4)");
        execute("CREATE VIEW ORDER_TOTAL (TOTAL) AS SELECT SUM(AMOUNT) FROM ORDERS");
        execute("COMMENT ON VIEW ORDER_TOTAL IS 'sum of orders'");
        execute("CREATE VIEW ORDER_REPORT AS SELECT TOTAL FROM ORDER_TOTAL");

        execute("CREATE OR REPLACE TABLE ORDERS AS SELECT 10 AS AMOUNT");
        assertThat(single("SELECT TOTAL FROM ORDER_REPORT")).isEqualTo("10");

        execute("DROP TABLE ORDERS");
        assertThatThrownBy(() -> single("SELECT TOTAL FROM ORDER_TOTAL"))
                .satisfies(viewExpansionFailure("ORDER_TOTAL", "Object 'ORDERS' does not exist or not authorized."));
        assertThatThrownBy(() -> single("SELECT TOTAL FROM ORDER_REPORT"))
                .satisfies(viewExpansionFailure("ORDER_REPORT", ""));

        execute("CREATE TABLE ORDERS (AMOUNT INT)");
        execute("INSERT INTO ORDERS VALUES (5)");
        assertThat(single("SELECT TOTAL FROM ORDER_REPORT")).isEqualTo("5");
        // Its comment too (read from the stand-in's own metadata: Snowflake's column is COMMENT).
        assertThat(single("SELECT REMARKS FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'ORDER_TOTAL'"))
                .isEqualTo("sum of orders");
    }

    @Test
    void views_outliveTheViewAndSchemaTheyRead_butNotTheirOwnDropOrSchema() throws Exception {
        execute("CREATE SCHEMA STAGING");
        execute("CREATE TABLE STAGING.LOADS (N INT)");
        execute("INSERT INTO STAGING.LOADS VALUES (2)");
        execute("CREATE VIEW STAGING.LOAD_VIEW AS SELECT N FROM STAGING.LOADS");
        execute("CREATE VIEW LOAD_COUNT AS SELECT COUNT(*) AS LOADED FROM STAGING.LOADS");
        execute("CREATE VIEW LOADS_TWICE AS SELECT N * 2 AS TWICE FROM STAGING.LOAD_VIEW");

        execute("CREATE OR REPLACE VIEW STAGING.LOAD_VIEW AS SELECT N + 1 AS N FROM STAGING.LOADS");
        assertThat(single("SELECT TWICE FROM LOADS_TWICE")).isEqualTo("6");
        execute("DROP VIEW STAGING.LOAD_VIEW");
        assertThatThrownBy(() -> single("SELECT TWICE FROM LOADS_TWICE"))
                .satisfies(viewExpansionFailure("LOADS_TWICE", "does not exist or not authorized."));
        assertThatThrownBy(() -> single("SELECT N FROM STAGING.LOAD_VIEW"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2003));

        execute("CREATE VIEW STAGING.LOAD_VIEW AS SELECT N FROM STAGING.LOADS");
        execute("DROP SCHEMA STAGING");
        assertThatThrownBy(() -> single("SELECT LOADED FROM LOAD_COUNT"))
                .satisfies(viewExpansionFailure("LOAD_COUNT", "does not exist or not authorized."));
        execute("CREATE SCHEMA STAGING");
        execute("CREATE TABLE STAGING.LOADS (N INT)");
        assertThat(single("SELECT LOADED FROM LOAD_COUNT")).isEqualTo("0");
        // The schema's own view went with it.
        assertThatThrownBy(() -> single("SELECT N FROM STAGING.LOAD_VIEW"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2003));
    }

    @Test
    void positionalColumnReferences_nameTheColumnsOfTheOneFromItem_andKeepTheirNameAsTheColumns() throws Exception {
        // docs: constructs/values, "SELECT $1, $2 FROM VALUES (1, 'one'), (2, 'two')".
        execute("CREATE TABLE PAIRS (K NUMBER, V VARCHAR)");
        execute("INSERT INTO PAIRS VALUES (1, 'one'), (2, 'two')");
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT $2, $1 FROM VALUES (1, 'one'), (2, 'two') ORDER BY $1 DESC")) {
            assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("$2");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1) + "/" + rows.getInt(2)).isEqualTo("two/2");
        }
        assertThat(single("SELECT UPPER($2) FROM PAIRS WHERE $1 = 1")).isEqualTo("ONE");
        assertThat(single("SELECT p.$2 FROM PUBLIC.PAIRS p WHERE p.$1 = 2")).isEqualTo("two");
        assertThat(single("SELECT SUM(v.$2) FROM VALUES (1, 10), (2, 20) AS v(a, b)")).isEqualTo("30");
        assertThat(single("WITH c AS (SELECT V AS NAME, K FROM PAIRS) SELECT $1 FROM c WHERE $2 = 2")).isEqualTo("two");
        assertThat(single("SELECT $1 FROM (SELECT V, K FROM PAIRS WHERE K = 1)")).isEqualTo("one");
        // A path step spelled like a clause word is no clause: the FROM is the one after it.
        assertThat(single("SELECT PARSE_JSON('{\"from\": \"x\"}'):from::VARCHAR || $2 FROM PAIRS WHERE $1 = 1"))
                .isEqualTo("xone");
        assertThatThrownBy(() -> single("SELECT $3 FROM PAIRS"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(904));
        // Over several FROM items the stand-in cannot tell whose column it is: refused, not guessed.
        assertThatThrownBy(() -> single("SELECT $1 FROM PAIRS a, PAIRS b"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(2040);
                    assertThat(e.getMessage()).contains("positional column reference $1");
                });
    }

    @Test
    void dollarQuotedStrings_areTakenAsWritten_quotesMarkersAndSemicolonsIncluded() throws Exception {
        assertThat(single("SELECT $$ab?c$$")).isEqualTo("ab?c");
        assertThat(single("SELECT $$it's$$")).isEqualTo("it's");
        assertThat(single("SELECT $$one; two$$ || 'x'")).isEqualTo("one; twox");
        assertThat(single("SELECT $$back\\slash$$")).isEqualTo("back\\slash");
        assertThat(single("SELECT LENGTH($$$$)")).isEqualTo("0");
    }

    @Test
    void backslashEscapesInQuotedStrings_areUndone_soARegexDigitClassIsWrittenWithTwoBackslashes() throws Exception {
        // docs: sql-reference/data-types-text, "Escape sequences in single-quoted string constants"; functions-regexp
        // ("to specify \\d, use \\\\d"). Java text below doubles each backslash once more.
        assertThat(single("SELECT LENGTH('a\\\\b') || LENGTH('a\\tb') || LENGTH('a\\nb') || LENGTH('\\0')"))
                .isEqualTo("3331");
        assertThat(single("SELECT 'it\\'s' || '|' || 'say \\\"hi\\\"' || '|' || '\\x41\\u00e9\\101' || '|' || '\\q'"))
                .isEqualTo("it's|say \"hi\"|A\u00e9A|q");
        assertThat(single("SELECT 'a\\tb' = 'a' || CHR(9) || 'b'")).isEqualTo("TRUE");
        assertThat(single("SELECT REGEXP_LIKE('2026', '\\\\d{4}') || '/' || REGEXP_COUNT('a1b22', '\\\\d+')"))
                .isEqualTo("true/2");
        // \\_ is a literal underscore to LIKE, whose default escape character is the backslash (docs: functions/like).
        assertThat(single("SELECT ('a_c' LIKE 'a\\\\_c') || '/' || ('abc' LIKE 'a\\\\_c')")).isEqualTo("true/false");
        // A dollar-quoted string keeps its backslashes.
        assertThat(single("SELECT LENGTH($$\\d$$)")).isEqualTo("2");
    }

    @Test
    void aPlaceholderInTheSelectList_isDescribedWithoutItsValue_asSnowflakeCompilesIt() throws Exception {
        // snowflake-jdbc's getMetaData on a prepared statement is a describe-only request, before any value is set.
        try (PreparedStatement prepared = connection.prepareStatement("SELECT ? AS N, 1 AS ONE WHERE ? > 0")) {
            java.sql.ResultSetMetaData columns = prepared.getMetaData();

            assertThat(columns.getColumnCount()).isEqualTo(2);
            assertThat(columns.getColumnName(1)).isEqualTo("N");
            assertThat(columns.getColumnName(2)).isEqualTo("ONE");
            prepared.setInt(1, 7);
            prepared.setInt(2, 1);
            try (ResultSet rows = prepared.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("7");
            }
        }
    }
}
