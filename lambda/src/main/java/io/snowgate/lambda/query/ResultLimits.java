package io.snowgate.lambda.query;

import java.util.OptionalInt;

/**
 * How much of a result to keep: rows beyond either limit are read no further and the result is marked truncated.
 * A query's own {@code maxRows} (or {@link #DEFAULT_MAX_ROWS}) applies within these ({@link #forQuery}).
 *
 * @param maxRows  most rows to return, whatever the query allows
 * @param maxBytes most bytes the rows may take once serialised as JSON
 */
public record ResultLimits(int maxRows, long maxBytes) {

    /** Lambda answers synchronous calls with at most 6 MB; this leaves room for the envelope and headers. */
    public static final long RESPONSE_BYTE_BUDGET = 5_500_000;
    /** Rows returned when a query sets no {@code maxRows}. */
    public static final int DEFAULT_MAX_ROWS = 10_000;

    public ResultLimits {
        if (maxRows < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }

    /** Limits the byte budget alone, for a response whose rows only the query's {@code maxRows} counts. */
    public static ResultLimits bytesOnly(long maxBytes) {
        return new ResultLimits(Integer.MAX_VALUE, maxBytes);
    }

    /**
     * These limits for a query that allows {@code queryMaxRows} rows ({@link #DEFAULT_MAX_ROWS} when it sets none):
     * the smaller row count of the two.
     */
    public ResultLimits forQuery(OptionalInt queryMaxRows) {
        return new ResultLimits(Math.min(maxRows, queryMaxRows.orElse(DEFAULT_MAX_ROWS)), maxBytes);
    }
}
