package io.snowgate.emulator.snowflake;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.value.Value;

/**
 * Text read as a number by a SQL format model, for {@code [TRY_]TO_NUMBER|TO_DECIMAL|TO_NUMERIC(text, 'format'[, p[,
 * s]])} ({@link SqlMacros}), following the docs (sql-reference/sql-format-models, "Parsing numbers using
 * fixed-position formats and the modifiers") in their default <em>lax</em> mode:
 * <ul>
 *   <li>fixed-position digits {@code 9} (may be missing on the left, or on the right of the fraction) and {@code 0}
 *   (must be there), hexadecimal {@code X}, the fraction after {@code .} or {@code D}, group separators {@code ,} or
 *   {@code G} (optional; where given, the digits between them must fit the format's groups), {@code $}, {@code B}
 *   (no digit needed before the fraction), an exponent {@code EE}..{@code EEEEE} (any of them an {@code E}, a sign and
 *   1 to 3 digits);</li>
 *   <li>text-minimal {@code TM9} (positional), {@code TME} (scientific) and {@code TM} (either);</li>
 *   <li>the sign: {@code S} ({@code +} or {@code -}), {@code MI} ({@code -}, {@code +} or nothing), else an optional
 *   {@code -} before the number or the {@code $};</li>
 *   <li>literals in double quotes and the symbols {@code ; : - = / ( )} (and a space, matching any run of them),
 *   matched without regard to case; {@code _} an optional space; {@code FM} changes nothing in lax mode;</li>
 *   <li>alternatives separated by {@code |}, {@code AUTO} being {@code TM9}; white space around the text is
 *   ignored.</li>
 * </ul>
 * What the text does not match fails {@code 100038 Numeric value '...' is not recognized}, as the docs' example has
 * {@code TO_NUMBER('102-')} fail. {@code FX} (exact mode) is refused as unsupported, as is a model this reader does
 * not understand, rather than read in some other way.
 */
public final class NumberFormats {

    /** The functions and the Java methods behind them, for {@code CREATE ALIAS}. */
    static final List<String[]> ALIASES = List.of(
            new String[] {"SF_NUMBER_IN_FORMAT", "numberInFormat"},
            new String[] {"SF_TRY_NUMBER_IN_FORMAT", "tryNumberInFormat"});

    /** Models read once, not for each row; a model may come from a column, hence a bound. */
    private static final int CACHED = 256;
    private static final Map<String, List<Model>> MODELS = new ConcurrentHashMap<>();

    private NumberFormats() {
    }

    /** {@code TO_NUMBER(value, format)} before its precision and scale: the value the text gives, exactly. */
    public static BigDecimal numberInFormat(Value value, String format) throws SQLException {
        if (value.getValueType() == Value.NULL || format == null) {
            return null;
        }
        if (org.h2.value.DataType.isNumericType(value.getValueType())) {
            // A number is already one: the format reads text only.
            return value.getBigDecimal();
        }
        String text = value.getString();
        for (Model model : models(format)) {
            BigDecimal read = model.read(text);
            if (read != null) {
                return read;
            }
        }
        throw new SQLException("Numeric value '" + text + "' is not recognized", "22018", 22018);
    }

    /** {@code TRY_TO_NUMBER(value, format)}: as {@link #numberInFormat}, NULL where the text does not match. */
    public static BigDecimal tryNumberInFormat(Value value, String format) throws SQLException {
        if (format != null) {
            models(format); // a model the stand-in cannot read is refused even here
        }
        try {
            return numberInFormat(value, format);
        } catch (SQLException e) {
            if (e.getErrorCode() == 22018) {
                return null;
            }
            throw e;
        }
    }

    private static List<Model> models(String format) throws SQLException {
        List<Model> models = MODELS.get(format);
        if (models == null) {
            models = new ArrayList<>();
            for (String alternative : format.split("\\|", -1)) {
                models.add(alternative.trim().equalsIgnoreCase("AUTO") ? Model.parse("TM9", format)
                        : Model.parse(alternative, format));
            }
            if (MODELS.size() >= CACHED) {
                MODELS.clear();
            }
            MODELS.put(format, List.copyOf(models));
        }
        return models;
    }

