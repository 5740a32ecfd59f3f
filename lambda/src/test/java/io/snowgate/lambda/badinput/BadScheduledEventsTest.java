package io.snowgate.lambda.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.schedule.ScheduledRunFailedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad scheduled events through the real scheduled handler of a working deployment: each fails the run (the handler
 * throws, so Lambda records it) with its code first in the message and in the log line, runs nothing in Snowflake,
 * and no canary it carries appears in the error, the log and metric stream or java.util.logging.
 */
class BadScheduledEventsTest {

    private static Deployed deployed;

    @BeforeAll
    static void deploy(@TempDir Path dir) {
        deployed = new Deployed(dir.resolve("key"), "scheduled-bad-inputs-passphrase");
    }

    @AfterAll
    static void tearDown() {
        deployed.close();
    }

    record Case(String name, String event, String code, List<String> canaries) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badEvents() {
        return Stream.of(
                new Case("not JSON", "{\"query\": CANARY-not-json", "INVALID_REQUEST", List.of("CANARY-not-json")),
                new Case("a JSON array", "[\"CANARY-array\"]", "INVALID_REQUEST", List.of("CANARY-array")),
                new Case("a JSON string", "\"CANARY-string-event\"", "INVALID_REQUEST",
                        List.of("CANARY-string-event")),
                new Case("no query", "{\"params\":{\"text\":\"CANARY-no-query\"}}", "INVALID_REQUEST",
                        List.of("CANARY-no-query")),
                new Case("a query that is a number", "{\"query\":4711,\"params\":{\"text\":\"CANARY-q-number\"}}",
                        "INVALID_REQUEST", List.of("CANARY-q-number")),
                new Case("a blank query", "{\"query\":\"  \",\"params\":{\"text\":\"CANARY-blank\"}}",
                        "INVALID_REQUEST", List.of("CANARY-blank")),
                new Case("params that are a list", "{\"query\":\"echo_text\",\"params\":[\"CANARY-list\"]}",
                        "INVALID_REQUEST", List.of("CANARY-list")),
                new Case("a parameter that is an object", "{\"query\":\"echo_text\",\"params\":{\"text\":"
                        + "{\"v\":\"CANARY-nested\"}}}", "INVALID_REQUEST", List.of("CANARY-nested")),
                new Case("a scheduled time that is not a time", "{\"query\":\"current_version\","
                        + "\"scheduledTime\":\"CANARY-when\"}", "INVALID_REQUEST", List.of("CANARY-when")),
                new Case("a rule event whose detail is not an object", "{\"detail-type\":\"Scheduled Event\","
                        + "\"detail\":\"CANARY-detail\",\"time\":\"2026-11-27T08:00:00Z\"}", "INVALID_REQUEST",
                        List.of("CANARY-detail")),
                new Case("a rule event whose time is not a time", "{\"detail-type\":\"Scheduled Event\","
                        + "\"detail\":{\"query\":\"current_version\"},\"time\":\"CANARY-rule-time\"}",
                        "INVALID_REQUEST", List.of("CANARY-rule-time")),
                new Case("an unknown query", "{\"query\":\"no_such_query\",\"params\":{\"x\":\"CANARY-unknown-q\"}}",
                        "UNKNOWN_QUERY", List.of("CANARY-unknown-q")),
                new Case("an undeclared parameter", "{\"query\":\"echo_text\",\"params\":{\"text\":\"a\","
                        + "\"extra\":\"CANARY-extra\"}}", "INVALID_PARAMETER", List.of("CANARY-extra")),
                new Case("an undeclared parameter with an invalid name", "{\"query\":\"echo_text\",\"params\":"
                        + "{\"CANARY bad name\":1}}", "INVALID_PARAMETER", List.of("CANARY bad name")),
                new Case("a missing required parameter", "{\"query\":\"echo_text\",\"params\":{\"n\":2},"
                        + "\"note\":\"CANARY-note\"}", "INVALID_PARAMETER", List.of("CANARY-note")),
                new Case("text for an integer", "{\"query\":\"echo_text\",\"params\":{\"text\":\"a\","
                        + "\"n\":\"CANARY-not-int\"}}", "INVALID_PARAMETER", List.of("CANARY-not-int")),
                new Case("a fraction for an integer", "{\"query\":\"echo_text\",\"params\":{\"text\":\"a\","
                        + "\"n\":12345.678901}}", "INVALID_PARAMETER", List.of("12345.678901")),
                new Case("an integer beyond 64 bits", "{\"query\":\"slow\",\"params\":{\"seconds\":"
                        + "98765432109876543210987}}", "INVALID_PARAMETER", List.of("98765432109876543210987")),
                // Thirteen digits: a shorter number turned up by chance in a log line's epoch-millisecond timestamp.
                new Case("an integer above the maximum", "{\"query\":\"slow\",\"params\":{\"seconds\":"
                        + "6019283746150}}", "INVALID_PARAMETER", List.of("6019283746150")),
                new Case("a string over its maximum length", "{\"query\":\"echo_text\",\"params\":{\"text\":\""
                        + "CANARY-long-" + "x".repeat(200) + "\"}}", "INVALID_PARAMETER", List.of("CANARY-long-")),
                new Case("a timestamp without an offset", "{\"query\":\"runs_at\",\"params\":{\"scheduled_time\":"
                        + "\"2026-11-27T08:00:00.123456\"}}", "INVALID_PARAMETER",
                        List.of("2026-11-27T08:00:00.123456")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEvents")
    void badEvent_failsTheRunWithItsCode_runsNothing_andNoCanaryIsWritten(Case bad) throws Exception {
        int statementsBefore = deployed.snowflake().queries().size();
        try (Captured captured = new Captured(); QueryFunction function = deployed.function(captured)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ScheduledQueryHandler handler = new ScheduledQueryHandler(function);

            assertThatThrownBy(() -> handler.handleRequest(
                    new ByteArrayInputStream(bad.event().getBytes(StandardCharsets.UTF_8)), out,
                    new LocalContext("bad-event", Duration.ofSeconds(30), Clock.systemUTC())))
                    .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                        captured.add(e).add(out.toString(StandardCharsets.UTF_8));
                        assertThat(e.getMessage()).startsWith(bad.code() + ": ");
                    });
            assertThat(captured.logText()).contains("\"code\":\"" + bad.code() + "\"");
            assertThat(deployed.snowflake().queries()).hasSize(statementsBefore);
            captured.assertNoCanary(deployed.canaries(bad.canaries()));
        }
    }
}
