package io.snowgate.emulator.snowflake;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Snowflake's interval constants, {@code INTERVAL '1 day'} or {@code INTERVAL '2 hours, 30 minutes'} (docs:
 * sql-reference/data-types-datetime, "Interval constants": an integer and a date or time part, several of them
 * separated by commas, seconds when the part is left out), as H2 writes intervals, one per part:
 * {@code INTERVAL '2' HOUR + INTERVAL '30' MINUTE}. H2 cannot add an interval of years or months to one of days or
 * less, so a constant that has both is applied part by part after the {@code +} or {@code -} it follows
 * ({@code ts - INTERVAL '1' YEAR - INTERVAL '2' DAY}), and refused anywhere else.
 */
final class IntervalConstants {

    private static final Pattern PART = Pattern.compile("\\s*([+-]?\\d+)\\s*([a-z]*)\\s*(?:,|(?=\\s*[+-]?\\d)|$)");

    /** An H2 interval unit, how many of it one of the part's unit is, and whether it counts years or months. */
    private record Unit(String h2, BigDecimal factor, boolean yearMonth) {
    }

    // Date and time parts and their abbreviations (docs: functions-date-time, "Supported date and time parts").
    private static final Map<String, Unit> UNITS = units();

    private static Map<String, Unit> units() {
        Map<String, Unit> units = new java.util.HashMap<>();
        put(units, new Unit("YEAR", BigDecimal.ONE, true), "year", "years", "y", "yy", "yyy", "yyyy", "yr", "yrs");
        put(units, new Unit("MONTH", BigDecimal.valueOf(3), true), "quarter", "quarters", "q", "qtr", "qtrs");
        put(units, new Unit("MONTH", BigDecimal.ONE, true), "month", "months", "mm", "mon", "mons");
        put(units, new Unit("DAY", BigDecimal.valueOf(7), false), "week", "weeks", "w", "wk", "weekofyear", "woy",
                "wy");
        put(units, new Unit("DAY", BigDecimal.ONE, false), "day", "days", "d", "dd", "dayofmonth");
        put(units, new Unit("HOUR", BigDecimal.ONE, false), "hour", "hours", "h", "hh", "hr", "hrs");
        put(units, new Unit("MINUTE", BigDecimal.ONE, false), "minute", "minutes", "m", "mi", "min", "mins");
        put(units, new Unit("SECOND", BigDecimal.ONE, false), "", "second", "seconds", "s", "sec", "secs");
        put(units, new Unit("SECOND", new BigDecimal("0.001"), false), "millisecond", "milliseconds", "ms", "msec");
        put(units, new Unit("SECOND", new BigDecimal("0.000001"), false), "microsecond", "microseconds", "us",
                "usec");
        put(units, new Unit("SECOND", new BigDecimal("0.000000001"), false), "nanosecond", "nanoseconds", "ns",
                "nsec", "nanosec", "nanosecs");
        return Map.copyOf(units);
    }

    private static void put(Map<String, Unit> units, Unit unit, String... names) {
        for (String name : names) {
            units.put(name, unit);
        }
    }

    private IntervalConstants() {
    }

    /**
     * The H2 text of the constant {@code INTERVAL 'text'} starting at {@code at}, or empty when there is none there
     * or the text is no interval constant (left for H2 to refuse).
     */
    static Optional<String> at(List<SqlLexer.Token> tokens, int at) {
        if (!SqlTranslator.isWord(tokens, at, "INTERVAL") || !SqlTranslator.isKind(tokens, at + 1, SqlLexer.Kind.STRING)) {
            return Optional.empty();
        }
        return toH2(tokens.get(at + 1).stringValue(), at > 0 ? tokens.get(at - 1).text() : null);
    }

    /** The constant {@code INTERVAL 'text'} after the token {@code before} (null at the start) in H2's words. */
    private static Optional<String> toH2(String text, String before) {
        Matcher part = PART.matcher(text.toLowerCase(Locale.ROOT));
        List<String> parts = new ArrayList<>();
        boolean yearMonth = false;
        boolean dayTime = false;
        int at = 0;
        while (at < text.length() && part.find(at) && part.start() == at && part.end() > at) {
            Unit unit = UNITS.get(part.group(2));
            if (unit == null) {
                return Optional.empty();
            }
            BigDecimal amount = new BigDecimal(part.group(1)).multiply(unit.factor());
            parts.add("INTERVAL '" + amount.stripTrailingZeros().toPlainString() + "' " + unit.h2());
            yearMonth |= unit.yearMonth();
            dayTime |= !unit.yearMonth();
            at = part.end();
        }
        if (parts.isEmpty() || at < text.length()) {
            return Optional.empty();
        }
        if (parts.size() == 1) {
            return Optional.of(parts.get(0));
        }
        if ("+".equals(before) || "-".equals(before)) {
            return Optional.of(String.join(" " + before + " ", parts));
        }
        if (yearMonth && dayTime) {
            throw StandInSqlException.unsupported("an interval constant of years or months and days or less ('"
                    + text + "') other than after + or -");
        }
        return Optional.of("(" + String.join(" + ", parts) + ")");
    }
}
