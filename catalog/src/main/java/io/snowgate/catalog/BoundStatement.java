package io.snowgate.catalog;

import java.util.List;

/**
 * A query ready for a {@code PreparedStatement}: {@code jdbcSql} has a JDBC {@code ?} in place of each {@code :name}
 * occurrence (for a date or timestamp, inside the conversion {@link ParameterType#jdbcMarker()} gives) and
 * {@code values} holds one entry per {@code ?}, in order (a name used twice appears twice).
 */
public record BoundStatement(String jdbcSql, List<BoundValue> values) {

    public BoundStatement {
        values = List.copyOf(values);
    }
}
