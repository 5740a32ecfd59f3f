package io.snowgate.lambda.query;

import io.snowgate.lambda.snowflake.SnowflakeErrors;

/** No run with that query id is visible to the service user (never started, or older than Snowflake keeps). */
public final class RunNotFoundException extends RuntimeException {

    private final String queryId;

    public RunNotFoundException(String queryId) {
        // Only an id of Snowflake's form is repeated: anything else is whatever the caller put in the path.
        super(SnowflakeErrors.isQueryId(queryId) ? "no run with query id '" + queryId + "'"
                : "no such run: the path does not end in a Snowflake query id (a UUID, as the 202's location gives)");
        this.queryId = queryId;
    }

    public String queryId() {
        return queryId;
    }
}
