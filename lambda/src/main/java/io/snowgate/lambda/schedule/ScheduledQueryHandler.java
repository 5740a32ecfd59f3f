package io.snowgate.lambda.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.metrics.InvocationMetrics;
import io.snowgate.lambda.query.InvalidRequestException;
import io.snowgate.lambda.query.QueryFailure;
import io.snowgate.lambda.query.QueryRequest;
import io.snowgate.lambda.query.QueryResult;
import io.snowgate.lambda.query.ResultLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a catalog query on a schedule: EventBridge Scheduler (or an EventBridge rule) invokes it asynchronously with
 * {@code {"query": "...", "params": {...}}}. Answers with a short summary and logs one JSON line; a failed run
 * throws, so Lambda's retries and on-failure destination see it.
 */
public final class ScheduledQueryHandler implements RequestStreamHandler, AutoCloseable {

    /** Rows kept in the answer: a scheduled run's result is for its log and destination, not a consumer. */
    static final ResultLimits SUMMARY_LIMITS = new ResultLimits(100, 200_000);

    private final QueryFunction function;
    private final ScheduledEventMapper events;
    private final Clock clock;

    /** What Lambda calls: configuration from the environment, built once per execution environment. */
    public ScheduledQueryHandler() {
        this(System.getenv());
    }

    /** The handler as Lambda builds it, from {@code environment} instead of the process's own. */
    public ScheduledQueryHandler(Map<String, String> environment) {
        this(QueryFunction.fromEnvironment(environment), Clock.systemUTC());
    }

    public ScheduledQueryHandler(QueryFunction function, Clock clock) {
        this.function = function;
        this.events = new ScheduledEventMapper(function.json());
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Deadline deadline = Deadline.in(Duration.ofMillis(context.getRemainingTimeInMillis()), clock);
        InvocationMetrics metrics = function.metrics().begin("scheduled");
        String query = "unknown";
        try {
            JsonNode event = function.json().readTree(input);
            ScheduledInvocation run = events.map(event);
            query = run.query();
            function.catalog().find(run.query()).ifPresent(q -> metrics.query(q.name()));
            QueryResult result = function.queries().run(new QueryRequest(run.query(), run.params(),
                    context.getAwsRequestId(), Optional.empty(), run.scheduledTime()), deadline, SUMMARY_LIMITS);
            metrics.statement(result.elapsed(), result.rowCount());
            function.log().info("scheduled_query_succeeded", summaryFields(context, result));
            function.json().writeValue(output, summary(result));
        } catch (IOException e) {
            throw fail(context, query, metrics, new InvalidRequestException("invalid scheduled event: not valid JSON"));
        } catch (RuntimeException e) {
            throw fail(context, query, metrics, e);
        } finally {
            metrics.emit();
        }
    }

    /** Closes the Snowflake session; Lambda never calls this, local runs ({@code snowgate invoke}) do. */
    @Override
    public void close() {
        function.close();
    }

    private ScheduledRunFailedException fail(Context context, String query, InvocationMetrics metrics,
            RuntimeException error) {
        QueryFailure failure = QueryFailure.of(error);
        metrics.error(failure.code());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("requestId", context.getAwsRequestId());
        fields.put("query", query);
        fields.put("code", failure.code());
        fields.put("snowflakeCode", failure.snowflakeCode().orElse(null));
        fields.put("message", failure.message());
        function.log().error("scheduled_query_failed", fields);
        return new ScheduledRunFailedException(query, failure);
    }

    private static Map<String, Object> summaryFields(Context context, QueryResult result) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("requestId", context.getAwsRequestId());
        fields.put("query", result.query());
        fields.put("queryId", result.queryId());
        fields.put("rows", result.rowCount());
        fields.put("truncated", result.truncated());
        fields.put("updateCount", result.updateCount().isPresent() ? result.updateCount().getAsLong() : null);
        fields.put("durationMs", result.elapsed().toMillis());
        return fields;
    }

    private ObjectNode summary(QueryResult result) {
        ObjectNode summary = function.json().createObjectNode();
        summary.put("query", result.query());
        summary.put("queryId", result.queryId());
        summary.put("rowCount", result.rowCount());
        summary.put("truncated", result.truncated());
        if (result.updateCount().isPresent()) {
            summary.put("updateCount", result.updateCount().getAsLong());
        }
        summary.put("elapsedMs", result.elapsed().toMillis());
        summary.set("rows", function.json().valueToTree(result.rows()));
        return summary;
    }
}
