package io.snowgate.lambda.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLogTest {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final ObjectMapper json = new ObjectMapper();
    private final JsonLog log = new JsonLog(new PrintStream(buffer, true, StandardCharsets.UTF_8), json,
            Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void eachEvent_isOneJsonLineWithLevelEventAndFields() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("requestId", "req-1");
        fields.put("query", "current_version");
        fields.put("rows", 1);
        fields.put("queryId", null);
        log.info("query_succeeded", fields);
        log.error("query_failed", Map.of("code", "002003"));

        String[] lines = buffer.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = json.readTree(lines[0]);
        assertThat(first.get("timestamp").asText()).isEqualTo("2026-11-27T12:00:00Z");
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("event").asText()).isEqualTo("query_succeeded");
        assertThat(first.get("rows").asInt()).isEqualTo(1);
        assertThat(first.has("queryId")).as("null fields are left out").isFalse();
        assertThat(json.readTree(lines[1]).get("level").asText()).isEqualTo("ERROR");
    }

    @Test
    void newlinesInValues_stayInsideOneLine() throws Exception {
        log.warn("statement_failed", Map.of("message", "SQL compilation error:\nObject does not exist"));

        assertThat(buffer.toString(StandardCharsets.UTF_8).strip()).doesNotContain("\n");
    }

    @Test
    void linesWrittenForARequest_carryItsId_andOnlyWhileTheScopeIsOpen() throws Exception {
        log.info("before", Map.of());
        try (JsonLog.RequestScope scope = log.forRequest("req-7")) {
            log.warn("during", Map.of("code", 390111));
        }
        log.info("after", Map.of());

        String[] lines = buffer.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(json.readTree(lines[0]).has("requestId")).isFalse();
        assertThat(json.readTree(lines[1]).get("requestId").asText()).isEqualTo("req-7");
        assertThat(json.readTree(lines[2]).has("requestId")).isFalse();
    }
}
