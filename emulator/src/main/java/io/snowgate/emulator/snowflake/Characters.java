package io.snowgate.emulator.snowflake;

import java.sql.SQLException;
import java.util.List;
import org.h2.value.Value;

/**
 * The string functions that count characters, counting them as Snowflake does: one for each Unicode character. Java
 * and H2 count UTF-16 units, two for a character outside the Basic Multilingual Plane (an emoji, many CJK
 * ideographs), so H2's own LENGTH said 2 for one emoji and its SUBSTR cut one in half. Snowflake counts characters
 * (docs: functions/length "number of characters"; functions/substr, left, right, lpad, insert and charindex take
 * positions and lengths in characters). Registered in H2 (see {@link StandInFunctions}); the translator calls them
 * in place of H2's functions of the same names.
 */
public final class Characters {

    /** The functions and the Java methods behind them, for {@code CREATE ALIAS}. */
    static final List<String[]> ALIASES = List.of(
            new String[] {"SF_LENGTH", "length"},
            new String[] {"SF_SUBSTR", "substr"},
            new String[] {"SF_LEFT", "left"},
            new String[] {"SF_RIGHT", "right"},
            new String[] {"SF_INSERT", "insert"},
            new String[] {"SF_LPAD", "lpad"},
            new String[] {"SF_RPAD", "rpad"},
            new String[] {"CHARINDEX", "charIndex"});

    private Characters() {
    }

    /** {@code LENGTH|LEN(value)} (docs: functions/length): a string's characters; a binary value's bytes. */
    public static Long length(Value value) {
        return switch (value.getValueType()) {
            case Value.NULL -> null;
            case Value.BINARY, Value.VARBINARY -> (long) value.getBytesNoCopy().length;
            default -> {
                String text = value.getString();
                yield (long) text.codePointCount(0, text.length());
            }
        };
    }

    /**
     * {@code SUBSTR|SUBSTRING(value, start[, length])} (docs: functions/substr): the characters from the 1-based start
     * (0 is 1; a negative start counts from the end), at most length of them; none for a length below 1. A value that
     * is not text is read in the session's output format for its type, as TO_VARCHAR writes it.
     */
    public static String substr(Value value, Long start, Long length, String outputFormats) throws SQLException {
        String text = text(value, "SUBSTR", outputFormats);
        return text == null || start == null || length == null ? null : slice(text, start, length);
    }

    public static String substr(Value value, Long start, String outputFormats) throws SQLException {
        String text = text(value, "SUBSTR", outputFormats);
        return text == null || start == null ? null : slice(text, start, Long.MAX_VALUE);
    }

    /** {@code LEFT(value, length)} (docs: functions/left): the first length characters; none for a negative length. */
    public static String left(Value value, Long length, String outputFormats) throws SQLException {
        String text = text(value, "LEFT", outputFormats);
        return text == null || length == null ? null : slice(text, 1, length);
    }

    /** {@code RIGHT(value, length)} (docs: functions/right): the last length characters; none for a negative length. */
    public static String right(Value value, Long length, String outputFormats) throws SQLException {
        String text = text(value, "RIGHT", outputFormats);
        if (text == null || length == null) {
            return null;
        }
        long characters = text.codePointCount(0, text.length());
        return length <= 0 ? "" : slice(text, Math.max(1, characters - length + 1), length);
    }

    /**
     * {@code INSERT(base, position, length, text)} (docs: functions/insert): base with the length characters from the
     * 1-based position replaced by text (none replaced for length 0); H2's gives base back unchanged then.
     */
    public static String insert(String base, Integer position, Integer length, String text) throws SQLException {
        if (base == null || position == null || length == null || text == null) {
            return null;
        }
        if (position < 1 || length < 0) {
            throw new SQLException("Invalid argument for INSERT: position " + position + ", length " + length,
                    "22023", 22023);
        }
        int from = unitIndex(base, position - 1L);
        return base.substring(0, from) + text + base.substring(unitIndex(base, (long) position - 1 + length));
    }

    /**
     * {@code LPAD(base, length[, pad])} and {@code RPAD} (docs: functions/lpad): base padded to length characters with
     * the pad repeated, or cut to them; H2 pads with the pad's first character only.
     */
    public static String lpad(String base, Integer length, String pad) {
        return padded(base, length, pad, true);
    }

    public static String lpad(String base, Integer length) {
        return padded(base, length, " ", true);
    }

    public static String rpad(String base, Integer length, String pad) {
        return padded(base, length, pad, false);
    }

    public static String rpad(String base, Integer length) {
        return padded(base, length, " ", false);
    }

    /**
     * {@code CHARINDEX(part, text[, start])} (docs: functions/charindex), and POSITION's forms: the character where
     * part first is in text at or after the 1-based start, counted from text's start; 0 when it is not there.
     */
    public static Integer charIndex(String part, String text, Integer start) {
        if (text == null || part == null || start == null) {
            return null;
        }
        int found = text.indexOf(part, unitIndex(text, Math.max(0, start - 1L)));
        return found < 0 ? 0 : text.codePointCount(0, found) + 1;
    }

    public static Integer charIndex(String part, String text) {
        return charIndex(part, text, 1);
    }

    private static String padded(String base, Integer length, String pad, boolean left) {
        if (base == null || length == null || pad == null) {
            return null;
        }
        int size = Math.max(0, length);
        int characters = base.codePointCount(0, base.length());
        if (characters >= size || pad.isEmpty()) {
            return base.substring(0, unitIndex(base, size));
        }
        StringBuilder padding = new StringBuilder();
        int padCharacters = pad.codePointCount(0, pad.length());
        for (int added = 0; added < size - characters; added += padCharacters) {
            padding.append(pad);
        }
        padding.setLength(padding.offsetByCodePoints(0, size - characters));
        return left ? padding + base : base + padding;
    }

    /**
     * The characters of text from the 1-based start, at most length of them. Start 0 is 1 and a negative start counts
     * back from the end; what of that window lies outside the text is not there (H2's and Snowflake's rule alike).
     */
    private static String slice(String text, long start, long length) {
        if (length <= 0) {
            return "";
        }
        long characters = text.codePointCount(0, text.length());
        long from = start > 0 ? start - 1 : start == 0 ? 0 : characters + start;
        long end = length > characters - from ? characters : from + length;
        from = Math.max(0, from);
        return from >= end ? "" : text.substring(unitIndex(text, from), unitIndex(text, end));
    }

    /** The UTF-16 index of the character at the 0-based {@code character}, or the text's end past it. */
    private static int unitIndex(String text, long character) {
        int characters = text.codePointCount(0, text.length());
        return character >= characters ? text.length() : text.offsetByCodePoints(0, (int) character);
    }

    /**
     * A value as text: a string as it is, another value as TO_VARCHAR writes it in the session's output formats
     * (Snowflake converts the argument implicitly); a binary value is refused, as the stand-in cannot answer a
     * BINARY from a function H2 types by its Java method.
     */
    private static String text(Value value, String function, String outputFormats) throws SQLException {
        return switch (value.getValueType()) {
            case Value.NULL -> null;
            case Value.VARCHAR, Value.CHAR, Value.VARCHAR_IGNORECASE, Value.CLOB -> value.getString();
            case Value.BINARY, Value.VARBINARY -> throw H2Errors.unsupportedInFunction(function + " of a BINARY value");
            default -> ToChar.toChar(value, outputFormats);
        };
    }
}
