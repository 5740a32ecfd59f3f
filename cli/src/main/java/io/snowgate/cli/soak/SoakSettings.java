package io.snowgate.cli.soak;

import java.time.Duration;

/**
 * What one chaos soak runs: the seed its whole fault schedule comes from, how many execution environments, and how
 * many invocations each one serves.
 *
 * @param seed              the schedule's seed; the same seed plans the same invocations and faults
 * @param environments      concurrent execution environments, each with its own function and handlers
 * @param invocations       invocations per environment (an asynchronous run and its polls count as one)
 * @param invocationTimeout each Lambda invocation's timeout, as its context counts it down
 * @param secretTtl         how long each environment keeps its secret before the next sign-in reads it again
 */
public record SoakSettings(long seed, int environments, int invocations, Duration invocationTimeout,
        Duration secretTtl) {

    /** Long enough for a cold start that waits out one black-holed Secrets Manager attempt (5 s), and a statement. */
    public static final Duration DEFAULT_INVOCATION_TIMEOUT = Duration.ofSeconds(15);
    /** Short, so sign-ins after a session ends read Secrets Manager again and meet its faults. */
    public static final Duration DEFAULT_SECRET_TTL = Duration.ofSeconds(3);

    public SoakSettings {
        if (environments < 1 || environments > 256) {
            throw new IllegalArgumentException("environments must be between 1 and 256, got " + environments);
        }
        if (invocations < 1 || invocations > 100_000) {
            throw new IllegalArgumentException("invocations must be between 1 and 100000, got " + invocations);
        }
        if (invocationTimeout.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("the invocation timeout must be at least 10 s");
        }
    }

    public SoakSettings(long seed, int environments, int invocations) {
        this(seed, environments, invocations, DEFAULT_INVOCATION_TIMEOUT, DEFAULT_SECRET_TTL);
    }

    /** Invocations across all environments. */
    public int total() {
        return environments * invocations;
    }
}
