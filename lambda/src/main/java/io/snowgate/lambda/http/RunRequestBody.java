package io.snowgate.lambda.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.lambda.query.InvalidRequestException;
import io.snowgate.lambda.query.RequestParams;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code POST /queries/{name}}: nothing, or {@code {"params": {...}}}. Any other field is refused, and
 * one that looks like SQL ({@code sql}, {@code statement}, ...) is refused saying that SQL is never accepted: the
 * path names the catalog query, whose SQL is the only SQL that runs.
 */
final class RunRequestBody {

    static final String PARAMS = "params";
    private static final Set<String> SQL_FIELDS = Set.of("sql", "statement", "statements", "sqltext", "sql_text",
            "querytext", "query_text");

    private RunRequestBody() {
    }

    /** The parameter values; throws {@link InvalidRequestException} naming what is wrong, never a value. */
    static Map<String, Object> params(ObjectMapper json, Optional<String> body) {
        if (body.isEmpty() || body.get().isBlank()) {
            return Map.of();
        }
        JsonNode tree;
        try {
            // Strict where Jackson is lenient by default: a field named twice (the last would win, while a gateway,
            // WAF or authorizer that read the first saw another value) and anything after the one document.
            tree = json.reader()
                    .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY,
                            DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(body.get());
        } catch (MismatchedInputException e) {
            throw new InvalidRequestException("body must be one JSON object that names each field once: "
                    + "{\"params\": {...}}");
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("body must be JSON: {\"params\": {...}}");
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidRequestException("body must be a JSON object: {\"params\": {...}}");
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (SQL_FIELDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new InvalidRequestException("SQL is not accepted: name a catalog query in the path and send "
                        + "only {\"params\": {...}}");
            }
            if (!name.equals(PARAMS)) {
                throw new InvalidRequestException("unknown body field " + shown(name)
                        + "; the body is {\"params\": {...}}");
            }
        }
        return RequestParams.read(json, tree.get(PARAMS), PARAMS);
    }

    /** A name the caller sent, as a message shows it: {@link NamedQuery#shownName}, quoted when it is repeated. */
    static String shown(String name) {
        String shown = NamedQuery.shownName(name);
        return shown.equals(name) ? "'" + name + "'" : shown;
    }
}
