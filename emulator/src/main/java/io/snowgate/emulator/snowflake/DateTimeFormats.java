package io.snowgate.emulator.snowflake;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Snowflake's date and time format elements (docs: sql-reference/functions-conversion, "Date and time formats in
 * conversion functions") as java.time formatters, to read text in TO_DATE/TO_TIMESTAMP/TO_TIME and write it in
 * TO_CHAR:
 * {@code YYYY YY MM MON MMMM DD DY HH24 HH12 AM PM MI SS FF[0-9] TZH:TZM TZHTZM TZH}, any case, and text in double
 * quotes; every other character stands for itself. Names are English, written {@code Nov} and {@code Mon} whatever
 * the element's case (the TO_CHAR docs: {@code 'mon dd, yyyy'} gives {@code Apr 05, 2013}) and read in any case.
 * {@code YY} reads 70-99 as 19xx and 00-69 as 20xx (TWO_DIGIT_CENTURY_START's default, 1970); {@code FF} is
 * {@code FF9}. Reading is strict about the calendar (February 31 is refused, not moved to March) and lenient about
 * leading zeros; a part the format leaves out is the first one (1970-01-01 00:00:00).
 */
final class DateTimeFormats {

    /** Elements by their longest spelling first, so MMMM is not read as MM MM nor HH24 as HH 24. */
    private static final String[] ELEMENTS = {"TZH:TZM", "TZHTZM", "HH24", "HH12", "MMMM", "YYYY", "TZH", "MON",
        "FF", "YY", "MM", "DD", "DY", "HH", "AM", "PM", "MI", "SS"};
    private static final Set<String> TIME_OF_DAY = Set.of("HH24", "HH12", "HH");
    /** Formatters by format, built once rather than for each row; a format may come from a column, hence a bound. */
    private static final int CACHED = 256;
    private static final Map<String, DateTimeFormatter> PARSERS = new ConcurrentHashMap<>();
    private static final Map<String, DateTimeFormatter> PRINTERS = new ConcurrentHashMap<>();

    private DateTimeFormats() {
    }

    /** A formatter reading text in {@code format}. */
    static DateTimeFormatter parser(String format) {
        return cached(PARSERS, format, true);
    }

    /** A formatter writing a value in {@code format}. */
    static DateTimeFormatter printer(String format) {
        return cached(PRINTERS, format, false);
    }

    private static DateTimeFormatter cached(Map<String, DateTimeFormatter> cache, String format, boolean reading) {
        DateTimeFormatter formatter = cache.get(format);
        if (formatter == null) {
            formatter = build(format, reading);
            if (cache.size() >= CACHED) {
                cache.clear();
            }
            cache.put(format, formatter);
        }
        return formatter;
    }

    private static DateTimeFormatter build(String format, boolean reading) {
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder();
        if (reading) {
            builder.parseCaseInsensitive();
        }
        String upper = format.toUpperCase(Locale.ROOT);
        boolean hour = false;
        boolean twelveHour = false;
        boolean meridiem = false;
        int i = 0;
        while (i < format.length()) {
            if (format.charAt(i) == '"') {
                int close = format.indexOf('"', i + 1);
                int end = close < 0 ? format.length() : close;
                builder.appendLiteral(format.substring(i + 1, end));
                i = end + 1;
                continue;
            }
            String element = elementAt(upper, i);
            if (element == null) {
                builder.appendLiteral(format.charAt(i));
                i++;
                continue;
            }
            switch (element) {
                case "YYYY" -> builder.appendValue(ChronoField.YEAR, 4);
                case "YY" -> builder.appendValueReduced(ChronoField.YEAR, 2, 2, 1970);
                case "MM" -> number(builder, ChronoField.MONTH_OF_YEAR, reading);
                case "MON" -> builder.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.SHORT);
                case "MMMM" -> builder.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.FULL);
                case "DD" -> number(builder, ChronoField.DAY_OF_MONTH, reading);
                case "DY" -> builder.appendText(ChronoField.DAY_OF_WEEK, TextStyle.SHORT);
                case "HH24", "HH" -> number(builder, ChronoField.HOUR_OF_DAY, reading);
                case "HH12" -> number(builder, ChronoField.CLOCK_HOUR_OF_AMPM, reading);
                case "AM", "PM" -> builder.appendText(ChronoField.AMPM_OF_DAY, TextStyle.SHORT);
                case "MI" -> number(builder, ChronoField.MINUTE_OF_HOUR, reading);
                case "SS" -> number(builder, ChronoField.SECOND_OF_MINUTE, reading);
                case "FF" -> {
                    boolean sized = i + 2 < format.length() && Character.isDigit(format.charAt(i + 2));
                    int digits = sized ? format.charAt(i + 2) - '0' : 9;
                    if (reading) {
                        builder.appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, false);
                    } else if (digits > 0) {
                        builder.appendFraction(ChronoField.NANO_OF_SECOND, digits, digits, false);
                    }
                    i += sized ? 1 : 0;
                }
                case "TZH:TZM" -> builder.appendOffset("+HH:MM", "+00:00");
                case "TZHTZM" -> builder.appendOffset("+HHMM", "+0000");
                case "TZH" -> builder.appendOffset("+HH", "+00");
                default -> throw new IllegalStateException("no rule for " + element);
            }
            hour |= TIME_OF_DAY.contains(element);
            twelveHour |= element.equals("HH12");
            meridiem |= element.equals("AM") || element.equals("PM");
            i += element.length();
        }
        if (reading) {
            defaults(builder, hour, twelveHour, meridiem);
        }
        return builder.toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    }

    /**
     * The parts a format leaves out, as Snowflake takes them: the first day of 1970, midnight (a default applies only
     * to a part that was not read; the hour of the day is not defaulted when HH12 gives it).
     */
    private static void defaults(DateTimeFormatterBuilder builder, boolean hour, boolean twelveHour,
                                 boolean meridiem) {
        builder.parseDefaulting(ChronoField.YEAR, 1970);
        builder.parseDefaulting(ChronoField.MONTH_OF_YEAR, 1);
        builder.parseDefaulting(ChronoField.DAY_OF_MONTH, 1);
        if (twelveHour && !meridiem) {
            builder.parseDefaulting(ChronoField.AMPM_OF_DAY, 0);
        }
        if (!hour) {
            builder.parseDefaulting(ChronoField.HOUR_OF_DAY, 0);
        }
        builder.parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0);
        builder.parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0);
        builder.parseDefaulting(ChronoField.NANO_OF_SECOND, 0);
    }

    /** Two digits written; one or two read, so 1/5/2026 is read by MM/DD/YYYY. */
    private static void number(DateTimeFormatterBuilder builder, ChronoField field, boolean reading) {
        if (reading) {
            builder.appendValue(field, 1, 2, SignStyle.NOT_NEGATIVE);
        } else {
            builder.appendValue(field, 2);
        }
    }

    private static String elementAt(String upper, int at) {
        for (String element : ELEMENTS) {
            if (upper.startsWith(element, at)) {
                return element;
            }
        }
        return null;
    }
}
