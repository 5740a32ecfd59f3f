package io.snowgate.emulator.snowflake;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.List;

/**
 * Snowflake's numeric and bitwise functions that H2 lacks, and the Boolean functions of numbers (docs:
 * sql-reference/functions-numeric, functions-bitwise, functions-conditional), registered in H2 (see
 * {@link SqlEngine}).
 */
public final class NumericFunctions {

    /** The functions and the Java methods behind them, for {@code CREATE ALIAS}. */
    static final List<String[]> ALIASES = List.of(
            new String[] {"CBRT", "cbrt"},
            new String[] {"SF_FACTORIAL", "factorial"},
            new String[] {"ASINH", "asinh"},
            new String[] {"ACOSH", "acosh"},
            new String[] {"ATANH", "atanh"},
            new String[] {"WIDTH_BUCKET", "widthBucket"},
            new String[] {"SF_BITSHIFTLEFT", "bitShiftLeft"},
            new String[] {"SF_BITSHIFTRIGHT", "bitShiftRight"},
            new String[] {"BOOLAND", "boolAnd"},
            new String[] {"BOOLOR", "boolOr"},
            new String[] {"BOOLXOR", "boolXor"},
            new String[] {"BOOLNOT", "boolNot"},
            new String[] {"SF_CEIL", "ceil"},
            new String[] {"SF_FLOOR", "floor"},
            new String[] {"SF_ROUND", "round"});
    /** BITSHIFTLEFT/RIGHT of a number work on a signed 128-bit integer (docs: functions/bitshiftleft). */
    private static final int BITS = 128;
    /** FACTORIAL's largest argument: 33! is the last to fit a NUMBER(38,0) (docs: functions/factorial). */
    private static final int LARGEST_FACTORIAL = 33;

    private NumericFunctions() {
    }

    /** {@code CBRT(x)} (docs: functions/cbrt): the cube root, a FLOAT. */
    public static Double cbrt(Double value) {
        return value == null ? null : Math.cbrt(value);
    }

