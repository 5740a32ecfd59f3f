package io.snowgate.lambda.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.lambda.query.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduledEventMapperTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledEventMapper mapper = new ScheduledEventMapper(json);

    private JsonNode event(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/events/" + resource)) {
            return json.readTree(in);
        }
    }

    @Test
    void schedulerPayload_givesQueryTypedParamsAndScheduledTime() throws IOException {
        ScheduledInvocation run = mapper.map(event("scheduler-payload.json"));

        assertThat(run.query()).isEqualTo("daily_orders");
        assertThat(run.params()).containsEntry("region", "EMEA").containsEntry("limit", 100)
                .containsEntry("active", true).containsEntry("since", null);
        assertThat(run.params().get("ratio")).isIn(0.25, new BigDecimal("0.25"));
        assertThat(run.scheduledTime()).contains(Instant.parse("2026-11-27T08:00:00Z"));
    }

    @Test
    void ruleEvent_readsDetailAndTakesTheEventTimeAsScheduledTime() throws IOException {
        ScheduledInvocation run = mapper.map(event("eventbridge-rule-event.json"));

        assertThat(run.query()).isEqualTo("daily_orders");
        assertThat(run.params()).containsExactlyEntriesOf(java.util.Map.of("region", "APAC"));
        assertThat(run.scheduledTime()).contains(Instant.parse("2026-11-27T06:30:00Z"));
    }

    @Test
    void shippedSampleEvent_maps() throws IOException {
        JsonNode sample = json.readTree(java.nio.file.Path.of("../events/scheduled-current-version.json").toFile());

        assertThat(mapper.map(sample).query()).isEqualTo("current_version");
    }

    @Test
    void payloadWithoutScheduledTime_hasNone() throws IOException {
        assertThat(mapper.map(json.readTree("{\"query\":\"q\"}")).scheduledTime()).isEmpty();
    }

    @Test
    void missingQuery_isRefusedNamingTheField() throws IOException {
        assertThatThrownBy(() -> mapper.map(json.readTree("{\"params\":{}}")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("query is required");
        assertThatThrownBy(() -> mapper.map(json.readTree(
                "{\"detail-type\":\"Scheduled Event\",\"detail\":{\"query\":7}}")))
                .hasMessageContaining("detail.query");
    }

    @Test
    void nestedParamValues_areRefusedNamingTheParameter() throws IOException {
        assertThatThrownBy(() -> mapper.map(json.readTree("{\"query\":\"q\",\"params\":{\"ids\":[1,2]}}")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("params.ids");
    }

    @Test
    void aNestedValueUnderANameWithoutAParametersForm_isRefusedWithoutRepeatingTheName() throws IOException {
        assertThatThrownBy(() -> mapper.map(json.readTree("{\"query\":\"q\",\"params\":{\"<b>x\":[1]}}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("invalid scheduled event: params.(invalid name) must be a string, number, boolean or null");
    }

    @Test
    void badScheduledTime_isRefused() throws IOException {
        assertThatThrownBy(() -> mapper.map(json.readTree("{\"query\":\"q\",\"scheduledTime\":\"yesterday\"}")))
                .hasMessageContaining("scheduledTime must be an ISO-8601 timestamp");
    }

    @Test
    void nonObjectEvent_isRefused() throws IOException {
        assertThatThrownBy(() -> mapper.map(json.readTree("\"current_version\"")))
                .hasMessageContaining("event must be a JSON object");
    }

    @Test
    void aRuleEventWhoseDetailIsNotAnObject_isRefusedNamingDetail() throws IOException {
        assertThatThrownBy(() -> mapper.map(json.readTree(
                "{\"detail-type\":\"Scheduled Event\",\"detail\":\"current_version\"}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("invalid scheduled event: detail must be a JSON object");
    }
}
