package io.snowgate.emulator.snowflake;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.h2.api.AggregateFunction;

/**
 * {@code SKEW} and {@code KURTOSIS}, H2 aggregates ({@code CREATE AGGREGATE}) over the group's non-NULL values, which
 * the translator casts to NUMBER(38,12) (Snowflake answers {@code 3.613736609956} for the KURTOSIS of 1, 3, 10, 1, 3:
 * snowflake-snowpark-python's doctest of {@code functions.kurtosis}). Computed in decimal arithmetic:
 * <ul>
 *   <li>SKEW, the sample skewness (docs: functions/skew): {@code n² / ((n-1)(n-2)) · m₃ / k₂^1.5}, m₃ the third central
 *   moment (Σd³/n) and k₂ the unbiased variance (Σd²/(n-1)); the docs' 10, 10, 20, 25, 30 give 0.0524;</li>
 *   <li>KURTOSIS, the excess kurtosis Snowflake answers (docs: functions/kurtosis calls it the population's; its
 *   answers are the sample's): {@code n(n+1) / ((n-1)(n-2)(n-3)) · Σd⁴ / k₂² - 3(n-1)² / ((n-2)(n-3))}.</li>
 * </ul>
 * NULL for too few values (under 3 for SKEW, 4 for KURTOSIS) or no variance, where the formulas divide by zero.
 */
public final class Moments {

    private static final MathContext PRECISION = MathContext.DECIMAL128;

    private Moments() {
    }

    /** The values of a group, and what the subclass makes of them. */
    private abstract static class Moment implements AggregateFunction {

        private final List<BigDecimal> values = new ArrayList<>();

        @Override
        public void init(Connection connection) {
            values.clear();
        }

        @Override
        public int getType(int[] inputTypes) {
            return Types.DECIMAL;
        }

        @Override
        public void add(Object value) {
            if (value != null) {
                values.add(value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString()));
            }
        }

        @Override
        public Object getResult() {
            BigDecimal n = BigDecimal.valueOf(values.size());
            if (values.size() < fewest()) {
                return null;
            }
            BigDecimal mean = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(n, PRECISION);
            BigDecimal[] sums = new BigDecimal[5];
            java.util.Arrays.fill(sums, BigDecimal.ZERO);
            for (BigDecimal value : values) {
                BigDecimal d = value.subtract(mean);
                for (int power = 2; power <= 4; power++) {
                    sums[power] = sums[power].add(d.pow(power, PRECISION));
                }
            }
            BigDecimal variance = sums[2].divide(n.subtract(BigDecimal.ONE), PRECISION);
            return variance.signum() == 0 ? null : moment(n, variance, sums);
        }

        /** The fewest values the formula takes. */
        abstract int fewest();

        /** The moment from the count, the unbiased variance and the sums of the deviations' powers (index = power). */
        abstract BigDecimal moment(BigDecimal n, BigDecimal variance, BigDecimal[] sums);
    }

    /** {@code SKEW(x)}. */
    public static final class Skew extends Moment {

        @Override
        int fewest() {
            return 3;
        }

        @Override
        BigDecimal moment(BigDecimal n, BigDecimal variance, BigDecimal[] sums) {
            BigDecimal m3 = sums[3].divide(n, PRECISION);
            BigDecimal scale = n.pow(2).divide(n.subtract(BigDecimal.ONE).multiply(n.subtract(BigDecimal.TWO)),
                    PRECISION);
            return scale.multiply(m3.divide(variance.multiply(variance.sqrt(PRECISION)), PRECISION), PRECISION);
        }
    }

    /** {@code KURTOSIS(x)}. */
    public static final class Kurtosis extends Moment {

        @Override
        int fewest() {
            return 4;
        }

        @Override
        BigDecimal moment(BigDecimal n, BigDecimal variance, BigDecimal[] sums) {
            BigDecimal one = n.subtract(BigDecimal.ONE);
            BigDecimal two = n.subtract(BigDecimal.TWO);
            BigDecimal three = n.subtract(BigDecimal.valueOf(3));
            BigDecimal first = n.multiply(n.add(BigDecimal.ONE)).divide(one.multiply(two).multiply(three), PRECISION)
                    .multiply(sums[4].divide(variance.pow(2), PRECISION), PRECISION);
            BigDecimal second = BigDecimal.valueOf(3).multiply(one.pow(2)).divide(two.multiply(three), PRECISION);
            return first.subtract(second, PRECISION);
        }
    }
}
