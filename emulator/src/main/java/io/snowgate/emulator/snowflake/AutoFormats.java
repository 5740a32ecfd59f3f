package io.snowgate.emulator.snowflake;

import java.sql.SQLException;
import java.text.ParsePosition;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;

/**
 * Text read as a date, time or timestamp without a format: Snowflake's AUTO detection (docs:
 * sql-reference/date-time-input-output, "Supported formats for AUTO detection"), which TO_DATE, TO_TIME and
 * TO_TIMESTAMP[_NTZ|_TZ] without a format use:
 * <ul>
 *   <li>dates {@code 2026-11-30}, {@code 30-Nov-2026} and {@code 11/30/2026};</li>
 *   <li>times {@code 13:04}, {@code 13:04:05}, {@code 13:04:05.123456789}, and {@code 01:04:05 PM} with or without
 *   seconds and fraction;</li>
 *   <li>timestamps: any of those dates, then a time after a space (or a {@code T} after the ISO date), then
 *   optionally an offset: {@code +01:00} or {@code Z} directly, or {@code +01:00} or {@code +0100} after a space; the
 *   RFC form {@code Mon, 30 Nov 2026 13:04:05 +0100}. A date alone is midnight. An ISO {@code T} timestamp whose
 *   offset has no colon ({@code +0000}) is not recognized, as Snowflake does not (airbytehq/airbyte#5439).</li>
 * </ul>
 * What is not recognized fails as Snowflake says it: {@code 100040 Date '...' is not recognized}, {@code 100035
 * Timestamp '...' is not recognized} (the codes its users report), and for a time {@code Time '...' is not
 * recognized} under the timestamp's code.
 */
final class AutoFormats {

    /** The error codes H2 carries from these functions to {@link H2Errors}: Snowflake's own. */
    static final int DATE_NOT_RECOGNIZED = 100040;
    static final int TIMESTAMP_NOT_RECOGNIZED = 100035;

    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormats.parser("YYYY-MM-DD"), DateTimeFormats.parser("DD-MON-YYYY"),
            DateTimeFormats.parser("MM/DD/YYYY"));
    private static final List<String> TIME_FORMATS = List.of("HH24:MI:SS.FF", "HH24:MI:SS", "HH24:MI",
            "HH12:MI:SS.FF AM", "HH12:MI:SS AM", "HH12:MI AM");
    private static final List<DateTimeFormatter> TIMES = TIME_FORMATS.stream().map(DateTimeFormats::parser).toList();
    private static final List<DateTimeFormatter> TIMESTAMPS = timestamps();

    private AutoFormats() {
    }

    private static List<DateTimeFormatter> timestamps() {
        List<String> formats = new java.util.ArrayList<>();
        for (String time : TIME_FORMATS) {
            formats.add("YYYY-MM-DD\"T\"" + time + "TZH:TZM");
            formats.add("YYYY-MM-DD\"T\"" + time);
            for (String date : List.of("YYYY-MM-DD", "DD-MON-YYYY", "MM/DD/YYYY")) {
                formats.add(date + " " + time + "TZH:TZM");
                formats.add(date + " " + time + " TZH:TZM");
                formats.add(date + " " + time + " TZHTZM");
                formats.add(date + " " + time);
            }
        }
        formats.add("DY, DD MON YYYY HH24:MI:SS TZHTZM");
        formats.add("DY, DD MON YYYY HH24:MI:SS.FF TZHTZM");
        formats.add("DY, DD MON YYYY HH12:MI:SS AM TZHTZM");
        formats.add("DY MON DD HH24:MI:SS TZHTZM YYYY");
        return formats.stream().map(DateTimeFormats::parser).toList();
    }

    /** A date, or a timestamp's date. */
    static LocalDate date(String text) throws SQLException {
        TemporalAccessor read = first(text.trim(), DATES);
        if (read == null) {
            read = first(text.trim(), TIMESTAMPS);
        }
        if (read == null) {
            throw notRecognized("Date", text, DATE_NOT_RECOGNIZED);
        }
        return LocalDate.from(read);
    }

    /** A time of day. */
    static LocalTime time(String text) throws SQLException {
        TemporalAccessor read = first(text.trim(), TIMES);
        if (read == null) {
            throw notRecognized("Time", text, TIMESTAMP_NOT_RECOGNIZED);
        }
        return LocalTime.from(read);
    }

    /** A timestamp's wall clock: an offset it gives is dropped, as TO_TIMESTAMP_NTZ drops it. */
    static LocalDateTime timestamp(String text) throws SQLException {
        return LocalDateTime.from(timestampRead(text));
    }

    /** A timestamp with its offset, or in {@code zone} (the session's) when it gives none. */
    static OffsetDateTime timestampTz(String text, ZoneId zone) throws SQLException {
        TemporalAccessor read = timestampRead(text);
        LocalDateTime wallClock = LocalDateTime.from(read);
        return read.isSupported(ChronoField.OFFSET_SECONDS)
                ? OffsetDateTime.of(wallClock,
                        java.time.ZoneOffset.ofTotalSeconds(read.get(ChronoField.OFFSET_SECONDS)))
                : wallClock.atZone(zone).toOffsetDateTime();
    }

    private static TemporalAccessor timestampRead(String text) throws SQLException {
        String trimmed = text.trim();
        // Z, ISO 8601's UTC, is the offset +00:00.
        if (trimmed.length() > 1 && (trimmed.endsWith("Z") || trimmed.endsWith("z"))
                && Character.isDigit(trimmed.charAt(trimmed.length() - 2))) {
            trimmed = trimmed.substring(0, trimmed.length() - 1) + "+00:00";
        }
        TemporalAccessor read = first(trimmed, TIMESTAMPS);
        if (read == null) {
            read = first(trimmed, DATES);
        }
        if (read == null) {
            throw notRecognized("Timestamp", text, TIMESTAMP_NOT_RECOGNIZED);
        }
        return read;
    }

    /**
     * The text read by the first of {@code formats} that reads all of it and resolves, or null. A format whose
     * pattern does not fit is skipped by {@code parseUnresolved}, which answers null rather than throwing, so a
     * value costs one exception at most (a date the calendar refuses), not one for each format tried before.
     */
    private static TemporalAccessor first(String text, List<DateTimeFormatter> formats) {
        for (DateTimeFormatter format : formats) {
            ParsePosition position = new ParsePosition(0);
            if (format.parseUnresolved(text, position) == null || position.getIndex() != text.length()) {
                continue;
            }
            try {
                return format.parse(text);
            } catch (DateTimeParseException e) {
                // the pattern fits but the calendar refuses it (February 31): the next format
            }
        }
        return null;
    }

    private static SQLException notRecognized(String kind, String text, int code) {
        return new SQLException(kind + " '" + text + "' is not recognized", "22007", code);
    }
}
