package io.snowgate.emulator.snowflake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Snowflake scalar functions H2 lacks, registered under their Snowflake names (see {@link SqlEngine}), so catalog
 * queries written for Snowflake run on the stand-in unchanged.
 */
public final class ScalarFunctions {

    /** The functions and the Java methods behind them, for {@code CREATE ALIAS}. */
    static final List<String[]> ALIASES = List.of(
            new String[] {"SPLIT_PART", "splitPart"},
            new String[] {"TO_DATE", "toDate"},
            new String[] {"TO_TIMESTAMP", "toTimestamp"},
            new String[] {"TO_TIMESTAMP_NTZ", "toTimestamp"},
            new String[] {"TO_TIMESTAMP_TZ", "toTimestampTz"},
            new String[] {"TO_BOOLEAN", "toBoolean"},
            new String[] {"CONTAINS", "contains"},
            new String[] {"STARTSWITH", "startsWith"},
            new String[] {"ENDSWITH", "endsWith"},
            new String[] {"CHARINDEX", "charIndex"},
            new String[] {"SQUARE", "square"},
            new String[] {"MD5", "md5"},
            new String[] {"UUID_STRING", "uuidString"},
            new String[] {"JSON_EXTRACT_PATH_TEXT", "jsonExtractPathText"},
            new String[] {"CONVERT_TIMEZONE", "convertTimezone"},
            new String[] {"SF_TRY_TO_NUMBER", "tryToNumber"},
            new String[] {"SF_EPOCH", "epoch"},
            new String[] {"TRY_TO_DATE", "tryToDate"},
            new String[] {"TRY_TO_TIMESTAMP", "tryToTimestamp"},
            new String[] {"TRY_TO_TIMESTAMP_NTZ", "tryToTimestamp"},
            new String[] {"TRY_TO_BOOLEAN", "tryToBoolean"},
            new String[] {"TO_DOUBLE", "toDouble"},
            new String[] {"TRY_TO_DOUBLE", "tryToDouble"});

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private ScalarFunctions() {
    }

    /** Whole units (1 a second, 1000 a millisecond ...) in H2's EPOCH seconds, rounded down as Snowflake's EPOCH_* parts. */
    public static Long epoch(java.math.BigDecimal seconds, long perSecond) {
        return seconds == null ? null
                : seconds.multiply(java.math.BigDecimal.valueOf(perSecond)).setScale(0, java.math.RoundingMode.FLOOR)
                        .longValueExact();
    }

    public static String splitPart(String text, String delimiter, int part) {
        if (text == null || delimiter == null) {
            return null;
        }
        String[] parts = delimiter.isEmpty() ? new String[] {text} : text.split(java.util.regex.Pattern.quote(delimiter), -1);
        int index = part < 0 ? parts.length + part : part == 0 ? 0 : part - 1;
        return index >= 0 && index < parts.length ? parts[index] : "";
    }

    /** Snowflake's CONCAT: the values in turn, or NULL when any of them is NULL (docs: functions/concat). */
    public static String concat(String... values) {
        StringBuilder joined = new StringBuilder();
        for (String value : values) {
            if (value == null) {
                return null;
            }
            joined.append(value);
        }
        return joined.toString();
    }

    public static LocalDate toDate(String text) throws SQLException {
        return text == null ? null : parse(text, () -> LocalDate.parse(text.trim()));
    }

    public static LocalDate toDate(String text, String format) throws SQLException {
        return text == null ? null : parse(text, () -> LocalDate.parse(text.trim(), formatter(format)));
    }

    public static LocalDateTime toTimestamp(String text) throws SQLException {
        return text == null ? null : parse(text, () -> LocalDateTime.parse(text.trim().replace(' ', 'T')));
    }

    public static LocalDateTime toTimestamp(String text, String format) throws SQLException {
        return text == null ? null : parse(text, () -> LocalDateTime.parse(text.trim(), formatter(format)));
    }

    /** {@code TO_TIMESTAMP_TZ(text, format)}: the offset is the one the text gives (format element TZH:TZM). */
    public static OffsetDateTime toTimestampTz(String text, String format) throws SQLException {
        return text == null ? null : parse(text, () -> OffsetDateTime.parse(text.trim(), formatter(format)));
    }

    /**
     * {@code expr::DATE} ({@link SqlTranslator}): a timestamp's date in its own offset, as Snowflake converts a
     * TIMESTAMP_TZ. H2 hands any other value over WITH TIME ZONE with its wall-clock fields unchanged (a date at
     * midnight, a local timestamp or text in the session's zone), so their date is kept too.
     */
    public static LocalDate sfToDate(OffsetDateTime value) {
        return value == null ? null : value.toLocalDate();
    }

    /** {@code expr::TIMESTAMP_NTZ} ({@link SqlTranslator}): the wall-clock time in the value's own offset. */
    public static LocalDateTime sfToTimestampNtz(OffsetDateTime value) {
        return value == null ? null : value.toLocalDateTime();
    }

