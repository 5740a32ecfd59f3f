package io.snowgate.cli.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.cli.soak.SoakPlan.SoakQuery;
import io.snowgate.cli.soak.SoakPlan.Work;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events the soak sends, in the shapes AWS sends them: a Scheduler payload, and API Gateway HTTP API (payload
 * 2.0) events made from the CLI's own samples ({@code events/http-current-version.json},
 * {@code events/http-run-status.json}) with the route, body and request id of each invocation.
 */
final class SoakEvents {

    private final ObjectMapper json;
    private final ObjectNode post;
    private final ObjectNode poll;

    SoakEvents(ObjectMapper json) {
        this.json = json;
        this.post = sample("http-current-version.json");
        this.poll = sample("http-run-status.json");
    }

    private ObjectNode sample(String name) {
        try (InputStream in = SoakEvents.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalStateException("events/" + name + " is missing from the CLI");
            }
            return (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The work's parameters for its query. */
    Map<String, Object> params(Work work) {
        Map<String, Object> params = new LinkedHashMap<>();
        switch (work.query()) {
            case READ -> params.put("n", work.n());
            case WRITE -> {
                params.put("invocation_id", work.id());
                params.put("environment", work.environment());
            }
            case REPORT -> {
                params.put("seconds", work.seconds());
                params.put("n", work.n());
            }
        }
        return params;
    }

    /** EventBridge Scheduler's payload, with the firing time the CDK app fills in. */
    byte[] scheduled(Work work, Instant now) {
        ObjectNode event = json.createObjectNode();
        event.put("query", work.query().catalogName());
        event.set("params", json.valueToTree(params(work)));
        event.put("scheduledTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
        return bytes(event);
    }

    /** {@code POST /queries/{name}[?async=true]} with the work's parameters. */
    byte[] run(Work work, boolean async, String requestId) {
        ObjectNode event = post.deepCopy();
        String path = "/queries/" + work.query().catalogName();
        event.put("routeKey", "POST " + path);
        event.put("rawPath", path);
        event.put("rawQueryString", async ? "async=true" : "");
        if (async) {
            event.putObject("queryStringParameters").put("async", "true");
        } else {
            event.remove("queryStringParameters");
        }
        String body = text(Map.of("params", params(work)));
        event.put("body", body);
        event.withObjectProperty("headers").put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        ObjectNode context = event.withObjectProperty("requestContext");
        context.put("requestId", requestId);
        context.put("routeKey", "POST " + path);
        context.withObjectProperty("http").put("method", "POST").put("path", path);
        return bytes(event);
    }

    /** {@code GET /queries/{name}/runs/{queryId}}. */
    byte[] poll(SoakQuery query, String queryId, String requestId) {
        ObjectNode event = poll.deepCopy();
        String path = "/queries/" + query.catalogName() + "/runs/" + queryId;
        event.put("rawPath", path);
        ObjectNode context = event.withObjectProperty("requestContext");
        context.put("requestId", requestId);
        context.withObjectProperty("http").put("path", path);
        event.withObjectProperty("pathParameters").put("name", query.catalogName()).put("queryId", queryId);
        return bytes(event);
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] bytes(JsonNode event) {
        return text(event).getBytes(StandardCharsets.UTF_8);
    }
}
