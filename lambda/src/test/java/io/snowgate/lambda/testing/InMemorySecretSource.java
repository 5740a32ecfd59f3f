package io.snowgate.lambda.testing;

import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.secret.SecretSource;
import io.snowgate.lambda.secret.SecretUnavailableException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link SecretSource} for unit tests: current values by secret id, failures queued in front of them,
 * and a count of every fetch, as Secrets Manager's request counter would show.
 */
public final class InMemorySecretSource implements SecretSource {

    private final Map<String, String> values = new HashMap<>();
    private final Deque<String> failures = new ArrayDeque<>();
    private final AtomicInteger fetches = new AtomicInteger();

    /** Sets the current value of a secret, as PutSecretValue would. */
    public InMemorySecretSource put(String secretId, String value) {
        values.put(secretId, value);
        return this;
    }

    /** The next {@code times} fetches fail with the service's {@code errorCode} (ThrottlingException, ...). */
    public InMemorySecretSource failNext(int times, String errorCode) {
        for (int i = 0; i < times; i++) {
            failures.add(errorCode);
        }
        return this;
    }

    @Override
    public String fetch(String secretId, Deadline deadline) {
        // As AwsSecretSource: with no time left nothing is sent, so nothing is counted.
        if (deadline.expired()) {
            throw SecretUnavailableException.deadlineReached(secretId);
        }
        fetches.incrementAndGet();
        String failure = failures.poll();
        if (failure != null) {
            throw new SecretUnavailableException(secretId, failure, "Secrets Manager refused the request", null);
        }
        String value = values.get(secretId);
        if (value == null) {
            throw new SecretUnavailableException(secretId, "ResourceNotFoundException", "no such secret", null);
        }
        return value;
    }

    /** How many fetches were made, failed ones included. */
    public int fetches() {
        return fetches.get();
    }
}
