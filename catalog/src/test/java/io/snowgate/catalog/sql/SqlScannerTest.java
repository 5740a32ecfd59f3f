package io.snowgate.catalog.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlScannerTest {

    private static List<String> names(String sql) {
        return SqlScanner.scan(sql).parameters().stream().map(ParameterOccurrence::name).toList();
    }

    @Test
    void scan_findsPlaceholders_inOrderWithRepeats() {
        assertThat(names("SELECT * FROM t WHERE a = :a AND b IN (:b,:c) OR a2 = :a"))
                .containsExactly("a", "b", "c", "a");
    }

    @Test
    void scan_recordsOffsets_ofColonAndNameEnd() {
        SqlScan scan = SqlScanner.scan("x = :id_1 + 1");
        assertThat(scan.parameters()).containsExactly(new ParameterOccurrence("id_1", 4, 9, Optional.empty()));
    }

    @Test
    void jdbcSql_replacesEachOccurrence_andKeepsEverythingElse() {
        String sql = "SELECT ':no', \"a:b\" FROM t -- :c\nWHERE x = :x AND y::date = :y /* :z */";
        assertThat(SqlScanner.scan(sql).jdbcSql())
                .isEqualTo("SELECT ':no', \"a:b\" FROM t -- :c\nWHERE x = ? AND y::date = ? /* :z */");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT ':a'",
        "SELECT 'it''s :a'",
        "SELECT 'back\\'slash :a'",
        "SELECT 'x\\\\', ':a'",
        "SELECT \"col:a\" FROM t",
        "SELECT \"odd\"\":a\" FROM t",
        "SELECT 1 -- :a",
        "SELECT 1 // :a",
        "SELECT 1 /* :a \n :b */",
        "SELECT 1 /* ' */",
        "CREATE FUNCTION f() RETURNS INT AS $$ SELECT :a $$",
        "SELECT $$ it's :a $$",
        "SELECT x::date FROM t",
        "SELECT x::timestamp_ntz(9), y ::varchar FROM t",
        "SELECT src:customer.name FROM t",
        "SELECT src:\"Name\", arr[0]:id, parse_json(v):id, $1:id, \"Col\":x FROM t",
        "SELECT 1 := 2",
        "SELECT :1, : a",
        "SELECT a$$b:c FROM t",
        "SELECT données:clé FROM t",
        "SELECT \"a--b\", '/* :a', \"x/*\" FROM t",
        "SELECT 'a\\\\'':b' FROM t",
        "SELECT $$ ' :a ' $$",
        "SELECT :",
    })
    void scan_findsNoPlaceholder_whereColonIsNotOne(String sql) {
        assertThat(names(sql)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "SELECT 'it''s' || :a                       => a",
        "SELECT 'x\\\\' || :a                       => a",
        "SELECT \"a\"\"b\", :a                      => a",
        "SELECT 1 -- note\\n, :a                    => a",
        "SELECT 1 -- note\\r\\n, :a                => a",
        "SELECT /* c */ :a                          => a",
        "SELECT $$ body $$, :a                      => a",
        "SELECT :a::date                            => a",
        "SELECT x FROM t WHERE d=:a                 => a",
        "SELECT DATEADD(day, -:a, CURRENT_DATE())   => a",
        "SELECT f(:a)                               => a",
        "SELECT :_a1                                => _a1",
        "SELECT :CamelCase                          => CamelCase",
    })
    void scan_findsPlaceholder_afterSkippedText(String sql, String expected) {
        assertThat(names(sql.replace("\\n", "\n").replace("\\r", "\r"))).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM t WHERE a = :a AND b = ':b' AND c::date = :c -- :d",
        "SELECT src:x, :y, \"q:z\", $$ :w $$, :y",
        "SELECT 'it''s', :a, 'x\\'', :b /* :c */",
    })
    void jdbcSql_hasOneMarkerPerOccurrence_andNoPlaceholdersLeft(String sql) {
        SqlScan scan = SqlScanner.scan(sql);
        SqlScan rescanned = SqlScanner.scan(scan.jdbcSql());
        assertThat(rescanned.parameters()).isEmpty();
        assertThat(rescanned.positionalMarkers()).isTrue();
        assertThat(scan.jdbcSql().length()).isEqualTo(sql.length()
                - scan.parameters().stream().mapToInt(p -> p.end() - p.start() - 1).sum());
    }

    @Test
    void scan_treatsDollarQuotedBodyAsOpaque_evenWithQuotesAndSemicolons() {
        SqlScan scan = SqlScanner.scan("EXECUTE IMMEDIATE $$ BEGIN LET s := 'x;'; RETURN :s; END; $$");
        assertThat(scan.parameters()).isEmpty();
        assertThat(scan.multipleStatements()).isFalse();
        assertThat(scan.problems()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "SELECT 'abc                  | unterminated string literal starting at line 1, column 8",
        "SELECT 'abc\\'               | unterminated string literal starting at line 1, column 8",
        "SELECT \"abc                 | unterminated quoted identifier starting at line 1, column 8",
        "SELECT 1\\n /* never closed  | unterminated comment starting at line 2, column 2",
        "SELECT $$ never closed       | unterminated $$ body starting at line 1, column 8",
    })
    void scan_reportsUnterminatedText_withLineAndColumn(String sql, String problem) {
        assertThat(SqlScanner.scan(sql.replace("\\n", "\n")).problems()).containsExactly(problem);
    }

    @Test
    void scan_reportsNoProblem_forWellFormedText() {
        assertThat(SqlScanner.scan("SELECT 'a', \"b\", $$c$$ /* d */ -- e").problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1; SELECT 2", "DELETE FROM t; DROP TABLE t", "SELECT 1;;"})
    void scan_detectsMultipleStatements(String sql) {
        assertThat(SqlScanner.scan(sql).multipleStatements()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1;", "SELECT 1 ;  -- done\n", "SELECT ';', \";\" /* ; */ -- ;",
        "SELECT 1; /* trailing */"})
    void scan_allowsOneStatement_withTrailingSemicolonOrHiddenOnes(String sql) {
        assertThat(SqlScanner.scan(sql).multipleStatements()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "SELECT 1;                  | false",
        "SELECT 1 -- done\\n;       | false",
        "SELECT ';' /* ; */ -- ;    | false",
        "SELECT 1 ;  -- done\\n     | true",
        "SELECT 1; /* trailing */   | true",
        "SELECT 1;\\n// trailing    | true",
    })
    void scan_notesACommentAfterTheClosingSemicolon_butNotOneBeforeIt(String sql, boolean after) {
        assertThat(SqlScanner.scan(sql.replace("\\n", "\n")).commentAfterTerminator()).isEqualTo(after);
    }

    @Test
    void scan_detectsPositionalMarker_onlyOutsideLiterals() {
        assertThat(SqlScanner.scan("SELECT * FROM t WHERE a = ?").positionalMarkers()).isTrue();
        assertThat(SqlScanner.scan("SELECT '?', \"?\" -- ?\n/* ? */").positionalMarkers()).isFalse();
    }

    @Test
    void scan_detectsNumberedBindMarkers_whichSnowflakeFillsWithTheBoundValues() {
        // Snowflake reads :1 as the first bound value: IDENTIFIER(:1) would name the table after the caller's :p
        assertThat(SqlScanner.scan("SELECT * FROM IDENTIFIER(:1) WHERE a = :p").positionalMarkers()).isTrue();
        assertThat(SqlScanner.scan("SELECT * FROM t WHERE a = :1").positionalMarkers()).isTrue();
        assertThat(SqlScanner.scan(":1").positionalMarkers()).isTrue();
        assertThat(SqlScanner.scan("SELECT ':1', \"a:1\", $1:x, x::int, v[0]:b, c:d, {'a':1} -- :1\n/* :1 */")
                .positionalMarkers()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "SELECT 1                             | SELECT",
        "  -- lead\\n/* c */ with x as (select 1) select * from x | WITH",
        "((SELECT 1) UNION (SELECT 2))        | SELECT",
        "show warehouses                      | SHOW",
        "desc user u                          | DESC",
        "INSERT INTO t VALUES (1)             | INSERT",
        "CALL p()                             | CALL",
    })
    void scan_findsFirstKeyword_afterCommentsAndParentheses(String sql, String keyword) {
        assertThat(SqlScanner.scan(sql.replace("\\n", "\n")).firstKeyword()).contains(keyword);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1", "WITH a AS (SELECT 1) SELECT * FROM a", "SHOW TABLES", "DESCRIBE TABLE t",
        "DESC TABLE t", "LIST @stage", "LS @stage", "EXPLAIN SELECT 1", "/* x */ (select 1)"})
    void isReadOnly_isTrue_forReadingStatements(String sql) {
        assertThat(SqlScanner.scan(sql).isReadOnly()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO t SELECT 1", "MERGE INTO t USING s ON 1=1 WHEN MATCHED THEN DELETE",
        "UPDATE t SET a = 1", "DELETE FROM t", "CALL p()", "COPY INTO t FROM @s", "-- SELECT\nDELETE FROM t",
        "'SELECT'", "", "  "})
    void isReadOnly_isFalse_forWritingOrUnknownStatements(String sql) {
        assertThat(SqlScanner.scan(sql).isReadOnly()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "SELECT * FROM IDENTIFIER(:t)                           | IDENTIFIER(...)",
        "SELECT * FROM identifier ( /* c */ :t )                | IDENTIFIER(...)",
        "SELECT * FROM IDENTIFIER(CONCAT('db.', :t))            | IDENTIFIER(...)",
        "SELECT IDENTIFIER(:fn)(1)                              | IDENTIFIER(...)",
        "SELECT * FROM TABLE(:t)                                | TABLE(...)",
        "SELECT * FROM TABLE((:t))                              | TABLE(...)",
        "EXECUTE IMMEDIATE :stmt                                | EXECUTE IMMEDIATE",
        "execute immediate 'SELECT ?' USING (:v)                | EXECUTE IMMEDIATE",
    })
    void scan_marksPlaceholdersWhoseValueWouldBecomeSqlText(String sql, String construct) {
        SqlScan scan = SqlScanner.scan(sql);

        assertThat(scan.parameters()).singleElement()
                .satisfies(p -> assertThat(p.becomesSqlIn()).contains(construct));
        assertThat(scan.isReadOnly()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT * FROM t WHERE id = :v", "SELECT * FROM TABLE(FLATTEN(input => :v))",
        "SELECT * FROM TABLE(RESULT_SCAN(:v))", "SELECT * FROM IDENTIFIER('t') WHERE id = :v",
        "SELECT identifier_col FROM t WHERE (:v)", "SELECT table_name FROM t WHERE x = :v",
        "SELECT * FROM t WHERE IDENTIFIER = :v", "SELECT 'IDENTIFIER(' || :v"})
    void scan_leavesValuePlaceholdersAlone(String sql) {
        assertThat(SqlScanner.scan(sql).parameters()).singleElement()
                .satisfies(p -> assertThat(p.becomesSqlIn()).isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "SELECT 1                                  | READ",
        "(WITH a AS (SELECT 1) SELECT * FROM a)    | READ",
        "SHOW USERS                                | READ",
        "INSERT INTO t VALUES (1)                  | DML",
        "copy into t from @s                       | DML",
        "CREATE TABLE t (n INT)                    | DDL",
        "ALTER USER u SET RSA_PUBLIC_KEY_2 = 'x'   | DDL",
        "DROP TABLE t                              | DDL",
        "TRUNCATE TABLE t                          | DDL",
        "USE ROLE accountadmin                     | DDL",
        "GRANT ROLE r TO USER u                    | DCL",
        "revoke role r from user u                 | DCL",
        "CALL p()                                  | CALL",
        "EXECUTE IMMEDIATE 'SELECT 1'              | CALL",
        "EXECUTE TASK t                            | CALL",
        "DECLARE x INT; BEGIN RETURN 1; END        | CALL",
        "SET x = 1                                 | OTHER",
        "COMMIT                                    | OTHER",
        "'SELECT'                                  | OTHER",
    })
    void statementKind_followsTheFirstKeyword(String sql, StatementKind kind) {
        assertThat(SqlScanner.scan(sql).statementKind()).isEqualTo(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "-- only a comment", "/* only */ ;", ";"})
    void scan_reportsEmpty_whenThereIsNoSql(String sql) {
        assertThat(SqlScanner.scan(sql).empty()).isTrue();
    }

    @Test
    void scan_reportsNotEmpty_forAnyToken() {
        assertThat(SqlScanner.scan("-- c\nSELECT 1").empty()).isFalse();
        assertThat(SqlScanner.scan("'x'").empty()).isFalse();
    }

    @Test
    void parameterNames_areDistinct_inFirstAppearanceOrder() {
        assertThat(SqlScanner.scan(":b + :a + :b").parameterNames()).containsExactly("b", "a");
    }
}