    public static Boolean toBoolean(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "on", "1" -> true;
            case "false", "f", "no", "n", "off", "0" -> false;
            default -> throw new SQLException("Boolean value '" + text + "' is not recognized", "22018", 22018);
        };
    }

    public static Boolean contains(String text, String part) {
        return text == null || part == null ? null : text.contains(part);
    }

    public static Boolean startsWith(String text, String prefix) {
        return text == null || prefix == null ? null : text.startsWith(prefix);
    }

    public static Boolean endsWith(String text, String suffix) {
        return text == null || suffix == null ? null : text.endsWith(suffix);
    }

    public static Integer charIndex(String part, String text) {
        return text == null || part == null ? null : text.indexOf(part) + 1;
    }

    public static Double square(Double value) {
        return value == null ? null : value * value;
    }

    public static String md5(String text) throws NoSuchAlgorithmException {
        return text == null ? null
                : HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@code CONVERT_TIMEZONE(target, timestamp)} (docs: functions/convert_timezone): the instant in the target time
     * zone, a TIMESTAMP_TZ.
     */
    public static OffsetDateTime convertTimezone(String target, OffsetDateTime timestamp) throws SQLException {
        return target == null || timestamp == null ? null
                : timestamp.atZoneSameInstant(zone(target)).toOffsetDateTime();
    }

    /**
     * {@code CONVERT_TIMEZONE(source, target, timestamp_ntz)}: the wall-clock time in {@code source} as it reads in
     * {@code target}, a TIMESTAMP_NTZ.
     */
    public static LocalDateTime convertTimezone(String source, String target, LocalDateTime timestamp)
            throws SQLException {
        return source == null || target == null || timestamp == null ? null
                : timestamp.atZone(zone(source)).withZoneSameInstant(zone(target)).toLocalDateTime();
    }

    private static java.time.ZoneId zone(String name) throws SQLException {
        try {
            return java.time.ZoneId.of(name.trim());
        } catch (java.time.DateTimeException e) {
            throw new SQLException("Invalid time zone: '" + name + "'", "22023", 22023);
        }
    }

    /**
     * The number {@code TRY_TO_NUMBER(text)} reads (docs: functions/try_to_decimal), before the translator rounds it
     * to NUMBER(38,0) as TO_NUMBER does; NULL where TO_NUMBER would fail.
     */
    public static java.math.BigDecimal tryToNumber(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new java.math.BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code TRY_TO_DATE} (docs: functions/try_to_date): TO_DATE's date, or NULL where TO_DATE fails. */
    public static LocalDate tryToDate(String text) {
        return orNull(() -> toDate(text));
    }

    public static LocalDate tryToDate(String text, String format) {
        return orNull(() -> toDate(text, format));
    }

    /** {@code TRY_TO_TIMESTAMP[_NTZ]} (docs: functions/try_to_timestamp): NULL where TO_TIMESTAMP fails. */
    public static LocalDateTime tryToTimestamp(String text) {
        return orNull(() -> toTimestamp(text));
    }

    public static LocalDateTime tryToTimestamp(String text, String format) {
        return orNull(() -> toTimestamp(text, format));
    }

    /** {@code TRY_TO_BOOLEAN} (docs: functions/try_to_boolean): NULL where TO_BOOLEAN fails. */
    public static Boolean tryToBoolean(String text) {
        return orNull(() -> toBoolean(text));
    }

    /**
     * {@code TO_DOUBLE(text)} (docs: functions/to_double): a decimal or exponent number, or {@code NaN}, {@code inf},
     * {@code -inf} in any case.
     */
    public static Double toDouble(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        String number = text.trim();
        return switch (number.toLowerCase(Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
                // Java would also read hexadecimal and a trailing d or f, which are no numbers to Snowflake.
                if (!number.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                    throw new SQLException("Numeric value '" + text + "' is not recognized", "22018", 22018);
                }
                yield Double.valueOf(number);
            }
        };
    }

    /** {@code TRY_TO_DOUBLE} (docs: functions/try_to_double): NULL where TO_DOUBLE fails. */
    public static Double tryToDouble(String text) {
        return orNull(() -> toDouble(text));
    }

    private interface Conversion<T> {
        T get() throws SQLException;
    }

    private static <T> T orNull(Conversion<T> conversion) {
        try {
            return conversion.get();
        } catch (SQLException e) {
            return null;
        }
    }

    public static String uuidString() {
        return UUID.randomUUID().toString();
    }

    /**
     * {@code JSON_EXTRACT_PATH_TEXT(json, 'a.b[0]')}: the value at the path as text (a string without its quotes,
     * anything else as JSON); null when the path leads nowhere.
     */
    public static String jsonExtractPathText(String json, String path) throws SQLException {
        if (json == null || path == null) {
            return null;
        }
        com.fasterxml.jackson.databind.JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("Error parsing JSON: " + e.getOriginalMessage(), "22018", 22018);
        }
        for (String step : path.split("\\.")) {
            String name = step;
            int bracket = name.indexOf('[');
            String indexes = bracket < 0 ? "" : name.substring(bracket);
            name = bracket < 0 ? name : name.substring(0, bracket);
            if (!name.isEmpty()) {
                node = node == null ? null : node.get(name.startsWith("\"") && name.endsWith("\"")
                        ? name.substring(1, name.length() - 1) : name);
            }
            java.util.regex.Matcher index = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(indexes);
            while (index.find()) {
                node = node == null ? null : node.get(Integer.parseInt(index.group(1)));
            }
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }

    /** Snowflake's format elements (YYYY, MM, DD, HH24, MI, SS, FF, TZH:TZM) as a {@link DateTimeFormatter}. */
    private static DateTimeFormatter formatter(String format) {
        String pattern = format.toUpperCase(Locale.ROOT)
                .replace("TZH:TZM", "xxx")
                .replace("YYYY", "yyyy").replace("HH24", "HH").replace("MI", "mm").replace("SS", "ss")
                .replace("DD", "dd").replace("FF9", "SSSSSSSSS").replace("FF", "SSSSSSSSS");
        return DateTimeFormatter.ofPattern(pattern);
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parse(String text, Parse<T> parse) throws SQLException {
        try {
            return parse.get();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new SQLException("Value '" + text + "' is not recognized", "22018", 22018);
        }
    }
}
