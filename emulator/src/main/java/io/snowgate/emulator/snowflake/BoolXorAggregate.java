package io.snowgate.emulator.snowflake;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Types;
import org.h2.api.AggregateFunction;

/**
 * {@code BOOLXOR_AGG(x)} (docs: functions/boolxor_agg), an H2 aggregate ({@code CREATE AGGREGATE}): TRUE when exactly
 * one of the group's values is true (a number when it is not 0), FALSE otherwise, NULL when every value is NULL or
 * there is none.
 */
public final class BoolXorAggregate implements AggregateFunction {

    /** The aggregate's name in H2. */
    static final String NAME = "SF_BOOLXOR_AGG";

    private int values;
    private int trues;

    @Override
    public void init(Connection connection) {
        values = 0;
        trues = 0;
    }

    @Override
    public int getType(int[] inputTypes) {
        return Types.BOOLEAN;
    }

    @Override
    public void add(Object value) {
        if (value == null) {
            return;
        }
        values++;
        boolean truth = value instanceof Boolean flag ? flag : new BigDecimal(value.toString()).signum() != 0;
        trues += truth ? 1 : 0;
    }

    @Override
    public Object getResult() {
        return values == 0 ? null : trues == 1;
    }
}
