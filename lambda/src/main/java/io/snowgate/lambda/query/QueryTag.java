package io.snowgate.lambda.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code QUERY_TAG} every statement runs with, a small JSON object, so costs and runs can be traced in
 * {@code QUERY_HISTORY} and a run can be tied back to the query and caller that started it.
 */
public record QueryTag(String query, String requestId, Optional<String> caller) {

    public static final String APPLICATION = "snowgate";
    /** Snowflake's limit on QUERY_TAG. */
    static final int MAX_LENGTH = 2000;

    public String toJson(ObjectMapper json) {
        Map<String, String> tag = new LinkedHashMap<>();
        tag.put("app", APPLICATION);
        tag.put("query", query);
        tag.put("requestId", requestId);
        caller.ifPresent(c -> tag.put("caller", c));
        try {
            String text = json.writeValueAsString(tag);
            if (text.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("query tag longer than " + MAX_LENGTH + " characters");
            }
            return text;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    /** Reads a tag written by {@link #toJson}; empty for a tag Snowgate did not write. */
    public static Optional<QueryTag> fromJson(ObjectMapper json, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            var node = json.readTree(text);
            if (!node.isObject() || !APPLICATION.equals(node.path("app").asText())
                    || !node.hasNonNull("query") || !node.hasNonNull("requestId")) {
                return Optional.empty();
            }
            return Optional.of(new QueryTag(node.get("query").asText(), node.get("requestId").asText(),
                    Optional.ofNullable(node.get("caller")).map(c -> c.asText())));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
