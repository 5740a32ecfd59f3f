package io.snowgate.lambda.query;

/** No query of that name in the catalog (or not one this entry point may run). */
public final class UnknownQueryException extends RuntimeException {

    private final String query;

    public UnknownQueryException(String query) {
        super("no query named '" + query + "' in the catalog");
        this.query = query;
    }

    public String query() {
        return query;
    }
}