    /**
     * One alternative of a format model: a pattern for the text's shape, and what it holds that the pattern cannot
     * check (which digit positions are {@code 0}s and where the groups are).
     *
     * @param pattern       the text's shape; groups {@code sign}, {@code int}, {@code frac}, {@code exp}, {@code tm}
     * @param integerDigits the integer part's digit elements, left to right ({@code 0}, {@code 9} or {@code X})
     * @param groups        the integer part's group widths, left to right (one group when it has no separator)
     * @param fractionDigits the fraction's digit elements
     * @param hexadecimal   whether the digits are {@code X}s
     * @param blankZero     whether {@code B} lets the integer part have no digit
     * @param exponent      whether the number has an exponent element
     * @param textMinimal   whether the number is a {@code TM} element, read whole
     */
    private record Model(Pattern pattern, String integerDigits, List<Integer> groups, String fractionDigits,
                         boolean hexadecimal, boolean blankZero, boolean exponent, boolean textMinimal) {

        private static final Pattern ELEMENT = Pattern.compile(
                "\"(?:[^\"]|\"\")*\"|TM9|TME|TM|EEEEE|EEEE|EEE|EE|FM|FX|MI|[S$B09XDG.,_;:\\-=/() ]",
                Pattern.CASE_INSENSITIVE);

        /** The model {@code text}, an alternative of {@code whole}. */
        static Model parse(String text, String whole) throws SQLException {
            StringBuilder regex = new StringBuilder("\\s*");
            StringBuilder integer = new StringBuilder();
            StringBuilder fraction = new StringBuilder();
            List<Integer> groups = new ArrayList<>();
            boolean explicitSign = false;
            boolean hex = false;
            boolean blank = false;
            boolean exponent = false;
            String textMinimal = null;
            // The number's place in the regex, and whether its digits have begun, ended, or reached the fraction.
            int numberAt = -1;
            boolean inFraction = false;
            boolean numberEnded = false;
            Matcher m = ELEMENT.matcher(text);
            int at = 0;
            while (at < text.length()) {
                if (!m.find(at) || m.start() != at) {
                    throw unreadable(whole);
                }
                String element = m.group();
                String upper = element.toUpperCase(Locale.ROOT);
                at = m.end();
                boolean digit = upper.equals("0") || upper.equals("9") || upper.equals("X");
                boolean afterDigit = numberAt >= 0 && !numberEnded;
                if (digit) {
                    if (numberEnded || textMinimal != null) {
                        throw unreadable(whole);
                    }
                    if (numberAt < 0) {
                        numberAt = regex.length();
                        groups.add(0);
                    }
                    hex |= upper.equals("X");
                    if (inFraction) {
                        fraction.append(upper);
                    } else {
                        integer.append(upper);
                        groups.set(groups.size() - 1, groups.getLast() + 1);
                    }
                    continue;
                }
                if (afterDigit && !inFraction && (upper.equals(".") || upper.equals("D"))) {
                    inFraction = true;
                    continue;
                }
                if (numberAt < 0 && (upper.equals(".") || upper.equals("D")) && at < text.length()
                        && "09Xx".indexOf(text.charAt(at)) >= 0) {
                    // A model that starts at its fraction ('.99'): the number begins with an empty integer part.
                    numberAt = regex.length();
                    groups.add(0);
                    inFraction = true;
                    continue;
                }
                if (afterDigit && !inFraction && (upper.equals(",") || upper.equals("G"))) {
                    groups.add(0);
                    continue;
                }
                if (afterDigit && upper.startsWith("EE")) {
                    exponent = true;
                    numberEnded = true;
                    continue;
                }
                if (numberAt >= 0) {
                    numberEnded = true;
                }
                switch (upper) {
                    case "FM" -> { }
                    case "FX" -> throw H2Errors.unsupportedInFunction("exact match (FX) in the number format"
                            + shown(whole));
                    case "TM9", "TME", "TM" -> {
                        if (textMinimal != null || numberAt >= 0) {
                            throw unreadable(whole);
                        }
                        textMinimal = upper;
                        numberAt = regex.length();
                        numberEnded = true;
                    }
                    case "S", "MI" -> {
                        if (explicitSign) {
                            throw unreadable(whole);
                        }
                        explicitSign = true;
                        regex.append(upper.equals("S") ? "(?<sign>[+-]) *" : "(?<sign>[+-])? *");
                    }
                    case "$" -> regex.append("\\$");
                    case "B" -> blank = true;
                    case "_" -> regex.append(" *");
                    case " " -> regex.append(" +");
                    case "D", "G", "X", "0", "9" -> throw unreadable(whole);
                    default -> {
                        String literal = element.startsWith("\"")
                                ? element.substring(1, element.length() - 1).replace("\"\"", "\"") : element;
                        for (char c : literal.toCharArray()) {
                            regex.append(c == ' ' ? " +" : Pattern.quote(String.valueOf(c)));
                        }
                    }
                }
            }
            if (numberAt < 0) {
                throw unreadable(whole);
            }
            String number = textMinimal != null ? switch (textMinimal) {
                case "TM9" -> "(?<tm>[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)";
                case "TME" -> "(?<tm>(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)[eE][+-]?[0-9]+)";
                default -> "(?<tm>(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)";
            } : "(?<int>" + (hex ? "[0-9A-Fa-f,]*" : "[0-9,]*") + ")"
                    + (inFraction ? "(?:\\.(?<frac>[0-9]*))?" : "")
                    + (exponent ? "[eE](?<exp>[+-]?[0-9]{1,3})" : "");
            // Without S or MI, the sign is a '-' before the number or its '$' (docs: "$99" prints -7 as " -$7").
            if (!explicitSign) {
                int dollar = regex.lastIndexOf("\\$", numberAt);
                int signAt = dollar >= 0 && dollar + 2 == numberAt ? dollar : numberAt;
                regex.insert(signAt, "(?<sign>-)? *");
                numberAt += "(?<sign>-)? *".length();
            }
            regex.insert(numberAt, number).append("\\s*");
            return new Model(Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE), integer.toString(),
                    List.copyOf(groups), fraction.toString(), hex, blank, exponent, textMinimal != null);
        }

