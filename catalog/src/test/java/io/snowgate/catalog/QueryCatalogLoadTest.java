package io.snowgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.catalog.sql.StatementKind;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryCatalogLoadTest {

    /** Lambda's longest timeout: these catalogs' own timeouts are not what the tests are about. */
    private static final int FUNCTION_TIMEOUT_SECONDS = 900;

    private static final String REPORTING_YAML = """
            # the same catalog as catalogs/reporting.json, written as YAML
            queries:
              - name: orders_since
                description: Orders placed since a date
                sql: >-
                  SELECT order_id, amount FROM sales.orders WHERE order_date >= :since AND region = :region
                parameters:
                  - name: since
                    type: date
                    min: 2020-01-01
                  - name: region
                    type: string
                    default: EMEA
                    allowedValues: [EMEA, AMER, APAC]
                maxRows: 1000
                timeoutSeconds: 20
                http: true
                schedule:
                  expression: cron(30 6 ? * MON-FRI *)
                  timeZone: America/New_York
                  params:
                    since: 2026-01-01
              - name: refresh_orders
                sql: INSERT INTO sales.orders_daily SELECT * FROM sales.orders_staging
            """;

    @Test
    void loadValid_readsYamlFile_intoRecords(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.yaml");
        Files.writeString(file, REPORTING_YAML);

        QueryCatalog catalog = QueryCatalog.loadValid(file, FUNCTION_TIMEOUT_SECONDS);

        NamedQuery orders = catalog.find("orders_since").orElseThrow();
        assertThat(orders.description()).isEqualTo("Orders placed since a date");
        assertThat(orders.sql()).startsWith("SELECT order_id").endsWith("region = :region");
        assertThat(orders.maxRows()).isEqualTo(OptionalInt.of(1000));
        assertThat(orders.timeoutSeconds()).isEqualTo(OptionalInt.of(20));
        assertThat(orders.exposedOverHttp()).isTrue();
        assertThat(orders.retrySafe()).isTrue();
        assertThat(orders.schedule()).contains(new ScheduleSpec("cron(30 6 ? * MON-FRI *)", "America/New_York",
                Map.of("since", "2026-01-01")));
        ParameterSpec since = orders.parameter("since").orElseThrow();
        assertThat(since.type()).isEqualTo(ParameterType.DATE);
        assertThat(since.required()).isTrue();
        assertThat(since.min()).contains("2020-01-01");
        ParameterSpec region = orders.parameter("region").orElseThrow();
        assertThat(region.required()).isFalse();
        assertThat(region.defaultValue()).contains("EMEA");
        assertThat(region.allowedValues()).containsExactly("EMEA", "AMER", "APAC");
    }

    @Test
    void loadValid_readsJson_toTheSameCatalogAsYaml(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("catalog.yml");
        Files.writeString(yaml, REPORTING_YAML);

        assertThat(QueryCatalog.loadValidResource("catalogs/reporting.json", FUNCTION_TIMEOUT_SECONDS)).isEqualTo(QueryCatalog.loadValid(yaml, FUNCTION_TIMEOUT_SECONDS));
    }

    @Test
    void loadValidResource_acceptsALeadingSlash() {
        assertThat(QueryCatalog.loadValidResource("/catalogs/reporting.json", FUNCTION_TIMEOUT_SECONDS).queries()).hasSize(2);
    }

    @Test
    void loadValid_appliesDefaults_forOmittedFields() {
        NamedQuery refresh = QueryCatalog.loadValidResource("catalogs/reporting.json", FUNCTION_TIMEOUT_SECONDS).find("refresh_orders").orElseThrow();
        assertThat(refresh.description()).isEmpty();
        assertThat(refresh.parameters()).isEmpty();
        assertThat(refresh.maxRows()).isEmpty();
        assertThat(refresh.timeoutSeconds()).isEmpty();
        assertThat(refresh.schedule()).isEmpty();
        assertThat(refresh.exposedOverHttp()).isFalse();
        assertThat(refresh.retrySafe()).as("an INSERT is not safe to retry by default").isFalse();
    }

    @Test
    void parse_letsExplicitRetrySafeOverrideTheSqlDefault() {
        QueryCatalog catalog = QueryCatalog.parse("""
                queries:
                  - {name: merge_idempotent, sql: "MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id)", retrySafe: true}
                  - {name: costly_select, sql: "SELECT SYSTEM$WAIT(10)", retrySafe: false}
                """, "inline.yaml");
        assertThat(catalog.queries()).extracting(NamedQuery::retrySafe).containsExactly(true, false);
    }

    @Test
    void parse_neverDefaultsRetrySafe_forSqlWhoseObjectsOrStatementComeFromAParameter() {
        QueryCatalog catalog = QueryCatalog.parse("""
                queries:
                  - {name: any_table, sql: "SELECT * FROM IDENTIFIER(:t)"}
                  - {name: table_literal, sql: "SELECT * FROM TABLE(:t)"}
                  - {name: flattened, sql: "SELECT value FROM TABLE(FLATTEN(input => PARSE_JSON(:j)))"}
                """, "inline.yaml");
        assertThat(catalog.queries()).extracting(NamedQuery::retrySafe).containsExactly(false, false, true);
    }

    @Test
    void parse_readsHttpAllows_andRefusesAnUnknownKind() {
        QueryCatalog catalog = QueryCatalog.parse("""
                queries:
                  - {name: set_key, sql: "ALTER USER svc SET RSA_PUBLIC_KEY_2 = 'x'", http: true, httpAllows: DDL}
                  - {name: plain, sql: SELECT 1}
                """, "inline.yaml");
        assertThat(catalog.queries()).extracting(NamedQuery::httpAllows)
                .containsExactly(Optional.of(StatementKind.DDL), Optional.empty());
        assertThatThrownBy(() -> QueryCatalog.parse("""
                queries:
                  - {name: q, sql: SELECT 1, http: true, httpAllows: everything}
                """, "inline.yaml"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems())
                        .containsExactly("query 'q': queries[0].httpAllows must be one of ddl, dcl, call"));
    }

    @Test
    void parse_acceptsScheduleAsAPlainExpression_inUtc() {
        QueryCatalog catalog = QueryCatalog.parse("""
                queries:
                  - name: beat
                    sql: SELECT 1
                    schedule: rate(5 minutes)
                """, "inline.yaml");
        assertThat(catalog.queries().getFirst().schedule())
                .contains(new ScheduleSpec("rate(5 minutes)", "UTC", Map.of()));
    }

    @Test
    void parse_keepsNumbersExact_andRequiredDefaultsToTrueOnlyWithoutDefault() {
        QueryCatalog catalog = QueryCatalog.parse("""
                queries:
                  - name: q
                    sql: SELECT :a, :b, :c
                    parameters:
                      - {name: a, type: number, default: 0.1, max: 12345678901234567890.5}
                      - {name: b, type: integer}
                      - {name: c, type: integer, required: false}
                """, "inline.yaml");
        NamedQuery q = catalog.queries().getFirst();
        assertThat(q.parameter("a").orElseThrow().defaultValue()).contains(new BigDecimal("0.1"));
        assertThat(q.parameter("a").orElseThrow().max()).contains(new BigDecimal("12345678901234567890.5"));
        assertThat(q.parameters()).extracting(ParameterSpec::required).containsExactly(false, true, false);
    }

    @Test
    void parse_sniffsJson_whenTheSourceNameHasNoExtension() {
        QueryCatalog catalog = QueryCatalog.parse("{\"queries\": [{\"name\": \"q\", \"sql\": \"SELECT 1\"}]}", "stdin");
        assertThat(catalog.find("q")).isPresent();
        assertThat(catalog.find("other")).isEmpty();
    }

    @Test
    void parse_listsEveryStructuralProblem_withItsLocation() {
        assertThatThrownBy(() -> QueryCatalog.parse("""
                queries:
                  - name: q
                    sql: SELECT :p
                    maxrows: 10
                    http: "yes"
                    timeoutSeconds: 1.5
                    parameters:
                      - {name: p, type: text, default: [1, 2]}
                      - {type: integer, sensitive: 1}
                    schedule: {expression: rate(1 day), params: {p: {nested: 1}}}
                  - sql: SELECT 2
                  - just text
                """, "bad.yaml"))
                .isInstanceOfSatisfying(CatalogException.class, e -> {
                    assertThat(e.getMessage()).startsWith("bad.yaml is not a valid catalog:\n  - ");
                    assertThat(e.problems()).containsExactly(
                            "query 'q': queries[0] has unknown key 'maxrows' (allowed: description, http,"
                                    + " httpAllows, maxRows, name, parameters, retrySafe, schedule, sql,"
                                    + " timeoutSeconds)",
                            "query 'q': queries[0].parameters[0].type must be one of string, integer, number,"
                                    + " boolean, date, timestamp",
                            "query 'q': queries[0].parameters[0].default must be a single value (text, number"
                                    + " or true/false)",
                            "query 'q': queries[0].parameters[1].name is missing",
                            "query 'q': queries[0].parameters[1].sensitive must be true or false",
                            "query 'q': queries[0].timeoutSeconds must be a whole number",
                            "query 'q': queries[0].schedule.params.p must be a single value (text, number or"
                                    + " true/false)",
                            "query 'q': queries[0].http must be true or false",
                            "queries[1].name is missing",
                            "queries[2] must be a map of keys to values");
                });
    }

    @Test
    void parse_saysAWholeNumberTooLargeIsTooLarge_notThatItIsNotAWholeNumber() {
        assertThatThrownBy(() -> QueryCatalog.parse("""
                queries:
                  - {name: q, sql: SELECT 1, maxRows: 2147483648, timeoutSeconds: 99999999999999999999}
                """, "large.yaml"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "query 'q': queries[0].maxRows must be a whole number up to 2147483647",
                        "query 'q': queries[0].timeoutSeconds must be a whole number up to 2147483647"));
    }

    @Test
    void parse_refusesATopLevelWithoutQueries() {
        assertThatThrownBy(() -> QueryCatalog.parse("query: []", "x.yaml")).isInstanceOfSatisfying(
                CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "the top level has unknown key 'query' (allowed: queries)",
                        "'queries' must be a list of queries"));
        assertThatThrownBy(() -> QueryCatalog.parse("", "x.yaml"))
                .hasMessageContaining("the file is empty; expected a 'queries' list");
        assertThatThrownBy(() -> QueryCatalog.parse("[]", "x.json"))
                .hasMessageContaining("the top level must be a map of keys to values");
    }

    @Test
    void parse_reportsMalformedYaml_withLineAndColumn() {
        assertThatThrownBy(() -> QueryCatalog.parse("queries:\n  - name: q\n   sql: [\n", "broken.yaml"))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("broken.yaml is not valid YAML at line ");
    }

    @Test
    void parse_reportsMalformedJson_andTrailingContent() {
        assertThatThrownBy(() -> QueryCatalog.parse("{\"queries\": [}", "broken.json"))
                .hasMessageStartingWith("broken.json is not valid JSON at line 1, column ");
        assertThatThrownBy(() -> QueryCatalog.parse("{\"queries\": []} {}", "twice.json"))
                .hasMessageStartingWith("twice.json is not valid JSON");
    }

    @Test
    void parse_refusesDuplicateKeys_soNoValueSilentlyWins() {
        assertThatThrownBy(() -> QueryCatalog.parse("""
                queries:
                  - name: q
                    sql: SELECT 1
                    sql: DELETE FROM t
                """, "dup.yaml"))
                .hasMessageStartingWith("dup.yaml is not valid YAML")
                .hasMessageContaining("Duplicate field 'sql'");
    }

    @Test
    void parse_refusesIntegersWrittenWithALeadingZero_whichYamlReadsAsOctal() {
        assertThatThrownBy(() -> QueryCatalog.parse("""
                queries:
                  - name: q
                    sql: SELECT :days
                    timeoutSeconds: 010
                    parameters:
                      - {name: days, type: integer, required: false, min: -07, max: 0123}
                    schedule: {expression: rate(1 day), params: {days: 010}}
                """, "octal.yaml"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "query 'q': queries[0].timeoutSeconds is written 010, which YAML reads as the octal"
                                + " number 8; write it"
                                + " without the leading zero, or quote it if it is text",
                        "query 'q': queries[0].parameters[0].min is written -07, which YAML reads as the octal"
                                + " number -7; write"
                                + " it without the leading zero, or quote it if it is text",
                        "query 'q': queries[0].parameters[0].max is written 0123, which YAML reads as the octal"
                                + " number 83;"
                                + " write it without the leading zero, or quote it if it is text",
                        "query 'q': queries[0].schedule.params.days is written 010, which YAML reads as the"
                                + " octal number 8;"
                                + " write it without the leading zero, or quote it if it is text"));
        NamedQuery plain = QueryCatalog.parse("""
                queries:
                  - name: q
                    sql: SELECT :days
                    timeoutSeconds: 10
                    parameters: [{name: days, type: integer, default: 0, min: 0, max: '0123'}]
                """, "decimal.yaml").queries().getFirst();
        assertThat(plain.timeoutSeconds()).isEqualTo(OptionalInt.of(10));
        assertThat(plain.parameter("days").orElseThrow().max()).contains("0123");
    }

    @Test
    void parse_listsAnOctalIntegerWithTheQueryItSitsIn_andOneUnderAKeyLookingLikeAPositionWithTheCatalog() {
        assertThatThrownBy(() -> QueryCatalog.parse("""
                queries:
                  - {name: a, sql: SELECT 1, maxrows: 1}
                  - {name: b, sql: SELECT 1, timeoutSeconds: 010}
                "queries[99999999999]": 010
                """, "octal.yaml"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "queries[99999999999] is written 010, which YAML reads as the octal number 8; write it"
                                + " without the leading zero, or quote it if it is text",
                        "the top level has unknown key 'queries[99999999999]' (allowed: queries)",
                        "query 'a': queries[0] has unknown key 'maxrows' (allowed: description, http, httpAllows,"
                                + " maxRows, name, parameters, retrySafe, schedule, sql, timeoutSeconds)",
                        "query 'b': queries[1].timeoutSeconds is written 010, which YAML reads as the octal number"
                                + " 8; write it without the leading zero, or quote it if it is text"));
    }

    @Test
    void parse_refusesInfinityAndNotANumber_namingTheQueryAndField_insteadOfFailingWithoutContext() {
        assertThatThrownBy(() -> QueryCatalog.parseValid("""
                queries:
                  - name: q
                    sql: SELECT :amount
                    parameters:
                      - {name: amount, type: number, default: .inf, max: -.Inf}
                    schedule: {expression: rate(1 day), params: {amount: .NaN}}
                  - {name: fine, sql: SELECT 1, description: '.nan'}
                """, "special.yaml", FUNCTION_TIMEOUT_SECONDS))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "query 'q': queries[0].parameters[0].default is written .inf, which YAML reads as infinity"
                                + " or not-a-number, a value no field takes; write a number, or quote it if it is text",
                        "query 'q': queries[0].parameters[0].max is written -.Inf, which YAML reads as infinity"
                                + " or not-a-number, a value no field takes; write a number, or quote it if it is text",
                        "query 'q': queries[0].schedule.params.amount is written .NaN, which YAML reads as infinity"
                                + " or not-a-number, a value no field takes; write a number, or quote it if it is"
                                + " text"));
    }

    @Test
    void parse_saysAYamlAliasIsNotResolved_beforeWhatItsNameAloneReadsAs() {
        assertThatThrownBy(() -> QueryCatalog.parse("""
                queries:
                  - name: a
                    sql: SELECT :region
                    parameters:
                      - &region {name: region, type: string, allowedValues: [EMEA, AMER]}
                  - name: b
                    sql: SELECT :region
                    parameters:
                      - *region
                """, "aliases.yaml"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "query 'b': queries[1].parameters[0] is the YAML alias *region, which the catalog does not"
                                + " resolve; write the value out in full",
                        "query 'b': queries[1].parameters[0] must be a map of keys to values"));
    }

    @Test
    void parse_refusesASecondYamlDocument_insteadOfDroppingItsQueries() {
        assertThatThrownBy(() -> QueryCatalog.parse("""
                queries:
                  - {name: a, sql: SELECT 1}
                ---
                queries:
                  - {name: b, sql: DELETE FROM t}
                """, "two.yaml"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "a second YAML document starts at line 4 and would be ignored; put every query in the one"
                                + " 'queries' list"));
        assertThatThrownBy(() -> QueryCatalog.parse("---\n---\nqueries: [{name: a, sql: SELECT 1}]\n", "x.yaml"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).contains(
                        "a second YAML document starts at line 3 and would be ignored; put every query in the one"
                                + " 'queries' list"));
        assertThat(QueryCatalog.parse("---\nqueries: [{name: a, sql: SELECT 1}]\n...\n", "markers.yaml").queries())
                .extracting(NamedQuery::name).containsExactly("a");
        assertThat(QueryCatalog.parse("queries: [{name: a, sql: SELECT 1}]\n---\n# nothing more\n", "end.yaml")
                .queries()).extracting(NamedQuery::name).containsExactly("a");
    }

    @Test
    void parse_refusesAnEmptyAllowedValuesList_whichWouldAllowEveryValue() {
        assertThatThrownBy(() -> QueryCatalog.parse("""
                queries:
                  - name: q
                    sql: SELECT :region
                    parameters: [{name: region, type: string, allowedValues: []}]
                """, "empty.yaml"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "query 'q': queries[0].parameters[0].allowedValues must list at least one value; leave"
                                + " it out to allow"
                                + " any"));
    }

    @Test
    void parse_saysToQuoteAnUnquotedNoOrOn_whereTextIsExpected() {
        assertThatThrownBy(() -> QueryCatalog.parse("""
                queries:
                  - name: q
                    description: on
                    sql: SELECT :country
                    parameters: [{name: country, type: string, allowedValues: [SE, NO, DK]}]
                """, "booleans.yaml"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
                        "query 'q': queries[0].description must be text (YAML reads an unquoted yes, no, on or"
                                + " off as true or"
                                + " false: quote it, e.g. 'NO')",
                        "query 'q': queries[0].parameters[0].allowedValues must be a list of text values (YAML"
                                + " reads an unquoted"
                                + " yes, no, on or off as true or false: quote it, e.g. 'NO')"));
    }

    @Test
    void loadValid_namesTheMissingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> QueryCatalog.loadValid(missing, FUNCTION_TIMEOUT_SECONDS)).isInstanceOf(CatalogException.class)
                .hasMessage("catalog file not found: " + missing);
    }

    @Test
    void loadValidResource_namesTheMissingResource() {
        assertThatThrownBy(() -> QueryCatalog.loadValidResource("catalogs/nope.yaml", FUNCTION_TIMEOUT_SECONDS)).isInstanceOf(CatalogException.class)
                .hasMessage("catalog resource not found on the classpath: catalogs/nope.yaml");
    }

    @Test
    void records_copyTheirCollections_soACatalogCannotChangeAfterLoading() {
        List<NamedQuery> source = new java.util.ArrayList<>();
        source.add(new NamedQuery("a", null, "SELECT 1", null, null, null, null, false, Optional.empty(), true));
        QueryCatalog catalog = new QueryCatalog(source);
        source.clear();
        assertThat(catalog.queries()).hasSize(1);
        assertThat(catalog.queries().getFirst().schedule()).isEqualTo(Optional.empty());
    }
}
