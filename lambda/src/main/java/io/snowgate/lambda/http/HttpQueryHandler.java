package io.snowgate.lambda.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.handler.EventHandler;
import io.snowgate.lambda.handler.Invocation;
import io.snowgate.lambda.handler.InvocationRunner;
import io.snowgate.lambda.query.InvalidRequestException;
import io.snowgate.lambda.query.QueryFailure;
import io.snowgate.lambda.query.QueryRequest;
import io.snowgate.lambda.query.QueryResult;
import io.snowgate.lambda.query.QueryRuns;
import io.snowgate.lambda.query.QueryService;
import io.snowgate.lambda.query.ResultLimits;
import io.snowgate.lambda.query.RunReference;
import io.snowgate.lambda.query.RunStatus;
import io.snowgate.lambda.query.UnknownQueryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Runs catalog queries for API Gateway (HTTP API payload 2.0 or REST API proxy payload 1.0), on the {@link Route}s:
 * <ul>
 *   <li>{@code POST /queries/{name}} with {@code {"params": {...}}}: 200 with the rows, or 202 with a run to poll
 *       when {@code ?async=true} or when the query's {@code timeoutSeconds} is longer than API Gateway waits
 *       ({@link io.snowgate.lambda.config.SnowgateConfig#apiTimeout});</li>
 *   <li>{@code GET /queries/{name}/runs/{queryId}}: 202 while running, 200 with the rows, or the run's error.</li>
 * </ul>
 * Only queries the catalog marks {@code http: true} are reachable, and only by an authenticated principal (IAM, a JWT
 * or a Lambda authorizer; 403 {@code NO_PRINCIPAL} otherwise), who alone may read the runs it started. Errors are
 * {@code {"error": {"code", "message", "requestId"}}} with the status {@link QueryFailure#of} gives and, for failures
 * that are the operator's, a fixed public message ({@link HttpAnswers}); the detail goes to the one JSON log line
 * ({@code http_request}). One EMF metrics line per call.
 */
public final class HttpQueryHandler implements RequestStreamHandler, EventHandler, AutoCloseable {

    /**
     * Rows of one response: as many as the query's {@code maxRows} (10,000 when it sets none), within the byte budget
     * that keeps it under Lambda's 6 MB.
     */
    static final ResultLimits RESPONSE_LIMITS = ResultLimits.bytesOnly(ResultLimits.RESPONSE_BYTE_BUDGET);
    /** The one query string parameter {@code POST /queries/{name}} takes. */
    static final String ASYNC = "async";

    private final QueryService queries;
    private final QueryRuns runs;
    private final InvocationRunner runner;
    private final Duration apiTimeout;
    private final Runnable closeEnvironment;
    private final ApiGatewayEvents events;
    private final HttpAnswers answers;

    /** What Lambda calls: configuration from the environment, built once per execution environment. */
    public HttpQueryHandler() {
        this(System.getenv());
    }

    /** The handler as Lambda builds it, from {@code environment} instead of the process's own. */
    public HttpQueryHandler(Map<String, String> environment) {
        this(QueryFunction.fromEnvironment(environment));
    }

    /** A handler on {@code function}'s services; closing the handler closes the function. */
    public HttpQueryHandler(QueryFunction function) {
        this(function.queries(), function.runs(), function.runner(), function.apiTimeout(), function::close);
    }

    /**
     * @param apiTimeout       how long API Gateway waits for an answer
     * @param closeEnvironment what {@link #close()} does: close the environment's session, forget its secret
     */
    public HttpQueryHandler(QueryService queries, QueryRuns runs, InvocationRunner runner, Duration apiTimeout,
            Runnable closeEnvironment) {
        this.queries = queries;
        this.runs = runs;
        this.runner = runner;
        this.apiTimeout = apiTimeout;
        this.closeEnvironment = closeEnvironment;
        this.events = new ApiGatewayEvents(runner.json());
        this.answers = new HttpAnswers(runner.json());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        runner.run(this, input, output, context);
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String eventKind() {
        return "API Gateway event";
    }

    /** API Gateway stops waiting after its timeout however long the function may run: answer (and cancel) first. */
    @Override
    public Duration answerWithin() {
        return apiTimeout;
    }

    @Override
    public JsonNode answer(Invocation invocation, JsonNode event) {
        HttpCall call = events.read(event);
        invocation.log("method", call.method()).log("path", call.path())
                .log("payloadVersion", call.payloadVersion()).log("caller", call.caller().orElse(null))
                .log("callerAccount", call.callerAccount().orElse(null))
                .log("callerOrgId", call.callerOrgId().orElse(null));
        if (call.caller().isEmpty()) {
            throw new NoPrincipalException();
        }
        HttpResponse response = switch (Route.of(call)) {
            case Route.RunQuery run -> runQuery(invocation, call, httpQuery(invocation, run.query()));
            case Route.ReadRun read -> {
                invocation.log("queryId", read.queryId());
                yield readRun(invocation, call, httpQuery(invocation, read.query()), read.queryId());
            }
        };
        invocation.log("status", response.status());
        return events.response(response);
    }

    @Override
    public QueryFailure classify(RuntimeException error) {
        return switch (error) {
            case RouteException route -> new QueryFailure(route.code(), route.status(), route.getMessage(),
                    Optional.empty());
            case NoPrincipalException none -> new QueryFailure(NoPrincipalException.CODE, NoPrincipalException.STATUS,
                    none.getMessage(), Optional.empty());
            case FailedRunException run -> QueryFailure.of(run.failure());
            default -> QueryFailure.of(error);
        };
    }

    @Override
    public JsonNode answerFailure(Invocation invocation, QueryFailure failure, RuntimeException error) {
        HttpResponse response = switch (error) {
            case RouteException route -> answers.failed(failure, invocation.requestId(),
                    route.allowed().map(allowed -> Map.of("Allow", allowed)).orElse(Map.of()));
            case FailedRunException run -> answers.runFailed(failure, invocation.requestId(), run.queryId());
            default -> answers.failed(failure, invocation.requestId(), Map.of());
        };
        invocation.log("status", response.status());
        return events.response(response);
    }

    /** A caller's mistake (4xx) is the caller's to fix: logged as info; a 5xx is the operator's: an error. */
    @Override
    public LogLine logLine(Invocation invocation, Optional<QueryFailure> failure) {
        invocation.log("coldStart", invocation.metrics().coldStart());
        return new LogLine("http_request", failure.map(f -> f.httpStatus() >= 500).orElse(false));
    }

    /** Closes the Snowflake session; Lambda never calls this, local runs ({@code snowgate invoke}) do. */
    @Override
    public void close() {
        closeEnvironment.run();
    }

    /** The catalog query of that name, if the catalog lets HTTP callers run it. */
    private NamedQuery httpQuery(Invocation invocation, String name) {
        Optional<NamedQuery> query = queries.find(name).filter(NamedQuery::exposedOverHttp);
        if (query.isEmpty()) {
            throw new UnknownQueryException(NamedQuery.shownName(name));
        }
        invocation.log("query", query.get().name());
        invocation.metrics().query(query.get().name());
        return query.get();
    }

    private HttpResponse runQuery(Invocation invocation, HttpCall call, NamedQuery query) {
        Map<String, Object> params = RunRequestBody.params(runner.json(), call.body());
        QueryRequest request = new QueryRequest(query.name(), params, invocation.requestId(), call.caller(),
                Optional.empty());
        if (asynchronous(call, query)) {
            String queryId = runs.start(request, invocation.deadline());
            invocation.log("queryId", queryId);
            return answers.running(call.basePath(), query.name(), queryId);
        }
        return succeeded(invocation, queries.run(request, invocation.deadline(), RESPONSE_LIMITS));
    }

    private boolean asynchronous(HttpCall call, NamedQuery query) {
        // Any other name would be ignored: a parameter put in the URL would not be bound, and the query would run
        // with its default instead.
        call.query().keySet().stream().filter(name -> !name.equals(ASYNC)).sorted().findFirst().ifPresent(name -> {
            throw new InvalidRequestException("unknown query string parameter " + RunRequestBody.shown(name)
                    + "; the query string takes only async, parameters go in the body: {\"params\": {...}}");
        });
        String async = call.query().get(ASYNC);
        if (async != null && !async.equals("true") && !async.equals("false")) {
            throw new InvalidRequestException("async must be true or false");
        }
        // A query allowed to run longer than the API waits would be cut short: it runs asynchronously instead.
        return "true".equals(async) || query.timeoutSeconds().orElse(0) > apiTimeout.toSeconds();
    }

    private HttpResponse readRun(Invocation invocation, HttpCall call, NamedQuery query, String queryId) {
        RunStatus status = runs.poll(new RunReference(query.name(), queryId, call.caller()), invocation.deadline(),
                RESPONSE_LIMITS);
        return switch (status) {
            case RunStatus.Running running -> answers.running(call.basePath(), running.query(), running.queryId());
            case RunStatus.Succeeded succeeded -> succeeded(invocation, succeeded.result());
            case RunStatus.Failed failed -> throw new FailedRunException(failed.queryId(), failed.error());
        };
    }

    private HttpResponse succeeded(Invocation invocation, QueryResult result) {
        invocation.log("queryId", result.queryId()).log("rowCount", result.rowCount())
                .log("truncated", result.truncated());
        invocation.metrics().statement(result.elapsed(), result.rowCount());
        return answers.succeeded(result);
    }
}
