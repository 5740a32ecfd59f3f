package io.snowgate.infra.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.snowgate.catalog.QueryCatalog;
import io.snowgate.infra.config.ContextException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogWorkloadTest {

    private static final String CATALOG = """
            queries:
              - name: heartbeat
                sql: SELECT CURRENT_VERSION()
                http: true
                schedule:
                  expression: rate(1 hour)
              - name: refresh_totals
                sql: INSERT INTO totals SELECT region, SUM(amount) FROM sales WHERE day = :day GROUP BY region
                parameters:
                  - name: day
                    type: date
                schedule:
                  expression: cron(0 6 * * ? *)
                  timeZone: Europe/Zurich
                  params:
                    day: '2026-01-31'
              - name: orders_by_customer
                sql: SELECT * FROM orders WHERE customer_id = :customer_id
                parameters:
                  - name: customer_id
                    type: integer
                http: true
              - name: internal_only
                sql: SELECT 1
            """;

    @TempDir
    Path dir;

    @Test
    void from_schedulesEveryScheduledQuery_andRoutesOnlyTheHttpExposedOnes() {
        Workload workload = CatalogWorkload.from(QueryCatalog.parse(CATALOG, "catalog.yaml"));
        assertThat(workload.schedules()).containsExactly(
                // A read-only query is safe to retry by default; an INSERT is not.
                new ScheduledQuery("heartbeat", "rate(1 hour)", "UTC", Map.of(), true),
                new ScheduledQuery("refresh_totals", "cron(0 6 * * ? *)", "Europe/Zurich",
                        Map.of("day", "2026-01-31"), false));
        assertThat(workload.httpQueries()).containsExactly(new HttpQuery("heartbeat"),
                new HttpQuery("orders_by_customer"));
        assertThat(workload.allSchedulesRetrySafe()).isFalse();
    }

    @Test
    void load_failsNamingTheCatalogKeyTheFileAndTheQuery_whenTheCatalogIsInvalid() throws IOException {
        Path file = Files.writeString(dir.resolve("catalog.yaml"), """
                queries:
                  - name: nightly
                    sql: SELECT 1
                    schedule:
                      expression: every night
                """);
        assertThatThrownBy(() -> CatalogWorkload.load(file, 300))
                .isInstanceOf(ContextException.class)
                .hasMessageStartingWith("CDK context key 'catalog': " + file + " is not a valid catalog:\n")
                .hasMessageContaining("query 'nightly': schedule");
    }

    @Test
    void load_failsNamingTheCatalogKey_whenAQueryMayRunLongerThanTheFunction() throws IOException {
        Path file = Files.writeString(dir.resolve("catalog.yaml"), """
                queries:
                  - name: slow
                    sql: SELECT 1
                    timeoutSeconds: 600
                """);
        assertThatThrownBy(() -> CatalogWorkload.load(file, 300))
                .isInstanceOf(ContextException.class)
                .hasMessage("CDK context key 'catalog': " + file + " is not a valid catalog:\n  - query 'slow':"
                        + " timeoutSeconds (600) is above the function's timeout (300 s)");
    }

    @Test
    void load_listsAStructuralProblemAndAProblemOfMeaning_atOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("catalog.yaml"), """
                queries:
                  - name: misspelt
                    sql: SELECT 1
                    timeout: 30
                  - name: slow
                    sql: SELECT 1
                    timeoutSeconds: 600
                """);
        assertThatThrownBy(() -> CatalogWorkload.load(file, 300))
                .isInstanceOf(ContextException.class)
                .hasMessageStartingWith("CDK context key 'catalog': " + file + " is not a valid catalog:\n")
                .hasMessageContaining("query 'misspelt': queries[0] has unknown key 'timeout'")
                .hasMessageContaining("query 'slow': timeoutSeconds (600) is above the function's timeout (300 s)");
    }

    @Test
    void load_failsNamingTheCatalogKey_whenTheFileIsMissing() {
        assertThatThrownBy(() -> CatalogWorkload.load(dir.resolve("missing.yaml"), 300))
                .isInstanceOf(ContextException.class)
                .hasMessage("CDK context key 'catalog': catalog file not found: " + dir.resolve("missing.yaml"));
    }

    @Test
    void load_readsAValidCatalogFile() throws IOException {
        Path file = Files.writeString(dir.resolve("catalog.yaml"), CATALOG);
        assertThat(CatalogWorkload.load(file, 300).schedules()).extracting(ScheduledQuery::name)
                .isEqualTo(List.of("heartbeat", "refresh_totals"));
    }
}
