package io.snowgate.lambda.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.lambda.query.InvalidRequestException;
import io.snowgate.lambda.query.RequestParams;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the events that start a scheduled run into a {@link ScheduledInvocation}:
 * <ul>
 *   <li>an EventBridge Scheduler payload {@code {"query": "...", "params": {...}, "scheduledTime": "..."}}, where the
 *       CDK app fills {@code scheduledTime} from Scheduler's {@code <aws.scheduler.scheduled-time>} attribute;</li>
 *   <li>an EventBridge rule event, whose {@code detail} carries the same fields and whose {@code time} is the
 *       scheduled time.</li>
 * </ul>
 */
public final class ScheduledEventMapper {

    private final ObjectMapper json;

    public ScheduledEventMapper(ObjectMapper json) {
        this.json = json;
    }

    /** Maps an event; throws {@link InvalidRequestException} naming the field at fault. */
    public ScheduledInvocation map(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw invalid("event must be a JSON object");
        }
        boolean ruleEvent = ruleEvent(event);
        JsonNode body = ruleEvent ? event.get("detail") : event;
        String prefix = ruleEvent ? "detail." : "";
        if (!body.isObject()) {
            // Only a rule event gets here: any other event is its own body, already an object.
            throw invalid("detail must be a JSON object");
        }
        String query = queryNamed(event).orElseThrow(() -> invalid(prefix + "query is required and must be a string"));
        Optional<Instant> scheduledTime = time(body, "scheduledTime", prefix);
        if (scheduledTime.isEmpty() && ruleEvent) {
            scheduledTime = time(event, "time", "");
        }
        return new ScheduledInvocation(query, params(body.get("params"), prefix), scheduledTime);
    }

    /**
     * The query {@code event} names, if it names one, whatever else is wrong with it: so that a refused event is still
     * logged with the query its schedule runs.
     */
    public Optional<String> queryNamed(JsonNode event) {
        if (event == null || !event.isObject()) {
            return Optional.empty();
        }
        JsonNode query = (ruleEvent(event) ? event.path("detail") : event).path("query");
        return query.isTextual() && !query.asText().isBlank() ? Optional.of(query.asText()) : Optional.empty();
    }

    private static boolean ruleEvent(JsonNode event) {
        return event.has("detail") && event.has("detail-type");
    }

    private Map<String, Object> params(JsonNode params, String prefix) {
        try {
            return RequestParams.read(json, params, prefix + "params");
        } catch (InvalidRequestException e) {
            throw invalid(e.getMessage());
        }
    }

    private static Optional<Instant> time(JsonNode node, String field, String prefix) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.asText()).toInstant());
        } catch (DateTimeParseException e) {
            throw invalid(prefix + field + " must be an ISO-8601 timestamp with offset");
        }
    }

    private static InvalidRequestException invalid(String detail) {
        return new InvalidRequestException("invalid scheduled event: " + detail);
    }
}
