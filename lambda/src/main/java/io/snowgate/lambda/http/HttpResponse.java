package io.snowgate.lambda.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the handler answers, before it is written in API Gateway's proxy response shape: a status, headers and a
 * JSON body.
 */
public record HttpResponse(int status, Map<String, String> headers, JsonNode body) {

    public HttpResponse {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", "application/json");
        all.putAll(headers);
        headers = Map.copyOf(all);
    }

    public static HttpResponse json(int status, JsonNode body) {
        return new HttpResponse(status, Map.of(), body);
    }
}
