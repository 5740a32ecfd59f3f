package io.snowgate.emulator.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Snowflake functions whose answers differ from H2's functions of the same name or that H2 lacks, through the real
 * driver, each checked against its docs page.
 */
class SnowflakeFunctionsTest {

    @RegisterExtension
    final SignedInSnowflake snowflake = SignedInSnowflake.on(() -> new SnowflakeStandIn().start());

    @Test
    void regexpLike_matchesTheWholeSubject_inEveryItsSpellings() throws Exception {
        // docs: functions/regexp_like ("implicitly anchors a pattern at both ends"), functions/rlike, functions/regexp.
        assertThat(snowflake.single("SELECT REGEXP_LIKE('abc', 'b') || '/' || REGEXP_LIKE('abc', 'a.c') || '/'"
                + " || RLIKE('abc', 'b.*') || '/' || RLIKE('abc', '.*b.*')")).isEqualTo("FALSE/TRUE/FALSE/TRUE");
        assertThat(snowflake.single("SELECT ('abc' REGEXP 'b') || '/' || ('abc' RLIKE 'a.*') || '/'"
                + " || ('abc' NOT RLIKE 'b') || '/' || ('ABC' RLIKE 'abc')")).isEqualTo("FALSE/TRUE/TRUE/FALSE");
        assertThat(snowflake.single("SELECT REGEXP_LIKE('ABC', 'abc', 'i') || '/' || REGEXP_LIKE('ABC', 'abc', 'ic')"
                + " || '/' || REGEXP_LIKE('a' || CHR(10) || 'b', 'a.b', 's') || '/' || REGEXP_LIKE('a' || CHR(10) || 'b', 'a.b')"))
                .isEqualTo("TRUE/FALSE/TRUE/FALSE");
        assertThat(snowflake.single("SELECT NVL(REGEXP_LIKE(NULL, 'a')::STRING, 'null')")).isEqualTo("null");
        snowflake.execute("CREATE TABLE CODES (CODE VARCHAR)");
        snowflake.execute("INSERT INTO CODES VALUES ('AB-12'), ('XAB-12'), ('ab-123')");
        assertThat(snowflake.single("SELECT LISTAGG(CODE, ',') WITHIN GROUP (ORDER BY CODE) FROM CODES"
                + " WHERE CODE RLIKE '[A-Z]{2}-[0-9]{2}'")).isEqualTo("AB-12");
        assertThat(snowflake.single("SELECT COUNT(*) FROM CODES WHERE CODES.CODE NOT REGEXP '[A-Z]{2}-[0-9]{2}'"))
                .isEqualTo("2");
        try (PreparedStatement prepared = snowflake.connection().prepareStatement(
                "SELECT COUNT(*) FROM CODES WHERE REGEXP_LIKE(CODE, ?, 'i')")) {
            prepared.setString(1, "[a-z]{2}-[0-9]+");
            try (ResultSet rows = prepared.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void arrayFunctions_answerWhatTheirDocsExamplesShow() throws Exception {
        // docs: functions/array_append, array_prepend, array_insert, array_cat: a new array each time.
        assertThat(snowflake.single("SELECT TO_JSON(ARRAY_APPEND(PARSE_JSON('[1,2]'), 3)) || ' '"
                + " || TO_JSON(ARRAY_APPEND(ARRAY_CONSTRUCT(1), 'five')) || ' ' || TO_JSON(ARRAY_PREPEND(PARSE_JSON('[1]'), 0))"
                + " || ' ' || TO_JSON(ARRAY_CAT(PARSE_JSON('[1,2]'), ARRAY_CONSTRUCT(3,4)))"))
                .isEqualTo("[1,2,3] [1,\"five\"] [0,1] [1,2,3,4]");
        assertThat(snowflake.single("SELECT TO_JSON(ARRAY_INSERT(ARRAY_CONSTRUCT(0,1,2,3), 2, 'hello')) || ' '"
                + " || TO_JSON(ARRAY_INSERT(ARRAY_CONSTRUCT(0,1,2,3), 5, 'hello')) || ' '"
                + " || TO_JSON(ARRAY_INSERT(ARRAY_CONSTRUCT(0,1,2,3), -1, 'hello'))"))
                .isEqualTo("[0,1,\"hello\",2,3] [0,1,2,3,null,\"hello\"] [0,1,2,\"hello\",3]");
        // docs: functions/array_slice, its examples over [0..6].
        assertThat(snowflake.single("SELECT TO_JSON(ARRAY_SLICE(A, 0, 2)) || ' ' || TO_JSON(ARRAY_SLICE(A, 0, -2))"
                + " || ' ' || TO_JSON(ARRAY_SLICE(A, -5, -3)) || ' ' || TO_JSON(ARRAY_SLICE(A, 10, 12)) || ' '"
                + " || TO_JSON(ARRAY_SLICE(A, -10, -12)) || ' ' || NVL(TO_JSON(ARRAY_SLICE(A, NULL, 2)), 'null')"
                + " FROM (SELECT ARRAY_CONSTRUCT(0,1,2,3,4,5,6) AS A)"))
                .isEqualTo("[0,1] [0,1,2,3,4] [2,3] [] [] null");
        // docs: functions/array_distinct, array_compact, arrays_overlap (NULL-safe), array_position (0-based).
        assertThat(snowflake.single("SELECT TO_JSON(ARRAY_DISTINCT(PARSE_JSON('[\"A\",\"A\",\"B\",null,null]'))) || ' '"
                + " || TO_JSON(ARRAY_COMPACT(PARSE_JSON('[10,null,30]'))) || ' '"
                + " || ARRAYS_OVERLAP(PARSE_JSON('[1,2,null]'), PARSE_JSON('[3,null,5]')) || ' '"
                + " || ARRAYS_OVERLAP(ARRAY_CONSTRUCT(1), ARRAY_CONSTRUCT(2)) || ' '"
                + " || ARRAY_POSITION('b', SPLIT('a,b', ',')) || ' ' || ARRAY_POSITION(2, PARSE_JSON('[1, 2.0]')) || ' '"
                + " || NVL(ARRAY_POSITION(9, ARRAY_CONSTRUCT(1))::STRING, 'null')"))
                .isEqualTo("[\"A\",\"B\",null] [10,30] TRUE FALSE 1 1 null");
        // docs: functions/array_to_string, both of its examples.
        assertThat(snowflake.single("SELECT ARRAY_TO_STRING(PARSE_JSON('[true, 1, -1.2e-3, \"Abc\", [\"x\",\"y\"],"
                + " {\"a\":1}]'), ', ')")).isEqualTo("true, 1, -0.0012, Abc, [\"x\",\"y\"], {\"a\":1}");
        assertThat(snowflake.single("SELECT ARRAY_TO_STRING(ARRAY_CONSTRUCT('A', NULL, 'B'), ', ')")).isEqualTo("A, , B");
        // docs: functions/get: by 0-based index or by key, NULL where there is none.
        assertThat(snowflake.single("SELECT GET(PARSE_JSON('[1,2]'), 1) || ' ' || TO_JSON(GET(PARSE_JSON('{\"a\":{\"b\":1}}'),"
                + " 'a')) || ' ' || NVL(GET(PARSE_JSON('{\"a\":1}'), 'A')::STRING, 'null')")).isEqualTo("2 {\"b\":1} null");
        // A VARIANT column holding an array works as one; one holding an object is no array.
        snowflake.execute("CREATE TABLE DOCS (ID NUMBER, V VARIANT)");
        snowflake.execute("INSERT INTO DOCS SELECT 1, PARSE_JSON('[3, 4]') UNION ALL SELECT 2, PARSE_JSON('{\"a\": 1}')");
        assertThat(snowflake.single("SELECT TO_JSON(ARRAY_APPEND(V, 'x')) || ' ' || ARRAY_SIZE(ARRAY_PREPEND(V, V))"
                + " || ' ' || ARRAY_APPEND(V, 5)[2] FROM DOCS WHERE ID = 1")).isEqualTo("[3,4,\"x\"] 3 5");
        assertThatThrownBy(() -> snowflake.single("SELECT ARRAY_APPEND(V, 1) FROM DOCS WHERE ID = 2"))
                .isInstanceOf(SQLException.class).hasMessageContaining("ARRAY_APPEND");
    }

    @Test
    void objectFunctions_answerWhatTheirDocsExamplesShow_andAnExistingKeyIsNotSilentlyReplaced() throws Exception {
        // docs: functions/object_keys, object_insert, object_delete, object_pick.
        assertThat(snowflake.single("SELECT TO_JSON(OBJECT_KEYS(PARSE_JSON('{\"a\": 1, \"b\": {\"c\": 2}}')))"))
                .isEqualTo("[\"a\",\"b\"]");
        assertThat(snowflake.single("SELECT TO_JSON(OBJECT_INSERT(PARSE_JSON('{\"a\":1}'), 'b', 2)) || ' '"
                + " || TO_JSON(OBJECT_INSERT(PARSE_JSON('{\"a\":1}'), 'a', 'z', TRUE)) || ' '"
                + " || TO_JSON(OBJECT_INSERT(PARSE_JSON('{\"a\":1}'), 'b', NULL)) || ' '"
                + " || TO_JSON(OBJECT_INSERT(PARSE_JSON('{\"a\":1}'), 'b', PARSE_JSON('null')))"))
                .isEqualTo("{\"a\":1,\"b\":2} {\"a\":\"z\"} {\"a\":1} {\"a\":1,\"b\":null}");
        assertThatThrownBy(() -> snowflake.single("SELECT OBJECT_INSERT(PARSE_JSON('{\"a\":1}'), 'a', 2)"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(93202);
                    assertThat(e.getSQLState()).isEqualTo("23001");
                    assertThat(e.getMessage()).contains("OBJECT_INSERT").contains("field a").doesNotContain("SQL statement");
                });
        assertThat(snowflake.single("SELECT TO_JSON(OBJECT_DELETE(PARSE_JSON('{\"a\":1,\"b\":2,\"c\":3}'), 'a', 'b'))"
                + " || ' ' || TO_JSON(OBJECT_PICK(PARSE_JSON('{\"a\":1,\"b\":2,\"c\":3}'), 'a', 'b', 'z')) || ' '"
                + " || TO_JSON(OBJECT_PICK(PARSE_JSON('{\"a\":1,\"b\":2}'), ARRAY_CONSTRUCT('b')))"))
                .isEqualTo("{\"c\":3} {\"a\":1,\"b\":2} {\"b\":2}");
    }

    @Test
    void typeFunctions_tellWhatAVariantHolds_andConvertOnlyTheTypeTheyName() throws Exception {
        // docs: functions/typeof, its examples: -17 INTEGER, 123.12 DECIMAL, 1.912e2 DOUBLE, a JSON null NULL_VALUE.
        // (The stand-in tells a DOUBLE only by an exponent in its text, so 1.912e20 here: see emulator/README.md.)
        assertThat(snowflake.single("SELECT TYPEOF(PARSE_JSON('-17')) || ' ' || TYPEOF(PARSE_JSON('123.12')) || ' '"
                + " || TYPEOF(PARSE_JSON('1.912e20')) || ' ' || TYPEOF(PARSE_JSON('null')) || ' ' || TYPEOF(PARSE_JSON('true'))"
                + " || ' ' || TYPEOF(PARSE_JSON('\"s\"')) || ' ' || TYPEOF(PARSE_JSON('[]')) || ' ' || TYPEOF(PARSE_JSON('{}'))"
                + " || ' ' || TYPEOF('text') || ' ' || NVL(TYPEOF(NULL), 'null')"))
                .isEqualTo("INTEGER DECIMAL DOUBLE NULL_VALUE BOOLEAN VARCHAR ARRAY OBJECT VARCHAR null");
        // docs: functions/is_decimal, is_double-real: an integer is a DECIMAL and a DOUBLE too.
        assertThat(snowflake.single("SELECT IS_INTEGER(PARSE_JSON('5')) || ' ' || IS_DECIMAL(PARSE_JSON('5')) || ' '"
                + " || IS_DOUBLE(PARSE_JSON('5')) || ' ' || IS_INTEGER(PARSE_JSON('5.5')) || ' ' || IS_ARRAY(PARSE_JSON('[1]'))"
                + " || ' ' || IS_OBJECT(PARSE_JSON('[1]')) || ' ' || IS_VARCHAR(PARSE_JSON('\"s\"')) || ' '"
                + " || IS_BOOLEAN(PARSE_JSON('false'))")).isEqualTo("TRUE TRUE TRUE FALSE TRUE FALSE TRUE TRUE");
        // docs: functions/as_char-varchar, as_integer, as_decimal-number, as_double-real, as_boolean: NULL, not a
        // conversion, for a value of another type.
        assertThat(snowflake.single("SELECT AS_VARCHAR(PARSE_JSON('\"s\"')) || ' ' || NVL(AS_VARCHAR(PARSE_JSON('1')), 'null')"
                + " || ' ' || AS_INTEGER(PARSE_JSON('5')) || ' ' || NVL(AS_INTEGER(PARSE_JSON('5.5'))::STRING, 'null') || ' '"
                + " || AS_NUMBER(PARSE_JSON('5.5')) || ' ' || AS_DOUBLE(PARSE_JSON('5.5')) || ' ' || AS_BOOLEAN(PARSE_JSON('true'))"
                + " || ' ' || NVL(AS_BOOLEAN(PARSE_JSON('\"true\"'))::STRING, 'null')"))
                .isEqualTo("s null 5 null 6 5.5 TRUE null");
        // docs: functions/is_null_value, strip_null_value: a JSON null is not SQL NULL until stripped.
        assertThat(snowflake.single("SELECT IS_NULL_VALUE(PARSE_JSON('null')) || ' ' || IS_NULL_VALUE(PARSE_JSON('1')) || ' '"
                + " || (STRIP_NULL_VALUE(PARSE_JSON('null')) IS NULL) || ' ' || (PARSE_JSON('null') IS NULL) || ' '"
                + " || STRIP_NULL_VALUE(PARSE_JSON('7'))")).isEqualTo("TRUE FALSE TRUE FALSE 7");
        // docs: functions/to_json (a JSON null is the text null), check_json (NULL for valid JSON).
        assertThat(snowflake.single("SELECT TO_JSON(PARSE_JSON('{ \"a\" : [1, 2.50] }')) || ' ' || TO_JSON(PARSE_JSON('null'))"
                + " || ' ' || NVL(TO_JSON(NULL), 'sql null') || ' ' || NVL(CHECK_JSON('{\"a\": 1}'), 'valid')"))
                .isEqualTo("{\"a\":[1,2.50]} null sql null valid");
        assertThat(snowflake.single("SELECT CHECK_JSON('{\"a\": }')")).isNotBlank();
    }

    @Test
    void arrayAgg_nestsVariantsAndLeavesOutNulls_inTheOrderWithinGroupAsks() throws Exception {
        snowflake.execute("CREATE TABLE EVENTS (ID NUMBER, KIND VARCHAR, DAY DATE, PAYLOAD VARIANT)");
        snowflake.execute("INSERT INTO EVENTS SELECT 1, 'a', '2024-01-31'::DATE, PARSE_JSON('{\"n\": 1}')"
                + " UNION ALL SELECT 2, NULL, '2024-02-29'::DATE, PARSE_JSON('[2]')"
                + " UNION ALL SELECT 3, 'a', NULL, NULL");
        // docs: functions/array_agg: NULL values are left out; a VARIANT stays one, not its text; a date is its text.
        assertThat(snowflake.single("SELECT TO_JSON(ARRAY_AGG(PAYLOAD) WITHIN GROUP (ORDER BY ID)) FROM EVENTS"))
                .isEqualTo("[{\"n\":1},[2]]");
        assertThat(snowflake.single("SELECT TO_JSON(ARRAY_AGG(KIND) WITHIN GROUP (ORDER BY ID DESC)) || ' '"
                + " || TO_JSON(ARRAY_AGG(DAY) WITHIN GROUP (ORDER BY DAY)) || ' '"
                + " || TO_JSON(ARRAY_UNIQUE_AGG(KIND)) || ' ' || TO_JSON(ARRAY_AGG(PAYLOAD:n) WITHIN GROUP (ORDER BY ID))"
                + " FROM EVENTS")).isEqualTo("[\"a\",\"a\"] [\"2024-01-31\",\"2024-02-29\"] [\"a\"] [1]");
        try (Statement statement = snowflake.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT ARRAY_AGG(ID) WITHIN GROUP (ORDER BY ID) AS IDS FROM EVENTS")) {
            assertThat(rows.getMetaData().getColumnTypeName(1)).isEqualTo("ARRAY");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("[\n  1,\n  2,\n  3\n]");
        }
        // docs: functions/object_agg: pairs with a NULL key or value are left out; a repeated key is an error.
        assertThat(snowflake.single("SELECT TO_JSON(OBJECT_AGG(KIND, ID::VARIANT)) FROM EVENTS WHERE ID < 3"))
                .isEqualTo("{\"a\":1}");
        assertThat(snowflake.single("SELECT TO_JSON(OBJECT_AGG(ID::STRING, PAYLOAD)) FROM EVENTS"))
                .isEqualTo("{\"1\":{\"n\":1},\"2\":[2]}");
        assertThatThrownBy(() -> snowflake.single("SELECT OBJECT_AGG(KIND, ID) FROM EVENTS"))
                .isInstanceOf(SQLException.class).hasMessageContaining("Duplicate field key 'a'");
    }

    @Test
    void strtok_splitsOnAnyDelimiterCharacter_andNeverAnswersAnEmptyToken() throws Exception {
        // docs: functions/strtok, strtok_to_array.
        assertThat(snowflake.single("SELECT STRTOK('a.b.c', '.', 2) || ' ' || STRTOK('hello world') || ' '"
                + " || NVL(STRTOK('user@snowflake.com.', '@.', 4), 'null') || ' ' || STRTOK('a.b', '', 1) || ' '"
                + " || TO_JSON(STRTOK_TO_ARRAY('a.b..c', '.')) || ' ' || TO_JSON(STRTOK_TO_ARRAY('x  y'))"))
                .isEqualTo("b hello null a.b [\"a\",\"b\",\"c\"] [\"x\",\"y\"]");
    }

    @Test
    void firstLastAndNthValue_lookAtTheWholeWindowByDefault_asSnowflakeNotAnsiFramesThem() throws Exception {
        // docs: functions/last_value and functions/nth_value, their examples: every row of a partition gets the
        // partition's last (second) value; functions-window-syntax: the whole window is their default frame.
        String values = " FROM VALUES (1, 10), (1, 11), (1, 12), (2, 20), (2, 21), (2, 22) ORDER BY COLUMN1, COLUMN2";
        assertThat(column("SELECT LAST_VALUE(COLUMN2) OVER (PARTITION BY COLUMN1 ORDER BY COLUMN2)" + values))
                .containsExactly("12", "12", "12", "22", "22", "22");
        assertThat(column("SELECT NTH_VALUE(COLUMN2, 2) OVER (PARTITION BY COLUMN1 ORDER BY COLUMN2)" + values))
                .containsExactly("11", "11", "11", "21", "21", "21");
        assertThat(column("SELECT FIRST_VALUE(COLUMN2) OVER (PARTITION BY COLUMN1 ORDER BY COLUMN2 DESC)" + values))
                .containsExactly("12", "12", "12", "22", "22", "22");
        // A frame the statement names is kept; an aggregate's default stays cumulative, ties included (RANGE).
        assertThat(column("SELECT LAST_VALUE(COLUMN2) OVER (PARTITION BY COLUMN1 ORDER BY COLUMN2"
                + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)" + values))
                .containsExactly("10", "11", "12", "20", "21", "22");
        assertThat(column("SELECT SUM(COLUMN2) OVER (ORDER BY COLUMN1) FROM VALUES (1, 10), (1, 11), (2, 20)"
                + " ORDER BY COLUMN2")).containsExactly("21", "21", "41");
    }

    private List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = snowflake.connection().createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
