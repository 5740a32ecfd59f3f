package io.snowgate.lambda.schedule;

import io.snowgate.lambda.query.QueryFailure;

/**
 * Thrown by the scheduled handler so that Lambda records a failed run, retries it (for queries safe to retry) and
 * hands it to the on-failure destination. Carries no cause and no stack trace: Lambda logs and returns both, and
 * they could show driver internals; the message says everything needed.
 */
public final class ScheduledRunFailedException extends RuntimeException {

    private final QueryFailure failure;

    public ScheduledRunFailedException(String query, QueryFailure failure) {
        super(failure.code() + ": query '" + query + "': " + failure.message(), null, false, false);
        this.failure = failure;
    }

    public QueryFailure failure() {
        return failure;
    }
}
