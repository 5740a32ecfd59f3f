package io.snowgate.lambda.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.catalog.QueryCatalog;
import io.snowgate.contract.FunctionSizing;
import io.snowgate.emulator.junit5.MutableClock;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.metrics.Metrics;
import io.snowgate.lambda.query.QueryService;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.ScriptedSnowflakeSessions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the skeleton every handler runs in writes whatever the work throws, shown with the scheduled handler on a
 * scripted session: the end-to-end tests cover the failures Snowflake and Secrets Manager cause.
 */
class InvocationRunnerTest {

    private final ObjectMapper json = QueryFunction.jsonMapper();
    private final MutableClock clock = new MutableClock();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final ScriptedSnowflakeSessions sessions = new ScriptedSnowflakeSessions();
    private final ScheduledQueryHandler handler;

    InvocationRunnerTest() {
        PrintStream out = new PrintStream(written, true, StandardCharsets.UTF_8);
        QueryCatalog catalog = QueryCatalog.loadValid(Path.of(LocalDeployment.TEST_CATALOG),
                FunctionSizing.LAMBDA_MAX_TIMEOUT_SECONDS);
        handler = new ScheduledQueryHandler(new QueryService(catalog, sessions, json, clock),
                new InvocationRunner(json, new JsonLog(out, json, clock), new Metrics(out, json, clock, () -> 0,
                        () -> 0), clock), () -> { });
    }

    private List<JsonNode> lines() {
        return written.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return json.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void anErrorFromTheWork_reachesLambda_andIsLoggedAndCountedAsTheRunsFailure_notAsASuccess() {
        sessions.failWork(new OutOfMemoryError("Java heap space"));

        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(
                "{\"query\":\"current_version\"}".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                new LocalContext("scheduled", Duration.ofSeconds(30), clock)))
                .isInstanceOf(OutOfMemoryError.class);

        JsonNode line = lines().stream().filter(l -> l.has("event")).findFirst().orElseThrow();
        assertThat(line.get("event").asText()).isEqualTo("scheduled_query_failed");
        assertThat(line.get("level").asText()).isEqualTo("ERROR");
        assertThat(line.get("query").asText()).isEqualTo("current_version");
        assertThat(line.get("code").asText()).isEqualTo("INTERNAL");
        assertThat(line.get("message").asText()).isEqualTo("internal error (OutOfMemoryError)");
        JsonNode metrics = lines().stream().filter(l -> l.has("_aws")).findFirst().orElseThrow();
        assertThat(metrics.path("ErrorCode").asText()).isEqualTo("INTERNAL");
        assertThat(metrics.path("Errors").asLong()).isEqualTo(1);
    }

    @Test
    void aFailureNothingClassifies_isLoggedWithWhereItWasThrown_butNeverItsMessage() {
        // A bug, or a driver failure no branch knows: the caller is told "its operator has the details".
        sessions.failSession(new IllegalStateException("row 3 holds customer-4711",
                new java.io.IOException("chunk of customer-4711")));

        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(
                "{\"query\":\"current_version\"}".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                new LocalContext("scheduled", Duration.ofSeconds(30), clock)))
                .isInstanceOf(io.snowgate.lambda.schedule.ScheduledRunFailedException.class);

        JsonNode line = lines().stream().filter(l -> l.has("event")).findFirst().orElseThrow();
        assertThat(line.get("code").asText()).isEqualTo("INTERNAL");
        assertThat(line.path("errorType").asText())
                .isEqualTo("java.lang.IllegalStateException caused by java.io.IOException");
        // Where the innermost cause was thrown, as frames: a class, a method and a line, never a value.
        assertThat(line.path("stackTrace").get(0).asText())
                .startsWith(InvocationRunnerTest.class.getName() + ".aFailureNothingClassifies_")
                .contains("(InvocationRunnerTest.java:");
        assertThat(line.toString()).doesNotContain("customer-4711");
    }

    @Test
    void everyMetric_canBeReadForThisFunctionAlone_asTwoDeploymentsInOneAccountWriteTheSameNamespace() {
        sessions.failWork(new OutOfMemoryError("Java heap space"));

        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(
                "{\"query\":\"current_version\"}".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                new LocalContext("SnowgateProd-ScheduledQuery", Duration.ofSeconds(30), clock)))
                .isInstanceOf(OutOfMemoryError.class);

        JsonNode metrics = lines().stream().filter(l -> l.has("_aws")).findFirst().orElseThrow();
        assertThat(metrics.path("Function").asText()).isEqualTo("SnowgateProd-ScheduledQuery");
        JsonNode directives = metrics.path("_aws").path("CloudWatchMetrics");
        // Invocations, SecretStaleServes, ... by Function; Errors by Function and ErrorCode: what an alarm watches.
        assertThat(directives.get(0).path("Dimensions")).contains(json.createArrayNode().add("Function"));
        assertThat(directives.get(1).path("Dimensions"))
                .contains(json.createArrayNode().add("Function").add("ErrorCode"));
    }
}
