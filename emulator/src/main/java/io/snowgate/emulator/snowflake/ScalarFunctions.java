package io.snowgate.emulator.snowflake;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
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
            new String[] {"UNICODE", "unicode"},
            new String[] {"SF_CONCAT_WS", "concatWs"},
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
            new String[] {"TRY_TO_DOUBLE", "tryToDouble"},
            new String[] {"SHA1", "sha1"},
            new String[] {"SHA1_HEX", "sha1"},
            new String[] {"SHA2", "sha2"},
            new String[] {"SHA2_HEX", "sha2"},
            new String[] {"MD5_HEX", "md5"},
            new String[] {"HEX_ENCODE", "hexEncode"},
            new String[] {"BASE64_ENCODE", "base64Encode"},
            new String[] {"BASE64_DECODE_STRING", "base64DecodeString"},
            new String[] {"INITCAP", "initcap"},
            new String[] {"REVERSE", "reverse"},
            new String[] {"EDITDISTANCE", "editDistance"},
            new String[] {"STRTOK", "strtok"},
            new String[] {"TO_TIME", "toTime"},
            new String[] {"SF_MONTHS_BETWEEN", "monthsBetween"},
            new String[] {"HAVERSINE", "haversine"},
            new String[] {"DATE_FROM_PARTS", "dateFromParts"},
            new String[] {"TIMESTAMP_FROM_PARTS", "timestampFromParts"},
            new String[] {"TIMESTAMP_NTZ_FROM_PARTS", "timestampFromParts"},
            new String[] {"NEXT_DAY", "nextDay"},
            new String[] {"PREVIOUS_DAY", "previousDay"},
            new String[] {"TIME_SLICE", "timeSlice"});

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    /** What ends a word for INITCAP besides whitespace (docs: functions/initcap, the default delimiters). */
    private static final String INITCAP_DELIMITERS = "!?@\"^#$&~_,.:;+-*%/|\\[](){}<>";

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

    /**
     * Snowflake's CONCAT_WS: the values joined by the separator, or NULL when any of them is NULL (docs:
     * functions/concat_ws); H2's skips a NULL.
     */
    public static String concatWs(String separator, String... values) {
        if (separator == null) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                return null;
            }
            joined.append(i == 0 ? "" : separator).append(values[i]);
        }
        return joined.toString();
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

    /**
     * {@code TO_DATE(text)}: a date in a format Snowflake detects ({@link AutoFormats}), or a string of an integer,
     * which is seconds, milliseconds, microseconds or nanoseconds since 1970 by its size ({@link #epochInstant}), the
     * date in UTC.
     */
    public static LocalDate toDate(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        Instant epoch = epochInstant(text);
        return epoch != null ? LocalDateTime.ofInstant(epoch, ZoneOffset.UTC).toLocalDate() : AutoFormats.date(text);
    }

    public static LocalDate toDate(String text, String format) throws SQLException {
        return text == null ? null : parse(text, "Date", AutoFormats.DATE_NOT_RECOGNIZED,
                () -> LocalDate.parse(text.trim(), DateTimeFormats.parser(format)));
    }

    /**
     * {@code TO_TIMESTAMP[_NTZ](value)} (docs: functions/to_timestamp): an ISO timestamp, or a number of seconds since
     * 1970 in UTC; an integer's string is seconds, milliseconds, microseconds or nanoseconds by its size
     * ({@link #epochInstant}). H2 hands a number over as its text, so an integer past 31536000000 is taken by its size
     * too, where Snowflake counts a NUMBER in seconds (the year 2969 and later).
     */
    public static LocalDateTime toTimestamp(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        Instant epoch = epochInstant(text);
        if (epoch == null && text.trim().matches("[+-]?\\d+\\.\\d*")) {
            epoch = secondsSinceEpoch(new BigDecimal(text.trim()));
        }
        return epoch != null ? LocalDateTime.ofInstant(epoch, ZoneOffset.UTC) : AutoFormats.timestamp(text);
    }

    /**
     * {@code TO_TIMESTAMP[_NTZ](text, format)}, or {@code TO_TIMESTAMP[_NTZ](number, scale)}: the number in units of
     * 10^-scale seconds since 1970, UTC (docs: functions/to_timestamp, "scale": 3 milliseconds, 6 microseconds, 9
     * nanoseconds).
     */
    public static LocalDateTime toTimestamp(String text, String format) throws SQLException {
        if (text == null || format == null) {
            return null;
        }
        if (format.trim().matches("\\d")) {
            BigDecimal units = parse(text, "Timestamp", AutoFormats.TIMESTAMP_NOT_RECOGNIZED,
                    () -> new BigDecimal(text.trim()));
            return LocalDateTime.ofInstant(secondsSinceEpoch(units.movePointLeft(Integer.parseInt(format.trim()))),
                    ZoneOffset.UTC);
        }
        return parse(text, "Timestamp", AutoFormats.TIMESTAMP_NOT_RECOGNIZED,
                () -> LocalDateTime.parse(text.trim(), DateTimeFormats.parser(format)));
    }

    /**
     * The instant a string of an integer stands for (docs: functions/to_timestamp, "Usage notes"): below 31536000000
     * it counts seconds since 1970, below 31536000000000 milliseconds, below 31536000000000000 microseconds, else
     * nanoseconds. Null for text that is not an integer.
     */
    static Instant epochInstant(String text) {
        String digits = text.trim();
        if (!digits.matches("[+-]?\\d{1,19}")) {
            return null;
        }
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
        int scale = value < 31_536_000_000L ? 0 : value < 31_536_000_000_000L ? 3
                : value < 31_536_000_000_000_000L ? 6 : 9;
        return secondsSinceEpoch(BigDecimal.valueOf(value).movePointLeft(scale));
    }

    private static Instant secondsSinceEpoch(BigDecimal seconds) {
        BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
        return Instant.ofEpochSecond(whole.longValueExact(),
                seconds.subtract(whole).movePointRight(9).setScale(0, java.math.RoundingMode.DOWN).longValueExact());
    }

    /**
     * {@code TO_TIME(text)} (docs: functions/to_time): a time of day in a format Snowflake detects
     * ({@link AutoFormats}), or an integer's string as a time since 1970 by its size ({@link #epochInstant}), whose
     * time of day in UTC it is: '31536002400' is milliseconds, 00:00:02.4, the docs example's 00:00:02.
     */
    public static LocalTime toTime(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        Instant epoch = epochInstant(text);
        return epoch != null ? LocalDateTime.ofInstant(epoch, ZoneOffset.UTC).toLocalTime() : AutoFormats.time(text);
    }

    /**
     * {@code MONTHS_BETWEEN(date1, date2)} (docs: functions/months_between): whole months from the years and months,
     * plus the difference of days and times of day as a fraction of a 31-day month; a whole number when both are the
     * same day of their months or both the last day of theirs, whatever their times. Negative when date1 is earlier.
     */
    public static BigDecimal monthsBetween(LocalDateTime first, LocalDateTime second) {
        if (first == null || second == null) {
            return null;
        }
        long months = (first.getYear() - second.getYear()) * 12L + first.getMonthValue() - second.getMonthValue();
        boolean sameDay = first.getDayOfMonth() == second.getDayOfMonth();
        boolean lastDays = first.toLocalDate().equals(first.toLocalDate().with(TemporalAdjusters.lastDayOfMonth()))
                && second.toLocalDate().equals(second.toLocalDate().with(TemporalAdjusters.lastDayOfMonth()));
        if (sameDay || lastDays) {
            return BigDecimal.valueOf(months);
        }
        BigDecimal days = BigDecimal.valueOf(first.getDayOfMonth() - second.getDayOfMonth())
                .add(BigDecimal.valueOf(first.toLocalTime().toNanoOfDay() - second.toLocalTime().toNanoOfDay())
                        .divide(BigDecimal.valueOf(86_400_000_000_000L), 20, java.math.RoundingMode.HALF_UP));
        return BigDecimal.valueOf(months).add(days.divide(BigDecimal.valueOf(31), 20, java.math.RoundingMode.HALF_UP));
    }

    /**
     * {@code HAVERSINE(lat1, lon1, lat2, lon2)} (docs: functions/haversine): the great-circle distance in kilometres
     * between two points in degrees, on a sphere of radius 6371 km (which gives the docs example's 3936.385096389).
     */
    public static Double haversine(Double lat1, Double lon1, Double lat2, Double lon2) {
        if (lat1 == null || lon1 == null || lat2 == null || lon2 == null) {
            return null;
        }
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6371.0 * Math.asin(Math.sqrt(a));
    }

    /**
     * {@code TO_TIMESTAMP_TZ(text)}: a timestamp in a format Snowflake detects ({@link AutoFormats}), with the offset
     * it gives, else in the session's TIMEZONE (H2's, which the stand-in keeps the same).
     */
    public static OffsetDateTime toTimestampTz(java.sql.Connection session, String text) throws SQLException {
        if (text == null) {
            return null;
        }
        // The session's zone as H2 holds it (set from Snowflake's TIMEZONE parameter), read without a query per row.
        String zone = session.unwrap(org.h2.jdbc.JdbcConnection.class).getSession().currentTimeZone().getId();
        return AutoFormats.timestampTz(text, java.time.ZoneId.of(zone));
    }

    /** {@code TO_TIMESTAMP_TZ(text, format)}: the offset is the one the text gives (format element TZH:TZM). */
    public static OffsetDateTime toTimestampTz(String text, String format) throws SQLException {
        return text == null ? null : parse(text, "Timestamp", AutoFormats.TIMESTAMP_NOT_RECOGNIZED,
                () -> OffsetDateTime.parse(text.trim(), DateTimeFormats.parser(format)));
    }

    /**
     * {@code expr::DATE} ({@link SqlTranslator}): a timestamp's date in its own offset, as Snowflake converts a
     * TIMESTAMP_TZ; text as TO_DATE reads it (docs: functions/cast: a cast and the TO_ function are one conversion),
     * so {@code '11/30/2026'::DATE} is read as H2's own cast would not read it.
     */
    public static LocalDate sfToDate(org.h2.value.Value value) throws SQLException {
        return switch (value.getValueType()) {
            case org.h2.value.Value.NULL -> null;
            case org.h2.value.Value.DATE -> org.h2.util.JSR310Utils.valueToLocalDate(value, null);
            case org.h2.value.Value.TIMESTAMP -> org.h2.util.JSR310Utils.valueToLocalDateTime(value, null).toLocalDate();
            case org.h2.value.Value.TIMESTAMP_TZ -> org.h2.util.JSR310Utils.valueToOffsetDateTime(value, null)
                    .toLocalDate();
            case org.h2.value.Value.JSON -> toDate(SemiStructured.variantText(value.getString()));
            case org.h2.value.Value.VARCHAR, org.h2.value.Value.CHAR, org.h2.value.Value.VARCHAR_IGNORECASE ->
                    toDate(value.getString());
            // A number is no date (H2 refuses it as Snowflake does).
            default -> org.h2.util.JSR310Utils.valueToLocalDate(value, null);
        };
    }

    /**
     * {@code expr::TIMESTAMP_NTZ} ({@link SqlTranslator}): the wall-clock time in the value's own offset; text as
     * TO_TIMESTAMP reads it.
     */
    public static LocalDateTime sfToTimestampNtz(org.h2.value.Value value) throws SQLException {
        return switch (value.getValueType()) {
            case org.h2.value.Value.NULL -> null;
            case org.h2.value.Value.DATE -> org.h2.util.JSR310Utils.valueToLocalDate(value, null).atStartOfDay();
            case org.h2.value.Value.TIMESTAMP -> org.h2.util.JSR310Utils.valueToLocalDateTime(value, null);
            case org.h2.value.Value.TIMESTAMP_TZ -> org.h2.util.JSR310Utils.valueToOffsetDateTime(value, null)
                    .toLocalDateTime();
            case org.h2.value.Value.JSON -> toTimestamp(SemiStructured.variantText(value.getString()));
            default -> toTimestamp(value.getString());
        };
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

    /** {@code UNICODE(text)} (docs: functions/unicode): the code point of its first character, 0 for ''. */
    public static Integer unicode(String text) {
        return text == null ? null : text.isEmpty() ? 0 : text.codePointAt(0);
    }

    public static Double square(Double value) {
        return value == null ? null : value * value;
    }

    public static String md5(String text) throws NoSuchAlgorithmException {
        return digest("MD5", text);
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

    /** {@code SHA1[_HEX]} (docs: functions/sha1): the digest of the UTF-8 text, 40 lower-case hex digits. */
    public static String sha1(String text) throws NoSuchAlgorithmException {
        return digest("SHA-1", text);
    }

    public static String sha2(String text) throws SQLException, NoSuchAlgorithmException {
        return sha2(text, 256);
    }

    /** {@code SHA2[_HEX](text, bits)} (docs: functions/sha2): bits 224, 256 (the default), 384 or 512. */
    public static String sha2(String text, int bits) throws SQLException, NoSuchAlgorithmException {
        if (bits != 224 && bits != 256 && bits != 384 && bits != 512) {
            throw new SQLException("Invalid digest size: " + bits, "22023", 22023);
        }
        return digest("SHA-" + bits, text);
    }

    private static String digest(String algorithm, String text) throws NoSuchAlgorithmException {
        return text == null ? null : HexFormat.of().formatHex(
                MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code HEX_ENCODE(text[, case])} (docs: functions/hex_encode): upper-case hex digits unless case is 0. */
    public static String hexEncode(String text) {
        return hexEncode(text, 1);
    }

    public static String hexEncode(String text, int upper) {
        if (text == null) {
            return null;
        }
        HexFormat hex = upper == 0 ? HexFormat.of() : HexFormat.of().withUpperCase();
        return hex.formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code BASE64_ENCODE(text)} (docs: functions/base64_encode): standard alphabet, padded, on one line. */
    public static String base64Encode(String text) {
        return text == null ? null : java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code BASE64_DECODE_STRING(text)} (docs: functions/base64_decode_string); not Base64 fails 100033. */
    public static String base64DecodeString(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        try {
            return new String(java.util.Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SQLException("Invalid BASE64 encoding of input", "22018", 22018);
        }
    }

    /**
     * {@code INITCAP(text)} (docs: functions/initcap): each word's first letter in upper case, the others in lower
     * case, a word starting after whitespace or one of the default delimiters.
     */
    public static String initcap(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean start = true;
        for (int k = 0; k < text.length(); ) {
            int c = text.codePointAt(k);
            out.appendCodePoint(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = Character.isWhitespace(c) || INITCAP_DELIMITERS.indexOf(c) >= 0;
            k += Character.charCount(c);
        }
        return out.toString();
    }

    public static String reverse(String text) {
        return text == null ? null : new StringBuilder(text).reverse().toString();
    }

    /** {@code EDITDISTANCE(a, b)} (docs: functions/editdistance): the Levenshtein distance. */
    public static Integer editDistance(String a, String b) {
        if (a == null || b == null) {
            return null;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * {@code STRTOK(text[, delimiters[, part]])} (docs: functions/strtok): the 1-based part-th token, tokens being the
     * runs of characters between any of the delimiters (a space by default); never an empty token, so a run of
     * delimiters is one break. NULL for a part past the last token or any NULL argument.
     */
    public static String strtok(String text) {
        return strtok(text, " ", 1L);
    }

    public static String strtok(String text, String delimiters) {
        return strtok(text, delimiters, 1L);
    }

    public static String strtok(String text, String delimiters, Long part) {
        if (text == null || delimiters == null || part == null || part < 1) {
            return null;
        }
        List<String> tokens = tokens(text, delimiters);
        return part > tokens.size() ? null : tokens.get((int) (part - 1));
    }

    /** STRTOK's tokens of {@code text}: the non-empty runs between any of the delimiter characters. */
    static List<String> tokens(String text, String delimiters) {
        List<String> tokens = new java.util.ArrayList<>();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (delimiters.indexOf(c) >= 0) {
                if (!token.isEmpty()) {
                    tokens.add(token.toString());
                    token.setLength(0);
                }
            } else {
                token.append(c);
            }
        }
        if (!token.isEmpty()) {
            tokens.add(token.toString());
        }
        return tokens;
    }

    /**
     * {@code DATE_FROM_PARTS(year, month, day)} (docs: functions/date_from_parts): a month or day out of range carries
     * over, as the docs' examples do (month 0 is the December before, day 0 the last day of the month before).
     */
    public static LocalDate dateFromParts(Integer year, Long month, Long day) {
        return year == null || month == null || day == null ? null
                : LocalDate.of(year, 1, 1).plusMonths(month - 1).plusDays(day - 1);
    }

    /** {@code TIMESTAMP_FROM_PARTS(year, month, day, hour, minute, second[, nanosecond])}, carrying over likewise. */
    public static LocalDateTime timestampFromParts(Integer year, Long month, Long day, Long hour, Long minute,
                                                   Long second) {
        return timestampFromParts(year, month, day, hour, minute, second, 0L);
    }

    public static LocalDateTime timestampFromParts(Integer year, Long month, Long day, Long hour, Long minute,
                                                   Long second, Long nanosecond) {
        LocalDate date = dateFromParts(year, month, day);
        return date == null || hour == null || minute == null || second == null || nanosecond == null ? null
                : date.atStartOfDay().plusHours(hour).plusMinutes(minute).plusSeconds(second).plusNanos(nanosecond);
    }

    /** {@code TIMESTAMP_FROM_PARTS(date, time)}: the date at that time. */
    public static LocalDateTime timestampFromParts(LocalDate date, java.time.LocalTime time) {
        return date == null || time == null ? null : date.atTime(time);
    }

    /** {@code NEXT_DAY(date, 'mo')} (docs: functions/next_day): the first such weekday after the date. */
    public static LocalDate nextDay(LocalDate date, String weekday) throws SQLException {
        return date == null || weekday == null ? null
                : date.with(java.time.temporal.TemporalAdjusters.next(weekday(weekday)));
    }

    /** {@code PREVIOUS_DAY(date, 'mo')} (docs: functions/previous_day): the last such weekday before the date. */
    public static LocalDate previousDay(LocalDate date, String weekday) throws SQLException {
        return date == null || weekday == null ? null
                : date.with(java.time.temporal.TemporalAdjusters.previous(weekday(weekday)));
    }

    public static LocalDateTime timeSlice(LocalDateTime value, long size, String part) throws SQLException {
        return timeSlice(value, size, part, "START");
    }

    /**
     * {@code TIME_SLICE(t, size, part[, 'START'|'END'])} (docs: functions/time_slice): the start (or end) of the
     * slice of {@code size} parts holding {@code t}, slices counted from 1970-01-01 00:00:00, and slices of weeks
     * from the Monday before it.
     */
    public static LocalDateTime timeSlice(LocalDateTime value, long size, String part, String startOrEnd)
            throws SQLException {
        if (value == null || part == null || startOrEnd == null) {
            return null;
        }
        if (size < 1) {
            throw new SQLException("Invalid slice length: " + size + "; it must be at least 1", "22023", 22023);
        }
        boolean end = switch (startOrEnd.trim().toUpperCase(Locale.ROOT)) {
            case "START" -> false;
            case "END" -> true;
            default -> throw new SQLException("Invalid value '" + startOrEnd + "': START or END", "22023", 22023);
        };
        LocalDateTime epoch = LocalDateTime.of(1970, 1, 1, 0, 0);
        String unit = part.trim().toUpperCase(Locale.ROOT);
        int monthsPerPart = switch (unit) {
            case "YEAR" -> 12;
            case "QUARTER" -> 3;
            case "MONTH" -> 1;
            default -> 0;
        };
        if (monthsPerPart > 0) {
            long months = java.time.temporal.ChronoUnit.MONTHS.between(epoch, value.withDayOfMonth(1).toLocalDate()
                    .atStartOfDay());
            long slice = size * monthsPerPart;
            LocalDateTime start = epoch.plusMonths(Math.floorDiv(months, slice) * slice);
            return end ? start.plusMonths(slice) : start;
        }
        long secondsPerPart = switch (unit) {
            case "WEEK" -> 604_800;
            case "DAY" -> 86_400;
            case "HOUR" -> 3_600;
            case "MINUTE" -> 60;
            case "SECOND" -> 1;
            default -> throw new SQLException("Invalid date or time part '" + part + "' for TIME_SLICE", "22023", 22023);
        };
        // Weeks are counted from the start of the week holding 1970-01-01, a Thursday: Monday 1969-12-29 (the
        // docs' example), weeks starting on Monday as under WEEK_START's default.
        LocalDateTime origin = unit.equals("WEEK") ? epoch.minusDays(3) : epoch;
        long seconds = java.time.Duration.between(origin, value).getSeconds();
        long slice = size * secondsPerPart;
        LocalDateTime start = origin.plusSeconds(Math.floorDiv(seconds, slice) * slice);
        return end ? start.plusSeconds(slice) : start;
    }

    /** A day of the week named by its first two letters or more ('mo', 'Monday'), as the docs allow. */
    private static java.time.DayOfWeek weekday(String name) throws SQLException {
        String given = name.trim().toUpperCase(Locale.ROOT);
        for (java.time.DayOfWeek day : java.time.DayOfWeek.values()) {
            if (given.length() >= 2 && day.name().startsWith(given)) {
                return day;
            }
        }
        throw new SQLException("Invalid day of week: '" + name + "'", "22023", 22023);
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

    private interface Parse<T> {
        T get();
    }

    /** Text read as a {@code kind} (Date, Timestamp), failing as Snowflake does with its code for that kind. */
    private static <T> T parse(String text, String kind, int code, Parse<T> parse) throws SQLException {
        try {
            return parse.get();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new SQLException(kind + " '" + text + "' is not recognized", "22007", code);
        }
    }
}
