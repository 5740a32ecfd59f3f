package io.snowgate.emulator.junit5;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock tests move by hand, so that time-based behaviour (a secret's time to live, a deletion window, a
 * session's idle limit) can be reached without waiting.
 */
public final class MutableClock extends Clock {

    private volatile Instant now;

    /** A clock at the real time now. */
    public MutableClock() {
        this(Instant.now());
    }

    /** A clock at {@code start}. */
    public MutableClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Tests work in UTC; a clock in another zone would no longer be the one the test moves. */
    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone.normalized())) {
            throw new UnsupportedOperationException("a MutableClock is UTC only, not " + zone);
        }
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
