package io.snowgate.catalog;

import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The type of a query parameter, as written in the catalog ({@code string}, {@code integer}, ...), the Java value
 * a bound parameter of that type carries, and how it is written into the statement sent to Snowflake.
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
    /**
     * Bound as {@link java.time.LocalDate}; written as ISO-8601 {@code 2026-01-31}; reaches Snowflake as a DATE
     * converted from text ({@link #jdbcMarker()}).
     */
    DATE(Types.DATE),
    /**
     * Bound as {@link java.time.OffsetDateTime}; written as ISO-8601 with an offset, {@code 2026-01-31T08:00:00Z};
     * reaches Snowflake as a TIMESTAMP_TZ with that instant and that offset, converted from text
     * ({@link #jdbcMarker()}).
     */
    TIMESTAMP(Types.TIMESTAMP_WITH_TIMEZONE);

    /** Snowflake's format elements for the text a date is sent as (docs: Conversion functions, format elements). */
    private static final String DATE_FORMAT = "YYYY-MM-DD";
    /** The same for a timestamp: nanoseconds, and the offset as TZH:TZM, which keeps it in the TIMESTAMP_TZ. */
    private static final String TIMESTAMP_FORMAT = "YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM";
    /** {@link #DATE_FORMAT} in java.time's letters: the ISO (proleptic Gregorian) calendar, as Snowflake's. */
    private static final DateTimeFormatter DATE_TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);
    /** {@link #TIMESTAMP_FORMAT} in java.time's letters; {@code xxx} writes UTC as +00:00, never Z. */
    private static final DateTimeFormatter TIMESTAMP_TEXT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS xxx", Locale.ROOT);

    private final int sqlType;

    ParameterType(int sqlType) {
        this.sqlType = sqlType;
    }

    /** The {@link java.sql.Types} code, for {@code PreparedStatement.setNull}. */
    public int sqlType() {
        return sqlType;
    }

    /**
     * How a placeholder of this type is written in the statement sent to Snowflake: a JDBC {@code ?}, which for a
     * date or a timestamp is text the statement converts with a fixed format ({@link #boundText}). snowflake-jdbc
     * 4.4.1 cannot bind either exactly: {@code setTimestamp} sends a TIMESTAMP_LTZ (the offset is lost) and both it
     * and {@code setDate} subtract a Julian-calendar correction ({@code ResultUtil.msDiffJulianToGregorian}) meant
     * for values built from Julian calendar fields, so a timestamp before 1582-10-15 moves by days, and so do the
     * dates from 1582-09-25 to 1582-10-14 and before year 1; {@code setObject} takes neither
     * {@code OffsetDateTime} nor {@code Types.TIMESTAMP_WITH_TIMEZONE}. Snowflake's calendar is proleptic Gregorian.
     */
    public String jdbcMarker() {
        return switch (this) {
            case DATE -> "TO_DATE(?, '" + DATE_FORMAT + "')";
            case TIMESTAMP -> "TO_TIMESTAMP_TZ(?, '" + TIMESTAMP_FORMAT + "')";
            case STRING, INTEGER, NUMBER, BOOLEAN -> "?";
        };
    }

    /**
     * The text a date or timestamp value (of the class this type binds as) is bound as, in the format its
     * {@link #jdbcMarker()} converts from: {@code 2026-01-31}, {@code 2026-01-31 09:00:00.000000000 +01:00}.
     */
    public String boundText(Object value) {
        return switch (this) {
            case DATE -> DATE_TEXT.format((LocalDate) value);
            case TIMESTAMP -> TIMESTAMP_TEXT.format((OffsetDateTime) value);
            case STRING, INTEGER, NUMBER, BOOLEAN ->
                    throw new IllegalArgumentException(catalogName() + " values are not bound as text");
        };
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
