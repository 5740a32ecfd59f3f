package io.snowgate.lambda.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.catalog.CatalogException;
import io.snowgate.emulator.junit5.MutableClock;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.query.QueryFailure;
import io.snowgate.lambda.testing.InMemorySecretSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad catalogs, as a data team would get them wrong, given to the function exactly as deployed (a catalog file the
 * function loads at start-up): each stops the start-up with CATALOG_INVALID and a message naming the query and what
 * is wrong, and never repeats a value the catalog holds (a default, a description, a schedule's parameter).
 */
class BadCatalogsTest {

    private static final String CANARY = "CANARY-catalog-value-5150";

    @TempDir
    Path dir;

    record Case(String name, String catalog, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static String query(String body) {
        return "queries:\n  - name: report\n    description: " + CANARY + "\n" + body;
    }

    static Stream<Case> badCatalogs() {
        return Stream.of(
                new Case("not YAML", "queries:\n  - name: report\n\tsql: SELECT '" + CANARY + "'\n", "not valid YAML"),
                new Case("a list at the top", "- name: report\n  description: " + CANARY + "\n", "top level"),
                new Case("no queries", "reports:\n  - name: " + CANARY + "\n", "queries"),
                new Case("no sql", query(""), "sql"),
                new Case("two statements", query("    sql: SELECT 1; SELECT 2\n"), "more than one statement"),
                new Case("an undeclared placeholder", query("    sql: SELECT :missing\n"), "not declared"),
                new Case("a name that is not a name", "queries:\n  - name: Bad Name\n    description: " + CANARY
                        + "\n    sql: SELECT 1\n", "name"),
                new Case("the same name twice", query("    sql: SELECT 1\n") + "  - name: report\n    sql: SELECT 2\n",
                        "more than one query"),
                new Case("an unknown parameter type", query("    sql: SELECT :n\n    parameters:\n      - name: n\n"
                        + "        type: money\n"), "type"),
                new Case("a default of the wrong type", query("    sql: SELECT :n\n    parameters:\n      - name: n\n"
                        + "        type: integer\n        default: " + CANARY + "\n"), "default"),
                new Case("a minimum above the maximum", query("    sql: SELECT :n\n    parameters:\n"
                        + "      - name: n\n        type: integer\n        min: 10\n        max: 1\n"), "min"),
                new Case("a timeout longer than Lambda's", query("    sql: SELECT 1\n    timeoutSeconds: 901\n"),
                        "timeoutSeconds"),
                new Case("a negative row limit", query("    sql: SELECT 1\n    maxRows: -1\n"), "maxRows"),
                new Case("an unknown key", query("    sql: SELECT 1\n    timeout: 30\n"), "timeout"),
                new Case("a schedule that is not one", query("    sql: SELECT 1\n    schedule:\n"
                        + "      expression: every " + CANARY + "\n"), "schedule"),
                new Case("a schedule binding an undeclared parameter", query("    sql: SELECT 1\n    schedule:\n"
                        + "      expression: rate(1 hour)\n      params:\n        who: " + CANARY + "\n"), "who"),
                new Case("a placeholder that becomes an identifier", query("    sql: SELECT * FROM IDENTIFIER(:t)\n"
                        + "    parameters:\n      - name: t\n        type: string\n"), "IDENTIFIER"),
                new Case("DDL over HTTP without the opt-in", query("    sql: CREATE TABLE t (c INT)\n    http: true\n"),
                        "http"),
                new Case("an opted-in DDL marked safe to retry", query("    sql: CREATE TABLE t (c INT)\n    http: true\n"
                        + "    httpAllows: ddl\n    retrySafe: true\n"), "retrySafe"),
                new Case("EXECUTE IMMEDIATE of a parameter", query("    sql: EXECUTE IMMEDIATE :stmt\n"
                        + "    parameters:\n      - name: stmt\n        type: string\n"), "EXECUTE IMMEDIATE"));
    }

    @ParameterizedTest
    @MethodSource("badCatalogs")
    void aBadCatalog_stopsTheStartUp_namingTheProblem_neverAValue(Case bad) throws IOException {
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), bad.catalog());
        ByteArrayOutputStream logs = new ByteArrayOutputStream();

        assertThatThrownBy(() -> startUp(catalog, logs))
                .isInstanceOfSatisfying(CatalogException.class, e -> {
                    assertThat(QueryFailure.of(e).code()).isEqualTo("CATALOG_INVALID");
                    assertThat(e.getMessage()).containsIgnoringCase(bad.problem());
                    assertThat(e.getMessage()).doesNotContain(CANARY);
                });
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(CANARY);
    }

    @Test
    void aCatalogWithAStructuralProblemAndAProblemOfMeaning_stopsTheStartUp_namingBoth_neverAValue()
            throws IOException {
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), query("    sql: SELECT :n\n    parameters:\n"
                + "      - name: n\n        type: integer\n        default: " + CANARY + "\n")
                + "  - name: misspelt\n    description: " + CANARY + "\n    sql: SELECT 1\n    timeout: 30\n"
                + "    schedule:\n      expression: every " + CANARY + "\n");
        ByteArrayOutputStream logs = new ByteArrayOutputStream();

        assertThatThrownBy(() -> startUp(catalog, logs))
                .isInstanceOfSatisfying(CatalogException.class, e -> {
                    assertThat(QueryFailure.of(e).code()).isEqualTo("CATALOG_INVALID");
                    // the schedule of a query with a structural problem is not checked: it is only half read
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.problems().get(0)).startsWith("query 'report': parameter 'n': default ");
                    assertThat(e.problems().get(1))
                            .startsWith("query 'misspelt': queries[1] has unknown key 'timeout'");
                    assertThat(e.getMessage()).doesNotContain(CANARY);
                });
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(CANARY);
    }

    @Test
    void aCatalogLocationWithNoFile_stopsTheStartUp_namingTheVariableAndTheLocation() {
        String missing = dir.resolve("queries").resolve("catalog.yaml").toString();
        SnowgateConfig config = SnowgateConfig.of("snowgate/snowflake", Optional.empty(), Optional.of(missing),
                Duration.ofMinutes(15), Optional.empty());

        assertThatThrownBy(() -> QueryFunction.create(config, new InMemorySecretSource(), new MutableClock(),
                Duration.ofMinutes(1), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CatalogException.class, e -> {
                    assertThat(QueryFailure.of(e).code()).isEqualTo("CATALOG_INVALID");
                    assertThat(e.getMessage()).isEqualTo("SNOWGATE_CATALOG names no catalog file: " + missing);
                });
    }

    /** The function's start-up with {@code catalog} as SNOWGATE_CATALOG, logging to {@code logs}. */
    private static void startUp(Path catalog, ByteArrayOutputStream logs) {
        SnowgateConfig config = SnowgateConfig.of("snowgate/snowflake", Optional.empty(),
                Optional.of(catalog.toString()), Duration.ofMinutes(15), Optional.empty());
        QueryFunction.create(config, new InMemorySecretSource(), new MutableClock(), Duration.ofMinutes(1),
                new PrintStream(logs, true, StandardCharsets.UTF_8));
    }
}
