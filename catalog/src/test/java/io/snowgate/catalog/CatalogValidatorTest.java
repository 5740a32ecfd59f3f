package io.snowgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogValidatorTest {

    private static final int FUNCTION_TIMEOUT = 60;

    private static List<String> problems(String queriesYaml) {
        QueryCatalog catalog = QueryCatalog.parse("queries:\n" + queriesYaml.indent(2), "test.yaml");
        return CatalogValidator.problems(catalog, FUNCTION_TIMEOUT);
    }

    @Test
    void problems_isEmpty_forACompleteValidCatalog() {
        assertThat(problems("""
                - name: daily_orders
                  sql: |
                    -- :not_a_parameter in a comment
                    SELECT o.id, o.payload:customer.name, o.created::date AS day
                      FROM orders o
                     WHERE o.created >= :since AND o.created < :scheduled_time
                       AND o.region = :region AND o.total BETWEEN :low AND :high AND o.open = :open;
                  parameters:
                    - {name: since, type: date, min: 2020-01-01, max: '2030-12-31'}
                    - {name: scheduled_time, type: timestamp}
                    - {name: region, type: string, default: EMEA, allowedValues: [EMEA, AMER], maxLength: 4}
                    - {name: low, type: number, default: 0, min: 0}
                    - {name: high, type: integer, required: false, min: 1, max: 1000000}
                    - {name: open, type: boolean, default: true}
                  maxRows: 100
                  timeoutSeconds: 60
                  http: true
                  schedule:
                    expression: cron(0 6 ? * MON-FRI *)
                    timeZone: Europe/London
                    params: {since: '2026-01-01', high: 5000}
                """)).isEmpty();
    }

    @Test
    void problems_reportsAnEmptyCatalog() {
        assertThat(CatalogValidator.problems(new QueryCatalog(List.of()), FUNCTION_TIMEOUT))
                .containsExactly("the catalog defines no queries");
    }

    @Test
    void problems_reportsDuplicateQueryNames() {
        assertThat(problems("""
                - {name: q, sql: SELECT 1}
                - {name: q, sql: SELECT 2}
                """)).containsExactly("query 'q': name is used by more than one query");
    }

    @Test
    void problems_reportsNamesThatCannotBeUrlSegmentsOrScheduleNames() {
        assertThat(problems("""
                - {name: Daily-Orders, sql: SELECT 1}
                - {name: 1st, sql: SELECT 1}
                - {name: '', sql: SELECT 1}
                - {name: %s, sql: SELECT 1}
                """.formatted("a".repeat(64)))).containsExactly(
                "query 'Daily-Orders': name must be 1 to 63 lower-case letters, digits or underscores, starting with"
                        + " a letter",
                "query '1st': name must be 1 to 63 lower-case letters, digits or underscores, starting with a letter",
                "query '': name must be 1 to 63 lower-case letters, digits or underscores, starting with a letter",
                "query '" + "a".repeat(64) + "': name must be 1 to 63 lower-case letters, digits or underscores,"
                        + " starting with a letter");
        assertThat(problems("- {name: %s, sql: SELECT 1}".formatted("a".repeat(63)))).isEmpty();
    }

    @Test
    void problems_reportsEmptySql() {
        assertThat(problems("""
                - {name: blank, sql: '   '}
                - {name: commented, sql: '-- SELECT 1'}
                """)).containsExactly("query 'blank': sql is empty", "query 'commented': sql is empty");
    }

    @Test
    void problems_reportsMultipleStatements_butAllowsATrailingSemicolon() {
        assertThat(problems("""
                - {name: two, sql: 'SELECT 1; DROP TABLE t'}
                - {name: one, sql: "SELECT ';' AS s -- done\\n;\\n"}
                """)).containsExactly("query 'two': sql holds more than one statement; a query runs exactly one");
    }

    @Test
    void problems_reportsACommentAfterTheClosingSemicolon_whichSnowflakeCountsAsASecondStatement() {
        assertThat(problems("""
                - {name: line, sql: "SELECT 1; -- done"}
                - name: block
                  sql: |
                    SELECT 1;
                    /* end of the daily report */
                - {name: both, sql: "SELECT 1; -- done\\nSELECT 2"}
                """)).containsExactly(
                "query 'line': sql has a comment after its closing ';', which Snowflake counts as a second statement"
                        + " and refuses every run; put the comment before the ';', or drop the ';'",
                "query 'block': sql has a comment after its closing ';', which Snowflake counts as a second statement"
                        + " and refuses every run; put the comment before the ';', or drop the ';'",
                "query 'both': sql holds more than one statement; a query runs exactly one");
    }

    @Test
    void problems_sayHowToWriteAScriptingBlock_whoseInnerStatementsEndWithSemicolons() {
        assertThat(problems("""
                - name: bare
                  sql: "DECLARE n INTEGER; BEGIN n := 1; RETURN n; END"
                - name: wrapped
                  sql: "EXECUTE IMMEDIATE $$ DECLARE n INTEGER; BEGIN n := 1; RETURN n; END; $$"
                """)).containsExactly("query 'bare': sql holds more than one statement; a query runs exactly one"
                + " (write a scripting block as EXECUTE IMMEDIATE $$ DECLARE ... BEGIN ... END; $$)");
    }

    @Test
    void problems_reportsUnterminatedText_andPositionalMarkers() {
        assertThat(problems("""
                - {name: open_string, sql: "SELECT 'abc"}
                - {name: positional, sql: "SELECT * FROM t WHERE id = ?"}
                - name: numbered
                  sql: SELECT * FROM IDENTIFIER(:1) WHERE id = :id
                  parameters: [{name: id, type: integer}]
                """)).containsExactly(
                "query 'open_string': sql has an unterminated string literal starting at line 1, column 8",
                "query 'positional': sql contains a positional marker ('?' or ':1'); use named :parameters instead",
                "query 'numbered': sql contains a positional marker ('?' or ':1'); use named :parameters instead");
    }

    @Test
    void problems_reportsUndeclaredAndUnusedParameters() {
        assertThat(problems("""
                - name: q
                  sql: "SELECT * FROM t WHERE a = :a AND b = :b AND c = ':c' -- :d"
                  parameters:
                    - {name: a, type: integer}
                    - {name: c, type: string}
                    - {name: d, type: string}
                """)).containsExactly(
                "query 'q': parameter 'c' is declared but the sql never uses :c",
                "query 'q': parameter 'd' is declared but the sql never uses :d",
                "query 'q': sql uses :b, which is not declared under parameters");
    }

    @Test
    void problems_reportsBadAndDuplicateParameterNames() {
        assertThat(problems("""
                - name: q
                  sql: SELECT :Bad, :a
                  parameters:
                    - {name: Bad, type: integer}
                    - {name: a, type: integer}
                    - {name: a, type: string}
                """)).containsExactly(
                "query 'q': parameter 'Bad': name must be 1 to 63 lower-case letters, digits or underscores,"
                        + " starting with a letter",
                "query 'q': parameter 'a' is declared more than once");
    }

    @Test
    void problems_reportsDefaultsOfTheWrongTypeOrOutOfBounds() {
        assertThat(problems("""
                - name: q
                  sql: SELECT :i, :n, :d, :t, :b, :s
                  parameters:
                    - {name: i, type: integer, default: 1.5}
                    - {name: n, type: number, default: 5, max: 4}
                    - {name: d, type: date, default: 2026-02-30}
                    - {name: t, type: timestamp, default: '2026-01-01T00:00:00'}
                    - {name: b, type: boolean, default: 'yes'}
                    - {name: s, type: string, default: toolong, maxLength: 3}
                """)).containsExactly(
                "query 'q': parameter 'i': default must be an integer",
                "query 'q': parameter 'n': default must be at most 4",
                "query 'q': parameter 'd': default must be an ISO-8601 date (yyyy-mm-dd)",
                "query 'q': parameter 't': default must be an ISO-8601 timestamp with an offset"
                        + " (e.g. 2026-01-31T08:00:00Z)",
                "query 'q': parameter 'b': default must be true or false",
                "query 'q': parameter 's': default must be at most 3 characters long");
    }

    @Test
    void problems_reportsARequiredParameterWithADefault() {
        assertThat(problems("""
                - name: q
                  sql: SELECT :a
                  parameters:
                    - {name: a, type: integer, required: true, default: 3}
                """)).containsExactly("query 'q': parameter 'a': is required and has a default; drop one of them");
    }

    @Test
    void problems_reportsInvertedAndMistypedBounds() {
        assertThat(problems("""
                - name: q
                  sql: SELECT :a, :b, :c, :d
                  parameters:
                    - {name: a, type: integer, min: 10, max: 1}
                    - {name: b, type: date, min: '2026-01-01', max: 'next year'}
                    - {name: c, type: timestamp, min: '2026-01-02T00:00:00Z', max: '2026-01-02T00:30:00+01:00'}
                    - {name: d, type: string, minLength: 5, maxLength: 2}
                """)).containsExactly(
                "query 'q': parameter 'a': min is greater than max",
                "query 'q': parameter 'b': max must be an ISO-8601 date (yyyy-mm-dd)",
                "query 'q': parameter 'c': min is greater than max",
                "query 'q': parameter 'd': minLength is greater than maxLength");
    }

    @Test
    void problems_reportsBoundsThatDoNotApplyToTheType() {
        assertThat(problems("""
                - name: q
                  sql: SELECT :s, :i, :b
                  parameters:
                    - {name: s, type: string, min: a}
                    - {name: i, type: integer, maxLength: 3, pattern: '[0-9]+', allowedValues: ['1']}
                    - {name: b, type: boolean, max: true, minLength: 1}
                """)).containsExactly(
                "query 'q': parameter 's': min applies only to integer, number, date and timestamp parameters",
                "query 'q': parameter 'i': maxLength applies only to string parameters",
                "query 'q': parameter 'i': pattern applies only to string parameters",
                "query 'q': parameter 'i': allowedValues applies only to string parameters",
                "query 'q': parameter 'b': max applies only to integer, number, date and timestamp parameters",
                "query 'q': parameter 'b': minLength applies only to string parameters");
    }

    @Test
    void problems_reportsBadStringBounds_andAllowedValuesThatBreakThem() {
        assertThat(problems("""
                - name: q
                  sql: SELECT :a, :b, :c
                  parameters:
                    - {name: a, type: string, maxLength: 0, minLength: -1}
                    - {name: b, type: string, pattern: '[a-z'}
                    - {name: c, type: string, pattern: '[a-z]+', allowedValues: [ok, NOT_OK]}
                """)).containsExactly(
                "query 'q': parameter 'a': minLength must not be negative",
                "query 'q': parameter 'a': maxLength must be at least 1",
                "query 'q': parameter 'b': pattern is not a valid regular expression: Unclosed character class",
                "query 'q': parameter 'c': allowed value must match the pattern [a-z]+");
    }

    @Test
    void problems_reportsNonPositiveMaxRowsAndTimeouts() {
        assertThat(problems("""
                - {name: zero_rows, sql: SELECT 1, maxRows: 0}
                - {name: negative_timeout, sql: SELECT 1, timeoutSeconds: -1}
                """)).containsExactly(
                "query 'zero_rows': maxRows must be at least 1",
                "query 'negative_timeout': timeoutSeconds must be at least 1");
    }

    @Test
    void problems_reportsATimeoutAboveTheFunctions() {
        assertThat(problems("""
                - {name: at_limit, sql: SELECT 1, timeoutSeconds: 60}
                - {name: too_slow, sql: SELECT 1, timeoutSeconds: 61}
                """)).containsExactly("query 'too_slow': timeoutSeconds (61) is above the function's timeout (60 s)");
    }

    @Test
    void problems_reportsInvalidScheduleExpressionsAndTimeZones() {
        assertThat(problems("""
                - name: q
                  sql: SELECT 1
                  schedule: {expression: 'cron(0 8 * * * *)', timeZone: CET+1}
                - name: r
                  sql: SELECT 1
                  schedule: rate(1 minutes)
                """)).containsExactly(
                "query 'q': schedule: cron: exactly one of day-of-month and day-of-week must be '?'",
                "query 'q': schedule: time zone must be an IANA name such as UTC or Europe/Paris",
                "query 'r': schedule: rate of 1 takes a singular unit, e.g. rate(1 minute)");
    }

    @Test
    void problems_reportsScheduleParamsThatDoNotFitTheQuery() {
        assertThat(problems("""
                - name: q
                  sql: SELECT :days, :region, :scheduled_time
                  parameters:
                    - {name: days, type: integer, max: 30}
                    - {name: region, type: string}
                    - {name: scheduled_time, type: timestamp}
                  schedule:
                    expression: rate(1 day)
                    params: {days: 31, unknown: 1, scheduled_time: '2026-01-01T00:00:00Z'}
                """)).containsExactly(
                "query 'q': schedule params: 'days' must be at most 30",
                "query 'q': schedule params: 'unknown' is not a parameter of this query",
                "query 'q': schedule params: scheduled_time is filled in by the scheduler; remove it from params",
                "query 'q': schedule params: required parameter 'region' has no value");
    }

    @Test
    void problems_saysToQuoteAnUnquotedNoOrYes_whichYamlReadsAsABoolean() {
        assertThat(problems("""
                - name: q
                  sql: SELECT :country, :answer
                  parameters:
                    - {name: country, type: string}
                    - {name: answer, type: string, default: yes}
                  schedule:
                    expression: rate(1 day)
                    params: {country: NO}
                """)).containsExactly(
                "query 'q': parameter 'answer': default must be a string (YAML reads an unquoted yes, no, on or off"
                        + " as true or false: quote it, e.g. 'NO')",
                "query 'q': schedule params: 'country' must be a string (YAML reads an unquoted yes, no, on or off"
                        + " as true or false: quote it, e.g. 'NO')");
    }

    @Test
    void problems_requiresTheScheduledTimeToBeATimestamp() {
        assertThat(problems("""
                - name: q
                  sql: SELECT :scheduled_time
                  parameters: [{name: scheduled_time, type: date}]
                """)).containsExactly(
                "query 'q': parameter 'scheduled_time': is filled with the schedule's firing time, so its type must"
                        + " be timestamp");
    }

    @Test
    void problems_refusesPlaceholdersWhereTheValueWouldBecomeSqlText_exposedOrNot() {
        assertThat(problems("""
                - name: any_table
                  sql: SELECT * FROM IDENTIFIER(:table)
                  parameters: [{name: table, type: string}]
                  http: true
                - name: built_name
                  sql: SELECT * FROM IDENTIFIER('db.' || :schema || '.t')
                  parameters: [{name: schema, type: string}]
                - name: table_literal
                  sql: SELECT * FROM TABLE(:t)
                  parameters: [{name: t, type: string}]
                - name: dynamic
                  sql: EXECUTE IMMEDIATE :stmt
                  parameters: [{name: stmt, type: string}]
                """)).containsExactly(
                "query 'any_table': sql uses :table inside IDENTIFIER(...), where a bound value names an object"
                        + " instead of staying a value; write the name into the sql",
                "query 'built_name': sql uses :schema inside IDENTIFIER(...), where a bound value names an object"
                        + " instead of staying a value; write the name into the sql",
                "query 'table_literal': sql uses :t inside TABLE(...), where a bound value names an object"
                        + " instead of staying a value; write the name into the sql",
                "query 'dynamic': sql uses :stmt inside EXECUTE IMMEDIATE, where a bound value runs as SQL"
                        + " instead of staying a value; write the statement into the sql");
    }

    @Test
    void problems_acceptsValuesPassedToATableFunction_andIdentifiersWrittenOut() {
        assertThat(problems("""
                - name: flattened
                  sql: |
                    SELECT f.value FROM IDENTIFIER('sales.orders') o,
                      TABLE(FLATTEN(input => PARSE_JSON(:json))) f WHERE o.id = :id
                  parameters: [{name: json, type: string}, {name: id, type: integer}]
                  http: true
                """)).isEmpty();
    }

    @Test
    void problems_refusesDdlDclAndCallOverHttp_withoutTheOptIn() {
        assertThat(problems("""
                - name: set_key
                  sql: ALTER USER svc SET RSA_PUBLIC_KEY_2 = 'MIIB'
                  http: true
                - name: grant_it
                  sql: GRANT ROLE analyst TO USER bob
                  http: true
                - name: run_proc
                  sql: CALL refresh_all()
                  http: true
                - name: dynamic
                  sql: EXECUTE IMMEDIATE 'DROP TABLE t'
                  http: true
                - name: session
                  sql: SET x = 1
                  http: true
                - name: scheduled_ddl
                  sql: CREATE OR REPLACE TABLE daily AS SELECT 1 AS n
                - name: insert_ok
                  sql: INSERT INTO audit (n) VALUES (1)
                  http: true
                """)).containsExactly(
                "query 'set_key': sql is DDL (ALTER), which http: true would let every allowed caller run; add"
                        + " 'httpAllows: ddl' to expose it on purpose, or remove http",
                "query 'grant_it': sql is DCL (GRANT), which http: true would let every allowed caller run; add"
                        + " 'httpAllows: dcl' to expose it on purpose, or remove http",
                "query 'run_proc': sql is a call (CALL), which http: true would let every allowed caller run; add"
                        + " 'httpAllows: call' to expose it on purpose, or remove http",
                "query 'dynamic': sql is a call (EXECUTE), which http: true would let every allowed caller run; add"
                        + " 'httpAllows: call' to expose it on purpose, or remove http",
                "query 'session': sql starts with SET, which is neither a query, a data change, DDL, DCL nor a"
                        + " call; it cannot be exposed over HTTP");
    }

    @Test
    void problems_acceptsTheOptIn_forTheStatementsKindOnly_andNeverAsRetrySafe() {
        assertThat(problems("""
                - {name: set_key, sql: "ALTER USER svc SET RSA_PUBLIC_KEY_2 = 'MIIB'", http: true, httpAllows: ddl}
                - {name: grant_it, sql: GRANT ROLE analyst TO USER bob, http: true, httpAllows: dcl}
                - name: refresh
                  sql: CALL refresh_mart(:day)
                  parameters: [{name: day, type: date}]
                  http: true
                  httpAllows: call
                """)).isEmpty();
        assertThat(problems("""
                - {name: retried, sql: CALL refresh_all(), http: true, httpAllows: call, retrySafe: true}
                - {name: wrong_kind, sql: GRANT ROLE analyst TO USER bob, http: true, httpAllows: ddl}
                - {name: not_needed, sql: SELECT 1, http: true, httpAllows: ddl}
                - {name: not_http, sql: DROP TABLE t, httpAllows: ddl}
                """)).containsExactly(
                "query 'retried': retrySafe cannot be true for a call exposed over HTTP: running it again may"
                        + " change things twice",
                "query 'wrong_kind': httpAllows is 'ddl' but the sql is DCL (GRANT); set 'httpAllows: dcl'",
                "query 'not_needed': httpAllows is 'ddl' but the sql is a query (SELECT), which needs no opt-in;"
                        + " remove httpAllows",
                "query 'not_http': httpAllows applies only to a query with http: true");
    }

    @Test
    void parseValid_throwsOneExceptionListingEveryProblem() {
        String catalog = """
                queries:
                  - {name: a, sql: 'SELECT :x', maxRows: 0}
                  - {name: a, sql: SELECT 1}
                """;
        assertThatThrownBy(() -> QueryCatalog.parseValid(catalog, "test.yaml", FUNCTION_TIMEOUT))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "query 'a': sql uses :x, which is not declared under parameters",
                        "query 'a': maxRows must be at least 1",
                        "query 'a': name is used by more than one query"))
                .hasMessageStartingWith("test.yaml is not a valid catalog:\n  - query 'a': sql uses :x");
    }

    @Test
    void parseValid_listsAStructuralProblemAndProblemsOfMeaning_inOneException_inFileOrder() {
        assertThatThrownBy(() -> QueryCatalog.parseValid("""
                queries:
                  - {name: first, sql: 'SELECT :x'}
                  - {name: misspelt, sql: SELECT 1, maxrows: 10}
                  - {name: last, sql: SELECT 1, timeoutSeconds: 0}
                """, "test.yaml", FUNCTION_TIMEOUT))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "query 'first': sql uses :x, which is not declared under parameters",
                        "query 'misspelt': queries[1] has unknown key 'maxrows' (allowed: description, http,"
                                + " httpAllows, maxRows, name, parameters, retrySafe, schedule, sql, timeoutSeconds)",
                        "query 'last': timeoutSeconds must be at least 1"))
                .hasMessageStartingWith("test.yaml is not a valid catalog:\n  - query 'first': sql uses :x");
    }

    @Test
    void parseValid_checksNoMeaning_ofAQueryWithAStructuralProblem() {
        // Read whole, this query would also have a bad name, two statements and, with its parameter dropped for the
        // unknown type, an undeclared :n: the reader's problem is the only one it can be trusted with.
        assertThatThrownBy(() -> QueryCatalog.parseValid("""
                queries:
                  - name: Half-Read
                    sql: 'SELECT :n; SELECT 2'
                    parameters: [{name: n, type: money}]
                  - {name: fine, sql: SELECT 1}
                """, "test.yaml", FUNCTION_TIMEOUT))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "query 'Half-Read': queries[0].parameters[0].type must be one of string, integer, number,"
                                + " boolean, date, timestamp"));
    }

    @Test
    void parseValid_countsTheNameOfAQueryWithAStructuralProblem_amongTheNamesUsed() {
        assertThatThrownBy(() -> QueryCatalog.parseValid("""
                queries:
                  - {name: q, sql: SELECT 1, http: 'yes'}
                  - {name: q, sql: SELECT 2}
                """, "test.yaml", FUNCTION_TIMEOUT))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "query 'q': queries[0].http must be true or false",
                        "query 'q': name is used by more than one query"));
    }

    @Test
    void parseValid_saysTheCatalogDefinesNoQueries_onlyWhenItsListIsThereAndEmpty() {
        assertThatThrownBy(() -> QueryCatalog.parseValid("{queries: [], extra: 1}", "test.yaml", FUNCTION_TIMEOUT))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "the top level has unknown key 'extra' (allowed: queries)", "the catalog defines no queries"));
        assertThatThrownBy(() -> QueryCatalog.parseValid("queries: {}", "test.yaml", FUNCTION_TIMEOUT))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "'queries' must be a list of queries"));
        assertThatThrownBy(() -> QueryCatalog.parseValid("queries: [{sql: SELECT 1}]", "test.yaml", FUNCTION_TIMEOUT))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "queries[0].name is missing"));
    }

    @Test
    void parseValid_namesTheSource_ofProblemsOfMeaningAlone_andReturnsAValidCatalog() {
        assertThatThrownBy(() -> QueryCatalog.parseValid("queries: [{name: a, sql: 'SELECT :x'}]", "test.yaml",
                FUNCTION_TIMEOUT))
                .isInstanceOf(CatalogException.class)
                .hasMessage("test.yaml is not a valid catalog:\n  - query 'a': sql uses :x, which is not declared"
                        + " under parameters");
        assertThat(QueryCatalog.parseValid("queries: [{name: a, sql: SELECT 1}]", "test.yaml", FUNCTION_TIMEOUT))
                .isEqualTo(QueryCatalog.parse("queries: [{name: a, sql: SELECT 1}]", "test.yaml"));
    }

    @Test
    void problems_refusesANonPositiveFunctionTimeout() {
        QueryCatalog catalog = QueryCatalog.parse("queries: [{name: a, sql: SELECT 1}]", "t.yaml");
        assertThatThrownBy(() -> CatalogValidator.problems(catalog, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
