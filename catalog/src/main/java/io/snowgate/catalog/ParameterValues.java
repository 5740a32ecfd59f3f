package io.snowgate.catalog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Converts JSON-ish values (what Jackson yields: String, Integer, Long, BigInteger, Double, BigDecimal, Boolean) to
 * the Java value a parameter binds as, strictly, and checks the declared bounds. Reasons never repeat the value.
 */
final class ParameterValues {

    private static final Pattern INTEGER_TEXT = Pattern.compile("-?[0-9]+");
    private static final Pattern NUMBER_TEXT = Pattern.compile("-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]{1,4})?");
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    /** Snowflake's NUMBER holds at most 38 digits, at most 37 of them after the point (docs: Numeric data types). */
    private static final int MAX_NUMBER_DIGITS = 38;
    private static final int MAX_NUMBER_SCALE = 37;
    private static final int MIN_YEAR = 1;
    private static final int MAX_YEAR = 9999;
    private static final Comparator<OffsetDateTime> INSTANT_ORDER = OffsetDateTime.timeLineOrder();
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private ParameterValues() {
    }

    /**
     * Converts and checks bounds: the value to bind for {@code input}.
     *
     * @throws RejectedValue    the value does not fit
     * @throws CatalogException a bound of the declaration itself is invalid (what the validator reports)
     */
    static Object accept(String queryName, ParameterSpec spec, Object input) throws RejectedValue {
        Object value = convert(spec.type(), input);
        checkBounds(queryName, spec, value);
        return value;
    }

    /** What {@code type} expects, for messages: "must be an integer". */
    static String expectation(ParameterType type) {
        return switch (type) {
            case STRING -> "must be a string";
            case INTEGER -> "must be an integer";
            case NUMBER -> "must be a number";
            case BOOLEAN -> "must be true or false";
            case DATE -> "must be an ISO-8601 date (yyyy-mm-dd)";
            case TIMESTAMP -> "must be an ISO-8601 timestamp with an offset (e.g. 2026-01-31T08:00:00Z)";
        };
    }

    static Object convert(ParameterType type, Object input) throws RejectedValue {
        Object value = switch (type) {
            case STRING -> input instanceof CharSequence text ? text.toString() : null;
            case INTEGER -> toLong(input);
            case NUMBER -> toDecimal(input);
            case BOOLEAN -> toBoolean(input);
            case DATE -> toDate(input);
            case TIMESTAMP -> toTimestamp(input);
        };
        if (value == null) {
            throw new RejectedValue(expectation(type));
        }
        if (value instanceof String text && !wellFormed(text)) {
            // JSON can escape half a surrogate pair (\ud800); encoding it for Snowflake would send '?' instead of
            // the text the checks passed.
            throw new RejectedValue("must be valid Unicode text (it holds half a surrogate pair)");
        }
        if (value instanceof LocalDate date) {
            checkYear(date.getYear());
        } else if (value instanceof OffsetDateTime timestamp) {
            checkYear(timestamp.getYear());
            if (timestamp.getOffset().getTotalSeconds() % 60 != 0) {
                // A TIMESTAMP_TZ keeps its offset in whole minutes (TZH:TZM): seconds would be dropped.
                throw new RejectedValue("must have an offset in whole minutes");
            }
        }
        return value;
    }

