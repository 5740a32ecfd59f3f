package io.snowgate.catalog;

/**
 * A request's parameters do not fit a query's declarations. Names the query and the parameter and says why; never
 * carries the offending value, which may be sensitive.
 */
public class ParameterException extends RuntimeException {

    private final String queryName;
    private final String parameterName;
    private final String reason;

    public ParameterException(String queryName, String parameterName, String reason) {
        super("query '" + queryName + "', parameter '" + parameterName + "': " + reason);
        this.queryName = queryName;
        this.parameterName = parameterName;
        this.reason = reason;
    }

    public String queryName() {
        return queryName;
    }

    public String parameterName() {
        return parameterName;
    }

    /** Why the parameter was refused, e.g. {@code must be an integer}. */
    public String reason() {
        return reason;
    }
}
