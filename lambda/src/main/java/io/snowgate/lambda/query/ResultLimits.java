package io.snowgate.lambda.query;

/**
 * How much of a result to keep: rows beyond either limit are read no further and the result is marked truncated.
 *
 * @param maxRows  most rows to return
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

    /** The smaller of these limits and a query's own {@code maxRows}. */
    public ResultLimits atMostRows(int rows) {
        return new ResultLimits(Math.min(maxRows, rows), maxBytes);
    }
}