        /** The number the text gives in this model, or null when the text does not match it. */
        BigDecimal read(String text) {
            Matcher m = pattern.matcher(text);
            if (!m.matches()) {
                return null;
            }
            boolean negative = "-".equals(m.group("sign"));
            BigDecimal value;
            if (textMinimal) {
                value = new BigDecimal(m.group("tm"));
            } else {
                String digits = integerDigits(m.group("int"));
                String fractionText = fractionDigits.isEmpty() ? "" : m.group("frac") == null ? "" : m.group("frac");
                if (digits == null || !fits(fractionText, fractionDigits, false)
                        || digits.isEmpty() && fractionText.isEmpty()) {
                    return null;
                }
                if (hexadecimal) {
                    value = new BigDecimal(new BigInteger(digits, 16));
                } else {
                    value = new BigDecimal((digits.isEmpty() ? "0" : digits)
                            + (fractionText.isEmpty() ? "" : "." + fractionText));
                }
                if (exponent) {
                    value = value.scaleByPowerOfTen(Integer.parseInt(m.group("exp")));
                }
            }
            return negative ? value.negate() : value;
        }

        /**
         * The integer part's digits without its separators, or null when they do not fit the model: no more digits
         * than it has places, every {@code 0} place given, and with separators the digits between them as many as the
         * model's groups hold (the first given group may be shorter).
         */
        private String integerDigits(String given) {
            if (given.contains(",")) {
                String[] parts = given.split(",", -1);
                if (parts.length > groups.size()) {
                    return null;
                }
                for (int i = 0; i < parts.length; i++) {
                    int width = groups.get(groups.size() - parts.length + i);
                    int length = parts[i].length();
                    if (length == 0 || (i == 0 ? length > width : length != width)) {
                        return null;
                    }
                }
            }
            String digits = given.replace(",", "");
            if (digits.isEmpty() && !blankZero && !integerDigits.isEmpty()) {
                return null;
            }
            return fits(digits, integerDigits, true) ? digits : null;
        }

        /**
         * Whether {@code digits} fit the places {@code places}: no more of them, and every {@code 0} place among those
         * left empty (on the left of an integer part, on the right of a fraction) given.
         */
        private static boolean fits(String digits, String places, boolean alignedRight) {
            if (digits.length() > places.length()) {
                return false;
            }
            String empty = alignedRight ? places.substring(0, places.length() - digits.length())
                    : places.substring(digits.length());
            return empty.indexOf('0') < 0;
        }

        private static SQLException unreadable(String format) {
            return H2Errors.unsupportedInFunction("the number format" + shown(format));
        }

        /** The format in a message, unless its double quotes would end the message's quoted part (H2Errors). */
        private static String shown(String format) {
            return format.indexOf('"') < 0 ? " '" + format + "'" : "";
        }
    }
}
