package io.snowgate.emulator.snowflake;

import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import org.h2.util.JSR310Utils;
import org.h2.value.Value;

/**
 * {@code TO_CHAR} / {@code TO_VARCHAR} (docs: functions/to_char) and the day and month names, as Snowflake writes
 * them; H2's own TO_CHAR writes a date as Oracle does ({@code 30-NOV-26 12.00.00.000000000 AM}) and its DAYNAME the
 * whole name. Without a format a date, time or timestamp is written in the session's output format for its type
 * (DATE_OUTPUT_FORMAT, TIME_OUTPUT_FORMAT, TIMESTAMP_NTZ_OUTPUT_FORMAT, TIMESTAMP_LTZ/TZ_OUTPUT_FORMAT, each falling
 * back to TIMESTAMP_OUTPUT_FORMAT when empty; docs: parameters), a binary value in BINARY_OUTPUT_FORMAT, a VARIANT
 * as the text it holds and a boolean as {@code true} or {@code false}. With a format, a date or time is written by
 * its elements ({@link DateTimeFormats}), a binary value as {@code HEX}, {@code BASE64} or {@code UTF-8}, and a
 * number by H2's TO_CHAR, whose format models ({@code 9 0 . , $ S MI EEEE}) are Snowflake's too. A TIMESTAMP_LTZ
 * and a TIMESTAMP_TZ are one type to H2: both are written in the LTZ format (when set, else the TZ one), with the
 * value's own offset.
 */
public final class ToChar {

    /** The functions and the Java methods behind them, for {@code CREATE ALIAS}. */
    static final List<String[]> ALIASES = List.of(
            new String[] {"SF_TO_CHAR", "toChar"},
            new String[] {"SF_DAYNAME", "dayName"},
            new String[] {"SF_MONTHNAME", "monthName"});
    /** The H2 variable holding the session's {@link OutputFormats}, passed to each call of SF_TO_CHAR. */
    static final String OUTPUT_FORMATS_VARIABLE = "@SF_OUTPUT_FORMATS";

    /** The session's output formats a value without a format of its own is written in. */
    record OutputFormats(String date, String time, String timestampNtz, String timestampWithZone, String binary) {

        /** The session's formats; every one of these parameters has a default, and UNSET restores it. */
        static OutputFormats of(SessionParameters parameters) {
            String timestamp = text(parameters, "TIMESTAMP_OUTPUT_FORMAT");
            // An empty type-specific format means "as TIMESTAMP_OUTPUT_FORMAT"; LTZ's falls back to TZ's first.
            return new OutputFormats(text(parameters, "DATE_OUTPUT_FORMAT"), text(parameters, "TIME_OUTPUT_FORMAT"),
                    or(text(parameters, "TIMESTAMP_NTZ_OUTPUT_FORMAT"), timestamp),
                    or(text(parameters, "TIMESTAMP_LTZ_OUTPUT_FORMAT"),
                            or(text(parameters, "TIMESTAMP_TZ_OUTPUT_FORMAT"), timestamp)),
                    text(parameters, "BINARY_OUTPUT_FORMAT"));
        }

        /** The formats as one text for an H2 variable, one a line. */
        String encoded() {
            return String.join("\n", date, time, timestampNtz, timestampWithZone, binary);
        }

        static OutputFormats decoded(String encoded) {
            String[] lines = encoded.split("\n", -1);
            return new OutputFormats(lines[0], lines[1], lines[2], lines[3], lines[4]);
        }

        private static String text(SessionParameters parameters, String name) {
            return parameters.get(name).toString();
        }

        private static String or(String format, String fallback) {
            return format.isEmpty() ? fallback : format;
        }
    }

    private ToChar() {
    }

    /** {@code TO_CHAR(value)}: the value in the session's output format for its type. */
    public static String toChar(Value value, String outputFormats) throws SQLException {
        if (value == null || value == org.h2.value.ValueNull.INSTANCE) {
            return null;
        }
        OutputFormats formats = OutputFormats.decoded(outputFormats);
        return switch (value.getValueType()) {
            case Value.DATE -> write(JSR310Utils.valueToLocalDate(value, null), formats.date());
            case Value.TIME -> write(JSR310Utils.valueToLocalTime(value, null), formats.time());
            case Value.TIMESTAMP -> write(JSR310Utils.valueToLocalDateTime(value, null), formats.timestampNtz());
            case Value.TIMESTAMP_TZ -> write(JSR310Utils.valueToOffsetDateTime(value, null),
                    formats.timestampWithZone());
            case Value.BINARY, Value.VARBINARY -> BinaryFunctions.text(value.getBytesNoCopy(), formats.binary());
            case Value.JSON -> SemiStructured.variantText(value.getString());
            case Value.ARRAY -> SemiStructured.h2ArrayText((org.h2.value.ValueArray) value);
            case Value.BOOLEAN -> value.getBoolean() ? "true" : "false";
            default -> value.getString();
        };
    }

    /** {@code TO_CHAR(value, format)}: a date or time by the format's elements, a number by its format model. */
    public static String toChar(Value value, String format, String outputFormats) throws SQLException {
        if (value == null || value == org.h2.value.ValueNull.INSTANCE || format == null) {
            return null;
        }
        return switch (value.getValueType()) {
            case Value.DATE -> write(JSR310Utils.valueToLocalDate(value, null), format);
            case Value.TIME -> write(JSR310Utils.valueToLocalTime(value, null), format);
            case Value.TIMESTAMP -> write(JSR310Utils.valueToLocalDateTime(value, null), format);
            case Value.TIMESTAMP_TZ -> write(JSR310Utils.valueToOffsetDateTime(value, null), format);
            case Value.BINARY, Value.VARBINARY -> BinaryFunctions.text(value.getBytesNoCopy(), format);
            case Value.TINYINT, Value.SMALLINT, Value.INTEGER, Value.BIGINT, Value.NUMERIC, Value.REAL, Value.DOUBLE,
                 Value.DECFLOAT -> org.h2.expression.function.ToCharFunction.toChar(value.getBigDecimal(), format,
                    null);
            default -> toChar(value, outputFormats);
        };
    }

    /** {@code DAYNAME(date)} (docs: functions/dayname): the day of the week in three letters, {@code Mon}. */
    public static String dayName(Value value) {
        LocalDate date = date(value);
        return date == null ? null : date.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }

    /** {@code MONTHNAME(date)} (docs: functions/monthname): the month in three letters, {@code Nov}. */
    public static String monthName(Value value) {
        LocalDate date = date(value);
        return date == null ? null : date.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }

    private static LocalDate date(Value value) {
        if (value == null || value == org.h2.value.ValueNull.INSTANCE) {
            return null;
        }
        return value.getValueType() == Value.TIMESTAMP_TZ
                ? JSR310Utils.valueToOffsetDateTime(value, null).toLocalDate()
                : JSR310Utils.valueToLocalDate(value, null);
    }

    /** A date or time in a format; a date has midnight for its time, a time 1970-01-01 for its date. */
    private static String write(TemporalAccessor value, String format) throws SQLException {
        TemporalAccessor complete = value instanceof LocalDate date ? date.atStartOfDay()
                : value instanceof LocalTime time ? LocalDateTime.of(LocalDate.EPOCH, time) : value;
        try {
            return DateTimeFormats.printer(format).format(complete);
        } catch (DateTimeException e) {
            // A zone element (TZH) for a value without a zone: what Snowflake writes then is not modelled.
            throw H2Errors.unsupportedInFunction("TO_CHAR with '" + format + "' of "
                    + value.getClass().getSimpleName());
        }
    }
}
