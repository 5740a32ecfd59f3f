package io.snowgate.cli;

import io.snowgate.catalog.NamedQuery;
import io.snowgate.catalog.ParameterSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --param name=value} values as JSON puts them in an event: a number for an {@code integer} or {@code number}
 * parameter, a boolean for a {@code boolean} one, text otherwise. A value that does not read as its type, or a name
 * the query does not declare, is passed as text, for the handler to refuse as it would any caller's.
 */
final class QueryParams {

    private QueryParams() {
    }

    /**
     * The params of the event EventBridge Scheduler sends for {@code query}: its schedule's {@code params} (none for a
     * query without a schedule), or {@code given} instead, typed, when any are given.
     */
    static Map<String, Object> scheduled(Optional<NamedQuery> query, Map<String, String> given) {
        if (!given.isEmpty()) {
            return typed(query, given);
        }
        return query.flatMap(NamedQuery::schedule).<Map<String, Object>>map(s -> new LinkedHashMap<>(s.params()))
                .orElse(Map.of());
    }

    static Map<String, Object> typed(Optional<NamedQuery> query, Map<String, String> given) {
        Map<String, Object> params = new LinkedHashMap<>();
        given.forEach((name, text) -> params.put(name,
                query.flatMap(q -> q.parameter(name)).map(spec -> typed(spec, text)).orElse(text)));
        return params;
    }

    private static Object typed(ParameterSpec spec, String text) {
        try {
            return switch (spec.type()) {
                case INTEGER -> new BigInteger(text.strip());
                case NUMBER -> new BigDecimal(text.strip());
                case BOOLEAN -> text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : text;
                default -> text;
            };
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
