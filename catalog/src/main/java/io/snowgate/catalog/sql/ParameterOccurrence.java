package io.snowgate.catalog.sql;

/**
 * One {@code :name} placeholder found in SQL text.
 *
 * @param name  the parameter name, without the colon
 * @param start offset of the colon in the SQL text
 * @param end   offset just after the last character of the name
 */
public record ParameterOccurrence(String name, int start, int end) {
}
