package io.snowgate.lambda.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.handler.EventHandler;
import io.snowgate.lambda.handler.Invocation;
import io.snowgate.lambda.handler.InvocationRunner;
import io.snowgate.lambda.query.InvalidRequestException;
import io.snowgate.lambda.query.QueryFailure;
import io.snowgate.lambda.query.QueryRequest;
import io.snowgate.lambda.query.QueryResult;
import io.snowgate.lambda.query.QueryService;
import io.snowgate.lambda.query.ResultLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a catalog query on a schedule: EventBridge Scheduler (or an EventBridge rule) invokes it asynchronously with
 * {@code {"query": "...", "params": {...}}}. Answers with a short summary
 * ({@code query, queryId, rowCount, truncated, updateCount, elapsedMs, rows}) and logs one line with the same names;
 * a failed run throws, so Lambda's retries and on-failure destination see it.
 */
public final class ScheduledQueryHandler implements RequestStreamHandler, EventHandler, AutoCloseable {

    /** Rows kept in the answer: a scheduled run's result is for its log and destination, not a consumer. */
    static final ResultLimits SUMMARY_LIMITS = new ResultLimits(100, 200_000);
    /** Lambda keeps retrying an asynchronous event for at most six hours. */
    static final Duration MAX_EVENT_AGE = Duration.ofHours(6);
    /** Scheduler may deliver a little before the scheduled time; clocks differ a little. */
    static final Duration SCHEDULE_SKEW = Duration.ofMinutes(5);

    private final QueryService queries;
    private final InvocationRunner runner;
    private final ScheduledEventMapper events;
    private final Runnable closeEnvironment;

    /** What Lambda calls: configuration from the environment, built once per execution environment. */
    public ScheduledQueryHandler() {
        this(System.getenv());
    }

    /** The handler as Lambda builds it, from {@code environment} instead of the process's own. */
    public ScheduledQueryHandler(Map<String, String> environment) {
        this(QueryFunction.fromEnvironment(environment));
    }

    /** A handler on {@code function}'s services; closing the handler closes the function. */
    public ScheduledQueryHandler(QueryFunction function) {
        this(function.queries(), function.runner(), function::close);
    }

    /**
     * @param closeEnvironment what {@link #close()} does: close the execution environment's session, forget its secret
     */
    public ScheduledQueryHandler(QueryService queries, InvocationRunner runner, Runnable closeEnvironment) {
        this.queries = queries;
        this.runner = runner;
        this.events = new ScheduledEventMapper(runner.json());
        this.closeEnvironment = closeEnvironment;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        runner.run(this, input, output, context);
    }

    @Override
    public String name() {
        return "scheduled";
    }

    @Override
    public String eventKind() {
        return "scheduled event";
    }

    @Override
    public JsonNode answer(Invocation invocation, JsonNode event) {
        ScheduledInvocation run;
        try {
            run = events.map(event);
        } catch (InvalidRequestException e) {
            // The rest of the event is wrong: its log line and error still say which query it was sent for.
            events.queryNamed(event).ifPresent(query -> invocation.log("query", query));
            throw e;
        }
        invocation.log("query", run.query());
        NamedQuery query = queries.query(run.query());
        invocation.metrics().query(query.name());
        QueryRequest request = new QueryRequest(run.query(), run.params(), invocation.requestId(), Optional.empty(),
                run.scheduledTime());
        // Lambda may deliver this event again (same request id): a statement not safe to run twice is run once.
        QueryResult result = query.retrySafe()
                ? queries.run(request, invocation.deadline(), SUMMARY_LIMITS)
                : queries.runOnce(request, firstAttemptEarliest(run, invocation.deadline().clock()),
                        invocation.deadline(), SUMMARY_LIMITS);
        invocation.metrics().statement(result.elapsed(), result.rowCount());
        ObjectNode summary = runner.json().createObjectNode();
        summary.put("query", result.query());
        summary.put("queryId", result.queryId());
        summary.put("rowCount", result.rowCount());
        summary.put("truncated", result.truncated());
        if (result.updateCount().isPresent()) {
            summary.put("updateCount", result.updateCount().getAsLong());
        }
        summary.put("elapsedMs", result.elapsed().toMillis());
        // The log line carries the summary's own names and values, without the rows.
        summary.properties().forEach(field -> invocation.log(field.getKey(), field.getValue()));
        summary.set("rows", runner.json().valueToTree(result.rows()));
        return summary;
    }

    /**
     * When this event's first delivery could have started at the earliest: shortly before its scheduled time, but
     * never more than Lambda's maximum event age ago. A scheduled time after now (a hand-made event, a clock far off)
     * says nothing about when the first delivery was, so that maximum age is the bound then, as for an event without
     * a time.
     */
    private static Instant firstAttemptEarliest(ScheduledInvocation run, Clock clock) {
        Instant now = clock.instant();
        Instant oldestRetried = now.minus(MAX_EVENT_AGE);
        return run.scheduledTime().map(time -> time.minus(SCHEDULE_SKEW))
                .filter(start -> start.isAfter(oldestRetried) && !start.isAfter(now))
                .orElse(oldestRetried);
    }

    /** A failed run must reach Lambda as an error, so it throws, with the classified failure as its message. */
    @Override
    public JsonNode answerFailure(Invocation invocation, QueryFailure failure, RuntimeException error) {
        throw new ScheduledRunFailedException(String.valueOf(invocation.logged("query").orElse("unknown")), failure);
    }

    @Override
    public LogLine logLine(Invocation invocation, Optional<QueryFailure> failure) {
        return failure.isPresent() ? new LogLine("scheduled_query_failed", true)
                : new LogLine("scheduled_query_succeeded", false);
    }

    /** Closes the Snowflake session; Lambda never calls this, local runs ({@code snowgate invoke}) do. */
    @Override
    public void close() {
        closeEnvironment.run();
    }
}
