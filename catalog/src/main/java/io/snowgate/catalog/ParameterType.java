package io.snowgate.catalog;

import java.sql.Types;
import java.util.Locale;
import java.util.Optional;

/**
 * The type of a query parameter, as written in the catalog ({@code string}, {@code integer}, ...), and the Java value
 * a bound parameter of that type carries.
 */
public enum ParameterType {
    /** Bound as {@link String}. */
    STRING(Types.VARCHAR),
    /** Bound as {@link Long}. */
    INTEGER(Types.BIGINT),
    /** Bound as {@link java.math.BigDecimal}. */
    NUMBER(Types.DECIMAL),
    /** Bound as {@link Boolean}. */
    BOOLEAN(Types.BOOLEAN),
    /** Bound as {@link java.time.LocalDate}; written as ISO-8601 {@code 2026-01-31}. */
    DATE(Types.DATE),
    /** Bound as {@link java.time.OffsetDateTime}; written as ISO-8601 with an offset, {@code 2026-01-31T08:00:00Z}. */
    TIMESTAMP(Types.TIMESTAMP_WITH_TIMEZONE);

    private final int sqlType;

    ParameterType(int sqlType) {
        this.sqlType = sqlType;
    }

    /** The {@link java.sql.Types} code, for {@code PreparedStatement.setNull}. */
    public int sqlType() {
        return sqlType;
    }

    /** The name used in catalog files, e.g. {@code integer}. */
    public String catalogName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type with this catalog name, case-insensitive. */
    public static Optional<ParameterType> fromCatalogName(String name) {
        for (ParameterType type : values()) {
            if (type.catalogName().equalsIgnoreCase(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
