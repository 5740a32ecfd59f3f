package io.snowgate.lambda.query;

import java.util.Optional;

/**
 * The statement reached its deadline (the query's timeout or the invocation's) and was cancelled; or the invocation's
 * deadline came while signing in, before it was sent ({@link #beforeSending}).
 */
public final class QueryTimeoutException extends RuntimeException {

    private final String query;
    private final Optional<String> queryId;

    public QueryTimeoutException(String query, int limitSeconds, Optional<String> queryId) {
        this(query, "query '" + query + "' did not finish within " + limitSeconds + " s and was cancelled", queryId);
    }

    private QueryTimeoutException(String query, String message, Optional<String> queryId) {
        super(message);
        this.query = query;
        this.queryId = queryId;
    }

    /**
     * The deadline came before the statement was sent, while signing in: nothing ran and nothing was cancelled, and
     * the time went to {@code step}, Snowflake's login or (with a key pair) Secrets Manager.
     */
    public static QueryTimeoutException beforeSending(String query, String step) {
        return new QueryTimeoutException(query, "query '" + query + "' was not run: signing in to Snowflake had not"
                + " finished by the invocation's deadline, still " + step, Optional.empty());
    }

    public String query() {
        return query;
    }

    public Optional<String> queryId() {
        return queryId;
    }
}
