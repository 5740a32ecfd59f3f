package io.snowgate.lambda.handler;

import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.metrics.InvocationMetrics;
import io.snowgate.lambda.query.QueryFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One invocation as a handler sees it inside {@link InvocationRunner}: its request id and deadline, its metrics, and
 * the fields of the one log line it ends with. Fields are ids, names, counts and codes: never a parameter value, a
 * request body or anything secret.
 */
public final class Invocation {

    private final String requestId;
    private final Deadline deadline;
    private final InvocationMetrics metrics;
    private final Map<String, Object> logFields = new LinkedHashMap<>();

    Invocation(String requestId, Deadline deadline, InvocationMetrics metrics) {
        this.requestId = requestId;
        this.deadline = deadline;
        this.metrics = metrics;
        logFields.put("requestId", requestId);
    }

    public String requestId() {
        return requestId;
    }

    /** When the invocation must have answered by. */
    public Deadline deadline() {
        return deadline;
    }

    public InvocationMetrics metrics() {
        return metrics;
    }

    /** Adds (or replaces) a field of the invocation's log line; a null value leaves the field out of it. */
    public Invocation log(String field, Object value) {
        logFields.put(field, value);
        return this;
    }

    /** A field this invocation's log line has so far. */
    public Optional<Object> logged(String field) {
        return Optional.ofNullable(logFields.get(field));
    }

    void failed(QueryFailure failure) {
        logFields.put("code", failure.code());
        logFields.put("snowflakeCode", failure.snowflakeCode().orElse(null));
        logFields.put("message", failure.message());
    }

    Map<String, Object> logFields() {
        return logFields;
    }
}
