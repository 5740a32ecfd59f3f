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
     * the time went to Snowflake's login or (with a key pair) Secrets Manager, which their own log lines time.
     */
    public static QueryTimeoutException beforeSending(String query) {
        return new QueryTimeoutException(query, "query '" + query + "' was not run: signing in to Snowflake (the"
                + " login, and with a key pair the secret's read from Secrets Manager) had not finished by the"
                + " invocation's deadline", Optional.empty());
    }

    public String query() {
        return query;
    }

    public Optional<String> queryId() {
        return queryId;
    }
}
