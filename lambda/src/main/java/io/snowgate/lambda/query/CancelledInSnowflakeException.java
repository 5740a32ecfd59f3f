package io.snowgate.lambda.query;

import io.snowgate.lambda.snowflake.SnowflakeErrors;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A statement Snowflake cancelled although nothing of the function's asked it to: no timeout of its own had run out
 * (the driver's timer and Snowflake's statement timeout are the function's only cancels). Its session ended under it,
 * or someone cancelled it; either way that is Snowflake's side, not the deadline. Thrown inside session work,
 * translated by {@link StatementFailures}.
 */
final class CancelledInSnowflakeException extends SQLException {

    private static final long serialVersionUID = 1L;
    /** The driver's timer fires at the timeout, give or take its own scheduling. */
    private static final Duration TIMER_SLACK = Duration.ofSeconds(1);

    private CancelledInSnowflakeException(SQLException cancel) {
        super(cancel.getMessage(), cancel.getSQLState(), cancel.getErrorCode(), cancel);
    }

    /**
     * {@code error}, or this exception in its place when it is a cancel that came before the statement's timeout
     * could have run out.
     *
     * @param submittedNanos when the statement was submitted ({@link System#nanoTime()}: the driver's timer counts
     *                       real time, whatever clock the function is given), with the driver's timer set to
     *                       {@code timeoutSeconds}
     * @param timeoutSeconds the timeout it was submitted with; 0 for a statement submitted without one
     */
    static SQLException ifUnasked(SQLException error, long submittedNanos, int timeoutSeconds) {
        boolean cancel = SnowflakeErrors.canceled(error) && !SnowflakeErrors.timedOut(error.getErrorCode());
        boolean timerCouldHaveFired = timeoutSeconds > 0 && System.nanoTime() - submittedNanos
                >= Duration.ofSeconds(timeoutSeconds).minus(TIMER_SLACK).toNanos();
        return cancel && !timerCouldHaveFired ? new CancelledInSnowflakeException(error) : error;
    }
}
