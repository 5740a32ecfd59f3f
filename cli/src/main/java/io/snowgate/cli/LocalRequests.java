package io.snowgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.catalog.api.ApiRoutes;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The requests a client of the HTTP API sends, and the event EventBridge Scheduler sends, as {@code run} and
 * {@code events generate} make them.
 */
final class LocalRequests {

    private static final String HOST = "127.0.0.1";

    private LocalRequests() {
    }

    /** {@code POST /queries/NAME[?async=true]} with {@code {"params": {...}}}. */
    static ApiEvents.Request runQuery(ObjectMapper json, String query, Map<String, Object> params, boolean async) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of("params", params));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parameters are plain JSON values", e);
        }
        Map<String, String> headers = headers();
        headers.put("content-type", "application/json");
        headers.put("content-length", Integer.toString(body.length));
        return new ApiEvents.Request("POST", "/queries/" + query, async ? "async=true" : "", headers, body, HOST,
                HOST);
    }

    /** {@code GET} of a run's location, {@code /queries/NAME/runs/QUERY_ID}. */
    static ApiEvents.Request readRun(String location) {
        return new ApiEvents.Request("GET", location, "", headers(), new byte[0], HOST, HOST);
    }

    /**
     * The route the deployed API gives {@code request}; when none does, a warning on {@code err}, as the event is
     * still made (a test may want exactly that) and the handler would answer it as for a query the catalog lacks.
     */
    static Optional<ApiRoutes.Match> route(ApiRoutes routes, ApiEvents.Request request, PrintWriter err) {
        Optional<ApiRoutes.Match> route = routes.match(request.method(), request.rawPath());
        if (route.isEmpty()) {
            err.println("snowgate: warning: no route takes " + request.method() + " " + request.rawPath()
                    + " (is the query marked http: true?); the deployed API would answer 404");
            err.flush();
        }
        return route;
    }

    /** EventBridge Scheduler's event for {@code query}: {@code {query, params, scheduledTime}}, fired now. */
    static ObjectNode scheduledEvent(ObjectMapper json, String query, Map<String, Object> params) {
        ObjectNode event = json.createObjectNode();
        event.put("query", query);
        event.set("params", json.valueToTree(params));
        event.put("scheduledTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return event;
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept", "application/json");
        headers.put("host", HOST);
        headers.put("user-agent", "snowgate-cli");
        return headers;
    }
}
