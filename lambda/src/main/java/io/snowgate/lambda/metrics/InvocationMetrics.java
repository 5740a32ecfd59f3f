package io.snowgate.lambda.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.contract.FunctionMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The metrics of one invocation, written as one EMF document by {@link #emit()}:
 * {@code Invocations}, {@code ColdStarts} (on the first invocation only), {@code StatementDuration} (ms) and
 * {@code Rows} when a statement ran, {@code SecretRefetches} when the secret was fetched again,
 * {@code SecretStaleServes} when a failed refresh left the last good secret serving, each by
 * {@code Handler}, by {@code Handler, Query} and by {@code Function}; {@code Errors} by {@code Handler, ErrorCode} and
 * by {@code Function, ErrorCode}. Dimension values are the handler, the Lambda function's name, a catalog query name
 * and an error code: never a parameter value or anything else a caller sent.
 */
public final class InvocationMetrics {

    public static final String HANDLER = "Handler";
    public static final String QUERY = "Query";
    public static final String ERROR_CODE = "ErrorCode";
    public static final String FUNCTION = FunctionMetrics.FUNCTION;

    private final Metrics metrics;
    private final String handler;
    private final String function;
    private final boolean coldStart;
    private final long secretFetchesBefore;
    private final long staleServesBefore;
    private final Instant startedAt;
    private Optional<String> query = Optional.empty();
    private Optional<String> errorCode = Optional.empty();
    private Optional<Duration> statementDuration = Optional.empty();
    private long rows = -1;

    InvocationMetrics(Metrics metrics, String handler, String function, boolean coldStart, long secretFetchesBefore,
            long staleServesBefore, Instant startedAt) {
        this.metrics = metrics;
        this.handler = handler;
        this.function = function;
        this.coldStart = coldStart;
        this.secretFetchesBefore = secretFetchesBefore;
        this.staleServesBefore = staleServesBefore;
        this.startedAt = startedAt;
    }

    /** The catalog query the invocation ran: only ever a name the catalog holds. */
    public InvocationMetrics query(String catalogName) {
        this.query = Optional.of(catalogName);
        return this;
    }

    public InvocationMetrics statement(Duration duration, long rowCount) {
        this.statementDuration = Optional.of(duration);
        this.rows = rowCount;
        return this;
    }

    public InvocationMetrics error(String code) {
        this.errorCode = Optional.of(code);
        return this;
    }

    public boolean coldStart() {
        return coldStart;
    }

    /** Writes the EMF document. */
    public void emit() {
        long fetches = metrics.secretFetches() - secretFetchesBefore;
        // The first fetch of an environment is not a refetch.
        long refetches = secretFetchesBefore == 0 ? Math.max(0, fetches - 1) : fetches;
        ObjectNode document = metrics.json().createObjectNode();
        ObjectNode aws = document.putObject("_aws");
        aws.put("Timestamp", startedAt.toEpochMilli());
        ArrayNode directives = aws.putArray("CloudWatchMetrics");

        ObjectNode main = directives.addObject();
        main.put("Namespace", Metrics.NAMESPACE);
        ArrayNode dimensions = main.putArray("Dimensions");
        dimensions.addArray().add(HANDLER);
        query.ifPresent(q -> dimensions.addArray().add(HANDLER).add(QUERY));
        // The namespace and the handler names are the same in every deployment: the function's name is not.
        dimensions.addArray().add(FUNCTION);
        ArrayNode definitions = main.putArray("Metrics");
        document.put(HANDLER, handler);
        document.put(FUNCTION, function);
        query.ifPresent(q -> document.put(QUERY, q));
        metric(document, definitions, "Invocations", "Count", 1);
        if (coldStart) {
            metric(document, definitions, "ColdStarts", "Count", 1);
        }
        statementDuration.ifPresent(d -> metric(document, definitions, "StatementDuration", "Milliseconds",
                d.toMillis()));
        if (rows >= 0) {
            metric(document, definitions, "Rows", "Count", rows);
        }
        if (refetches > 0) {
            metric(document, definitions, "SecretRefetches", "Count", refetches);
        }
        long staleServes = metrics.secretStaleServes() - staleServesBefore;
        if (staleServes > 0) {
            metric(document, definitions, "SecretStaleServes", "Count", staleServes);
        }
        errorCode.ifPresent(code -> {
            ObjectNode errors = directives.addObject();
            errors.put("Namespace", Metrics.NAMESPACE);
            ArrayNode errorDimensions = errors.putArray("Dimensions");
            errorDimensions.addArray().add(HANDLER).add(ERROR_CODE);
            errorDimensions.addArray().add(FUNCTION).add(ERROR_CODE);
            document.put(ERROR_CODE, code);
            metric(document, errors.putArray("Metrics"), "Errors", "Count", 1);
        });
        document.put("durationMs", Duration.between(startedAt, metrics.clock().instant()).toMillis());
        try {
            metrics.write(metrics.json().writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static void metric(ObjectNode document, ArrayNode definitions, String name, String unit, long value) {
        definitions.addObject().put("Name", name).put("Unit", unit);
        document.put(name, value);
    }
}