    /** Whether {@code text} encodes to UTF-8 as it is: a UTF-8 encoder refuses only half a surrogate pair. */
    private static boolean wellFormed(String text) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(text);
    }

    /** Dates and timestamps reach Snowflake as text with a four-digit year (ParameterType#jdbcMarker). */
    private static void checkYear(int year) throws RejectedValue {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new RejectedValue("must be in the years " + MIN_YEAR + " to " + MAX_YEAR);
        }
    }

    private static Long toLong(Object input) throws RejectedValue {
        if (input instanceof Long || input instanceof Integer || input instanceof Short || input instanceof Byte) {
            return ((Number) input).longValue();
        }
        if (input instanceof String text) {
            if (!INTEGER_TEXT.matcher(text).matches()) {
                return null;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new RejectedValue("is out of range for an integer");
            }
        }
        BigDecimal decimal = exactDecimal(input);
        if (decimal == null || decimal.stripTrailingZeros().scale() > 0) {
            return null;
        }
        if (decimal.compareTo(LONG_MIN) < 0 || decimal.compareTo(LONG_MAX) > 0) {
            throw new RejectedValue("is out of range for an integer");
        }
        return decimal.longValueExact();
    }

    private static BigDecimal toDecimal(Object input) throws RejectedValue {
        BigDecimal decimal;
        if (input instanceof String text) {
            decimal = NUMBER_TEXT.matcher(text).matches() ? new BigDecimal(text) : null;
        } else {
            decimal = exactDecimal(input);
        }
        if (decimal == null || fitsNumber(decimal)) {
            return decimal;
        }
        // 1.50000000000000000000000000000000000000000 is 1.5: sent as written, it would not fit.
        BigDecimal stripped = decimal.stripTrailingZeros();
        if (!fitsNumber(stripped)) {
            throw new RejectedValue("is out of range for a number (at most " + MAX_NUMBER_DIGITS + " digits, "
                    + MAX_NUMBER_SCALE + " after the point)");
        }
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /**
     * Whether {@code decimal}, as written, is a NUMBER(p, s) value Snowflake holds, p at most 38 and s at most 37.
     * Works on precision and scale alone: 1e999999999 is never expanded.
     */
    private static boolean fitsNumber(BigDecimal decimal) {
        long scale = Math.max(decimal.scale(), 0);
        long integerDigits = Math.max((long) decimal.precision() - decimal.scale(), 0);
        return scale <= MAX_NUMBER_SCALE && integerDigits + scale <= MAX_NUMBER_DIGITS;
    }

    /** Any JSON number as an exact decimal; doubles through their shortest decimal form, not their binary value. */
    private static BigDecimal exactDecimal(Object input) {
        return switch (input) {
            case BigDecimal d -> d;
            case BigInteger i -> new BigDecimal(i);
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            case Short s -> BigDecimal.valueOf(s);
            case Byte b -> BigDecimal.valueOf(b);
            case Double d when Double.isFinite(d) -> BigDecimal.valueOf(d);
            case Float f when Float.isFinite(f) -> new BigDecimal(Float.toString(f));
            case null, default -> null;
        };
    }

    private static Boolean toBoolean(Object input) {
        if (input instanceof Boolean b) {
            return b;
        }
        if (input instanceof String text) {
            if (text.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (text.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        return null;
    }

    private static LocalDate toDate(Object input) {
        if (input instanceof LocalDate date) {
            return date;
        }
        if (input instanceof String text) {
            try {
                return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static OffsetDateTime toTimestamp(Object input) {
        return switch (input) {
            case OffsetDateTime t -> t;
            case Instant t -> t.atOffset(ZoneOffset.UTC);
            case ZonedDateTime t -> t.toOffsetDateTime();
            case String text -> {
                try {
                    yield OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                } catch (DateTimeParseException e) {
                    yield null;
                }
            }
            case null, default -> null;
        };
    }

    /** Checks {@code value} (already converted) against the spec's bounds. */
    private static void checkBounds(String queryName, ParameterSpec spec, Object value) throws RejectedValue {
        if (value instanceof String text) {
            checkString(queryName, spec, text);
            return;
        }
        if (!isOrdered(spec.type())) {
            return;
        }
        Optional<Object> min = spec.min();
        if (min.isPresent() && compare(spec.type(), value, bound(queryName, spec, "min", min.get())) < 0) {
            throw new RejectedValue("must be at least " + min.get());
        }
        Optional<Object> max = spec.max();
        if (max.isPresent() && compare(spec.type(), value, bound(queryName, spec, "max", max.get())) > 0) {
            throw new RejectedValue("must be at most " + max.get());
        }
    }

    private static void checkString(String queryName, ParameterSpec spec, String text) throws RejectedValue {
        int length = text.codePointCount(0, text.length());
        if (spec.minLength().isPresent() && length < spec.minLength().getAsInt()) {
            throw new RejectedValue("must be at least " + spec.minLength().getAsInt() + " characters long");
        }
        if (spec.maxLength().isPresent() && length > spec.maxLength().getAsInt()) {
            throw new RejectedValue("must be at most " + spec.maxLength().getAsInt() + " characters long");
        }
        if (spec.pattern().isPresent() && !matchesPattern(queryName, spec, text)) {
            throw new RejectedValue("must match the pattern " + spec.pattern().get());
        }
        if (!spec.allowedValues().isEmpty() && !spec.allowedValues().contains(text)) {
            throw new RejectedValue("must be one of " + String.join(", ", spec.allowedValues()));
        }
    }

    /** A declared bound converted with the parameter's type; a bad one is a catalog error, not the caller's. */
    private static Object bound(String queryName, ParameterSpec spec, String which, Object raw) {
        try {
            return convert(spec.type(), raw);
        } catch (RejectedValue e) {
            throw new CatalogException(
                    "query '" + queryName + "', parameter '" + spec.name() + "': " + which + " " + e.getMessage());
        }
    }

    /**
     * Java's regex engine recurses once per repetition of a group with alternatives ({@code ([A-Z]|[0-9])*}), so a
     * long enough value overflows the stack: the value is refused, as the caller's mistake, rather than the error
     * ending the invocation. The matcher holds no state beyond this call, so nothing is left inconsistent.
     */
    private static boolean matchesPattern(String queryName, ParameterSpec spec, String text) throws RejectedValue {
        Pattern pattern = pattern(queryName, spec);
        try {
            return pattern.matcher(text).matches();
        } catch (StackOverflowError e) {
            throw new RejectedValue("is too long to be checked against the pattern " + spec.pattern().get());
        }
    }

    /** The compiled pattern, cached: a catalog holds few and a warm function binds many times. */
    private static Pattern pattern(String queryName, ParameterSpec spec) {
        String regex = spec.pattern().orElseThrow();
        try {
            return PATTERNS.computeIfAbsent(regex, Pattern::compile);
        } catch (PatternSyntaxException e) {
            throw new CatalogException("query '" + queryName + "', parameter '" + spec.name() + "': "
                    + patternProblem(e));
        }
    }

    /** The validator's and the binder's wording for an invalid pattern. */
    static String patternProblem(PatternSyntaxException e) {
        return "pattern is not a valid regular expression: " + e.getDescription();
    }

    /** Whether min/max apply to {@code type}. */
    static boolean isOrdered(ParameterType type) {
        return type != ParameterType.STRING && type != ParameterType.BOOLEAN;
    }

    /** Orders two converted values of {@code type}; timestamps by instant, whatever their offsets. */
    static int compare(ParameterType type, Object a, Object b) {
        return switch (type) {
            case INTEGER -> Long.compare((Long) a, (Long) b);
            case NUMBER -> ((BigDecimal) a).compareTo((BigDecimal) b);
            case DATE -> ((LocalDate) a).compareTo((LocalDate) b);
            case TIMESTAMP -> INSTANT_ORDER.compare((OffsetDateTime) a, (OffsetDateTime) b);
            case STRING, BOOLEAN -> throw new IllegalArgumentException(type + " values have no order");
        };
    }
}
