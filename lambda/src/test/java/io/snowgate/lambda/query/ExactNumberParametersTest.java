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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code number} parameter is an exact decimal of up to 38 digits (queries/README.md), and a request may send it
 * as a JSON number: the value bound must be the one sent, not the nearest double. Found by the binding property
 * test: both handlers read JSON numbers as doubles, so 20 digits became 17.
 */
class ExactNumberParametersTest {

    private static final String CATALOG = """
            queries:
              - name: echo_number
                sql: SELECT CAST(:x AS NUMBER(38, 10)) AS x
                parameters:
                  - name: x
                    type: number
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
                .install(UserKey.generate(dir.resolve("key"), "exact-numbers"));
        function = deployment.function(catalog);
    }

    @AfterEach
    void tearDown() {
        function.close();
        deployment.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456789012345678.0123456789", "-12345678901234567.8901234567",
            "0.1", "42"})
    void httpRequest_bindsAJsonNumberExactly(String number) throws IOException {
        String event = ApiGatewayEventFixtures.event(Payload.V2, "POST", "/queries/echo_number", Map.of(),
                "{\"params\":{\"x\":" + number + "}}", ApiGatewayEventFixtures.CALLER);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new HttpQueryHandler(function).handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                out, new LocalContext("exact", Duration.ofSeconds(30), Clock.systemUTC()));

        JsonNode body = json.readTree(json.readTree(out.toByteArray()).get("body").asText());
        assertThat(decimal(body.path("rows").path(0).path("X"))).as(body.toString()).isEqualByComparingTo(number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456789012345678.0123456789", "-12345678901234567.8901234567"})
    void scheduledEvent_bindsAJsonNumberExactly(String number) throws IOException {
        String event = "{\"query\":\"echo_number\",\"params\":{\"x\":" + number + "}}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new ScheduledQueryHandler(function).handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("exact", Duration.ofSeconds(30), Clock.systemUTC()));

        JsonNode summary = json.readTree(out.toByteArray());
        assertThat(decimal(summary.path("rows").path(0).path("X"))).as(summary.toString())
                .isEqualByComparingTo(number);
    }

    /** A NUMBER column's value: a JSON number, or a string beyond double precision (README, "Values"). */
    private static BigDecimal decimal(JsonNode value) {
        return new BigDecimal(value.asText());
    }
}
