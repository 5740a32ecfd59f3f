package io.snowgate.catalog.sql;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code :name} placeholder found in SQL text.
 *
 * @param name         the parameter name, without the colon
 * @param start        offset of the colon in the SQL text
 * @param end          offset just after the last character of the name
 * @param becomesSqlIn the construct in which a bound value would be read as SQL text rather than stay a value:
 *                     {@code IDENTIFIER(...)} and {@code TABLE(...)} (an object's name), {@code EXECUTE IMMEDIATE}
 *                     (a statement); empty for a plain value
 */
public record ParameterOccurrence(String name, int start, int end, Optional<String> becomesSqlIn) {

    public ParameterOccurrence {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(becomesSqlIn, "becomesSqlIn");
    }
}
