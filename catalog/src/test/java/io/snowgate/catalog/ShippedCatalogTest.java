package io.snowgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog at the repository root, {@code queries/catalog.yaml}, is what the function ships: it must be valid. */
class ShippedCatalogTest {

    /** Surefire runs in the module directory; the catalog sits next to the modules. */
    private static final Path SHIPPED = Path.of("..", "queries", "catalog.yaml");

    /** The shortest function timeout the shipped queries fit in; the CDK app must not configure less. */
    private static final int FUNCTION_TIMEOUT_SECONDS = 30;

    @Test
    void shippedCatalog_isValid() {
        QueryCatalog.loadValid(SHIPPED, FUNCTION_TIMEOUT_SECONDS);
    }

    @Test
    void readmeExample_isAValidCatalog() throws Exception {
        String readme = Files.readString(Path.of("..", "queries", "README.md"));
        int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
        String example = readme.substring(start, readme.indexOf("\n```", start));

        QueryCatalog catalog = QueryCatalog.parseValid(example, "README.md example.yaml", FUNCTION_TIMEOUT_SECONDS);

        assertThat(catalog.find("orders_since").orElseThrow().bind(Map.of("since", "2026-01-05",
                NamedQuery.SCHEDULED_TIME_PARAMETER, "2026-01-06T06:00:00Z")).values())
                .extracting(BoundValue::name).containsExactly("since", "region", "min_amount", "min_amount",
                        "scheduled_time");
    }

    @Test
    void everyReadmeExample_isAValidCatalog() throws Exception {
        String readme = Files.readString(Path.of("..", "queries", "README.md"));
        int examples = 0;
        for (int start = readme.indexOf("```yaml\n"); start >= 0; start = readme.indexOf("```yaml\n", start)) {
            start += "```yaml\n".length();
            String example = readme.substring(start, readme.indexOf("\n```", start));
            QueryCatalog.parseValid(example, "README.md example " + ++examples + ".yaml", FUNCTION_TIMEOUT_SECONDS);
        }
        assertThat(examples).isEqualTo(2);
    }

    @Test
    void shippedCatalog_runsTheRecipesQuery_overHttpAndSafeToRetry() {
        NamedQuery currentVersion = QueryCatalog.loadValid(SHIPPED, FUNCTION_TIMEOUT_SECONDS).find("current_version").orElseThrow();
        assertThat(currentVersion.sql()).isEqualTo("SELECT CURRENT_VERSION()");
        assertThat(currentVersion.exposedOverHttp()).isTrue();
        assertThat(currentVersion.retrySafe()).isTrue();
        assertThat(currentVersion.bind(Map.of()).jdbcSql()).isEqualTo("SELECT CURRENT_VERSION()");
    }

    @Test
    void shippedCatalog_bindsItsParameterisedExamples() {
        QueryCatalog catalog = QueryCatalog.loadValid(SHIPPED, FUNCTION_TIMEOUT_SECONDS);
        BoundStatement credits = catalog.find("warehouse_credits_by_day").orElseThrow().bind(Map.of());
        assertThat(credits.jdbcSql()).contains("DATEADD(day, -?, CURRENT_DATE())").contains("::date")
                .doesNotContain(":days").doesNotContain(":warehouse");
        assertThat(credits.values()).extracting(BoundValue::value).containsExactly(7L, null, null);

        BoundStatement logins = catalog.find("failed_logins").orElseThrow()
                .bind(Map.of("since", "2026-01-31T00:00:00Z", "user_name", "snowgate_svc"));
        assertThat(logins.values()).extracting(BoundValue::value).containsExactly(
                OffsetDateTime.of(2026, 1, 31, 0, 0, 0, 0, ZoneOffset.UTC), "snowgate_svc", "snowgate_svc");
    }
}
