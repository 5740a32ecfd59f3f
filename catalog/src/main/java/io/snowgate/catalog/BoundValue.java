package io.snowgate.catalog;

/**
 * One JDBC bind value, in placeholder order.
 *
 * @param name      the parameter it came from
 * @param type      its declared type; {@link ParameterType#sqlType()} serves {@code setNull}
 * @param value     the converted Java value ({@link ParameterType} says which class), or {@code null} for SQL NULL
 * @param sensitive whether the parameter is declared sensitive, so callers keep its value out of logs
 */
public record BoundValue(String name, ParameterType type, Object value, boolean sensitive) {

    /** Never prints the value: bound values end up in log lines by accident too easily. */
    @Override
    public String toString() {
        return "BoundValue[" + name + ": " + type.catalogName() + "]";
    }
}
