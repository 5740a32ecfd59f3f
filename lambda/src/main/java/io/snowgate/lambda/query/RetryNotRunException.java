package io.snowgate.lambda.query;

/**
 * A statement that must not run twice was not run for an event Lambda delivered again: its first attempt is still
 * running, or whether it ran cannot be told. Retrying later, or checking {@code QUERY_HISTORY}, is the operator's call.
 */
public final class RetryNotRunException extends RuntimeException {

    private final String query;

    public RetryNotRunException(String query, String reason) {
        super("query '" + query + "' is not safe to run twice and was not run again: " + reason, null, false,
                false);
        this.query = query;
    }

    public String query() {
        return query;
    }
}
