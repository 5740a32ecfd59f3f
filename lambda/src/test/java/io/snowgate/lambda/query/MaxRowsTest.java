package io.snowgate.lambda.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.http.ApiGatewayEventFixtures;
import io.snowgate.lambda.http.ApiGatewayEventFixtures.Payload;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private LocalDeployment deployment;
    private QueryFunction function;

    @BeforeEach
    void deploy() throws IOException {
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), CATALOG);
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake())
                .install(UserKey.generate(dir.resolve("key"), "max-rows"));
        function = deployment.function(catalog);
    }

    @AfterEach
    void tearDown() {
        function.close();
        deployment.close();
    }

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
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new ScheduledQueryHandler(function).handleRequest(new ByteArrayInputStream(
                "{\"query\":\"above_the_default\"}".getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("max-rows", Duration.ofSeconds(30), Clock.systemUTC()));

        JsonNode summary = json.readTree(out.toByteArray());
        assertThat(summary.path("rowCount").asInt()).as(summary.toString()).isEqualTo(100);
        assertThat(summary.path("truncated").asBoolean()).isTrue();
    }

    private JsonNode post(String query) throws IOException {
        String event = ApiGatewayEventFixtures.event(Payload.V2, "POST", "/queries/" + query, Map.of(), null,
                ApiGatewayEventFixtures.CALLER);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HttpQueryHandler(function).handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                out, new LocalContext("max-rows", Duration.ofSeconds(30), Clock.systemUTC()));
        JsonNode answer = json.readTree(out.toByteArray());
        assertThat(answer.path("statusCode").asInt()).as(answer.toString()).isEqualTo(200);
        return json.readTree(answer.path("body").asText());
    }
}
