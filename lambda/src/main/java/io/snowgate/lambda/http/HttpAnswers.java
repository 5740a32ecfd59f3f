package io.snowgate.lambda.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.lambda.query.Column;
import io.snowgate.lambda.query.QueryFailure;
import io.snowgate.lambda.query.QueryResult;
import java.util.Map;

/**
 * The API's response bodies: a run's rows ({@code SUCCEEDED}), a run still going ({@code 202 RUNNING} with where to
 * poll), and errors {@code {"error": {"code", "message", "requestId", "snowflakeCode"}}}, where a failure that is the
 * operator's carries a fixed public message ({@link #PUBLIC_MESSAGES}) and its detail stays in the log.
 */
final class HttpAnswers {

    /** What a poll that finds the run still going suggests waiting, in seconds. */
    static final int RETRY_AFTER_SECONDS = 2;
    static final String RUNNING = "RUNNING";
    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";

    /**
     * What callers are told for failures that are the operator's to fix: the detail (the secret's ARN, the Snowflake
     * user, account and key fingerprint) is for the function's log, found there by the request id.
     */
    static final Map<String, String> PUBLIC_MESSAGES = Map.of(
            "SECRET_UNAVAILABLE", "the service cannot read its Snowflake credentials right now; try again later",
            "SECRET_INVALID", "the service's Snowflake credentials are misconfigured; its operator has the details",
            "AUTHENTICATION_FAILED", "Snowflake refused the service's credentials; its operator has the details",
            "SNOWFLAKE_UNAVAILABLE", "Snowflake could not be reached; try again later",
            "CATALOG_INVALID", "the service's query catalog is misconfigured; its operator has the details",
            "QUERY_MISCONFIGURED", "Snowflake refused the query as the service is set up (an object, privilege or"
                    + " warehouse it needs); its operator has the details",
            "INTERNAL", "internal error; its operator has the details");

    private final ObjectMapper json;

    HttpAnswers(ObjectMapper json) {
        this.json = json;
    }

    /** 200 with the columns, typed rows and counts. */
    HttpResponse succeeded(QueryResult result) {
        ObjectNode body = json.createObjectNode();
        body.put("query", result.query());
        body.put("queryId", result.queryId());
        body.put("status", SUCCEEDED);
        var columns = body.putArray("columns");
        for (Column column : result.columns()) {
            columns.addObject().put("name", column.name()).put("type", column.type());
        }
        body.putArray("rows").addAll(result.rows());
        body.put("rowCount", result.rowCount());
        body.put("truncated", result.truncated());
        if (result.updateCount().isPresent()) {
            body.put("updateCount", result.updateCount().getAsLong());
        }
        body.put("elapsedMs", result.elapsed().toMillis());
        return HttpResponse.json(200, body);
    }

    /** 202 with where to poll (under the caller's stage, {@code basePath}), and when. */
    HttpResponse running(String basePath, String query, String queryId) {
        String location = basePath + Route.location(query, queryId);
        ObjectNode body = json.createObjectNode();
        body.put("query", query);
        body.put("queryId", queryId);
        body.put("status", RUNNING);
        body.put("location", location);
        return new HttpResponse(202, Map.of("Location", location, "Retry-After",
                Integer.toString(RETRY_AFTER_SECONDS)), body);
    }

    /** The failure's status with its error body. */
    HttpResponse failed(QueryFailure failure, String requestId, Map<String, String> headers) {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", failure.code());
        error.put("message", PUBLIC_MESSAGES.getOrDefault(failure.code(), failure.message()));
        error.put("requestId", requestId);
        failure.snowflakeCode().ifPresent(c -> error.put("snowflakeCode", c));
        return new HttpResponse(failure.httpStatus(), headers, body);
    }

    /** A run that ended in failure: the error body, with the run's id and status. */
    HttpResponse runFailed(QueryFailure failure, String requestId, String queryId) {
        HttpResponse response = failed(failure, requestId, Map.of());
        ((ObjectNode) response.body()).put("queryId", queryId).put("status", FAILED);
        return response;
    }
}
