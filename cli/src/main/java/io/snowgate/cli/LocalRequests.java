package io.snowgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The requests a client of the HTTP API sends, as {@code run} and {@code events generate http} send them. */
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

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept", "application/json");
        headers.put("host", HOST);
        headers.put("user-agent", "snowgate-cli");
        return headers;
    }
}
