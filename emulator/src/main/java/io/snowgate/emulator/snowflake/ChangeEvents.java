package io.snowgate.emulator.snowflake;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Types;
import java.util.Objects;
import org.h2.api.AggregateFunction;

/**
 * CONDITIONAL_CHANGE_EVENT's count, an H2 aggregate ({@code CREATE AGGREGATE}) that {@link SqlMacros} runs over the
 * rows of a partition up to the current one, which H2 hands it in the window's order: how many of those rows hold a
 * value other than the last non-NULL value before them (docs: functions/conditional_change_event, "NULL values are not
 * considered a new or changed value"). Numbers are equal by value (1 and 1.0).
 */
public final class ChangeEvents implements AggregateFunction {

    /** The aggregate's name in H2. */
    static final String NAME = "SF_CHANGE_EVENTS";

    private Object last;
    private long changes;

    @Override
    public void init(Connection connection) {
        last = null;
        changes = 0;
    }

    @Override
    public int getType(int[] inputTypes) {
        return Types.BIGINT;
    }

    @Override
    public void add(Object value) {
        if (value == null) {
            return;
        }
        if (last != null && !same(last, value)) {
            changes++;
        }
        last = value;
    }

    @Override
    public Object getResult() {
        return changes;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return Objects.equals(a, b);
    }
}
