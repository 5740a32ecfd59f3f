package io.snowgate.emulator.junit5;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for what a stand-in (or the code under test) does in the background, as a real caller would: by asking
 * again until the answer is the one expected or a deadline passes. Never a fixed sleep standing in for
 * synchronisation. {@code Eventually.await("rotation to finish", Duration.ofSeconds(30), () -> describe(), done)}.
 */
public final class Eventually {

    /** Time between two probes. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(25);

    private Eventually() {
    }

    /**
     * Calls {@code probe} until {@code done} accepts its answer, and returns that answer.
     *
     * @param what what is awaited, for the failure message ("rotation of snowgate/snowflake to finish")
     * @throws AssertionError naming {@code what}, the time waited and the last answer, when {@code within} passes
     */
    public static <T> T await(String what, Duration within, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + within.toNanos();
        T answer = probe.get();
        while (!done.test(answer)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("waited " + within.toMillis() + " ms for " + what
                        + " and it did not happen; last seen: " + answer);
            }
            try {
                Thread.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            answer = probe.get();
        }
        return answer;
    }
}