    /** {@code FACTORIAL(n)} (docs: functions/factorial): n! for a whole n from 0 to 33. */
    public static BigDecimal factorial(BigDecimal value) throws SQLException {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(LARGEST_FACTORIAL)) > 0
                || value.stripTrailingZeros().scale() > 0) {
            throw new SQLException("Invalid argument for FACTORIAL: " + value.toPlainString()
                    + " (a whole number from 0 to " + LARGEST_FACTORIAL + ")", "22023", 22023);
        }
        BigInteger product = BigInteger.ONE;
        for (int k = 2; k <= value.intValue(); k++) {
            product = product.multiply(BigInteger.valueOf(k));
        }
        return new BigDecimal(product);
    }

    /** {@code ASINH(x)} (docs: functions/asinh). */
    public static Double asinh(Double value) {
        return value == null ? null : Math.log(value + Math.sqrt(value * value + 1));
    }

    /** {@code ACOSH(x)} (docs: functions/acosh): NaN below 1, as the inverse of COSH has no value there. */
    public static Double acosh(Double value) {
        return value == null ? null : Math.log(value + Math.sqrt(value * value - 1));
    }

    /** {@code ATANH(x)} (docs: functions/atanh). */
    public static Double atanh(Double value) {
        return value == null ? null : 0.5 * Math.log((1 + value) / (1 - value));
    }

    /**
     * {@code WIDTH_BUCKET(expr, min, max, buckets)} (docs: functions/width_bucket): which of the equal-width buckets
     * between min and max holds the value, 0 below min and buckets + 1 at or above max.
     */
    public static Long widthBucket(BigDecimal value, BigDecimal min, BigDecimal max, Long buckets)
            throws SQLException {
        if (value == null || min == null || max == null || buckets == null) {
            return null;
        }
        if (buckets < 1 || min.compareTo(max) == 0) {
            throw new SQLException("Invalid arguments for WIDTH_BUCKET: the buckets must be at least 1 and the"
                    + " bounds differ", "22023", 22023);
        }
        boolean ascending = min.compareTo(max) < 0;
        if (ascending ? value.compareTo(min) < 0 : value.compareTo(min) > 0) {
            return 0L;
        }
        if (ascending ? value.compareTo(max) >= 0 : value.compareTo(max) <= 0) {
            return buckets + 1;
        }
        BigDecimal share = value.subtract(min).divide(max.subtract(min), java.math.MathContext.DECIMAL128);
        return share.multiply(BigDecimal.valueOf(buckets)).setScale(0, java.math.RoundingMode.FLOOR).longValue() + 1;
    }

    /** {@code CEIL(x, scale)} (docs: functions/ceil): x rounded up to the scale (a negative one left of the point). */
    public static BigDecimal ceil(BigDecimal value, Integer scale) {
        return value == null || scale == null ? null : value.setScale(scale, java.math.RoundingMode.CEILING);
    }

    /** {@code FLOOR(x, scale)} (docs: functions/floor): x rounded down to the scale. */
    public static BigDecimal floor(BigDecimal value, Integer scale) {
        return value == null || scale == null ? null : value.setScale(scale, java.math.RoundingMode.FLOOR);
    }

    /**
     * {@code ROUND(x, scale, mode)} (docs: functions/round): half away from zero ({@code 'HALF_AWAY_FROM_ZERO'}, the
     * default) or to the even neighbour ({@code 'HALF_TO_EVEN'}, banker's rounding).
     */
    public static BigDecimal round(BigDecimal value, Integer scale, String mode) throws SQLException {
        if (value == null || scale == null || mode == null) {
            return null;
        }
        java.math.RoundingMode rounding = switch (mode.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "HALF_AWAY_FROM_ZERO" -> java.math.RoundingMode.HALF_UP;
            case "HALF_TO_EVEN" -> java.math.RoundingMode.HALF_EVEN;
            default -> throw new SQLException("Invalid rounding mode '" + mode
                    + "': HALF_AWAY_FROM_ZERO or HALF_TO_EVEN", "22023", 22023);
        };
        return value.setScale(scale, rounding);
    }

    /** {@code BITSHIFTLEFT(n, by)}: n's bits moved left, in a signed 128-bit integer. */
    public static BigDecimal bitShiftLeft(BigDecimal value, Integer by) throws SQLException {
        return value == null || by == null ? null : wrapped(whole(value, "BITSHIFTLEFT").shiftLeft(by));
    }

    /** {@code BITSHIFTRIGHT(n, by)}: n's bits moved right, the sign kept. */
    public static BigDecimal bitShiftRight(BigDecimal value, Integer by) throws SQLException {
        return value == null || by == null ? null : wrapped(whole(value, "BITSHIFTRIGHT").shiftRight(by));
    }

    /**
     * {@code BOOLAND(a, b)} (docs: functions/booland): whether both numbers are non-zero, in three-valued logic (a
     * zero makes it FALSE whatever the other; else a NULL makes it NULL).
     */
    public static Boolean boolAnd(BigDecimal a, BigDecimal b) {
        Boolean x = truth(a);
        Boolean y = truth(b);
        if (Boolean.FALSE.equals(x) || Boolean.FALSE.equals(y)) {
            return false;
        }
        return x == null || y == null ? null : true;
    }

    /** {@code BOOLOR(a, b)} (docs: functions/boolor): whether either number is non-zero, in three-valued logic. */
    public static Boolean boolOr(BigDecimal a, BigDecimal b) {
        Boolean x = truth(a);
        Boolean y = truth(b);
        if (Boolean.TRUE.equals(x) || Boolean.TRUE.equals(y)) {
            return true;
        }
        return x == null || y == null ? null : false;
    }

    /** {@code BOOLXOR(a, b)} (docs: functions/boolxor): whether exactly one number is non-zero; NULL with a NULL. */
    public static Boolean boolXor(BigDecimal a, BigDecimal b) {
        return a == null || b == null ? null : truth(a) ^ truth(b);
    }

    /** {@code BOOLNOT(a)} (docs: functions/boolnot): whether the number is zero. */
    public static Boolean boolNot(BigDecimal a) {
        return a == null ? null : !truth(a);
    }

    private static Boolean truth(BigDecimal value) {
        return value == null ? null : value.signum() != 0;
    }

    private static BigInteger whole(BigDecimal value, String function) throws SQLException {
        try {
            return value.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new SQLException(function + " takes a whole number, not " + value.toPlainString(), "22023", 22023);
        }
    }

    /** The low 128 bits as a signed (two's complement) integer. */
    private static BigDecimal wrapped(BigInteger bits) {
        BigInteger low = bits.and(BigInteger.ONE.shiftLeft(BITS).subtract(BigInteger.ONE));
        return new BigDecimal(low.testBit(BITS - 1) ? low.subtract(BigInteger.ONE.shiftLeft(BITS)) : low);
    }
}
