package io.snowgate.lambda.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.catalog.NamedQuery;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the {@code params} object of a request or event into the values {@link QueryRequest} takes. */
public final class RequestParams {

    private RequestParams() {
    }

    /**
     * The JSON scalars of {@code params} as String, Number, Boolean or null, by name; none when {@code params} is
     * absent or null. The catalog checks names and types when the query is bound.
     *
     * @param field how the caller names the object in messages, e.g. {@code params} or {@code detail.params}
     * @throws InvalidRequestException {@code params} is not an object, or a value is an object or an array
     */
    public static Map<String, Object> read(ObjectMapper json, JsonNode params, String field) {
        if (params == null || params.isNull() || params.isMissingNode()) {
            return Map.of();
        }
        if (!params.isObject()) {
            throw new InvalidRequestException(field + " must be a JSON object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : params.properties()) {
            if (entry.getValue().isContainerNode()) {
                throw new InvalidRequestException(
                        field + "." + NamedQuery.shownName(entry.getKey())
                                + " must be a string, number, boolean or null");
            }
            values.put(entry.getKey(), json.convertValue(entry.getValue(), Object.class));
        }
        return values;
    }
}
