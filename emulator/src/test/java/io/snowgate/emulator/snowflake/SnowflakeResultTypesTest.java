package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.JdbcCalls.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every Snowflake type of the JSON result format, read back through the real driver's getters. */
class SnowflakeResultTypesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final SignedInSnowflake snowflake = SignedInSnowflake.on(() -> new SnowflakeStandIn().start());

    private Connection connection;

    @BeforeEach
    void createAllTypes() throws Exception {
        connection = snowflake.connection();
        execute(connection, "CREATE TABLE ALL_TYPES (N NUMBER(38,0), D NUMBER(10,2), R FLOAT, T VARCHAR, B BOOLEAN,"
                + " DT DATE, TM TIME, NTZ TIMESTAMP_NTZ, LTZ TIMESTAMP_LTZ, TZ TIMESTAMP_TZ, V VARIANT,"
                + " O OBJECT, A ARRAY, BIN BINARY)");
        execute(connection, "INSERT INTO ALL_TYPES VALUES (42, 1.50, 3.25, 'héllo ✓', TRUE, '2024-01-01',"
                + " '12:34:56.123456789', '2024-01-01 12:34:56.123456789', '2024-01-01 12:34:56.123456789+00:00',"
                + " '2024-01-01 13:34:56.123456789+01:00', PARSE_JSON('{\"a\":[1,2]}'), '{\"k\":\"v\"}', '[1,\"x\"]',"
                + " X'DEADBEEF')");
        execute(connection, "INSERT INTO ALL_TYPES (N) VALUES (NULL)");
    }

    private ResultSet firstRow() throws Exception {
        ResultSet rows = connection.createStatement().executeQuery("SELECT * FROM ALL_TYPES WHERE N IS NOT NULL");
        assertThat(rows.next()).isTrue();
        return rows;
    }

    @Test
    void numbers_arriveAsFixedAndReal() throws Exception {
        try (ResultSet rows = firstRow()) {
            ResultSetMetaData meta = rows.getMetaData();
            assertThat(rows.getObject("N")).isEqualTo(42L);
            assertThat(rows.getInt("N")).isEqualTo(42);
            assertThat(meta.getColumnType(1)).isEqualTo(Types.BIGINT);
            assertThat(rows.getBigDecimal("D")).isEqualByComparingTo(new BigDecimal("1.50"));
            assertThat(rows.getString("D")).isEqualTo("1.50");
            assertThat(meta.getColumnType(2)).isEqualTo(Types.DECIMAL);
            assertThat(meta.getScale(2)).isEqualTo(2);
            assertThat(rows.getDouble("R")).isEqualTo(3.25);
            assertThat(meta.getColumnType(3)).isEqualTo(Types.DOUBLE);
        }
    }

    @Test
    void sumsAndAveragesOfAFloat_andAFloatPlusANumber_areFloats_withTheirFractions() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(R + D), SUM(R), AVG(R), MAX(R - D) FROM ALL_TYPES")) {
            assertThat(rows.next()).isTrue();
            ResultSetMetaData meta = rows.getMetaData();
            double[] expected = {4.75, 3.25, 3.25, 1.75};
            for (int column = 1; column <= expected.length; column++) {
                assertThat(meta.getColumnType(column)).as(meta.getColumnLabel(column)).isEqualTo(Types.DOUBLE);
                assertThat(rows.getDouble(column)).as(meta.getColumnLabel(column)).isEqualTo(expected[column - 1]);
            }
        }
    }

    @Test
    void textAndBoolean_arriveAsVarcharAndBoolean() throws Exception {
        try (ResultSet rows = firstRow()) {
            assertThat(rows.getString("T")).isEqualTo("héllo ✓");
            assertThat(rows.getMetaData().getColumnType(4)).isEqualTo(Types.VARCHAR);
            assertThat(rows.getBoolean("B")).isTrue();
            assertThat(rows.getString("B")).isEqualTo("TRUE");
            assertThat(rows.getMetaData().getColumnType(5)).isEqualTo(Types.BOOLEAN);
        }
    }

    @Test
    void dateAndTime_arriveAsDaysAndSecondsOfTheDay() throws Exception {
        try (ResultSet rows = firstRow()) {
            assertThat(rows.getDate("DT").toLocalDate()).isEqualTo(LocalDate.of(2024, 1, 1));
            assertThat(rows.getString("DT")).isEqualTo("2024-01-01");
            assertThat(rows.getTime("TM").toLocalTime()).isEqualTo(LocalTime.of(12, 34, 56));
            assertThat(rows.getString("TM")).isEqualTo("12:34:56");
        }
    }

    @Test
    void theThreeTimestamps_keepTheirMeaning() throws Exception {
        try (ResultSet rows = firstRow()) {
            assertThat(rows.getTimestamp("NTZ").toLocalDateTime())
                    .isEqualTo(LocalDateTime.of(2024, 1, 1, 12, 34, 56, 123_456_789));
            assertThat(rows.getTimestamp("LTZ").toInstant()).isEqualTo(Instant.parse("2024-01-01T12:34:56.123456789Z"));
            assertThat(rows.getTimestamp("TZ").toInstant()).isEqualTo(Instant.parse("2024-01-01T12:34:56.123456789Z"));
            assertThat(rows.getString("TZ")).isEqualTo("2024-01-01 13:34:56.123 +0100");
            ResultSetMetaData meta = rows.getMetaData();
            assertThat(meta.getColumnTypeName(8)).isEqualTo("TIMESTAMPNTZ");
            assertThat(meta.getColumnTypeName(9)).isEqualTo("TIMESTAMPLTZ");
            assertThat(meta.getColumnTypeName(10)).isEqualTo("TIMESTAMPTZ");
        }
    }

    @Test
    void semiStructuredValues_arriveAsJsonText() throws Exception {
        try (ResultSet rows = firstRow()) {
            assertThat(JSON.readTree(rows.getString("V"))).isEqualTo(JSON.readTree("{\"a\":[1,2]}"));
            assertThat(rows.getString("V")).as("Snowflake's pretty layout").isEqualTo("{\n  \"a\": [\n    1,\n    2\n  ]\n}");
            assertThat(JSON.readTree(rows.getString("O"))).isEqualTo(JSON.readTree("{\"k\":\"v\"}"));
            assertThat(JSON.readTree(rows.getString("A"))).isEqualTo(JSON.readTree("[1,\"x\"]"));
            ResultSetMetaData meta = rows.getMetaData();
            assertThat(meta.getColumnTypeName(11)).isEqualTo("VARIANT");
            assertThat(meta.getColumnTypeName(12)).isEqualTo("OBJECT");
            assertThat(meta.getColumnTypeName(13)).isEqualTo("ARRAY");
        }
    }

    @Test
    void parseJson_isAVariantColumn_prettyPrinted_asSnowflakeTypesIt() throws Exception {
        try (ResultSet rows = connection.createStatement().executeQuery(
                "SELECT PARSE_JSON('{\"a\": [1, 2]}') AS V, PARSE_JSON(NULL) AS NOTHING, PARSE_JSON('\"x\"') AS S")) {
            assertThat(rows.next()).isTrue();
            ResultSetMetaData meta = rows.getMetaData();
            assertThat(meta.getColumnTypeName(1)).isEqualTo("VARIANT");
            assertThat(meta.getColumnTypeName(3)).isEqualTo("VARIANT");
            assertThat(rows.getString("V")).isEqualTo("{\n  \"a\": [\n    1,\n    2\n  ]\n}");
            assertThat(rows.getString("NOTHING")).isNull();
            assertThat(rows.getString("S")).isEqualTo("\"x\"");
        }
        // Snowflake: 100069 (22P02) "Error parsing JSON: ...", a repeated key included (PARSE_JSON reference).
        for (String text : List.of("{oops", "{\"a\": 1, \"a\": 2}")) {
            assertThatThrownBy(() -> connection.createStatement().executeQuery("SELECT PARSE_JSON('" + text + "')"))
                    .isInstanceOfSatisfying(java.sql.SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(100069);
                        assertThat(e.getSQLState()).isEqualTo("22P02");
                        assertThat(e.getMessage()).startsWith("Error parsing JSON: ");
                    });
        }
    }

    @Test
    void parseJson_keepsADecimalThatFitsANumberExactly_andMakesOthersDoubles_asSnowflakeStoresThem()
            throws Exception {
        // PARSE_JSON usage notes: 123.45 is a NUMBER(5,2), not a DOUBLE; scientific notation, or a number no NUMBER
        // holds, is a DOUBLE; an empty or blank string is NULL, not an error.
        try (ResultSet rows = connection.createStatement().executeQuery("SELECT"
                + " PARSE_JSON('{\"amount\": 12345678901234567890.123}') AS EXACT,"
                + " PARSE_JSON('12345678901234567890123456789012345678901') AS TOO_LONG,"
                + " PARSE_JSON('1.2345e+02') AS SCIENTIFIC, PARSE_JSON('') AS EMPTY, PARSE_JSON('  ') AS BLANK")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("EXACT"))
                    .isEqualTo("{\n  \"amount\": 12345678901234567890.123\n}");
            assertThat(new java.math.BigDecimal(rows.getString("TOO_LONG")))
                    .isEqualByComparingTo(String.valueOf(1.2345678901234568e40));
            assertThat(Double.parseDouble(rows.getString("SCIENTIFIC"))).isEqualTo(123.45);
            assertThat(rows.getString("EMPTY")).isNull();
            assertThat(rows.getString("BLANK")).isNull();
        }
        assertThatThrownBy(() -> connection.createStatement().executeQuery("SELECT PARSE_JSON('{} {}')"))
                .isInstanceOfSatisfying(java.sql.SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(100069);
                    assertThat(e.getMessage()).startsWith("Error parsing JSON: more than one document in the input");
                });
    }

    @Test
    void binary_arrivesAsBytes() throws Exception {
        try (ResultSet rows = firstRow()) {
            assertThat(rows.getBytes("BIN")).containsExactly(0xDE, 0xAD, 0xBE, 0xEF);
            assertThat(rows.getString("BIN")).isEqualTo("DEADBEEF");
            assertThat(rows.getMetaData().getColumnType(14)).isEqualTo(Types.BINARY);
        }
    }

    @Test
    void everyType_readBackByResultScanOfAnAsyncRun_isTypedExactlyAsTheSynchronousAnswer() throws Exception {
        String sql = "SELECT * FROM ALL_TYPES ORDER BY N NULLS LAST";
        List<List<Object>> direct;
        List<List<Object>> polled;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            direct = describe(rows);
        }
        try (Statement statement = connection.createStatement()) {
            // The driver's async result set polls monitoring, then reads select * from table(result_scan('<id>')).
            ResultSet async = statement.unwrap(net.snowflake.client.api.statement.SnowflakeStatement.class)
                    .executeAsyncQuery(sql);
            try (ResultSet rows = async) {
                polled = describe(rows);
            }
        }
        assertThat(snowflake.get().queries()).anySatisfy(q -> assertThat(q.sqlText()).containsIgnoringCase("result_scan"));

        assertThat(polled).hasSameSizeAs(direct);
        for (int i = 0; i < direct.size(); i++) {
            assertThat(polled.get(i)).as("row %d (metadata first)", i).isEqualTo(direct.get(i));
        }
    }

    /** Per column its JDBC metadata, then per row every cell as getString and getObject. */
    private static List<List<Object>> describe(ResultSet rows) throws Exception {
        ResultSetMetaData meta = rows.getMetaData();
        List<List<Object>> described = new ArrayList<>();
        List<Object> columns = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            columns.add(List.of(meta.getColumnLabel(c), meta.getColumnType(c), meta.getColumnTypeName(c),
                    meta.getPrecision(c), meta.getScale(c), meta.isNullable(c)));
        }
        described.add(columns);
        while (rows.next()) {
            List<Object> row = new ArrayList<>();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                Object value = rows.getObject(c);
                row.add(java.util.Arrays.asList(rows.getString(c),
                        value instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : value));
            }
            described.add(row);
        }
        return described;
    }

    @Test
    void resultScan_renamesDuplicateColumnNames_withTheNextFreeNumber() throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1 AS ID, 2 AS ID, 3 AS ID, 'a' AS A, 'b' AS A_1, 'c' AS A").close();
            try (ResultSet rows = statement.executeQuery("SELECT * FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()))")) {
                ResultSetMetaData meta = rows.getMetaData();
                List<String> names = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    names.add(meta.getColumnLabel(c));
                }
                assertThat(names).containsExactly("ID", "ID_1", "ID_2", "A", "A_1", "A_2");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt("ID_2")).isEqualTo(3);
                assertThat(rows.getString("A_2")).isEqualTo("c");
            }
        }
    }

    @Test
    void nulls_ofEveryType_areSqlNull() throws Exception {
        try (ResultSet rows = connection.createStatement().executeQuery("SELECT * FROM ALL_TYPES WHERE N IS NULL")) {
            assertThat(rows.next()).isTrue();
            for (int column = 1; column <= 14; column++) {
                assertThat(rows.getObject(column)).as("column %d", column).isNull();
                assertThat(rows.wasNull()).isTrue();
            }
        }
    }
}
