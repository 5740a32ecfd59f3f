package io.snowgate.lambda.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.contract.FunctionMetrics;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * CloudWatch metrics for one execution environment, written as Embedded Metric Format lines on stdout, where Lambda
 * hands them to CloudWatch Logs and CloudWatch extracts the metrics: one line per invocation
 * ({@link InvocationMetrics}). Shared by both handlers.
 *
 * <p>Why not Powertools' {@code powertools-metrics}: it writes through {@code aws-embedded-metrics}, which outside
 * Lambda picks its sink by probing the EC2 and ECS metadata endpoints and then sends to a CloudWatch agent socket,
 * and it keeps its state in a static singleton. Here the same EMF line goes to the same stdout in Lambda, in
 * {@code snowgate invoke} and in tests, and nothing leaves the machine.
 */
public final class Metrics {

    /** The CloudWatch namespace every Snowgate metric is in. */
    public static final String NAMESPACE = FunctionMetrics.NAMESPACE;

    private final PrintStream out;
    private final ObjectMapper json;
    private final Clock clock;
    private final LongSupplier secretFetches;
    private final LongSupplier secretStaleServes;
    private final AtomicBoolean cold = new AtomicBoolean(true);

    /**
     * @param secretFetches     how many times the secret was fetched so far in this environment; a fetch after the
     *                          first is a refetch (TTL expiry or a rotated key)
     * @param secretStaleServes how many times so far the last good secret served because a refresh failed
     */
    public Metrics(PrintStream out, ObjectMapper json, Clock clock, LongSupplier secretFetches,
            LongSupplier secretStaleServes) {
        this.out = out;
        this.json = json;
        this.clock = clock;
        this.secretFetches = secretFetches;
        this.secretStaleServes = secretStaleServes;
    }

    /**
     * Starts collecting one invocation's metrics; the first invocation in the environment is its cold start.
     *
     * @param function the Lambda function's name (its {@code Context}'s), the {@code Function} dimension
     */
    public InvocationMetrics begin(String handler, String function) {
        return new InvocationMetrics(this, handler, function, cold.getAndSet(false), secretFetches.getAsLong(),
                secretStaleServes.getAsLong(), clock.instant());
    }

    long secretFetches() {
        return secretFetches.getAsLong();
    }

    long secretStaleServes() {
        return secretStaleServes.getAsLong();
    }

    ObjectMapper json() {
        return json;
    }

    Clock clock() {
        return clock;
    }

    /** One println per document: Lambda makes each stdout line one log event, which EMF needs. */
    void write(String line) {
        out.println(line);
    }
}
