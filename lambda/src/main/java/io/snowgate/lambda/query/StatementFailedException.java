package io.snowgate.lambda.query;

import java.util.Optional;

/**
 * Snowflake rejected or failed the statement. Carries Snowflake's error code and SQL state; the message is
 * Snowflake's, with every bound parameter value cut out of it.
 */
public final class StatementFailedException extends RuntimeException {

    private final String query;
    private final int errorCode;
    private final String sqlState;
    private final Optional<String> queryId;

    public StatementFailedException(String query, int errorCode, String sqlState, Optional<String> queryId,
            String message) {
        super(message);
        this.query = query;
        this.errorCode = errorCode;
        // The driver's SQL state is null when Snowflake sent none.
        this.sqlState = sqlState == null ? "" : sqlState;
        this.queryId = queryId;
    }

    public String query() {
        return query;
    }

    /** Snowflake's numeric error code, e.g. 2003 for an object that does not exist. */
    public int errorCode() {
        return errorCode;
    }

    public String sqlState() {
        return sqlState;
    }

    public Optional<String> queryId() {
        return queryId;
    }
}
