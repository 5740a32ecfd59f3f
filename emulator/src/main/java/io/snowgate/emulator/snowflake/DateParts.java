package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isSymbol;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Snowflake's date and time parts in every spelling it accepts (docs: functions-date-time, "Supported date and time
 * parts"), rewritten into H2's before the statement is translated, in {@code DATE_PART}, {@code EXTRACT},
 * {@code DATEADD|TIMEADD|TIMESTAMPADD}, {@code DATEDIFF|TIMEDIFF|TIMESTAMPDIFF}, {@code DATE_TRUNC},
 * {@code TRUNC(date, part)}, {@code LAST_DAY(date, part)} and the one-part functions ({@code DAYOFWEEK(d)} ...).
 *
 * <p>H2 reads some spellings otherwise ({@code m} is its month, Snowflake's minute) and takes weeks from the JVM's
 * locale (Sunday first in en_US). Snowflake's weeks follow its defaults WEEK_START = 0 and WEEK_OF_YEAR_POLICY = 0
 * (docs: functions-date-time, "Calendar weeks and weekdays"): a week starts on Monday and is numbered as ISO numbers
 * it, so {@code DATE_TRUNC('week', d)} is a Monday, {@code DATEDIFF(week, a, b)} counts the Mondays crossed and
 * {@code WEEK(d)} and {@code YEAROFWEEK(d)} are ISO's; yet {@code DAYOFWEEK} counts from Sunday = 0 to Saturday = 6,
 * and only {@code DAYOFWEEKISO} from Monday = 1 to Sunday = 7. The stand-in models those defaults only.
 */
final class DateParts {

    /** A part: its name in H2's DATEADD, in H2's DATE_TRUNC and DATEDIFF, and the H2 expression that extracts it. */
    private enum Part {
        YEAR("YEAR", "YEAR", "EXTRACT(YEAR FROM", ")"),
        MONTH("MONTH", "MONTH", "EXTRACT(MONTH FROM", ")"),
        DAY("DAY", "DAY", "EXTRACT(DAY FROM", ")"),
        DAYOFWEEK(null, null, "MOD(EXTRACT(ISO_DAY_OF_WEEK FROM", "), 7)"),
        DAYOFWEEKISO(null, null, "EXTRACT(ISO_DAY_OF_WEEK FROM", ")"),
        DAYOFYEAR(null, null, "EXTRACT(DAY_OF_YEAR FROM", ")"),
        WEEK("WEEK", "ISO_WEEK", "EXTRACT(ISO_WEEK FROM", ")"),
        WEEKISO(null, null, "EXTRACT(ISO_WEEK FROM", ")"),
        QUARTER("QUARTER", "QUARTER", "EXTRACT(QUARTER FROM", ")"),
        YEAROFWEEK(null, null, "EXTRACT(ISO_WEEK_YEAR FROM", ")"),
        YEAROFWEEKISO(null, null, "EXTRACT(ISO_WEEK_YEAR FROM", ")"),
        HOUR("HOUR", "HOUR", "EXTRACT(HOUR FROM", ")"),
        MINUTE("MINUTE", "MINUTE", "EXTRACT(MINUTE FROM", ")"),
        SECOND("SECOND", "SECOND", "EXTRACT(SECOND FROM", ")"),
        MILLISECOND("MILLISECOND", "MILLISECOND", null, null),
        MICROSECOND("MICROSECOND", "MICROSECOND", null, null),
        NANOSECOND("NANOSECOND", "NANOSECOND", "EXTRACT(NANOSECOND FROM", ")"),
        // Whole units since 1970-01-01 00:00:00 UTC, a TIMESTAMP_NTZ read as UTC, as H2's EPOCH reads it.
        EPOCH_SECOND(null, null, "SF_EPOCH(EXTRACT(EPOCH FROM", "), 1)"),
        EPOCH_MILLISECOND(null, null, "SF_EPOCH(EXTRACT(EPOCH FROM", "), 1000)"),
        EPOCH_MICROSECOND(null, null, "SF_EPOCH(EXTRACT(EPOCH FROM", "), 1000000)"),
        EPOCH_NANOSECOND(null, null, "SF_EPOCH(EXTRACT(EPOCH FROM", "), 1000000000)"),
        TIMEZONE_HOUR(null, null, "EXTRACT(TIMEZONE_HOUR FROM", ")"),
        TIMEZONE_MINUTE(null, null, "EXTRACT(TIMEZONE_MINUTE FROM", ")");

        final String added;
        final String truncated;
        final String extractOpen;
        final String extractClose;

        Part(String added, String truncated, String extractOpen, String extractClose) {
            this.added = added;
            this.truncated = truncated;
            this.extractOpen = extractOpen;
            this.extractClose = extractClose;
        }
    }

    /** Every spelling Snowflake accepts, lower-cased, and the part it names. */
    private static final Map<String, Part> SPELLINGS = spellings(
            Part.YEAR, "year y yy yyy yyyy yr years yrs",
            Part.MONTH, "month mm mon mons months",
            Part.DAY, "day d dd days dayofmonth",
            Part.DAYOFWEEK, "dayofweek weekday dow dw",
            Part.DAYOFWEEKISO, "dayofweekiso weekday_iso dow_iso dw_iso",
            Part.DAYOFYEAR, "dayofyear yearday doy dy",
            Part.WEEK, "week w wk weekofyear woy wy",
            Part.WEEKISO, "weekiso week_iso weekofyeariso weekofyear_iso",
            Part.QUARTER, "quarter q qtr qtrs quarters",
            Part.YEAROFWEEK, "yearofweek",
            Part.YEAROFWEEKISO, "yearofweekiso yearofweek_iso",
            Part.HOUR, "hour h hh hr hours hrs",
            Part.MINUTE, "minute m mi min minutes mins",
            Part.SECOND, "second s sec seconds secs",
            Part.MILLISECOND, "millisecond ms msec milliseconds",
            Part.MICROSECOND, "microsecond us usec microseconds",
            Part.NANOSECOND, "nanosecond ns nsec nanosec nsecond nanoseconds nanosecs nseconds",
            Part.EPOCH_SECOND, "epoch_second epoch epoch_seconds",
            Part.EPOCH_MILLISECOND, "epoch_millisecond epoch_milliseconds",
            Part.EPOCH_MICROSECOND, "epoch_microsecond epoch_microseconds",
            Part.EPOCH_NANOSECOND, "epoch_nanosecond epoch_nanoseconds",
            Part.TIMEZONE_HOUR, "timezone_hour tzh",
            Part.TIMEZONE_MINUTE, "timezone_minute tzm");
    /** The functions that take a part first, and the H2 function each becomes. */
    private static final Map<String, String> ADDING = Map.of("DATEADD", "DATEADD", "TIMEADD", "DATEADD",
            "TIMESTAMPADD", "DATEADD");
    private static final Map<String, String> DIFFERENCING = Map.of("DATEDIFF", "DATEDIFF", "TIMEDIFF", "DATEDIFF",
            "TIMESTAMPDIFF", "DATEDIFF");
    /** The one-part functions whose meaning or existence differs in H2 (YEAR(d), HOUR(d) ... H2 has as Snowflake). */
    private static final Map<String, Part> ONE_PART_FUNCTIONS = Map.of("DAYOFWEEK", Part.DAYOFWEEK,
            "DAYOFWEEKISO", Part.DAYOFWEEKISO, "WEEK", Part.WEEK, "WEEKOFYEAR", Part.WEEK, "WEEKISO", Part.WEEKISO,
            "YEAROFWEEK", Part.YEAROFWEEK, "YEAROFWEEKISO", Part.YEAROFWEEKISO);

    private DateParts() {
    }

    static List<Token> rewrite(List<Token> tokens) {
        List<Token> out = tokens;
        // Last call first: a rewrite changes only tokens from its call on, so none is read twice (H2's EPOCH is also
        // Snowflake's spelling of EPOCH_SECOND), and a call inside another's operand is rewritten before it is copied.
        for (int k = out.size() - 1; k >= 0; k--) {
            Token token = out.get(k);
            if (token.kind() != Kind.WORD || !isSymbol(out, k + 1, "(") || isSymbol(out, k - 1, ".")) {
                continue;
            }
            String name = token.upper();
            if (name.equals("DATE_PART")) {
                out = extract(out, k, k + 2, expectComma(out, k + 3));
            } else if (name.equals("EXTRACT") && SqlTranslator.isWord(out, k + 3, "FROM")) {
                out = extract(out, k, k + 2, k + 3);
            } else if (ONE_PART_FUNCTIONS.containsKey(name)) {
                out = extracting(out, k, k + 2, ONE_PART_FUNCTIONS.get(name));
            } else if (ADDING.containsKey(name) || DIFFERENCING.containsKey(name) || name.equals("DATE_TRUNC")) {
                out = partFirst(out, k, name);
            } else if (name.equals("TRUNC") || name.equals("LAST_DAY")) {
                out = partLast(out, k, name);
            }
        }
        return out;
    }

    private static Optional<Part> part(Token token) {
        String spelling = token.kind() == Kind.WORD ? token.text()
                : token.kind() == Kind.STRING ? token.stringValue().trim() : null;
        return spelling == null ? Optional.empty()
                : Optional.ofNullable(SPELLINGS.get(spelling.toLowerCase(Locale.ROOT)));
    }

    /** {@code DATE_PART(part, x)} or {@code EXTRACT(part FROM x)} at {@code at}: the part's expression around x. */
    private static List<Token> extract(List<Token> tokens, int at, int partAt, int separator) {
        Optional<Part> part = part(tokens.get(partAt));
        if (part.isEmpty() || part.get().extractOpen == null) {
            return tokens;
        }
        return extracting(tokens, at, separator + 1, part.get());
    }

    /** The call at {@code at}, whose operand starts at {@code operand}, as the H2 expression extracting {@code part}. */
    private static List<Token> extracting(List<Token> tokens, int at, int operand, Part part) {
        int close = SqlLexer.closing(tokens, at + 1);
        int position = tokens.get(at).position();
        List<Token> made = new ArrayList<>(SqlMacros.made(position, split(part.extractOpen)));
        made.addAll(tokens.subList(operand, close));
        made.addAll(SqlMacros.made(position, split(part.extractClose)));
        return SqlMacros.replace(tokens, at, close + 1, made);
    }

    /** {@code DATEADD(part, n, x)}, {@code DATEDIFF(part, a, b)} or {@code DATE_TRUNC(part, x)} at {@code at}. */
    private static List<Token> partFirst(List<Token> tokens, int at, String function) {
        Optional<Part> part = part(tokens.get(at + 2));
        String h2Part = part.map(p -> ADDING.containsKey(function) ? p.added : p.truncated).orElse(null);
        if (h2Part == null || !isSymbol(tokens, at + 3, ",")) {
            return tokens;
        }
        String h2Function = ADDING.getOrDefault(function, DIFFERENCING.getOrDefault(function, function));
        int position = tokens.get(at).position();
        List<Token> made = new ArrayList<>(tokens.subList(at, at + 3));
        made.set(0, new Token(Kind.WORD, h2Function, position));
        made.set(2, new Token(Kind.WORD, h2Part, tokens.get(at + 2).position()));
        return SqlMacros.replace(tokens, at, at + 3, made);
    }

    /** {@code TRUNC(date, part)} or {@code LAST_DAY(date, part)} at {@code at}; a number's TRUNC stays as it is. */
    private static List<Token> partLast(List<Token> tokens, int at, String function) {
        int close = SqlLexer.closing(tokens, at + 1);
        int comma = SqlLexer.nextComma(tokens, at + 2);
        if (comma < 0 || comma + 2 != close) {
            return tokens;
        }
        // TRUNC(number, scale) may name its scale by a column (S, D ...): only a quoted part makes it a date's TRUNC.
        Token partToken = tokens.get(comma + 1);
        Optional<Part> part = function.equals("TRUNC") && partToken.kind() != Kind.STRING ? Optional.empty()
                : part(partToken);
        if (part.isEmpty() || part.get().truncated == null) {
            return tokens;
        }
        List<Token> date = tokens.subList(at + 2, comma);
        int position = tokens.get(at).position();
        Part truncated = part.get();
        List<Token> made = new ArrayList<>();
        if (function.equals("TRUNC")) {
            made.addAll(SqlMacros.made(position, "DATE_TRUNC", "(", truncated.truncated, ","));
            made.addAll(date);
            made.addAll(SqlMacros.made(position, ")"));
        } else if (truncated == Part.MONTH) {
            made.addAll(SqlMacros.made(position, "LAST_DAY", "("));
            made.addAll(date);
            made.addAll(SqlMacros.made(position, ")"));
        } else {
            // The day before the next period starts (docs: functions/last_day: year, quarter, month or week).
            made.addAll(SqlMacros.made(position, "CAST", "(", "DATEADD", "(", "DAY", ",", "-", "1", ",", "DATEADD",
                    "(", truncated.added, ",", "1", ",", "DATE_TRUNC", "(", truncated.truncated, ","));
            made.addAll(date);
            made.addAll(SqlMacros.made(position, ")", ")", ")", "AS", "DATE", ")"));
        }
        return SqlMacros.replace(tokens, at, close + 1, made);
    }

    private static int expectComma(List<Token> tokens, int index) {
        if (!isSymbol(tokens, index, ",")) {
            Token bad = tokens.get(Math.min(index, tokens.size() - 1));
            throw StandInSqlException.syntax(bad.position(), bad.text());
        }
        return index;
    }

    /** {@code "EXTRACT(YEAR FROM"} as its tokens' texts. */
    private static String[] split(String text) {
        return text.replace("(", " ( ").replace(")", " ) ").replace(",", " , ").trim().split("\\s+");
    }

    private static Map<String, Part> spellings(Object... partsAndSpellings) {
        Map<String, Part> spellings = new java.util.HashMap<>();
        for (int k = 0; k < partsAndSpellings.length; k += 2) {
            for (String spelling : ((String) partsAndSpellings[k + 1]).split(" ")) {
                spellings.put(spelling, (Part) partsAndSpellings[k]);
            }
        }
        return Map.copyOf(spellings);
    }
}
