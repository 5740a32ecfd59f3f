package io.snowgate.lambda.query;

import io.snowgate.catalog.CatalogException;
import io.snowgate.catalog.ParameterException;
import io.snowgate.contract.secret.SecretFormatException;
import io.snowgate.lambda.secret.SecretUnavailableException;
import io.snowgate.lambda.session.NoAwsCredentialsException;
import io.snowgate.lambda.session.SnowflakeLoginException;
import io.snowgate.lambda.snowflake.SnowflakeErrors;
import java.util.Optional;

/**
 * What went wrong with a run, in the terms callers and operators use: a stable code, the HTTP status an API answers
 * with, and a message safe to show (it never holds a secret, a bound value or a stack trace).
 *
 * @param code       stable, upper-case: {@code INVALID_PARAMETER}, {@code STATEMENT_FAILED}, ...
 * @param httpStatus 400, 403, 404, 409, 422, 502 or 504; 500 for an invalid catalog or a bug
 * @param message    what happened, for a person
 * @param snowflakeCode the error code Snowflake (with the SQL state, for a failed statement) or the driver gave, when
 *                      one came with the failure
 */
public record QueryFailure(String code, int httpStatus, String message, Optional<String> snowflakeCode) {

    /** The code of a failure nothing classified: a bug, or a failure of a library no branch knows. */
    public static final String INTERNAL = "INTERNAL";

    /** Classifies an exception from the query path. */
    public static QueryFailure of(Throwable error) {
        return switch (error) {
            case ParameterException e -> new QueryFailure("INVALID_PARAMETER", 400, e.getMessage(), Optional.empty());
            case InvalidRequestException e -> new QueryFailure("INVALID_REQUEST", 400, e.getMessage(),
                    Optional.empty());
            case UnknownQueryException e -> new QueryFailure("UNKNOWN_QUERY", 404, e.getMessage(), Optional.empty());
            case RunNotFoundException e -> new QueryFailure("UNKNOWN_RUN", 404, e.getMessage(), Optional.empty());
            case RunAccessDeniedException e -> new QueryFailure("RUN_FORBIDDEN", 403, e.getMessage(),
                    Optional.empty());
            // Snowflake refusing the statement for the deployment's doing (a grant, table or warehouse missing) is the
            // operator's to fix, as a refused key is; anything else it fails is the run's own outcome.
            case StatementFailedException e when SnowflakeErrors.notRunnableAsDeployed(e.errorCode()) ->
                    new QueryFailure("QUERY_MISCONFIGURED", 502, e.getMessage(), snowflakeCode(e));
            case StatementFailedException e -> new QueryFailure("STATEMENT_FAILED", 422, e.getMessage(),
                    snowflakeCode(e));
            case QueryTimeoutException e -> new QueryFailure("DEADLINE_EXCEEDED", 504, e.getMessage(),
                    Optional.empty());
            case RetryNotRunException e -> new QueryFailure("RETRY_NOT_RUN", 409, e.getMessage(), Optional.empty());
            case SnowflakeUnavailableException e -> new QueryFailure("SNOWFLAKE_UNAVAILABLE", 502, e.getMessage(),
                    errorCode(e.errorCode()));
            case SnowflakeLoginException e -> new QueryFailure(
                    e.unreachable() ? "SNOWFLAKE_UNAVAILABLE" : "AUTHENTICATION_FAILED", 502, e.getMessage(),
                    errorCode(e.errorCode()));
            case NoAwsCredentialsException e -> new QueryFailure("AUTHENTICATION_FAILED", 502, e.getMessage(),
                    Optional.empty());
            case SecretUnavailableException e -> new QueryFailure("SECRET_UNAVAILABLE", 502, e.getMessage(),
                    Optional.empty());
            case SecretFormatException e -> new QueryFailure("SECRET_INVALID", 502, e.getMessage(), Optional.empty());
            case CatalogException e -> new QueryFailure("CATALOG_INVALID", 500, e.getMessage(), Optional.empty());
            default -> new QueryFailure(INTERNAL, 500, "internal error (" + error.getClass().getSimpleName() + ")",
                    Optional.empty());
        };
    }

    /**
     * The Snowflake query id of the statement {@code error} is about, when Snowflake gave it one before the failure:
     * the id {@code QUERY_HISTORY} and the warehouse's records know the statement by.
     */
    public static Optional<String> queryId(Throwable error) {
        return switch (error) {
            case StatementFailedException e -> e.queryId();
            case QueryTimeoutException e -> e.queryId();
            case SnowflakeUnavailableException e -> e.queryId();
            default -> Optional.empty();
        };
    }

    /** A failed statement's code with its SQL state, or the code alone when Snowflake gave none (a polled run). */
    private static Optional<String> snowflakeCode(StatementFailedException e) {
        return Optional.of(e.sqlState().isEmpty() ? Integer.toString(e.errorCode())
                : e.errorCode() + "/" + e.sqlState());
    }

    /** An error code, or none for 0: no code came with the failure (a closed session, a lost connection). */
    private static Optional<String> errorCode(int code) {
        return code == 0 ? Optional.empty() : Optional.of(Integer.toString(code));
    }
}
