package io.snowgate.lambda.query;

/**
 * Snowflake did not answer a statement (the driver's network error, SQL state class 08) while time was left:
 * the statement's outcome is unknown.
 */
public final class SnowflakeUnavailableException extends RuntimeException {

    private final int errorCode;

    public SnowflakeUnavailableException(String query, int errorCode) {
        super("Snowflake did not answer for query '" + query + "' (driver error " + errorCode + ")");
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
