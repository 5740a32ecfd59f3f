package io.snowgate.lambda.query;

import java.util.Optional;

/** The statement reached its deadline (the query's timeout or the invocation's) and was cancelled. */
public final class QueryTimeoutException extends RuntimeException {

    private final String query;
    private final Optional<String> queryId;

    public QueryTimeoutException(String query, int limitSeconds, Optional<String> queryId) {
        super("query '" + query + "' did not finish within " + limitSeconds + " s and was cancelled");
        this.query = query;
        this.queryId = queryId;
    }

    public String query() {
        return query;
    }

    public Optional<String> queryId() {
        return queryId;
    }
}
