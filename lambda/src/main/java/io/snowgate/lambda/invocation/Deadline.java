package io.snowgate.lambda.invocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The moment by which an invocation must have answered. Every wait (Secrets Manager, login, statement) is bounded by
 * what remains of it, less a margin kept back to report the outcome.
 */
public record Deadline(Instant at, Clock clock) {

    /** Kept back from every wait so there is time left to cancel a statement and write the answer. */
    public static final Duration RESERVE = Duration.ofMillis(750);

    /** A deadline {@code remaining} from now, e.g. from the Lambda context's remaining time. */
    public static Deadline in(Duration remaining, Clock clock) {
        return new Deadline(clock.instant().plus(remaining), clock);
    }

    /** What remains before the deadline, less {@link #RESERVE}; never negative. */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), at).minus(RESERVE);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean expired() {
        return remaining().isZero();
    }

    /** The smaller of {@code limit} and what remains. */
    public Duration cap(Duration limit) {
        Duration left = remaining();
        return limit.compareTo(left) < 0 ? limit : left;
    }

    /**
     * A deadline that leaves at most {@code limit} to wait from now, within this one: for a wait that must leave the
     * rest of the invocation to what comes after it.
     */
    public Deadline within(Duration limit) {
        Instant sooner = clock.instant().plus(limit).plus(RESERVE);
        return sooner.isBefore(at) ? new Deadline(sooner, clock) : this;
    }

    /** What remains in whole seconds, at least 1 (JDBC timeouts use 0 for "no limit"). */
    public int remainingSeconds() {
        long seconds = remaining().toSeconds();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }
}
