package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.JdbcCalls.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Snowflake's semi-structured SQL through the real driver (docs: "Querying semi-structured data", functions/flatten,
 * functions/get_path, functions/array_contains, functions/split, functions/ilike): path access, casts of VARIANTs,
 * FLATTEN, and the refusals of what the stand-in cannot run.
 */
class SnowflakeSemiStructuredTest {

    @RegisterExtension
    final SignedInSnowflake snowflake = SignedInSnowflake.on(() -> new SnowflakeStandIn().start());

    private Connection connection;

    @BeforeEach
    void connect() {
        connection = snowflake.connection();
    }

    private List<List<String>> rows(String sql, Object... binds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int k = 0; k < binds.length; k++) {
                statement.setObject(k + 1, binds[k]);
            }
            try (ResultSet found = statement.executeQuery()) {
                List<List<String>> rows = new ArrayList<>();
                while (found.next()) {
                    List<String> row = new ArrayList<>();
                    for (int column = 1; column <= found.getMetaData().getColumnCount(); column++) {
                        row.add(found.getString(column));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    private List<String> row(String sql, Object... binds) throws SQLException {
        List<List<String>> rows = rows(sql, binds);
        assertThat(rows).as(sql).hasSize(1);
        return rows.get(0);
    }

    private void assertRefusedAsUnsupported(String sql, String feature) {
        assertThatThrownBy(() -> rows(sql)).as(sql).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(2040);
            assertThat(e.getSQLState()).isEqualTo("0A000");
            assertThat(e.getMessage()).contains("Unsupported feature '").contains(feature);
        });
    }

    @Test
    void colonPathOnParseJson_castToString_isTheStringWithoutItsJsonQuotes() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery(
                     "SELECT PARSE_JSON('{\"customer\":{\"name\":\"Ada\"}}'):customer.name::STRING AS name")) {
            assertThat(found.next()).isTrue();
            assertThat(found.getString("NAME")).isEqualTo("Ada");
            assertThat(found.getMetaData().getColumnType(1)).isEqualTo(Types.VARCHAR);
        }
    }

    @Test
    void pathWithoutCast_isAVariant_aStringKeepingItsJsonQuotes() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery(
                     "SELECT PARSE_JSON('{\"customer\":{\"name\":\"Ada\",\"tags\":[1,2]}}'):customer AS c,"
                             + " PARSE_JSON('{\"name\":\"Ada\"}'):name AS n")) {
            assertThat(found.next()).isTrue();
            assertThat(found.getMetaData().getColumnTypeName(1)).isEqualTo("VARIANT");
            assertThat(found.getMetaData().getColumnTypeName(2)).isEqualTo("VARIANT");
            assertThat(found.getString("C")).isEqualTo("{\n  \"name\": \"Ada\",\n  \"tags\": [\n    1,\n    2\n  ]\n}");
            assertThat(found.getString("N")).isEqualTo("\"Ada\"");
        }
    }

    @Test
    void aVariantGivenToAFunctionTakingText_isCastToText_withoutItsJsonQuotes() throws Exception {
        // docs: "Using the value in a cast": Snowflake casts a VARIANT argument; H2 read the JSON text, so
        // UPPER(v:a) was "A" with quotes, LENGTH counted them and STARTSWITH(v:a, 'a') was false.
        execute(connection, "CREATE TABLE DOCS (V VARIANT)");
        execute(connection, "INSERT INTO DOCS SELECT PARSE_JSON('{\"name\": \" ada \", \"tags\": \"a,b\"}')");
        assertThat(row("SELECT UPPER(v:name), TRIM(v:name), LENGTH(v:name), CONCAT(TRIM(v:name), '!'),"
                + " SPLIT_PART(v:tags, ',', 2), STARTSWITH(TRIM(v:name), 'a'), REGEXP_LIKE(v:tags, 'a,.'),"
                + " REPLACE(v:tags, ',', ';'), SUBSTR(v:tags, 1, 1), v:tags LIKE 'a%', v:name NOT ILIKE '%X%'"
                + " FROM DOCS"))
                .containsExactly(" ADA ", "ada", "5", "ada!", "b", "TRUE", "TRUE", "a;b", "a", "TRUE", "TRUE");
        // A path inside a call is what the call reads: the call's result is of its own type, cast as such.
        assertThat(row("SELECT IS_NULL_VALUE(PARSE_JSON('{\"a\": null}'):a)::VARCHAR,"
                + " IS_ARRAY(PARSE_JSON('{\"a\": [1]}'):a)::VARCHAR, (v:tags LIKE 'a%')::VARCHAR,"
                + " PARSE_JSON('{\"a\": 1.0}'):a::NUMBER::VARCHAR FROM DOCS"))
                .containsExactly("true", "true", "true", "1");
        // A VARIANT compared with a number is refused, as the stand-in cannot cast it as Snowflake would.
        assertRefusedAsUnsupported("SELECT GREATEST(PARSE_JSON('2'), PARSE_JSON('3')) = 3",
                "comparison of a VARIANT with another type without a cast");
    }

    @Test
    void minAndMaxOfAVariant_compareNumbersByValue_andStayVariants() throws Exception {
        // H2 compared the JSON text, so MAX of 9 and 10 was 9.
        execute(connection, "CREATE TABLE READINGS (V VARIANT)");
        execute(connection, "INSERT INTO READINGS SELECT PARSE_JSON(column1) FROM VALUES ('{\"n\": 9, \"s\": \"b\"}'),"
                + " ('{\"n\": 10, \"s\": \"a\"}'), ('{\"n\": null}')");
        assertThat(row("SELECT MAX(v:n), MIN(v:n), MAX(v:n)::NUMBER + 1, MAX(v:s), MIN(v:s)::STRING FROM READINGS"))
                .containsExactly("10", "9", "11", "\"b\"", "a");
        assertThat(rows("SELECT MAX(v:n) OVER () FROM READINGS")).containsExactly(List.of("10"), List.of("10"),
                List.of("10"));
        // Values of different types, and a numeric aggregate, are refused rather than answered as H2 would.
        execute(connection, "INSERT INTO READINGS SELECT PARSE_JSON('{\"n\": \"x\"}')");
        assertRefusedAsUnsupported("SELECT MAX(v:n) FROM READINGS", "MAX of VARIANT values of different types");
        assertRefusedAsUnsupported("SELECT SUM(v:n) FROM READINGS", "SUM of a VARIANT without a cast to a number");
        assertThat(row("SELECT SUM(v:n::NUMBER) FROM READINGS WHERE IS_INTEGER(v:n)")).containsExactly("19");
    }

    @Test
    void aPathComparedWithANumber_isCastToANumber_asSnowflakeCastsIt() throws Exception {
        // docs: functions/to_decimal, "For VARIANT input": a number, a string of one, a boolean as 1 or 0. H2 refused
        // to compare JSON with a number, so WHERE v:amount > 100 failed.
        execute(connection, "CREATE TABLE ORDERS (V VARIANT)");
        execute(connection, "INSERT INTO ORDERS SELECT PARSE_JSON(column1) FROM VALUES ('{\"amount\": 250, \"id\": 1}'),"
                + " ('{\"amount\": 90.5, \"id\": 2}'), ('{\"amount\": \"120\", \"id\": 3}'), ('{\"amount\": null, \"id\": 4}')");
        assertThat(rows("SELECT v:id::NUMBER FROM ORDERS WHERE v:amount > 100 ORDER BY 1"))
                .containsExactly(List.of("1"), List.of("3"));
        assertThat(row("SELECT COUNT(*) FROM ORDERS WHERE 90.5 = v:amount OR v:amount <= -1")).containsExactly("1");
        execute(connection, "INSERT INTO ORDERS SELECT PARSE_JSON('{\"amount\": \"n/a\"}')");
        assertThatThrownBy(() -> rows("SELECT COUNT(*) FROM ORDERS WHERE v:amount > 100"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(100038);
                    assertThat(e.getMessage()).isEqualTo("Numeric value 'n/a' is not recognized");
                });
    }

    @Test
    void everyPathNotation_onAVariantColumn_findsItsElement() throws Exception {
        execute(connection, "CREATE TABLE EVENTS (ID NUMBER, \"Payload\" VARIANT, ITEMS ARRAY)");
        execute(connection, "INSERT INTO EVENTS SELECT 1, PARSE_JSON('{\"order\":{\"lines\":[{\"sku\":\"A-1\","
                + "\"qty\":2}]},\"Ship To\":\"Leeds\",\"amount\":12.50,\"paid\":true}'), PARSE_JSON('[10, 20]')");
        assertThat(row("SELECT e.\"Payload\":order.lines[0].sku::STRING, \"Payload\":\"Ship To\"::STRING,"
                + " \"Payload\"['order']['lines'][0]['qty']::NUMBER, ITEMS[1]::NUMBER, e.\"Payload\":amount::NUMBER(10,2),"
                + " \"Payload\":paid::BOOLEAN FROM EVENTS e"))
                .containsExactly("A-1", "Leeds", "2", "20", "12.50", "TRUE");
    }

    @Test
    void missingPath_isSqlNull_andPathKeysAreCaseSensitive() throws Exception {
        assertThat(row("SELECT PARSE_JSON(?):customer.nickname, PARSE_JSON(?):Customer.name::STRING,"
                + " PARSE_JSON(?):customer.name[3], PARSE_JSON(?):customer.name::STRING",
                "{\"customer\":{\"name\":\"Ada\"}}", "{\"customer\":{\"name\":\"Ada\"}}",
                "{\"customer\":{\"name\":\"Ada\"}}", "{\"customer\":{\"name\":\"Ada\"}}"))
                .containsExactly(null, null, null, "Ada");
    }

    @Test
    void jsonNullFoundAtAPath_isAVariantNull_whichCastsToSqlNull() throws Exception {
        assertThat(row("SELECT PARSE_JSON('{\"a\":null}'):a, PARSE_JSON('{\"a\":null}'):a::STRING"))
                .containsExactly("null", null);
    }

    @Test
    void pathComparedWithAString_matchesTheStringValue() throws Exception {
        execute(connection, "CREATE TABLE ORDERS (PAYLOAD VARIANT)");
        execute(connection, "INSERT INTO ORDERS SELECT PARSE_JSON('{\"status\":\"open\",\"n\":1}')");
        execute(connection, "INSERT INTO ORDERS SELECT PARSE_JSON('{\"status\":\"shipped\",\"n\":2}')");
        assertThat(rows("SELECT PAYLOAD:n::NUMBER FROM ORDERS WHERE PAYLOAD:status = ?", "open"))
                .containsExactly(List.of("1"));
        assertThat(rows("SELECT PAYLOAD:n::NUMBER FROM ORDERS WHERE PAYLOAD:status::STRING = 'shipped'"))
                .containsExactly(List.of("2"));
    }

    @Test
    void pathComparedWithANumberThatIsNoLiteral_isRefusedAsUnsupported() {
        // A literal number is cast to (aPathComparedWithANumber_...); another expression's type is not known here.
        assertRefusedAsUnsupported("SELECT PARSE_JSON('{\"n\":2}'):n > LENGTH('a')", "comparison of a VARIANT");
    }

    @Test
    void getPath_isThePathAsAFunction() throws Exception {
        assertThat(row("SELECT GET_PATH(PARSE_JSON('{\"a\":{\"b c\":[5]}}'), 'a[\"b c\"][0]')::NUMBER"))
                .containsExactly("5");
    }

    @Test
    void tableFlatten_ofABoundArray_givesOneRowPerElement_castByTheirAlias() throws Exception {
        assertThat(rows("SELECT f.value::NUMBER AS v FROM TABLE(FLATTEN(input => PARSE_JSON(?))) f ORDER BY v",
                "[3, 1, 2]")).containsExactly(List.of("1"), List.of("2"), List.of("3"));
    }

    @Test
    void tableFlatten_hasSnowflakesColumns_overArraysAndObjects() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery(
                     "SELECT * FROM TABLE(FLATTEN(input => PARSE_JSON('[\"a\", {\"b\": 1}]')))")) {
            List<String> columns = new ArrayList<>();
            for (int column = 1; column <= found.getMetaData().getColumnCount(); column++) {
                columns.add(found.getMetaData().getColumnLabel(column));
            }
            assertThat(columns).containsExactly("SEQ", "KEY", "PATH", "INDEX", "VALUE", "THIS");
            assertThat(found.getMetaData().getColumnTypeName(5)).isEqualTo("VARIANT");
        }
        assertThat(rows("SELECT SEQ, KEY, PATH, INDEX, VALUE, value::STRING FROM TABLE(FLATTEN(PARSE_JSON("
                + "'[\"a\", 7]')))")).containsExactly(
                        Arrays.asList("1", null, "[0]", "0", "\"a\"", "a"),
                        Arrays.asList("1", null, "[1]", "1", "7", "7"));
        assertThat(rows("SELECT f.key, f.path, f.index, f.value::NUMBER, f.this FROM TABLE(FLATTEN(input =>"
                + " PARSE_JSON('{\"x\":1,\"y\":2}'))) AS f")).containsExactly(
                        Arrays.asList("x", "x", null, "1", "{\n  \"x\": 1,\n  \"y\": 2\n}"),
                        Arrays.asList("y", "y", null, "2", "{\n  \"x\": 1,\n  \"y\": 2\n}"));
    }

    @Test
    void tableFlatten_followsPathOuterRecursiveAndMode() throws Exception {
        String json = "{\"a\":[1,{\"b\":[2]}],\"e\":[]}";
        assertThat(rows("SELECT f.path FROM TABLE(FLATTEN(input => PARSE_JSON(?), path => 'a')) f", json))
                .containsExactly(List.of("a[0]"), List.of("a[1]"));
        assertThat(rows("SELECT f.path, f.value FROM TABLE(FLATTEN(input => PARSE_JSON(?), path => 'e')) f", json))
                .isEmpty();
        assertThat(rows("SELECT f.key, f.index, f.value, f.this FROM TABLE(FLATTEN(input => PARSE_JSON(?),"
                + " path => 'e', outer => TRUE)) f", json))
                .containsExactly(Arrays.asList(null, null, null, "[]"));
        assertThat(rows("SELECT f.path FROM TABLE(FLATTEN(input => PARSE_JSON(?), recursive => TRUE)) f", json))
                .containsExactly(List.of("a"), List.of("a[0]"), List.of("a[1]"), List.of("a[1].b"),
                        List.of("a[1].b[0]"), List.of("e"));
        assertThat(rows("SELECT f.path FROM TABLE(FLATTEN(input => PARSE_JSON(?), recursive => TRUE,"
                + " mode => 'OBJECT')) f", json)).containsExactly(List.of("a"), List.of("e"));
    }

    private void orders() throws SQLException {
        execute(connection, "CREATE TABLE ORDERS (ID NUMBER, DOC VARIANT)");
        execute(connection, "INSERT INTO ORDERS SELECT 1, PARSE_JSON('{\"items\":[{\"sku\":\"a\",\"qty\":2},"
                + "{\"sku\":\"b\",\"qty\":1}],\"tags\":{\"env\":[\"prod\",\"eu\"]}}')");
        execute(connection, "INSERT INTO ORDERS SELECT 2, PARSE_JSON('{\"items\":[{\"sku\":\"c\",\"qty\":5}]}')");
        execute(connection, "INSERT INTO ORDERS SELECT 3, PARSE_JSON('{\"items\":[]}')");
    }

    @Test
    void lateralFlatten_makesARowPerElementOfEachRowsValue_droppingRowsWithNone() throws Exception {
        orders();
        assertThat(rows("SELECT o.id, f.index, f.value:sku::STRING AS sku, f.value:qty::NUMBER AS qty"
                + " FROM ORDERS o, LATERAL FLATTEN(input => o.doc:items) f ORDER BY o.id, f.index")).containsExactly(
                        List.of("1", "0", "a", "2"), List.of("1", "1", "b", "1"), List.of("2", "0", "c", "5"));
        // TABLE(FLATTEN(...)) of a column is the same lateral FLATTEN; a bare column names the only FLATTEN's.
        assertThat(rows("SELECT o.id, SUM(value:qty::NUMBER) AS units FROM ORDERS o, TABLE(FLATTEN(o.doc:items))"
                + " WHERE o.id < ? GROUP BY o.id ORDER BY o.id", 3))
                .containsExactly(List.of("1", "3"), List.of("2", "5"));
        // Inside a derived table and a CTE, where its FROM list ends at a parenthesis.
        assertThat(row("SELECT COUNT(*) FROM (SELECT f.value FROM ORDERS o, LATERAL FLATTEN(o.doc:items) f)"))
                .containsExactly("3");
        assertThat(row("WITH lines AS (SELECT o.id, f.value:qty::NUMBER AS qty FROM ORDERS o,"
                + " LATERAL FLATTEN(input => o.doc:items) f WHERE f.value:sku::STRING <> 'b') SELECT SUM(qty) FROM lines"))
                .containsExactly("7");
    }

    @Test
    void lateralFlatten_outer_keepsARowWithNullsForAValueWithNoElements() throws Exception {
        orders();
        assertThat(rows("SELECT o.id, f.index, f.value:sku::STRING, f.path, f.this[0]:qty::NUMBER FROM ORDERS o,"
                + " LATERAL FLATTEN(input => o.doc:items, outer => TRUE) f WHERE o.id > 1 ORDER BY o.id"))
                .containsExactly(Arrays.asList("2", "0", "c", "[0]", "5"), Arrays.asList("3", null, null, "", null));
        assertThat(row("SELECT f.this FROM ORDERS o, LATERAL FLATTEN(o.doc:items, outer => TRUE) f WHERE o.id = 3"))
                .containsExactly("[]");
    }

    @Test
    void lateralFlatten_ofAnotherLateralFlatten_walksNestedObjectsAndArrays_namedAsSnowflakeNamesThem()
            throws Exception {
        orders();
        try (Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery("SELECT t.key, v.index, v.value FROM ORDERS o,"
                     + " LATERAL FLATTEN(input => o.doc:tags) t, LATERAL FLATTEN(input => t.value) AS v"
                     + " ORDER BY v.index")) {
            List<String> labels = new ArrayList<>();
            for (int column = 1; column <= 3; column++) {
                labels.add(found.getMetaData().getColumnLabel(column));
            }
            assertThat(labels).containsExactly("KEY", "INDEX", "VALUE");
            assertThat(found.getMetaData().getColumnTypeName(3)).isEqualTo("VARIANT");
            List<List<String>> rows = new ArrayList<>();
            while (found.next()) {
                rows.add(List.of(found.getString(1), found.getString(2), found.getString(3)));
            }
            assertThat(rows).containsExactly(List.of("env", "0", "\"prod\""), List.of("env", "1", "\"eu\""));
        }
    }

    @Test
    void lateralFlatten_whatTheStandInCannotModel_isRefusedAsUnsupported_notAnsweredWrongly() throws Exception {
        orders();
        // Snowflake numbers each input row in SEQ; the stand-in's join cannot.
        assertRefusedAsUnsupported("SELECT f.seq FROM ORDERS o, LATERAL FLATTEN(o.doc:items) f", "SEQ of a lateral");
        assertRefusedAsUnsupported("SELECT f.value FROM ORDERS o JOIN LATERAL FLATTEN(input => o.doc) f",
                "LATERAL FLATTEN");
        assertRefusedAsUnsupported("SELECT f.value FROM TABLE(FLATTEN(input => PARSE_JSON('[1]'), path => ?)) f",
                "FLATTEN argument that is not a literal");
    }

    @Test
    void splitToTable_makesARowPerPart_numberedFrom1_asTextAndLaterallyOverEachRow() throws Exception {
        // docs: functions/split_to_table: SEQ, INDEX (from 1) and VALUE (a string).
        assertThat(rows("SELECT * FROM TABLE(SPLIT_TO_TABLE('a,,b', ','))")).containsExactly(
                List.of("1", "1", "a"), List.of("1", "2", ""), List.of("1", "3", "b"));
        execute(connection, "CREATE TABLE POSTS (ID NUMBER, TAGS VARCHAR)");
        execute(connection, "INSERT INTO POSTS VALUES (1, 'red,blue'), (2, 'green'), (3, NULL)");
        assertThat(rows("SELECT p.id, s.index, s.value FROM POSTS p, LATERAL SPLIT_TO_TABLE(p.tags, ',') s"
                + " ORDER BY p.id, s.index")).containsExactly(List.of("1", "1", "red"), List.of("1", "2", "blue"),
                        List.of("2", "1", "green"));
        assertThat(rows("SELECT value, COUNT(*) FROM POSTS, TABLE(SPLIT_TO_TABLE(tags, ',')) WHERE value LIKE '%e%'"
                + " GROUP BY value ORDER BY value")).containsExactly(List.of("blue", "1"), List.of("green", "1"),
                        List.of("red", "1"));
        try (Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery("SELECT s.value FROM POSTS p, LATERAL SPLIT_TO_TABLE(p.tags, ',') s")) {
            assertThat(found.getMetaData().getColumnTypeName(1)).isEqualTo("VARCHAR");
        }
        assertRefusedAsUnsupported("SELECT s.seq FROM POSTS p, LATERAL SPLIT_TO_TABLE(p.tags, ',') s",
                "SEQ of a lateral SPLIT_TO_TABLE");
    }

    @Test
    void tryParseJson_isParseJsonsValue_orNullWhereParseJsonFails() throws Exception {
        assertThat(row("SELECT TRY_PARSE_JSON('{\"a\": [1, 2]}'):a[1]::NUMBER, TRY_PARSE_JSON('{bad') IS NULL"))
                .containsExactly("2", "TRUE");
    }

    @Test
    void pathAfterASubscriptOfACallsResult_readsIntoThatElement() throws Exception {
        assertThat(row("SELECT PARSE_JSON('[{\"qty\": 1}, {\"qty\": 2}]')[1]:qty::NUMBER,"
                + " SPLIT('a,b', ',')[0]::STRING")).containsExactly("2", "a");
    }

    @Test
    void objectAndArrayConstruct_buildVariants_nestingJsonAsJsonAndLeavingOutNullPairs() throws Exception {
        // docs: functions/object_construct (a NULL value leaves its pair out), functions/array_construct.
        execute(connection, "CREATE TABLE EVENTS (ID NUMBER, NAME VARCHAR, PAYLOAD VARIANT, NOTE VARCHAR)");
        execute(connection, "INSERT INTO EVENTS SELECT 7, 'Ada', PARSE_JSON('{\"qty\": 2}'), NULL");
        try (Statement statement = connection.createStatement();
             ResultSet found = statement.executeQuery("SELECT OBJECT_CONSTRUCT('id', ID, 'name', NAME,"
                     + " 'payload', PAYLOAD, 'note', NOTE, 'tags', ARRAY_CONSTRUCT('a', 1, TRUE)) AS o FROM EVENTS")) {
            assertThat(found.next()).isTrue();
            assertThat(found.getMetaData().getColumnTypeName(1)).isEqualTo("VARIANT");
            assertThat(found.getString("O")).isEqualTo("{\n  \"id\": 7,\n  \"name\": \"Ada\",\n  \"payload\": {\n"
                    + "    \"qty\": 2\n  },\n  \"tags\": [\n    \"a\",\n    1,\n    true\n  ]\n}");
        }
        assertThat(row("SELECT OBJECT_CONSTRUCT('id', ID, 'name', NAME):name::STRING,"
                + " ARRAY_CONSTRUCT(ID, PAYLOAD, NOTE)[1]:qty::NUMBER, ARRAY_SIZE(ARRAY_CONSTRUCT(ID, NOTE)),"
                + " ARRAY_SIZE(ARRAY_CONSTRUCT_COMPACT(ID, NOTE)), OBJECT_CONSTRUCT_KEEP_NULL('note', NOTE)::STRING,"
                + " OBJECT_CONSTRUCT()::STRING, ARRAY_CONSTRUCT()::STRING FROM EVENTS"))
                .containsExactly("Ada", "2", "2", "1", "{\"note\":null}", "{}", "[]");
        assertThat(row("SELECT OBJECT_CONSTRUCT('k', ?)::STRING", "a \"quoted\" value"))
                .containsExactly("{\"k\":\"a \\\"quoted\\\" value\"}");
        // OBJECT_CONSTRUCT(*) is an object of the FROM item's columns, keyed by name (docs: functions/object_construct).
        assertThat(row("SELECT OBJECT_CONSTRUCT(*)::STRING, OBJECT_CONSTRUCT_KEEP_NULL(*):NOTE::STRING IS NULL"
                + " FROM EVENTS")).containsExactly("{\"ID\":7,\"NAME\":\"Ada\",\"PAYLOAD\":{\"qty\":2}}", "TRUE");
        assertThat(row("SELECT OBJECT_CONSTRUCT(*)::STRING FROM (SELECT 1 AS a, 'x' AS b)"))
                .containsExactly("{\"A\":1,\"B\":\"x\"}");
        assertRefusedAsUnsupported("SELECT OBJECT_CONSTRUCT(*) FROM EVENTS e, EVENTS f", "OBJECT_CONSTRUCT(*)");
        // GET_IGNORE_CASE prefers the key written exactly so; TO_OBJECT takes only an object.
        assertThat(row("SELECT GET_IGNORE_CASE(PARSE_JSON('{\"Ab\":1,\"ab\":2}'), 'AB'),"
                + " GET_IGNORE_CASE(PARSE_JSON('{\"Ab\":1,\"ab\":2}'), 'ab'), TO_OBJECT(PARSE_JSON('{\"a\":1}'))::STRING"))
                .containsExactly("1", "2", "{\"a\":1}");
        assertThatThrownBy(() -> row("SELECT TO_OBJECT(PARSE_JSON('[1]'))")).isInstanceOf(SQLException.class);
    }

    @Test
    void computedPathStep_isRefusedAsUnsupported() {
        assertRefusedAsUnsupported("SELECT PARSE_JSON('[1,2]')[1 + 0]", "semi-structured path step");
    }

    @Test
    void ilike_arrayContains_andSplit_runAsSnowflakesWithBinds() throws Exception {
        assertThat(row("SELECT 'Snowgate' ILIKE ? AS matches, ARRAY_CONTAINS('b'::VARIANT, SPLIT(?, ',')) AS listed",
                "snow%", "a,b,c")).containsExactly("TRUE", "TRUE");
        assertThat(row("SELECT 'Snowgate' ILIKE 'SNOW_ATE', 'Snowgate' ILIKE 'SNOW_TE', '10%' ILIKE '10!%' ESCAPE '!',"
                + " '10x' ILIKE '10!%' ESCAPE '!'")).containsExactly("TRUE", "FALSE", "TRUE", "FALSE");
        assertThat(row("SELECT ARRAY_CONTAINS('d', SPLIT('a,b,c', ',')), ARRAY_CONTAINS(2, PARSE_JSON('[1, 2.0]')),"
                + " ARRAY_CONTAINS('x', NULL), SPLIT('a,,b', ',')"))
                .containsExactly("FALSE", "TRUE", null, "[\n  \"a\",\n  \"\",\n  \"b\"\n]");
    }

    @Test
    void castToVariant_makesAStringAVariantString() throws Exception {
        assertThat(row("SELECT 'b'::VARIANT, CAST(5 AS VARIANT), PARSE_JSON('{\"a\":1}')::VARIANT:a"))
                .containsExactly("\"b\"", "5", "1");
    }

    @Test
    void numberFromAPath_castToNumber_keepsItsScale() throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT PARSE_JSON(?):amount::NUMBER(10,2)")) {
            statement.setString(1, "{\"amount\": 12345678.125}");
            try (ResultSet found = statement.executeQuery()) {
                assertThat(found.next()).isTrue();
                assertThat(found.getBigDecimal(1)).isEqualByComparingTo(new BigDecimal("12345678.13"));
            }
        }
    }
}
