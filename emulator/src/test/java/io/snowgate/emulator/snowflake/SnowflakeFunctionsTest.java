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
                + " || RLIKE('abc', 'b.*') || '/' || RLIKE('abc', '.*b.*')")).isEqualTo("false/true/false/true");
        assertThat(snowflake.single("SELECT ('abc' REGEXP 'b') || '/' || ('abc' RLIKE 'a.*') || '/'"
                + " || ('abc' NOT RLIKE 'b') || '/' || ('ABC' RLIKE 'abc')")).isEqualTo("false/true/true/false");
        assertThat(snowflake.single("SELECT REGEXP_LIKE('ABC', 'abc', 'i') || '/' || REGEXP_LIKE('ABC', 'abc', 'ic')"
                + " || '/' || REGEXP_LIKE('a' || CHR(10) || 'b', 'a.b', 's') || '/' || REGEXP_LIKE('a' || CHR(10) || 'b', 'a.b')"))
                .isEqualTo("true/false/true/false");
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
    void regexpReplaceSubstrAndInstr_takeSnowflakesArguments_andBackslashGroupReferences() throws Exception {
        // docs: functions/regexp_replace, regexp_substr, regexp_instr, regexp_substr_all. H2's REGEXP_REPLACE took
        // '\\1' for text and '$' for a group reference (failing), and neither function took occurrence or 'e'.
        assertThat(rows("SELECT REGEXP_REPLACE('abc', '(b)', '\\\\1\\\\1'), REGEXP_REPLACE('abc', 'b', '$'),"
                + " REGEXP_REPLACE('abcb', 'b', 'X', 1, 2), REGEXP_REPLACE('abcb', 'b', 'X', 3), REGEXP_REPLACE('abc', 'b'),"
                + " REGEXP_REPLACE('Abc', 'a', 'X', 1, 0, 'i')"))
                .containsExactly("abbc|a$c|abcX|abcX|ac|Xbc");
        assertThat(rows("SELECT REGEXP_SUBSTR('a1b22', '\\\\d+', 1, 2), NVL(REGEXP_SUBSTR('a1b22', '\\\\d+', 1, 3), 'null'),"
                + " REGEXP_SUBSTR('key=v1', '(\\\\w+)=(\\\\w+)', 1, 1, 'e'), REGEXP_SUBSTR('key=v1', '(\\\\w+)=(\\\\w+)', 1, 1, 'e', 2),"
                + " REGEXP_SUBSTR('key=v1', '\\\\w+=\\\\w+', 1, 1, 'e')"))
                .containsExactly("22|null|key|v1|key=v1");
        assertThat(rows("SELECT REGEXP_INSTR('abcb', 'b'), REGEXP_INSTR('abcb', 'b', 1, 2), REGEXP_INSTR('abcb', 'bc', 1, 1, 1),"
                + " REGEXP_INSTR('abc', 'z'), REGEXP_SUBSTR_ALL('a1b22', '\\\\d+')::STRING,"
                + " REGEXP_SUBSTR_ALL('a1b22', '([a-z])\\\\d', 1, 1, 'e')::STRING"))
                .containsExactly("2|4|4|0|[\"1\",\"22\"]|[\"a\",\"b\"]");
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
                .isEqualTo("[\"A\",\"B\",null] [10,30] true false 1 1 null");
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
    void arraySortExtremesSetsAndRanges_answerWhatTheirDocsPagesSay() throws Exception {
        // docs: functions/array_sort, array_min, array_max, array_flatten, array_generate_range, array_except
        // ([A, B, B, C] except [B] is [A, B, C]), array_intersection, array_remove, to_array, to_variant.
        assertThat(rows("SELECT ARRAY_SORT(ARRAY_CONSTRUCT(3, NULL, 1, 2))::STRING,"
                + " ARRAY_SORT(ARRAY_CONSTRUCT(3, NULL, 1, 2), FALSE)::STRING,"
                + " ARRAY_SORT(ARRAY_CONSTRUCT('b', 'a'), TRUE, TRUE)::STRING,"
                + " ARRAY_MIN(ARRAY_CONSTRUCT(3, 1, 2)), ARRAY_MAX(ARRAY_CONSTRUCT('a', NULL, 'c'))::STRING"))
                .containsExactly("[1,2,3,null]|[null,3,2,1]|[\"a\",\"b\"]|1|c");
        assertThat(rows("SELECT ARRAY_FLATTEN(PARSE_JSON('[[1, 2], [3], [[4]]]'))::STRING,"
                + " NVL(ARRAY_FLATTEN(PARSE_JSON('[[1], null]'))::STRING, 'null'),"
                + " ARRAY_GENERATE_RANGE(2, 5)::STRING, ARRAY_GENERATE_RANGE(5, 0, -2)::STRING,"
                + " ARRAY_SIZE(ARRAY_GENERATE_RANGE(5, 2))"))
                .containsExactly("[1,2,3,[4]]|null|[2,3,4]|[5,3,1]|0");
        assertThatThrownBy(() -> snowflake.single("SELECT ARRAY_FLATTEN(PARSE_JSON('[[1], 2]'))"))
                .isInstanceOf(SQLException.class);
        assertThat(rows("SELECT ARRAY_EXCEPT(ARRAY_CONSTRUCT('A', 'B', 'B', 'C'), ARRAY_CONSTRUCT('B'))::STRING,"
                + " ARRAY_INTERSECTION(ARRAY_CONSTRUCT(1, 2, 2, 3), ARRAY_CONSTRUCT(2, 2, 4))::STRING,"
                + " ARRAY_REMOVE(ARRAY_CONSTRUCT('a', 'b', 'a'), 'a')::STRING, TO_ARRAY(1)::STRING,"
                + " TO_ARRAY(PARSE_JSON('[1,2]'))::STRING, TYPEOF(TO_VARIANT('x'))"))
                .containsExactly("[\"A\",\"B\",\"C\"]|[2,2]|[\"b\"]|[1]|[1,2]|VARCHAR");
        // A date spine, the usual use of a generated range.
        assertThat(rows("SELECT DATEADD(DAY, f.value::INT, '2026-12-01'::DATE)"
                + " FROM TABLE(FLATTEN(INPUT => ARRAY_GENERATE_RANGE(0, 3))) f ORDER BY 1"))
                .containsExactly("2026-12-01", "2026-12-02", "2026-12-03");
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
    void objectKeys_comeOutInOrder_asSnowflakeKeepsThem_whateverOrderTheyWereWrittenIn() throws Exception {
        // docs: functions/to_json: TO_JSON(PARSE_JSON('{"b":1,"a":2}')) is {"a":2,"b":1}.
        assertThat(snowflake.single("SELECT TO_JSON(PARSE_JSON('{\"b\":1,\"a\":2}'))")).isEqualTo("{\"a\":2,\"b\":1}");
        assertThat(snowflake.single("SELECT PARSE_JSON('{\"z\": {\"y\": 1, \"x\": [{\"d\": 1, \"c\": 2}]}, \"a\": 0}')"))
                .isEqualTo("{\n  \"a\": 0,\n  \"z\": {\n    \"x\": [\n      {\n        \"c\": 2,\n        \"d\": 1\n      }\n"
                        + "    ],\n    \"y\": 1\n  }\n}");
        assertThat(snowflake.single("SELECT TO_JSON(OBJECT_CONSTRUCT('name', 'Joe', 'age', 21))"))
                .isEqualTo("{\"age\":21,\"name\":\"Joe\"}");
        assertThat(snowflake.single("SELECT OBJECT_CONSTRUCT('name', 'Joe', 'age', 21)"))
                .isEqualTo("{\n  \"age\": 21,\n  \"name\": \"Joe\"\n}");
        assertThat(snowflake.single("SELECT TO_JSON(OBJECT_KEYS(OBJECT_INSERT(PARSE_JSON('{\"m\": 1}'), 'b', 2)))"))
                .isEqualTo("[\"b\",\"m\"]");
        assertThat(rows("SELECT f.KEY FROM TABLE(FLATTEN(INPUT => PARSE_JSON('{\"m\": 1, \"b\": 2, \"x\": 3}'))) f"))
                .containsExactly("b", "m", "x");
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
                + " || IS_BOOLEAN(PARSE_JSON('false'))")).isEqualTo("true true true false true false true true");
        // docs: functions/as_char-varchar, as_integer, as_decimal-number, as_double-real, as_boolean: NULL, not a
        // conversion, for a value of another type.
        assertThat(snowflake.single("SELECT AS_VARCHAR(PARSE_JSON('\"s\"')) || ' ' || NVL(AS_VARCHAR(PARSE_JSON('1')), 'null')"
                + " || ' ' || AS_INTEGER(PARSE_JSON('5')) || ' ' || NVL(AS_INTEGER(PARSE_JSON('5.5'))::STRING, 'null') || ' '"
                + " || AS_NUMBER(PARSE_JSON('5.5')) || ' ' || AS_DOUBLE(PARSE_JSON('5.5')) || ' ' || AS_BOOLEAN(PARSE_JSON('true'))"
                + " || ' ' || NVL(AS_BOOLEAN(PARSE_JSON('\"true\"'))::STRING, 'null')"))
                .isEqualTo("s null 5 null 6 5.5 true null");
        // docs: functions/is_null_value, strip_null_value: a JSON null is not SQL NULL until stripped.
        assertThat(snowflake.single("SELECT IS_NULL_VALUE(PARSE_JSON('null')) || ' ' || IS_NULL_VALUE(PARSE_JSON('1')) || ' '"
                + " || (STRIP_NULL_VALUE(PARSE_JSON('null')) IS NULL) || ' ' || (PARSE_JSON('null') IS NULL) || ' '"
                + " || STRIP_NULL_VALUE(PARSE_JSON('7'))")).isEqualTo("true false true false 7");
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
        assertThat(rows("SELECT LAST_VALUE(COLUMN2) OVER (PARTITION BY COLUMN1 ORDER BY COLUMN2)" + values))
                .containsExactly("12", "12", "12", "22", "22", "22");
        assertThat(rows("SELECT NTH_VALUE(COLUMN2, 2) OVER (PARTITION BY COLUMN1 ORDER BY COLUMN2)" + values))
                .containsExactly("11", "11", "11", "21", "21", "21");
        assertThat(rows("SELECT FIRST_VALUE(COLUMN2) OVER (PARTITION BY COLUMN1 ORDER BY COLUMN2 DESC)" + values))
                .containsExactly("12", "12", "12", "22", "22", "22");
        // A frame the statement names is kept; an aggregate's default stays cumulative, ties included (RANGE).
        assertThat(rows("SELECT LAST_VALUE(COLUMN2) OVER (PARTITION BY COLUMN1 ORDER BY COLUMN2"
                + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)" + values))
                .containsExactly("10", "11", "12", "20", "21", "22");
        assertThat(rows("SELECT SUM(COLUMN2) OVER (ORDER BY COLUMN1) FROM VALUES (1, 10), (1, 11), (2, 20)"
                + " ORDER BY COLUMN2")).containsExactly("21", "21", "41");
    }

    @Test
    void monthArithmetic_keepsTheLastDayOfTheMonth_andCountsFractionsOf31Days() throws Exception {
        // docs: functions/add_months, its examples; a fraction of a month rounds to the nearest whole one.
        assertThat(snowflake.single("SELECT ADD_MONTHS('2016-02-29'::DATE, 1) || ' ' || ADD_MONTHS('2016-05-31'::DATE, -1)"
                + " || ' ' || ADD_MONTHS('2016-01-30'::DATE, 1) || ' ' || ADD_MONTHS('2016-01-15'::DATE, 1.6)"))
                .isEqualTo("2016-03-31 2016-04-30 2016-02-29 2016-03-15");
        assertThat(rows("SELECT ADD_MONTHS(TS, 1) FROM (SELECT '2016-01-31 10:30:00'::TIMESTAMP_NTZ AS TS"
                + " UNION ALL SELECT '2016-05-15 08:00:00'::TIMESTAMP_NTZ) ORDER BY 1"))
                .containsExactly("2016-02-29 10:30:00.000", "2016-06-15 08:00:00.000");
        // docs: functions/months_between, every example of its table.
        assertThat(snowflake.single("SELECT MONTHS_BETWEEN('2019-03-15'::DATE, '2019-02-15'::DATE) || ' '"
                + " || MONTHS_BETWEEN('2019-03-31'::DATE, '2019-02-28'::DATE) || ' '"
                + " || MONTHS_BETWEEN('2019-03-01'::DATE, '2019-02-15'::DATE) || ' '"
                + " || MONTHS_BETWEEN('2019-03-01 02:00:00'::TIMESTAMP_NTZ, '2019-02-15 01:00:00'::TIMESTAMP_NTZ) || ' '"
                + " || MONTHS_BETWEEN('2019-02-15 02:00:00'::TIMESTAMP_NTZ, '2019-02-15 01:00:00'::TIMESTAMP_NTZ) || ' '"
                + " || MONTHS_BETWEEN('2019-03-30'::DATE, '2019-02-28'::DATE) || ' '"
                + " || MONTHS_BETWEEN('2019-02-01'::DATE, '2019-03-01'::DATE)"))
                .isEqualTo("1.000000 1.000000 0.548387 0.549731 0.000000 1.064516 -1.000000");
    }

    @Test
    void epochNumbers_becomeTimestampsInUtc_scaledAsAsked_orByTheirSizeInAString() throws Exception {
        // docs: functions/to_timestamp: seconds by default, scale 3/6/9 for milli-, micro- and nanoseconds; a string
        // of an integer is taken in the unit its size says, so each of these is 1971-01-01.
        assertThat(snowflake.single("SELECT TO_TIMESTAMP(1000000000) || ' ' || TO_TIMESTAMP(1000000000, 3) || ' '"
                + " || TO_TIMESTAMP(1000000000, 6) || ' ' || TO_TIMESTAMP_NTZ(1000000000, 9)"))
                .isEqualTo("2001-09-09 01:46:40.000 1970-01-12 13:46:40.000 1970-01-01 00:16:40.000 1970-01-01 00:00:01.000");
        assertThat(rows("SELECT TO_TIMESTAMP(V) FROM (SELECT '31536000' AS V UNION ALL SELECT '31536000000'"
                + " UNION ALL SELECT '31536000000000' UNION ALL SELECT '31536000000000000')"))
                .containsOnly("1971-01-01 00:00:00.000");
        assertThat(snowflake.single("SELECT TO_TIMESTAMP(1700000000.5)")).isEqualTo("2023-11-14 22:13:20.500");
        assertThat(snowflake.single("SELECT TO_DATE('31536000000')")).isEqualTo("1971-01-01");
        // docs: functions/to_time: the example's 31536002400 (milliseconds, by its size) is 00:00:02.
        assertThat(snowflake.single("SELECT TO_TIME('31536002400')")).isEqualTo("00:00:02");
        assertThat(snowflake.single("SELECT TO_TIME('12:34:56')")).isEqualTo("12:34:56");
        // TO_TIMESTAMP_LTZ reads text in the session's time zone.
        snowflake.execute("ALTER SESSION SET TIMEZONE = 'Asia/Tokyo'");
        assertThat(snowflake.single("SELECT DATE_PART(epoch_second, TO_TIMESTAMP_LTZ('2024-01-01 09:00:00'))"))
                .isEqualTo("1704067200");
    }

    @Test
    void toNumberWithPrecisionAndScale_roundsToTheScale_andRefusesWhatThePrecisionCannotHold() throws Exception {
        // docs: functions/to_decimal, its examples and its out-of-range error.
        assertThat(snowflake.single("SELECT TO_NUMBER('12.3456', 10, 1) || ' ' || TO_NUMBER('12.3456', 10, 8) || ' '"
                + " || TO_DECIMAL('98.76546', 10, 1) || ' ' || TO_NUMERIC('98.76546') || ' ' || TRY_TO_NUMBER('12.345', 10, 2)"
                + " || ' ' || NVL(TRY_TO_NUMBER('x', 10, 2)::STRING, 'null') || ' '"
                + " || NVL(TRY_TO_DECIMAL('123456', 5, 2)::STRING, 'null')"))
                .isEqualTo("12.3 12.34560000 98.8 99 12.35 null null");
        assertThatThrownBy(() -> snowflake.single("SELECT TO_NUMBER('12.3456', 10, 9)"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(100039);
                    assertThat(e.getSQLState()).isEqualTo("22003");
                    assertThat(e.getMessage()).isEqualTo("Numeric value '12.3456' is out of range");
                });
    }

    @Test
    void toNumberWithAFormat_readsTheTextAsTheModelDescribesIt_theDocsInputExamplesIncluded() throws Exception {
        // docs: sql-format-models, "Input examples": '9' accepts a missing or blank leading digit, '0' does not.
        assertThat(rows("SELECT TO_NUMBER('012,345.67', '999,999.99', 8, 2), TO_NUMBER('12,345.67', '999,999.99', 8, 2),"
                + " TO_NUMBER(' 12,345.67', '999,999.99', 8, 2), TO_NUMBER('012,345.67', '000,000.00', 8, 2)"))
                .containsExactly("12345.67|12345.67|12345.67|12345.67");
        for (String text : List.of("12,345.67", " 12,345.67")) {
            assertThatThrownBy(() -> snowflake.single("SELECT TO_NUMBER('" + text + "', '000,000.00', 8, 2)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(100038);
                        assertThat(e.getMessage()).isEqualTo("Numeric value '" + text + "' is not recognized");
                    });
        }
        // The docs' alternatives: a minus sign before or after; without a format '102-' is not a number.
        assertThat(rows("SELECT TO_NUMBER(v, 'MI999|999MI') FROM VALUES ('-101'), ('102-'), ('103') AS t(v)"))
                .containsExactly("-101", "-102", "103");
        assertThatThrownBy(() -> snowflake.single("SELECT TO_NUMBER('102-')"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(100038));
        // The scale defaults to 0, rounding (docs: functions/to_decimal); '$', optional group separators whose groups
        // must still fit, hexadecimal, text-minimal, explicit signs, an exponent, literals and AUTO.
        assertThat(rows("SELECT TO_DECIMAL('$345.12', '$999.00'), TO_DECIMAL('-$345.12', '$999.00', 5, 2),"
                + " TO_NUMBER('1234', '9,999'), TO_NUMBER('ff', 'XX'), TO_NUMBER('12.5', 'TM9', 10, 1),"
                + " TO_NUMBER('1.5E3', 'TME'), TO_NUMBER('7-', '99S'), TO_NUMBER('1.234E3', '9.999EEEE'),"
                + " TO_NUMBER('>12<', '\">\"99\"<\"'), TO_NUMBER('.5', 'B9.9', 3, 1), TO_NUMBER('12', 'AUTO'),"
                + " TO_NUMBER(12.4, '99')"))
                .containsExactly("345|-345.12|1234|255|12.5|1500|-7|1234|12|0.5|12|12");
        for (String call : List.of("TO_NUMBER('12,34', '9,999')", "TO_NUMBER('123', '99')",
                "TO_NUMBER('12.345', '99.99', 5, 2)", "TO_NUMBER('12', 'S99')", "TO_NUMBER('1.5E3', 'TM9')",
                "TO_NUMBER('.5', '9.9', 3, 1)")) {
            assertThatThrownBy(() -> snowflake.single("SELECT " + call))
                    .as(call).isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(100038));
        }
        assertThat(rows("SELECT NVL(TRY_TO_NUMBER('abc', '999')::STRING, 'null'), TRY_TO_DECIMAL('1.234', '9.999', 5, 2)"))
                .containsExactly("null|1.23");
        assertThatThrownBy(() -> snowflake.single("SELECT TO_NUMBER('99999', '99999', 3)"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(100039));
        // Exact mode is not modelled: refused, not read as lax.
        assertThatThrownBy(() -> snowflake.single("SELECT TRY_TO_NUMBER('1', 'FX9')"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2040));
    }

    @Test
    void countOfSeveralColumns_skipsRowsWithANull_andMaxByPicksTheValueOfTheGreatestKey() throws Exception {
        snowflake.execute("CREATE TABLE SCORES (ID NUMBER, NAME VARCHAR, SCORE NUMBER(5, 2))");
        snowflake.execute("INSERT INTO SCORES VALUES (1, 'a', 1.50), (1, 'a', 1.50), (2, NULL, 9.99), (NULL, 'b', 0.10),"
                + " (3, 'c', 2.25)");
        // docs: functions/count: a row where any argument is NULL is not counted; DISTINCT counts combinations.
        assertThat(snowflake.single("SELECT COUNT(ID, NAME) || ' ' || COUNT(DISTINCT ID, NAME) || ' ' || COUNT(DISTINCT ID)"
                + " FROM SCORES")).isEqualTo("3 2 3");
        // docs: functions/max_by, min_by: rows whose key is NULL are ignored; the value keeps its own type.
        assertThat(snowflake.single("SELECT MAX_BY(NAME, ID) || ' ' || MIN_BY(NAME, ID) || ' ' || MAX_BY(SCORE, ID) || ' '"
                + " || NVL(MAX_BY(NAME, SCORE), 'null') FROM SCORES")).isEqualTo("c a 2.25 null");
    }

    @Test
    void haversine_answersTheDocsExampleDistance() throws Exception {
        // docs: functions/haversine: New York to Los Angeles, in kilometres.
        assertThat(Double.parseDouble(snowflake.single("SELECT HAVERSINE(40.7127, -74.0059, 34.0500, -118.2500)")))
                .isCloseTo(3936.385096389, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void averagesAndMedians_takeSnowflakesScale_andKeepTheCallAsTheColumnName() throws Exception {
        // INT is NUMBER(38,0) (docs: data-types-numeric): it holds more than 32 bits, and H2's integer average (a
        // DOUBLE) or NUMBER average (cut to scale 0) is not what Snowflake answers.
        snowflake.execute("CREATE TABLE ORDERS (QTY INT, PRICE NUMBER(10, 2), RATE FLOAT, N NUMBER)");
        snowflake.execute("INSERT INTO ORDERS VALUES (1, 10.00, 1.5, 1), (2, 20.00, 2.0, 2), (2, 25.00, 2.0, 2),"
                + " (5000000000, 60.00, 1.0, 12345678901234567890123456789012345678)");
        try (Statement statement = snowflake.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT AVG(QTY), AVG(PRICE), MEDIAN(PRICE),"
                     + " PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY PRICE), MEDIAN(RATE), AVG(N) / 1, MAX(N)"
                     + " FROM ORDERS WHERE QTY < 10")) {
            assertThat(rows.next()).isTrue();
            // docs: functions/avg: an average of integers to 6 places, of NUMBER(p,s) to s + 6.
            assertThat(rows.getString(1)).isEqualTo("1.666667");
            assertThat(rows.getString(2)).isEqualTo("18.33333333");
            // docs: functions/median, percentile_cont: NUMBER(10,2) gives scale 5 (the examples' 22.50000, 17.50000).
            assertThat(rows.getString(3)).isEqualTo("20.00000");
            assertThat(rows.getString(4)).isEqualTo("15.00000");
            assertThat(rows.getDouble(5)).isEqualTo(2.0);
            assertThat(rows.getMetaData().getColumnType(5)).isEqualTo(java.sql.Types.DOUBLE);
            assertThat(rows.getString(6)).isEqualTo("1.666667");
            assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("AVG(QTY)");
            assertThat(rows.getMetaData().getColumnLabel(3)).isEqualTo("MEDIAN(PRICE)");
            assertThat(rows.getMetaData().getColumnLabel(6)).isEqualTo("AVG(N) / 1");
        }
        assertThat(snowflake.single("SELECT MAX(QTY) || ' ' || MAX(N) FROM ORDERS"))
                .isEqualTo("5000000000 12345678901234567890123456789012345678");
        assertThat(rows("SELECT AVG(QTY) OVER (PARTITION BY RATE) FROM ORDERS WHERE QTY < 10 ORDER BY RATE, QTY"))
                .containsExactly("1.000000", "2.000000", "2.000000");
    }

    @Test
    void rollupCubeAndGroupingSets_addTheSubtotalRows_withGroupingTellingThemApart() throws Exception {
        snowflake.execute("CREATE TABLE SALES (STATE VARCHAR, CITY VARCHAR, AMOUNT NUMBER(10, 2))");
        snowflake.execute("INSERT INTO SALES VALUES ('CA', 'SF', 10.00), ('CA', 'LA', 20.00), ('NY', 'NYC', 30.00),"
                + " ('NY', 'NYC', 5.00)");
        // docs: constructs/group-by-rollup: (state, city), (state), () and NULL where a row totals over a column.
        assertThat(rows("SELECT STATE, CITY, SUM(AMOUNT) AS TOTAL FROM SALES GROUP BY ROLLUP (STATE, CITY)"
                + " ORDER BY STATE, CITY")).containsExactly("CA|LA|20.00", "CA|SF|10.00", "CA|null|30.00",
                "NY|NYC|35.00", "NY|null|35.00", "null|null|65.00");
        // docs: constructs/group-by-cube: every combination; GROUPING's bits say which columns a row totals over.
        assertThat(rows("SELECT STATE, CITY, SUM(AMOUNT), GROUPING(STATE, CITY) FROM SALES GROUP BY CUBE (STATE, CITY)"
                + " ORDER BY 4, 1, 2")).containsExactly("CA|LA|20.00|0", "CA|SF|10.00|0", "NY|NYC|35.00|0",
                "CA|null|30.00|1", "NY|null|35.00|1", "null|LA|20.00|2", "null|NYC|35.00|2", "null|SF|10.00|2",
                "null|null|65.00|3");
        // docs: constructs/group-by-grouping-sets; a WHERE bind is bound once, however many blocks read it.
        try (PreparedStatement prepared = snowflake.connection().prepareStatement("SELECT STATE, CITY, COUNT(*)"
                + " FROM SALES WHERE AMOUNT > ? GROUP BY GROUPING SETS ((STATE), (CITY)) HAVING COUNT(*) > 0"
                + " ORDER BY 1, 2")) {
            prepared.setBigDecimal(1, new java.math.BigDecimal("9.99"));
            try (ResultSet rows = prepared.executeQuery()) {
                List<String> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(rows.getString(1) + "|" + rows.getString(2) + "|" + rows.getString(3));
                }
                assertThat(found).containsExactly("CA|null|2", "NY|null|1", "null|LA|1", "null|NYC|1", "null|SF|1");
                assertThat(rows.getMetaData().getColumnLabel(2)).isEqualTo("CITY");
            }
        }
        // Columns keep the names Snowflake gives them, a plain GROUP BY item before the ROLLUP is in every set.
        try (Statement statement = snowflake.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT STATE, CITY, GROUPING(CITY), COUNT(*) FROM SALES"
                     + " GROUP BY STATE, ROLLUP (CITY) ORDER BY 1, 2")) {
            assertThat(rows.getMetaData().getColumnLabel(3)).isEqualTo("GROUPING(CITY)");
            assertThat(rows.getMetaData().getColumnLabel(4)).isEqualTo("COUNT(*)");
            List<String> found = new ArrayList<>();
            while (rows.next()) {
                found.add(rows.getString(1) + "|" + rows.getString(2) + "|" + rows.getString(3));
            }
            assertThat(found).containsExactly("CA|LA|0", "CA|SF|0", "CA|null|1", "NY|NYC|0", "NY|null|1");
        }
    }

    @Test
    void sample_keepsEachRowWithTheGivenProbability_orTakesAFixedNumberOfRows() throws Exception {
        // docs: constructs/sample.
        snowflake.execute("CREATE TABLE READINGS AS SELECT SEQ4() AS N FROM TABLE(GENERATOR(ROWCOUNT => 1000))");
        assertThat(snowflake.single("SELECT COUNT(*) FROM READINGS SAMPLE (100)")).isEqualTo("1000");
        assertThat(snowflake.single("SELECT COUNT(*) FROM READINGS TABLESAMPLE BERNOULLI (0)")).isEqualTo("0");
        // Each row with probability 10%: 100 expected, 40 to 200 is more than nine standard deviations either side.
        assertThat(Integer.parseInt(snowflake.single("SELECT COUNT(*) FROM READINGS AS R SAMPLE ROW (10) SEED (7)")))
                .isBetween(40, 200);
        assertThat(snowflake.single("SELECT COUNT(DISTINCT R.N) FROM READINGS R SAMPLE (7 ROWS)")).isEqualTo("7");
        assertThat(snowflake.single("SELECT COUNT(R.N) FROM PUBLIC.READINGS R SAMPLE (100)")).isEqualTo("1000");
        assertThat(snowflake.single("SELECT COUNT(*) FROM (SELECT N FROM READINGS WHERE N < 3) SAMPLE (10 ROWS)"))
                .isEqualTo("3");
        assertThatThrownBy(() -> snowflake.single("SELECT COUNT(*) FROM READINGS SAMPLE SYSTEM (5 ROWS)"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2040));
    }

    @Test
    void pivotAndUnpivot_turnValuesIntoColumnsAndBack_asTheDocsExamplesShow() throws Exception {
        // docs: constructs/pivot, its monthly_sales example and the columns it names 'JAN', 'FEB' ... quotes included.
        snowflake.execute("CREATE TABLE MONTHLY_SALES (EMPID INT, AMOUNT INT, MONTH TEXT)");
        snowflake.execute("INSERT INTO MONTHLY_SALES VALUES (1, 10000, 'JAN'), (1, 400, 'JAN'), (2, 4500, 'JAN'),"
                + " (2, 35000, 'JAN'), (1, 5000, 'FEB'), (1, 3000, 'FEB'), (2, 200, 'FEB'), (2, 90500, 'FEB'),"
                + " (1, 6000, 'MAR'), (1, 5000, 'MAR'), (2, 2500, 'MAR'), (2, 9500, 'MAR'), (1, 8000, 'APR'),"
                + " (1, 10000, 'APR'), (2, 800, 'APR'), (2, 4500, 'APR')");
        try (Statement statement = snowflake.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM MONTHLY_SALES"
                     + " PIVOT(SUM(AMOUNT) FOR MONTH IN ('JAN', 'FEB', 'MAR', 'APR')) AS P ORDER BY EMPID")) {
            assertThat(rows.getMetaData().getColumnCount()).isEqualTo(5);
            assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("EMPID");
            assertThat(rows.getMetaData().getColumnLabel(2)).isEqualTo("'JAN'");
        }
        assertThat(rows("SELECT * FROM MONTHLY_SALES PIVOT(SUM(AMOUNT) FOR MONTH IN ('JAN', 'FEB', 'MAR', 'APR')) AS P"
                + " ORDER BY EMPID")).containsExactly("1|10400|8000|11000|18000", "2|39500|90700|12000|5300");
        // A qualified table with an alias of its own is one source.
        assertThat(rows("SELECT * FROM PUBLIC.MONTHLY_SALES S PIVOT(SUM(AMOUNT) FOR MONTH IN ('JAN')) ORDER BY EMPID"))
                .containsExactly("1|10400", "2|39500");
        assertThat(rows("SELECT * FROM (SELECT EMPID, AMOUNT, MONTH FROM MONTHLY_SALES WHERE EMPID = 1)"
                + " PIVOT(MAX(AMOUNT) FOR MONTH IN ('JAN', 'MAY') DEFAULT ON NULL (0))"))
                .containsExactly("1|10000|0");
        // Over a common table expression, by its select list or its column list.
        assertThat(rows("WITH Q1 AS (SELECT EMPID, AMOUNT, MONTH FROM MONTHLY_SALES WHERE MONTH IN ('JAN', 'FEB'))"
                + " SELECT * FROM Q1 PIVOT(COUNT(AMOUNT) FOR MONTH IN ('JAN', 'FEB')) ORDER BY EMPID"))
                .containsExactly("1|2|2", "2|2|2");
        assertThat(rows("WITH Q (E, A, M) AS (SELECT * FROM MONTHLY_SALES) SELECT * FROM Q"
                + " PIVOT(MIN(A) FOR M IN ('APR')) ORDER BY E")).containsExactly("1|8000", "2|800");
        assertThatThrownBy(() -> snowflake.single("SELECT * FROM MONTHLY_SALES PIVOT(SUM(AMOUNT) FOR MONTH IN (ANY))"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2040));
        // docs: constructs/unpivot: one row per listed column, a NULL left out unless INCLUDE NULLS.
        snowflake.execute("CREATE TABLE MONTHLY (EMPID INT, DEPT TEXT, JAN INT, FEB INT)");
        snowflake.execute("INSERT INTO MONTHLY VALUES (1, 'electronics', 100, 200), (2, 'clothes', 100, NULL)");
        assertThat(rows("SELECT * FROM MONTHLY UNPIVOT(SALES FOR MONTH IN (JAN, FEB)) ORDER BY EMPID, MONTH"))
                .containsExactly("1|electronics|FEB|200", "1|electronics|JAN|100", "2|clothes|JAN|100");
        assertThat(rows("SELECT EMPID, MONTH, SALES FROM MONTHLY UNPIVOT INCLUDE NULLS (SALES FOR MONTH IN (JAN, FEB)) U"
                + " WHERE EMPID = 2 ORDER BY MONTH")).containsExactly("2|FEB|null", "2|JAN|100");
    }

    @Test
    void selectStarModifiers_pickReplaceAndRenameTheTablesColumns_inTheTablesOrder() throws Exception {
        // docs: sql/select: * ILIKE, * EXCLUDE, * REPLACE and * RENAME, in that order.
        snowflake.execute("CREATE TABLE EMP (EMP_ID INT, FIRST_NAME TEXT, LAST_NAME TEXT, DEPT_ID INT, SALARY INT)");
        snowflake.execute("INSERT INTO EMP VALUES (1, 'Ada', 'Lovelace', 10, 100), (2, 'Alan', 'Turing', 20, 200)");
        try (Statement statement = snowflake.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT * ILIKE '%NAME' FROM EMP")) {
            assertThat(rows.getMetaData().getColumnCount()).isEqualTo(2);
            assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("FIRST_NAME");
            assertThat(rows.getMetaData().getColumnLabel(2)).isEqualTo("LAST_NAME");
        }
        assertThat(rows("SELECT * EXCLUDE (FIRST_NAME, LAST_NAME) REPLACE (SALARY * 2 AS SALARY) RENAME (EMP_ID AS ID)"
                + " FROM EMP E WHERE E.DEPT_ID = 20")).containsExactly("2|20|400");
        try (Statement statement = snowflake.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT * RENAME (EMP_ID AS ID, DEPT_ID AS DEPT) FROM EMP")) {
            assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("ID");
            assertThat(rows.getMetaData().getColumnLabel(4)).isEqualTo("DEPT");
        }
        assertThat(rows("SELECT * ILIKE '%id' REPLACE ('d' || DEPT_ID AS DEPT_ID) FROM EMP ORDER BY 1"))
                .containsExactly("1|d10", "2|d20");
        assertThat(rows("WITH PAID AS (SELECT EMP_ID, SALARY AS PAY FROM EMP) SELECT * RENAME (PAY AS TOTAL) FROM PAID"
                + " ORDER BY 1")).containsExactly("1|100", "2|200");
        assertThatThrownBy(() -> snowflake.single("SELECT * RENAME (EMP_ID AS ID) FROM EMP A JOIN EMP B USING (EMP_ID)"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2040));
    }

    @Test
    void autoincrementColumnsAndSequences_numberNewRows_asTheirStartAndStepSay() throws Exception {
        // docs: sql/create-table, "AUTOINCREMENT | IDENTITY": (start, step) or START n INCREMENT m, 1 and 1 by default.
        snowflake.execute("CREATE TABLE TICKETS (ID INT AUTOINCREMENT, TITLE TEXT)");
        snowflake.execute("CREATE TABLE ORDERS (ID NUMBER IDENTITY(100, 10) NOORDER, ITEM TEXT)");
        snowflake.execute("CREATE TABLE EVENTS (ID INT AUTOINCREMENT START 5 INCREMENT -1 ORDER, KIND TEXT)");
        for (String table : List.of("TICKETS (TITLE)", "ORDERS (ITEM)", "EVENTS (KIND)")) {
            snowflake.execute("INSERT INTO " + table + " VALUES ('a'), ('b')");
        }
        assertThat(rows("SELECT ID FROM TICKETS ORDER BY ID")).containsExactly("1", "2");
        assertThat(rows("SELECT ID FROM ORDERS ORDER BY ID")).containsExactly("100", "110");
        assertThat(rows("SELECT ID FROM EVENTS ORDER BY ID DESC")).containsExactly("5", "4");
        // docs: sql/create-sequence and sql-reference/sequences: seq.NEXTVAL, in a query or a column's DEFAULT.
        snowflake.execute("CREATE SEQUENCE INVOICE_NUMBERS START = 1000 INCREMENT = 5");
        assertThat(snowflake.single("SELECT INVOICE_NUMBERS.NEXTVAL")).isEqualTo("1000");
        snowflake.execute("CREATE TABLE INVOICES (NO NUMBER DEFAULT INVOICE_NUMBERS.NEXTVAL, TOTAL INT)");
        snowflake.execute("INSERT INTO INVOICES (TOTAL) VALUES (7)");
        assertThat(snowflake.single("SELECT NO FROM INVOICES")).isEqualTo("1005");
        assertThatThrownBy(() -> snowflake.single("SELECT NO_SUCH_SEQUENCE.NEXTVAL"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2003));
    }

    @Test
    void updateFromDeleteUsingInsertOverwriteAndClone_changeTheRowsAsSnowflakeDoes_andCountThem() throws Exception {
        snowflake.execute("CREATE TABLE TARGET (ID INT, V TEXT)");
        snowflake.execute("CREATE TABLE SOURCE (ID INT, V TEXT)");
        snowflake.execute("INSERT INTO TARGET VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        snowflake.execute("INSERT INTO SOURCE VALUES (2, 'B'), (3, 'C')");
        try (Statement statement = snowflake.connection().createStatement()) {
            // docs: sql/update, "FROM additional_tables"; sql/delete, "USING additional_tables".
            assertThat(statement.executeUpdate("UPDATE TARGET SET V = S.V || '!' FROM SOURCE S WHERE TARGET.ID = S.ID"))
                    .isEqualTo(2);
            assertThat(rows("SELECT * FROM TARGET ORDER BY ID")).containsExactly("1|a", "2|B!", "3|C!");
            assertThat(statement.executeUpdate("DELETE FROM TARGET T USING SOURCE WHERE T.ID = SOURCE.ID"
                    + " AND SOURCE.V = 'C'")).isEqualTo(1);
            assertThat(rows("SELECT * FROM TARGET ORDER BY ID")).containsExactly("1|a", "2|B!");
        }
        // docs: sql/insert, "OVERWRITE": the table's rows replaced by those inserted; a failing INSERT keeps the old.
        try (Statement statement = snowflake.connection().createStatement()) {
            assertThat(statement.executeUpdate("INSERT OVERWRITE INTO SOURCE SELECT ID * 10, V FROM SOURCE")).isEqualTo(2);
            assertThat(rows("SELECT * FROM SOURCE ORDER BY ID")).containsExactly("20|B", "30|C");
            assertThatThrownBy(() -> statement.executeUpdate("INSERT OVERWRITE INTO SOURCE SELECT 1 / 0, 'x'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(100051));
            assertThat(rows("SELECT * FROM SOURCE ORDER BY ID")).containsExactly("20|B", "30|C");
        }
        // docs: sql/create-clone: the clone holds the source's rows.
        snowflake.execute("CREATE TABLE TARGET_COPY CLONE TARGET");
        assertThat(rows("SELECT * FROM TARGET_COPY ORDER BY ID")).containsExactly("1|a", "2|B!");
        assertThatThrownBy(() -> snowflake.execute("UPDATE TARGET SET V = 'x' FROM SOURCE, TARGET_COPY"
                + " WHERE TARGET.ID = SOURCE.ID"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2040));
    }

    @Test
    void toCharAndTheNameFunctions_writeDatesAsSnowflakeDoes_inTheSessionsFormatOrTheFormatGiven() throws Exception {
        // docs: functions/to_char (its example: 'mon dd, yyyy' gives "Apr 05, 2013"), functions/dayname, monthname;
        // H2 wrote 30-NOV-26 12.00.00.000000000 AM, MON and November.
        assertThat(rows("SELECT TO_CHAR(TO_DATE('2026-11-30')), TO_VARCHAR('2026-11-30 13:04:05.123456'::TIMESTAMP),"
                + " TO_VARCHAR('10:00:00'::TIME), DAYNAME(TO_DATE('2026-11-30')), MONTHNAME(TO_DATE('2026-11-30')),"
                + " TO_VARCHAR('2013-04-05'::DATE, 'mon dd, yyyy')"))
                .containsExactly("2026-11-30|2026-11-30 13:04:05.123|10:00:00|Mon|Nov|Apr 05, 2013");
        assertThat(rows("SELECT TO_CHAR(TO_TIMESTAMP('2026-11-30 13:04:05.123456'), 'DY DD MMMM YYYY HH12:MI PM'),"
                + " TO_CHAR(TO_DATE('2026-11-30'), 'yyyymmdd'),"
                + " TO_CHAR('2026-11-30 13:04:05.123456'::TIMESTAMP, 'YYYY-MM-DD\"T\"HH24:MI:SS.FF6'),"
                + " TO_VARCHAR('2026-11-30 13:04:05 +01:00'::TIMESTAMP_TZ)"))
                .containsExactly("Mon 30 November 2026 01:04 PM|20261130|2026-11-30T13:04:05.123456"
                        + "|2026-11-30 13:04:05.000 +0100");
        // Other types: a VARIANT's text, booleans in lower case, binary in hex (or as asked), numbers by H2's model.
        assertThat(rows("SELECT TO_VARCHAR(PARSE_JSON('\"abc\"')), TO_VARCHAR(PARSE_JSON('{\"a\":1}')),"
                + " TO_VARCHAR(TRUE), TO_VARCHAR(X'0A'), TO_VARCHAR(X'0A', 'BASE64'), TO_VARCHAR(1.50),"
                + " TRIM(TO_CHAR(1234.5, '9,999.99')), NVL(TO_CHAR(NULL), 'null')"))
                .containsExactly("abc|{\"a\":1}|true|0A|Cg==|1.50|1,234.50|null");
        // The column is named after the call as written, and the session's output format is the default.
        try (Statement statement = snowflake.connection().createStatement();
             ResultSet result = statement.executeQuery("SELECT TO_CHAR(TO_DATE('2026-11-30'))")) {
            assertThat(result.getMetaData().getColumnLabel(1)).isEqualTo("TO_CHAR(TO_DATE('2026-11-30'))");
        }
        snowflake.execute("ALTER SESSION SET DATE_OUTPUT_FORMAT = 'DD/MM/YYYY', TIMESTAMP_NTZ_OUTPUT_FORMAT = 'HH24:MI'");
        assertThat(rows("SELECT TO_CHAR(TO_DATE('2026-11-30')), TO_CHAR('2026-11-30 13:04:05'::TIMESTAMP)"))
                .containsExactly("30/11/2026|13:04");
    }

    @Test
    void castsToText_writeValuesAsToVarcharDoes_aLengthStillCuttingThem() throws Exception {
        // docs: functions/cast (a cast to VARCHAR is TO_VARCHAR); H2 wrote TRUE and 2026-12-03 10:00:00.
        assertThat(rows("SELECT TRUE::VARCHAR, '2026-12-03 10:00:00'::TIMESTAMP::STRING, CAST('2026-12-03'::DATE AS TEXT),"
                + " CAST('2026-12-03'::DATE AS VARCHAR(4)), X'0A'::VARCHAR, 1.50::STRING, PARSE_JSON('{\"a\":\"x\"}'):a::STRING,"
                + " NVL(NULL::VARCHAR, 'null')"))
                .containsExactly("true|2026-12-03 10:00:00.000|2026-12-03|2026|0A|1.50|x|null");
        try (PreparedStatement prepared = snowflake.connection().prepareStatement("SELECT ?::VARCHAR, CAST(? AS STRING)")) {
            prepared.setString(1, "text");
            prepared.setBoolean(2, false);
            try (ResultSet result = prepared.executeQuery()) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1) + "|" + result.getString(2)).isEqualTo("text|false");
            }
        }
    }

    @Test
    void concatenation_writesEachOperandAsToVarcharDoes() throws Exception {
        // docs: functions/concat (|| is CONCAT, its operands cast to text). H2 wrote TRUE, a timestamp without its
        // milliseconds and a VARIANT string with its quotes.
        assertThat(rows("SELECT 'ok: ' || TRUE, 'at ' || '2026-12-03 10:00:00'::TIMESTAMP, '2026-12-03'::DATE || '!',"
                + " '!' || PARSE_JSON('{\"a\":\"x\"}'):a, PARSE_JSON('[10, 20]')[1] || '!', 'n=' || 2 * 3,"
                + " 3 - 2 || 'x', NVL('a' || NULL, 'null')"))
                .containsExactly("ok: true|at 2026-12-03 10:00:00.000|2026-12-03!|!x|20!|n=6|1x|null");
        // A CASE on either side, nested too, and one with a cast after it.
        assertThat(rows("SELECT 'is ' || CASE WHEN 1 > 0 THEN TRUE ELSE FALSE END,"
                + " CASE WHEN 1 < 0 THEN TRUE ELSE CASE WHEN TRUE THEN FALSE END END || '!',"
                + " 'on ' || CASE WHEN TRUE THEN '2026-12-03 10:00:00'::TIMESTAMP END || '.',"
                + " 'n=' || CASE WHEN TRUE THEN 7 END::VARCHAR"))
                .containsExactly("is true|false!|on 2026-12-03 10:00:00.000.|n=7");
    }

    @Test
    void toBinaryAndTheDecodeFunctions_readTextInEachBinaryFormat_andWriteItBack() throws Exception {
        // docs: functions/to_binary (HEX by default, BASE64, UTF-8), try_to_binary, hex_decode_binary,
        // base64_decode_binary; a binary value is written in hex (BINARY_OUTPUT_FORMAT).
        assertThat(rows("SELECT TO_BINARY('0a0B'), TO_BINARY('snow', 'UTF-8'), TO_BINARY('c25vdw==', 'BASE64'),"
                + " HEX_DECODE_BINARY('736E6F77'), BASE64_DECODE_BINARY('c25vdw=='), TO_VARCHAR(TO_BINARY('snow', 'UTF-8'), 'UTF-8'),"
                + " NVL(TRY_TO_BINARY('zz')::STRING, 'null'), LENGTH(TO_BINARY('0A0B'))"))
                .containsExactly("0A0B|736E6F77|736E6F77|736E6F77|736E6F77|snow|null|2");
        assertThatThrownBy(() -> snowflake.single("SELECT TO_BINARY('zz')"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).contains("'zz'"));
    }

    @Test
    void length_countsCharacters_anEmojiAsOne_andABinaryValuesBytes() throws Exception {
        // docs: functions/length ("UTF-8 characters are counted as a single character"); H2 counted UTF-16 units.
        assertThat(rows("SELECT LENGTH('\uD83D\uDE00a'), LEN('\uD83D\uDE00'), CHAR_LENGTH('abc'), LENGTH(X'0A0B'),"
                + " NVL(LENGTH(NULL)::STRING, 'null')"))
                .containsExactly("2|1|3|2|null");
    }

    @Test
    void positionsAndLengths_countCharacters_soAnEmojiIsNeverCutInHalf() throws Exception {
        // docs: functions/substr, left, right, lpad, insert, charindex take characters; H2 took UTF-16 units, so
        // SUBSTR('😀abc', 2) began with half the emoji and CHARINDEX counted it twice.
        String emoji = "\uD83D\uDE00";
        assertThat(rows("SELECT SUBSTR('" + emoji + "abc', 2), LEFT('" + emoji + "abc', 2), RIGHT('abc" + emoji + "', 1),"
                + " SUBSTRING('ab" + emoji + "c', 2, 2), LPAD('" + emoji + "', 3, 'x'), RPAD('" + emoji + "xyz', 2),"
                + " INSERT('a" + emoji + "bc', 3, 1, 'Z'), CHARINDEX('c', '" + emoji + "abc'), POSITION('c' IN '" + emoji
                + "abc'), POSITION('c', '" + emoji + "abcc', 5)"))
                .containsExactly("abc|" + emoji + "a|" + emoji + "|b" + emoji + "|xx" + emoji + "|" + emoji + "x|a"
                        + emoji + "Zc|4|4|5");
        // The window rules are unchanged: start 0 is 1, a negative start counts from the end, and what of the window
        // lies outside the text is not there.
        assertThat(rows("SELECT SUBSTR('hello', 0, 2), SUBSTR('hello', -3), SUBSTR('hello', -6, 3),"
                + " '[' || SUBSTR('hello', -10, 3) || ']', '[' || SUBSTR('hello', 2, -1) || ']', RIGHT('hello', 10),"
                + " '[' || LEFT('hello', -1) || ']', NVL(SUBSTR('hello', NULL), 'null'), SUBSTRING('hello' FROM 2 FOR 3)"))
                .containsExactly("he|llo|he|[]|[]|hello|[]|null|ell");
        // A value that is not text is read as TO_VARCHAR writes it: SUBSTR of a date is of '2026-12-03'.
        assertThat(rows("SELECT LEFT('2026-12-03'::DATE, 4), SUBSTR(12345, 2, 2), LEFT(TRUE, 2)"))
                .containsExactly("2026|23|tr");
        assertThatThrownBy(() -> rows("SELECT SUBSTR(TO_BINARY('414243'), 2)"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(2040);
                    assertThat(e.getMessage()).contains("SUBSTR of a BINARY value");
                });
    }

    @Test
    void toDateAndToTimestamp_readSnowflakesFormatElements_andRefuseADayTheMonthDoesNotHave() throws Exception {
        assertThat(rows("SELECT TO_DATE('30-Nov-2026', 'DD-MON-YYYY'), TO_DATE('1/5/2026', 'MM/DD/YYYY'),"
                + " TO_DATE('99-03-01', 'YY-MM-DD'), TO_DATE('November 3, 2026', 'MMMM DD, YYYY'),"
                + " TO_CHAR(TO_TIMESTAMP('30/11/2026 01:04:05 pm', 'DD/MM/YYYY HH12:MI:SS AM'), 'HH24:MI:SS')"))
                .containsExactly("2026-11-30|2026-01-05|1999-03-01|2026-11-03|13:04:05");
        assertThatThrownBy(() -> snowflake.single("SELECT TO_DATE('2026-02-31', 'YYYY-MM-DD')"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).contains("2026-02-31"));
        assertThat(snowflake.single("SELECT NVL(TRY_TO_DATE('2026-02-31', 'YYYY-MM-DD')::STRING, 'null')"))
                .isEqualTo("null");
    }

    @Test
    void concatWsAndListagg_treatNullsAndTheMissingDelimiterAsSnowflakeDoes() throws Exception {
        // docs: functions/concat_ws ("If any of the arguments is NULL, the function returns NULL"),
        // functions/listagg (the delimiter defaults to an empty string); H2 skipped the NULL and used a comma.
        assertThat(rows("SELECT CONCAT_WS('-', 'a', 'b', 'c'), NVL(CONCAT_WS('-', 'a', NULL), 'null'),"
                + " CONCAT_WS('-', '', ''), CHARINDEX('b', 'abcb', 3), UNICODE('a'), UNICODE('')"))
                .containsExactly("a-b-c|null|-|4|97|0");
        assertThat(rows("SELECT LISTAGG(x) WITHIN GROUP (ORDER BY x), LISTAGG(DISTINCT x) WITHIN GROUP (ORDER BY x),"
                + " LISTAGG(x, ', ') WITHIN GROUP (ORDER BY x DESC) FROM VALUES ('b'), ('a'), ('a') AS v(x)"))
                .containsExactly("aab|ab|b, a, a");
    }

    @Test
    void numericAndBitwiseFunctions_answerTheirDocsExamples() throws Exception {
        assertThat(rows("SELECT CBRT(27), FACTORIAL(5), FACTORIAL(0), ROUND(ASINH(1), 9), ROUND(ACOSH(2), 9),"
                + " ROUND(ATANH(0.5), 9), WIDTH_BUCKET(4.9, 0, 10, 4), WIDTH_BUCKET(5, 0, 10, 4),"
                + " WIDTH_BUCKET(-1, 0, 10, 4), WIDTH_BUCKET(10, 0, 10, 4)"))
                .containsExactly("3.0|120|1|0.881373587|1.316957897|0.549306144|2|3|0|5");
        assertThatThrownBy(() -> snowflake.single("SELECT FACTORIAL(34)")).isInstanceOf(SQLException.class);
        // A number's bits shift in a signed 128-bit integer (docs: functions/bitshiftleft), past H2's 64 bits.
        assertThat(rows("SELECT BITSHIFTLEFT(1, 3), BITSHIFTRIGHT(-16, 2), BITSHIFTLEFT(1, 64), BITAND(12, 10)"))
                .containsExactly("8|-4|18446744073709551616|8");
        assertThat(rows("SELECT BITAND_AGG(x), BITOR_AGG(x), BITXOR_AGG(x), BIT_AND_AGG(x) FROM VALUES (3), (5) AS v(x)"))
                .containsExactly("1|7|6|1");
        assertThat(snowflake.single("SELECT APPROX_PERCENTILE(x, 0.5) FROM VALUES (1), (2), (3), (10) AS v(x)"))
                .isEqualTo("2.5");
        // docs: functions/ceil, floor and round take a scale, and ROUND a rounding mode; H2's take neither.
        assertThat(rows("SELECT CEIL(1.23, 1), FLOOR(1.29, 1), CEIL(-1.23, 1), CEILING(123, -1),"
                + " ROUND(1.45, 1, 'HALF_TO_EVEN'), ROUND(1.45, 1, 'HALF_AWAY_FROM_ZERO'), ROUND(2.5, 0, 'half_to_even')"))
                .containsExactly("1.3|1.2|-1.2|130|1.4|1.5|2");
        assertThatThrownBy(() -> snowflake.single("SELECT ROUND(1.45, 1, 'UP')")).isInstanceOf(SQLException.class);
    }

    @Test
    void insertPadAndPosition_workOnTheWholeArgument_whereH2sFunctionsOfTheSameNameDoNot() throws Exception {
        // docs: functions/insert, functions/lpad, functions/position. H2's INSERT of length 0 gave 'abc' back, and
        // its LPAD padded with the pad's first character only ('xxxabc').
        assertThat(rows("SELECT INSERT('abc', 3, 0, 'XYZ'), INSERT('abcdef', 2, 3, '-'), LPAD('abc', 6, 'xy'),"
                + " RPAD('abc', 6, 'xy'), LPAD('abc', 2, 'xy'), '[' || LPAD('abc', 5) || ']', POSITION('b', 'abcb', 3),"
                + " POSITION('b' IN 'abcb')"))
                .containsExactly("abXYZc|a-ef|xyxabc|abcxyx|ab|[  abc]|4|2");
        // MERGE's INSERT is no call of the function.
        snowflake.execute("CREATE TABLE STOCK (ITEM VARCHAR, QTY NUMBER)");
        snowflake.execute("INSERT INTO STOCK VALUES ('a', 1)");
        snowflake.execute("MERGE INTO STOCK USING (SELECT 'b' AS ITEM, 2 AS QTY) s ON STOCK.ITEM = s.ITEM"
                + " WHEN MATCHED THEN UPDATE SET QTY = s.QTY WHEN NOT MATCHED THEN INSERT (ITEM, QTY) VALUES (s.ITEM, s.QTY)");
        assertThat(rows("SELECT ITEM, QTY FROM STOCK ORDER BY ITEM")).containsExactly("a|1", "b|2");
    }

    @Test
    void booleanFunctionsOfNumbers_andADateMinusADate_answerAsSnowflakeDoes() throws Exception {
        // docs: functions/booland (non-zero is TRUE, three-valued logic), boolor, boolxor, boolnot.
        assertThat(rows("SELECT BOOLAND(1, -2), BOOLAND(0, NULL), NVL(BOOLAND(1, NULL)::STRING, 'null'), BOOLOR(0, 3),"
                + " BOOLOR(1, NULL), BOOLXOR(1, 2), BOOLNOT(0)"))
                .containsExactly("TRUE|FALSE|null|TRUE|TRUE|FALSE|TRUE");
        // docs: functions/boolxor_agg: exactly one true value; NULL for a group of NULLs.
        assertThat(rows("SELECT g, NVL(BOOLXOR_AGG(x)::STRING, 'null') FROM VALUES ('a', TRUE), ('a', FALSE), ('a', NULL),"
                + " ('b', TRUE), ('b', TRUE), ('c', NULL) AS v(g, x) GROUP BY g ORDER BY g"))
                .containsExactly("a|true", "b|false", "c|null");
        // A date minus a date is the number of days between them (docs: operators-arithmetic); H2 made an interval.
        try (Statement statement = snowflake.connection().createStatement();
             ResultSet result = statement.executeQuery("SELECT '2026-12-03'::DATE - '2026-12-01'::DATE AS AHEAD,"
                     + " '2026-12-01'::DATE - '2026-12-03'::DATE AS BEHIND")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getMetaData().getColumnType(1)).isEqualTo(java.sql.Types.BIGINT);
            assertThat(result.getLong(1)).isEqualTo(2);
            assertThat(result.getLong(2)).isEqualTo(-2);
        }
    }

    @Test
    void textWithoutAFormat_isReadInTheFormatsSnowflakeDetects_andWhatIsNotFailsNamingTheType() throws Exception {
        // docs: date-time-input-output, "Supported formats for AUTO detection".
        assertThat(rows("SELECT TO_DATE('30-Nov-2026'), TO_DATE('11/30/2026'), '11/30/2026'::DATE,"
                + " TO_DATE('2026-11-30 10:00:00'), TO_TIME('01:04:05 PM'), TO_TIME('13:04')"))
                .containsExactly("2026-11-30|2026-11-30|2026-11-30|2026-11-30|13:04:05|13:04:00");
        assertThat(rows("SELECT TO_TIMESTAMP('2026-11-30T13:04:05.5Z'), TO_TIMESTAMP('2026-11-30'),"
                + " '2021-04-04T22:54:29+00:00'::TIMESTAMP_NTZ,"
                + " TO_CHAR(TO_TIMESTAMP_TZ('Thu, 21 Dec 2000 04:01:07 -0800'), 'YYYY-MM-DD HH24:MI TZH:TZM'),"
                + " TO_CHAR(TO_TIMESTAMP_TZ('2026-11-30 13:04:05 +0100'), 'TZHTZM')"))
                .containsExactly("2026-11-30 13:04:05.500|2026-11-30 00:00:00.000|2021-04-04 22:54:29.000"
                        + "|2000-12-21 04:01 -08:00|+0100");
        // Without an offset, TO_TIMESTAMP_TZ takes the session's time zone.
        snowflake.execute("ALTER SESSION SET TIMEZONE = 'Asia/Tokyo'");
        assertThat(snowflake.single("SELECT TO_CHAR(TO_TIMESTAMP_TZ('2026-11-30 13:04:05'), 'TZH:TZM')"))
                .isEqualTo("+09:00");
        // An ISO timestamp's offset needs its colon (airbytehq/airbyte#5439); a wrong date is no date.
        assertThatThrownBy(() -> snowflake.single("SELECT TO_TIMESTAMP('2021-04-04T22:54:29+0000')"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(100035);
                    assertThat(e.getMessage()).contains("Timestamp '2021-04-04T22:54:29+0000' is not recognized");
                });
        for (String sql : List.of("SELECT TO_DATE('2026-02-31')", "SELECT 'nope'::DATE",
                "SELECT TO_DATE('31/02/2026', 'DD/MM/YYYY')")) {
            assertThatThrownBy(() -> snowflake.single(sql))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(100040);
                        assertThat(e.getMessage()).containsPattern("Date '.*' is not recognized");
                    });
        }
    }

    @Test
    void skewAndKurtosis_answerSnowflakesFiguresToTwelvePlaces() throws Exception {
        // KURTOSIS of 1, 3, 10, 1, 3 is 3.613736609956 (snowflake-snowpark-python's doctest of functions.kurtosis);
        // SKEW of 10, 10, 20, 25, 30 is 0.0524 to four places (its doctest of functions.skew, docs: functions/skew).
        assertThat(rows("SELECT KURTOSIS(x) FROM VALUES (1), (3), (10), (1), (3), (NULL) AS v(x)"))
                .containsExactly("3.613736609956");
        assertThat(rows("SELECT SKEW(a)::NUMBER(38, 4), NVL(SKEW(a) - SKEW(a), 0) FROM VALUES (10), (10), (20), (25),"
                + " (30) AS v(a)")).containsExactly("0.0524|0.000000000000");
        // Too few values, or none that differ, have no such figure; 1, 2, 9 by the docs formula is 1.6300591617118862.
        assertThat(rows("SELECT NVL(KURTOSIS(x)::STRING, 'null'), NVL(SKEW(x)::STRING, 'null')"
                + " FROM VALUES (1), (2) AS v(x)")).containsExactly("null|null");
        assertThat(rows("SELECT g, NVL(SKEW(x)::STRING, 'null') FROM VALUES ('a', 5), ('a', 5), ('a', 5), ('b', 1),"
                + " ('b', 2), ('b', 9) AS v(g, x) GROUP BY g ORDER BY g"))
                .containsExactly("a|null", "b|1.630059161712");
    }

    @Test
    void aggregatesTheStandInWraps_runOverAWindowToo_andAnArrayIsWrittenAsCompactJson() throws Exception {
        // docs: functions/object_agg, skew and kurtosis take OVER (PARTITION BY ...). The cast or FORMAT JSON around
        // the stand-in's call used to close before OVER, a syntax error.
        assertThat(rows("SELECT g, x, OBJECT_AGG(k, x::VARIANT) OVER (PARTITION BY g)::VARCHAR, SKEW(x) OVER (PARTITION BY g),"
                + " KURTOSIS(x) OVER () FROM VALUES ('a', 'p', 1), ('a', 'q', 3), ('a', 'r', 10), ('b', 's', 1),"
                + " ('b', 't', 3) AS v(g, k, x) ORDER BY g, x"))
                .containsExactly("a|1|{\"p\":1,\"q\":3,\"r\":10}|1.389636138706|3.613736609956",
                        "a|3|{\"p\":1,\"q\":3,\"r\":10}|1.389636138706|3.613736609956",
                        "a|10|{\"p\":1,\"q\":3,\"r\":10}|1.389636138706|3.613736609956",
                        "b|1|{\"s\":1,\"t\":3}|null|3.613736609956",
                        "b|3|{\"s\":1,\"t\":3}|null|3.613736609956");
        // An ARRAY as text is compact JSON, as Snowflake writes it (H2 wrote [1, 2]); an aggregate with its FILTER or
        // window is one operand of a cast or of ||.
        assertThat(rows("SELECT ARRAY_AGG(v)::VARCHAR, 'x:' || ARRAY_AGG(v), ARRAY_AGG(v) WITHIN GROUP (ORDER BY v DESC)"
                + "::VARCHAR, ARRAY_AGG(OBJECT_CONSTRUCT('a', v))::STRING FROM VALUES (1), (2) AS t(v)"))
                .containsExactly("[1,2]|x:[1,2]|[2,1]|[{\"a\":1},{\"a\":2}]");
        assertThat(rows("SELECT ARRAY_AGG(v) OVER ()::VARCHAR, COUNT(*) OVER ()::VARCHAR || '!' FROM VALUES (1), (2) AS t(v)"))
                .containsExactly("[1,2]|2!", "[1,2]|2!");
        assertThatThrownBy(() -> snowflake.single("SELECT MAX_BY(v, v) OVER () FROM VALUES (1) AS t(v)"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(2040);
                    assertThat(e.getMessage()).contains("MAX_BY over a window");
                });
    }

    @Test
    void conditionalEvents_countTrueRowsAndChangesSoFar_perPartition_asTheDocsExamplesShow() throws Exception {
        // docs: functions/conditional_true_event and conditional_change_event, their table1 and examples: a NULL is
        // no change, a number is true when it is not 0, and each partition counts from 0.
        String table1 = " FROM VALUES ('Alberta', 0), ('Alberta', 0), ('Alberta', 13), ('Alberta', 13), ('Alberta', 14),"
                + " ('Alberta', 15), ('Alberta', NULL), ('Manitoba', 30) AS t(province, o_col) ORDER BY province, o_col";
        assertThat(rows("SELECT province, o_col,"
                + " CONDITIONAL_CHANGE_EVENT(o_col) OVER (PARTITION BY province ORDER BY o_col),"
                + " CONDITIONAL_TRUE_EVENT(o_col) OVER (PARTITION BY province ORDER BY o_col),"
                + " CONDITIONAL_TRUE_EVENT(o_col > 20) OVER (PARTITION BY province ORDER BY o_col),"
                + " CONDITIONAL_CHANGE_EVENT(o_col < 15) OVER (PARTITION BY province ORDER BY o_col)" + table1))
                .containsExactly("Alberta|0|0|0|0|0", "Alberta|0|0|0|0|0", "Alberta|13|1|1|0|0", "Alberta|13|1|2|0|0",
                        "Alberta|14|2|3|0|0", "Alberta|15|3|4|0|1", "Alberta|null|3|4|0|1", "Manitoba|30|0|1|1|0");
        assertThatThrownBy(() -> snowflake.single("SELECT CONDITIONAL_TRUE_EVENT(x > 1) OVER () FROM VALUES (1) AS v(x)"))
                .isInstanceOf(SQLException.class);
    }

    /** Each row's columns as text joined by {@code |} (a single column's value as it is). */
    private List<String> rows(String sql) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement statement = snowflake.connection().createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rows.getString(i));
                }
                found.add(String.join("|", values));
            }
        }
        return found;
    }
}