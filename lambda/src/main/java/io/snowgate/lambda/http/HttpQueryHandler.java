package io.snowgate.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.metrics.InvocationMetrics;
import io.snowgate.lambda.query.Column;
import io.snowgate.lambda.query.InvalidRequestException;
import io.snowgate.lambda.query.QueryFailure;
import io.snowgate.lambda.query.QueryRequest;
import io.snowgate.lambda.query.QueryResult;
import io.snowgate.lambda.query.ResultLimits;
import io.snowgate.lambda.query.RunReference;
import io.snowgate.lambda.query.RunStatus;
import io.snowgate.lambda.query.UnknownQueryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs catalog queries for API Gateway (HTTP API payload 2.0 or REST API proxy payload 1.0):
 * <ul>
 *   <li>{@code POST /queries/{name}} with {@code {"params": {...}}}: 200 with the rows, or 202 with a run to poll
 *       when {@code ?async=true} or when the query's {@code timeoutSeconds} is longer than API Gateway waits
 *       ({@link io.snowgate.lambda.config.SnowgateConfig#apiTimeout});</li>
 *   <li>{@code GET /queries/{name}/runs/{queryId}}: 202 while running, 200 with the rows, or the run's error.</li>
 * </ul>
 * Only queries the catalog marks {@code http: true} are reachable. Errors are {@code {"error": {"code", "message",
 * "requestId"}}} with the status {@link QueryFailure#of} gives. One JSON log line and one EMF metrics line per call.
 */
public final class HttpQueryHandler implements RequestStreamHandler, AutoCloseable {

    /** Rows of one response: at most this many and at most the byte budget that keeps it under Lambda's 6 MB. */
    static final ResultLimits RESPONSE_LIMITS =
            new ResultLimits(ResultLimits.DEFAULT_MAX_ROWS, ResultLimits.RESPONSE_BYTE_BUDGET);
    /** What a poll that finds the run still going suggests waiting, in seconds. */
    static final int RETRY_AFTER_SECONDS = 2;

    private static final String HANDLER = "http";
    private static final String RUNNING = "RUNNING";
    private static final String SUCCEEDED = "SUCCEEDED";
    private static final String FAILED = "FAILED";

    private final QueryFunction function;
    private final ApiGatewayEvents events;
    private final Clock clock;

    /** What Lambda calls: configuration from the environment, built once per execution environment. */
    public HttpQueryHandler() {
        this(System.getenv());
    }

    /** The handler as Lambda builds it, from {@code environment} instead of the process's own. */
    public HttpQueryHandler(Map<String, String> environment) {
        this(QueryFunction.fromEnvironment(environment), Clock.systemUTC());
    }

    public HttpQueryHandler(QueryFunction function, Clock clock) {
        this.function = function;
        this.events = new ApiGatewayEvents(function.json());
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        // API Gateway stops waiting after its timeout however long the function may run: answer (and cancel) first.
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis());
        Duration gateway = function.config().apiTimeout();
        Deadline deadline = Deadline.in(remaining.compareTo(gateway) < 0 ? remaining : gateway, clock);
        InvocationMetrics metrics = function.metrics().begin(HANDLER);
        Exchange exchange = new Exchange(context.getAwsRequestId(), metrics);
        HttpResponse response;
        try {
            JsonNode event;
            try {
                event = function.json().readTree(input);
            } catch (IOException e) {
                throw new InvalidRequestException("invalid API Gateway event: not JSON");
            }
            HttpCall call = events.read(event);
            exchange.call = Optional.of(call);
            response = route(call, exchange, deadline);
        } catch (RouteException e) {
            response = error(exchange, e.status(), e.code(), e.getMessage(), Optional.empty(),
                    e.allowed().map(allowed -> Map.of("Allow", allowed)).orElse(Map.of()));
        } catch (RuntimeException e) {
            response = failure(exchange, QueryFailure.of(e));
        }
        function.json().writeValue(output, events.response(response));
        log(exchange, response);
        metrics.emit();
    }

    /** Closes the Snowflake session; Lambda never calls this, local runs ({@code snowgate invoke}) do. */
    @Override
    public void close() {
        function.close();
    }

    private HttpResponse route(HttpCall call, Exchange exchange, Deadline deadline) {
        List<String> segments = List.of(call.path().replaceAll("^/+|/+$", "").split("/+"));
        if (segments.size() == 2 && segments.get(0).equals("queries")) {
            if (!call.method().equals("POST")) {
                throw RouteException.methodNotAllowed("POST");
            }
            return runQuery(call, httpQuery(segments.get(1), exchange), exchange, deadline);
        }
        if (segments.size() == 4 && segments.get(0).equals("queries") && segments.get(2).equals("runs")) {
            if (!call.method().equals("GET")) {
                throw RouteException.methodNotAllowed("GET");
            }
            exchange.queryId = Optional.of(segments.get(3));
            return readRun(call, httpQuery(segments.get(1), exchange), segments.get(3), exchange, deadline);
        }
        throw RouteException.notFound();
    }

    /** The catalog query of that name, if the catalog lets HTTP callers run it. */
    private NamedQuery httpQuery(String name, Exchange exchange) {
        Optional<NamedQuery> query = function.catalog().find(name).filter(NamedQuery::exposedOverHttp);
        if (query.isEmpty()) {
            throw new UnknownQueryException(NamedQuery.NAME_PATTERN.matcher(name).matches() ? name : "(invalid name)");
        }
        exchange.query = Optional.of(query.get().name());
        exchange.metrics.query(query.get().name());
        return query.get();
    }

    private HttpResponse runQuery(HttpCall call, NamedQuery query, Exchange exchange, Deadline deadline) {
        Map<String, Object> params = RunRequestBody.params(function.json(), call.body());
        QueryRequest request = new QueryRequest(query.name(), params, exchange.requestId, call.caller(),
                Optional.empty());
        if (asynchronous(call, query)) {
            String queryId = function.queries().start(request, deadline);
            exchange.queryId = Optional.of(queryId);
            return running(query.name(), queryId);
        }
        QueryResult result = function.queries().run(request, deadline, RESPONSE_LIMITS);
        exchange.result(result);
        return HttpResponse.json(200, resultBody(result));
    }

    private boolean asynchronous(HttpCall call, NamedQuery query) {
        String async = call.query().get("async");
        if (async != null && !async.equals("true") && !async.equals("false")) {
            throw new InvalidRequestException("async must be true or false");
        }
        // A query allowed to run longer than the API waits would be cut short: it runs asynchronously instead.
        return "true".equals(async)
                || query.timeoutSeconds().orElse(0) > function.config().apiTimeout().toSeconds();
    }

    private HttpResponse readRun(HttpCall call, NamedQuery query, String queryId, Exchange exchange,
            Deadline deadline) {
        RunStatus status = function.queries().poll(new RunReference(query.name(), queryId, call.caller()), deadline,
                RESPONSE_LIMITS);
        return switch (status) {
            case RunStatus.Running running -> running(running.query(), running.queryId());
            case RunStatus.Succeeded succeeded -> {
                exchange.result(succeeded.result());
                yield HttpResponse.json(200, resultBody(succeeded.result()));
            }
            case RunStatus.Failed failed -> {
                HttpResponse response = failure(exchange, QueryFailure.of(failed.error()));
                ((ObjectNode) response.body()).put("queryId", failed.queryId()).put("status", FAILED);
                yield response;
            }
        };
    }

    private HttpResponse running(String query, String queryId) {
        String location = location(query, queryId);
        ObjectNode body = function.json().createObjectNode();
        body.put("query", query);
        body.put("queryId", queryId);
        body.put("status", RUNNING);
        body.put("location", location);
        return new HttpResponse(202, Map.of("Location", location, "Retry-After",
                Integer.toString(RETRY_AFTER_SECONDS)), body);
    }

    /** Where a run is read: {@code /queries/{name}/runs/{queryId}}. */
    public static String location(String query, String queryId) {
        return "/queries/" + query + "/runs/" + queryId;
    }

    private ObjectNode resultBody(QueryResult result) {
        ObjectNode body = function.json().createObjectNode();
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
        return body;
    }

    private HttpResponse failure(Exchange exchange, QueryFailure failure) {
        return error(exchange, failure.httpStatus(), failure.code(), failure.message(), failure.snowflakeCode(),
                Map.of());
    }

    private HttpResponse error(Exchange exchange, int status, String code, String message,
            Optional<String> snowflakeCode, Map<String, String> headers) {
        exchange.errorCode = Optional.of(code);
        exchange.errorMessage = Optional.of(message);
        exchange.metrics.error(code);
        ObjectNode body = function.json().createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("requestId", exchange.requestId);
        snowflakeCode.ifPresent(c -> error.put("snowflakeCode", c));
        return new HttpResponse(status, headers, body);
    }

    private void log(Exchange exchange, HttpResponse response) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("requestId", exchange.requestId);
        exchange.call.ifPresent(call -> {
            fields.put("method", call.method());
            fields.put("path", call.path());
            fields.put("payloadVersion", call.payloadVersion());
            fields.put("caller", call.caller().orElse(null));
            fields.put("callerAccount", call.callerAccount().orElse(null));
            fields.put("callerOrgId", call.callerOrgId().orElse(null));
        });
        fields.put("status", response.status());
        fields.put("query", exchange.query.orElse(null));
        fields.put("queryId", exchange.queryId.orElse(null));
        fields.put("code", exchange.errorCode.orElse(null));
        fields.put("message", exchange.errorMessage.orElse(null));
        fields.put("rows", exchange.rows);
        fields.put("truncated", exchange.truncated);
        fields.put("coldStart", exchange.metrics.coldStart());
        if (response.status() >= 500) {
            function.log().error("http_request", fields);
        } else {
            function.log().info("http_request", fields);
        }
    }

    /** What one call did, for its log line and metrics. */
    private static final class Exchange {
        final String requestId;
        final InvocationMetrics metrics;
        Optional<HttpCall> call = Optional.empty();
        Optional<String> query = Optional.empty();
        Optional<String> queryId = Optional.empty();
        Optional<String> errorCode = Optional.empty();
        Optional<String> errorMessage = Optional.empty();
        Integer rows;
        Boolean truncated;

        Exchange(String requestId, InvocationMetrics metrics) {
            this.requestId = requestId;
            this.metrics = metrics;
        }

        void result(QueryResult result) {
            queryId = Optional.of(result.queryId());
            rows = result.rowCount();
            truncated = result.truncated();
            metrics.statement(result.elapsed(), result.rowCount());
        }
    }
}
