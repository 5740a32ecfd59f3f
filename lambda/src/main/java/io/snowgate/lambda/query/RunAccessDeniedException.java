package io.snowgate.lambda.query;

/** A run exists but belongs to another query or another caller, so this request may not read it. */
public final class RunAccessDeniedException extends RuntimeException {

    private final String queryId;

    public RunAccessDeniedException(String queryId, String reason) {
        super("run '" + queryId + "' may not be read here: " + reason);
        this.queryId = queryId;
    }

    public String queryId() {
        return queryId;
    }
}
