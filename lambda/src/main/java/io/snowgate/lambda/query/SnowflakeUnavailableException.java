package io.snowgate.lambda.query;

import java.util.Optional;

/**
 * Snowflake did not answer a statement (the driver's network error, SQL state class 08), or answered only an HTTP
 * error status, while time was left; ended the session again after it had been replaced; cancelled the statement
 * before its timeout; or the session was closed under it as the function stopped. The statement's outcome is unknown,
 * and Snowflake's side, not the statement, is why.
 */
public final class SnowflakeUnavailableException extends RuntimeException {

    private final int errorCode;
    private final Optional<String> queryId;

    public SnowflakeUnavailableException(String query, int errorCode) {
        this(query, errorCode, "Snowflake did not answer for query '" + query + "' (driver code " + errorCode + ")");
    }

    /** @param message what happened, safe to show: no value, no secret */
    public SnowflakeUnavailableException(String query, int errorCode, String message) {
        this(query, errorCode, message, Optional.empty());
    }

    /** @param queryId the statement's id, when Snowflake had given it one before it was lost */
    public SnowflakeUnavailableException(String query, int errorCode, String message, Optional<String> queryId) {
        super(message);
        this.errorCode = errorCode;
        this.queryId = queryId;
    }

    public int errorCode() {
        return errorCode;
    }

    public Optional<String> queryId() {
        return queryId;
    }
}
