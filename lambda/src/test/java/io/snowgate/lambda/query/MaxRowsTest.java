package io.snowgate.lambda.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.snowgate.lambda.testing.CatalogFunctionExtension;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A query's {@code maxRows} is how many rows an HTTP response carries, 10,000 when it sets none, within the byte
 * budget that keeps a response under Lambda's 6 MB (README, "Size"). A {@code maxRows} above 10,000 was silently cut
 * to 10,000. A scheduled run's summary keeps at most 100 rows whatever the query sets (README, scheduled handler).
 */
class MaxRowsTest {

    private static final String CATALOG = """
            queries:
              - name: above_the_default
                sql: SELECT SEQ4() AS n FROM TABLE(GENERATOR(ROWCOUNT => 12001))
                maxRows: 12000
                http: true
              - name: default_limit
                sql: SELECT SEQ4() AS n FROM TABLE(GENERATOR(ROWCOUNT => 10001))
                http: true
              - name: below_the_default
                sql: SELECT SEQ4() AS n FROM TABLE(GENERATOR(ROWCOUNT => 6))
                maxRows: 5
                http: true
            """;

    @RegisterExtension
    final CatalogFunctionExtension deployed = new CatalogFunctionExtension(CATALOG, "max-rows");

    @Test
    void httpResponse_carriesMaxRows_aboveTheDefault() throws IOException {
        JsonNode body = post("above_the_default");

        assertThat(body.path("rowCount").asInt()).isEqualTo(12_000);
        assertThat(body.path("rows").size()).isEqualTo(12_000);
        assertThat(body.path("truncated").asBoolean()).isTrue();
    }

    @Test
    void httpResponse_carriesTheDefault_whenTheQuerySetsNoMaxRows() throws IOException {
        JsonNode body = post("default_limit");

        assertThat(body.path("rowCount").asInt()).isEqualTo(ResultLimits.DEFAULT_MAX_ROWS);
        assertThat(body.path("truncated").asBoolean()).isTrue();
    }

    @Test
    void httpResponse_carriesMaxRows_belowTheDefault() throws IOException {
        JsonNode body = post("below_the_default");

        assertThat(body.path("rowCount").asInt()).isEqualTo(5);
        assertThat(body.path("truncated").asBoolean()).isTrue();
    }

    @Test
    void scheduledSummary_keepsAtMostAHundredRows_whateverMaxRowsSays() throws IOException {
        JsonNode summary = deployed.scheduled("{\"query\":\"above_the_default\"}");

        assertThat(summary.path("rowCount").asInt()).as(summary.toString()).isEqualTo(100);
        assertThat(summary.path("truncated").asBoolean()).isTrue();
    }

    private JsonNode post(String query) throws IOException {
        return deployed.post(query, null);
    }
}
