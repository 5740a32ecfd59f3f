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
        super(failure.code() + ": " + subjectOnce(query, failure.message()), null, false, false);
        this.failure = failure;
    }

    /** The message, led by the query it is about, named once: many failures' messages already start with it. */
    private static String subjectOnce(String query, String message) {
        String subject = "query '" + query + "'";
        return message.startsWith(subject) ? message : subject + ": " + message;
    }

    public QueryFailure failure() {
        return failure;
    }
}
