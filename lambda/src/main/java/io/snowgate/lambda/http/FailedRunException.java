package io.snowgate.lambda.http;

/** A polled run that ended in failure: answered as its cause's failure, with the run's id. */
final class FailedRunException extends RuntimeException {

    private final String queryId;

    FailedRunException(String queryId, RuntimeException cause) {
        super(cause.getMessage(), cause, false, false);
        this.queryId = queryId;
    }

    String queryId() {
        return queryId;
    }

    RuntimeException failure() {
        return (RuntimeException) getCause();
    }
}
