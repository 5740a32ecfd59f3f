package io.snowgate.lambda.query;

/** No run with that query id is visible to the service user (never started, or older than Snowflake keeps). */
public final class RunNotFoundException extends RuntimeException {

    private final String queryId;

    public RunNotFoundException(String queryId) {
        super("no run with query id '" + queryId + "'");
        this.queryId = queryId;
    }

    public String queryId() {
        return queryId;
    }
}
