package io.snowgate.lambda.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The EMF documents: valid for CloudWatch (every declared metric and dimension present) and only safe values. */
class InvocationMetricsTest {

    private static final String FUNCTION = "SnowgateProd-HttpQuery1A2B3C4D";

    private final ObjectMapper json = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final MutableClock clock = new MutableClock();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong staleServes = new AtomicLong();
    private final Metrics metrics = new Metrics(new PrintStream(out, true, StandardCharsets.UTF_8), json, clock,
            fetches::get, staleServes::get);

    private List<JsonNode> documents() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            documents.add(json.readTree(line));
        }
        return documents;
    }

    /** What CloudWatch requires of an EMF document: each declared metric and dimension is a top-level member. */
    private static void assertValidEmf(JsonNode document) {
        JsonNode aws = document.get("_aws");
        assertThat(aws.get("Timestamp").isIntegralNumber()).isTrue();
        assertThat(aws.get("CloudWatchMetrics")).isNotEmpty();
        for (JsonNode directive : aws.get("CloudWatchMetrics")) {
            assertThat(directive.get("Namespace").asText()).isEqualTo(Metrics.NAMESPACE);
            for (JsonNode set : directive.get("Dimensions")) {
                set.forEach(dimension -> assertThat(document.get(dimension.asText()).isTextual())
                        .as("dimension %s", dimension).isTrue());
            }
            for (JsonNode metric : directive.get("Metrics")) {
                assertThat(document.get(metric.get("Name").asText()).isNumber())
                        .as("metric %s", metric).isTrue();
                assertThat(metric.get("Unit").asText()).isIn("Count", "Milliseconds");
            }
        }
    }

    private static List<String> metricNames(JsonNode document) {
        List<String> names = new ArrayList<>();
        document.get("_aws").get("CloudWatchMetrics")
                .forEach(d -> d.get("Metrics").forEach(m -> names.add(m.get("Name").asText())));
        return names;
    }

    @Test
    void firstInvocation_isTheColdStart_andLaterOnesAreNot() throws IOException {
        fetches.set(1);
        metrics.begin("http", FUNCTION).query("echo_text").statement(Duration.ofMillis(120), 3).emit();
        metrics.begin("http", FUNCTION).query("echo_text").statement(Duration.ofMillis(80), 1).emit();

        List<JsonNode> documents = documents();
        assertThat(documents).hasSize(2).allSatisfy(InvocationMetricsTest::assertValidEmf);
        assertThat(metricNames(documents.get(0))).containsExactly("Invocations", "ColdStarts", "StatementDuration",
                "Rows");
        assertThat(metricNames(documents.get(1))).containsExactly("Invocations", "StatementDuration", "Rows");
        assertThat(documents.get(0).get("StatementDuration").asLong()).isEqualTo(120);
        assertThat(documents.get(0).get("Rows").asLong()).isEqualTo(3);
        assertThat(documents.get(0).get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions"))
                .isEqualTo(json.readTree("[[\"Handler\"],[\"Handler\",\"Query\"],[\"Function\"]]"));
        assertThat(documents.get(0).get("Function").asText()).isEqualTo(FUNCTION);
    }

    @Test
    void failure_countsAnErrorByCode() throws IOException {
        metrics.begin("scheduled", FUNCTION).query("slow").error("DEADLINE_EXCEEDED").emit();

        JsonNode document = documents().get(0);
        assertValidEmf(document);
        assertThat(document.get("ErrorCode").asText()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(document.get("Errors").asLong()).isEqualTo(1);
        assertThat(document.get("_aws").get("CloudWatchMetrics").get(1).get("Dimensions"))
                .isEqualTo(json.readTree("[[\"Handler\",\"ErrorCode\"],[\"Function\",\"ErrorCode\"]]"));
    }

    @Test
    void callForNoKnownQuery_hasNoQueryDimension() throws IOException {
        metrics.begin("http", FUNCTION).error("NOT_FOUND").emit();

        JsonNode document = documents().get(0);
        assertValidEmf(document);
        assertThat(document.has("Query")).isFalse();
    }

    @Test
    void secretFetchedAgain_countsAsARefetch_butTheFirstFetchDoesNot() throws IOException {
        InvocationMetrics first = metrics.begin("http", FUNCTION);
        fetches.incrementAndGet();
        first.emit();
        InvocationMetrics second = metrics.begin("http", FUNCTION);
        fetches.incrementAndGet();
        second.emit();

        List<JsonNode> documents = documents();
        assertThat(documents.get(0).has("SecretRefetches")).isFalse();
        assertThat(documents.get(1).get("SecretRefetches").asLong()).isEqualTo(1);
        assertValidEmf(documents.get(1));
    }

    @Test
    void aSecondFetchInTheEnvironmentsFirstInvocation_isARefetch() throws IOException {
        // A cold start reads the secret, Snowflake refuses the key (rotated meanwhile), the secret is read again.
        InvocationMetrics first = metrics.begin("http", FUNCTION);
        fetches.addAndGet(2);
        first.emit();

        JsonNode document = documents().get(0);
        assertThat(document.path("SecretRefetches").asLong()).isEqualTo(1);
        assertValidEmf(document);
    }

    @Test
    void lastGoodSecretServedForAFailedRefresh_isCountedInThatInvocationOnly() throws IOException {
        InvocationMetrics stale = metrics.begin("scheduled", FUNCTION);
        staleServes.incrementAndGet();
        stale.emit();
        metrics.begin("scheduled", FUNCTION).emit();

        List<JsonNode> documents = documents();
        assertThat(documents.get(0).get("SecretStaleServes").asLong()).isEqualTo(1);
        assertValidEmf(documents.get(0));
        assertThat(documents.get(1).has("SecretStaleServes")).isFalse();
    }
}
