package io.snowgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.catalog.QueryCatalog;
import io.snowgate.catalog.api.ApiRoutes;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code snowgate run QUERY}: builds the event API Gateway (or EventBridge Scheduler) would send for a catalog query
 * and runs the real handler in-process on it, configured as {@code invoke} is; {@code --async} starts a run and polls
 * it until done. Stdout carries the final answer alone, as one JSON document.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = SnowgateCommand.Version.class,
        description = {"Run a catalog query through the real handler, as API Gateway or the scheduler would call it.",
            "Prints the answer as one JSON document on stdout (logs on stderr); exits 1 when the query fails."})
final class RunCommand implements Callable<Integer> {

    /** How often an asynchronous run is polled: the handler's {@code Retry-After} is for remote callers. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    enum Via { http, scheduled }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The catalog query's name.")
    String query;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "A parameter value (repeatable; --via scheduled without any: the query's schedule's params).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--async", description = "Start a run (POST ...?async=true) and poll it until done (http only).")
    boolean async;

    @Option(names = "--via", paramLabel = "HANDLER",
            description = "http (POST /queries/QUERY) or scheduled (the scheduler's event). Default: http when the"
                    + " catalog exposes the query over HTTP, scheduled otherwise.")
    Via via;

    @Option(names = "--caller", paramLabel = "ARN", defaultValue = ApiEvents.DEFAULT_CALLER,
            description = "The IAM caller of an http run (default: ${DEFAULT-VALUE}).")
    String caller;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Each invocation's time limit; also how long a run answered 202 is polled "
                    + "(default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    private final ObjectMapper json = new ObjectMapper();
    private ApiRoutes routes;
    /** The query id of the run being polled, once the API answered 202; read by the shutdown hook. */
    private volatile String startedRun;

    @Override
    public Integer call() {
        if (timeoutSeconds < 1 || timeoutSeconds > 900) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be between 1 and 900");
        }
        ApiEvents.checkCaller(spec.commandLine(), caller);
        SnowgateCommand root = SnowgateCommand.root(spec);
        LocalCatalog catalog = SnowgateCommand.catalog(spec);
        QueryCatalog queries = catalog.load();
        Optional<NamedQuery> named = queries.find(query);
        if (named.isEmpty() && via == null) {
            // Which handler would run it depends on the catalog; --via sends it anyway, to see the handler refuse it.
            throw new CommandLine.ParameterException(spec.commandLine(), "no query '" + query + "' in the catalog "
                    + catalog.file() + " (snowgate catalog list shows its queries)");
        }
        routes = ApiRoutes.of(queries);
        Via chosen = via != null ? via
                : async || ApiRoutes.exposedQueries(queries).contains(query) ? Via.http : Via.scheduled;
        if (async && chosen != Via.http) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--async runs only --via http");
        }
        // The scheduler sends the schedule's params; a caller of the API sends only what it was given.
        Map<String, Object> values = chosen == Via.scheduled ? QueryParams.scheduled(named, params)
                : QueryParams.typed(named, params);
        PrintWriter err = spec.commandLine().getErr();
        err.println("snowgate: running " + query + " via " + chosen
                + (chosen == Via.http ? " (POST /queries/" + query + (async ? "?async=true" : "") + ")" : ""));
        err.flush();
        PrintStream logs = CliStreams.lines(err);
        Map<String, String> environment = catalog.functionEnvironment(root.environment);
        String answer;
        int exitCode;
        if (chosen == Via.scheduled) {
            ScheduledQueryHandler handler = (ScheduledQueryHandler) LocalHandlers.build("scheduled", environment, logs);
            try (CloseOnSignal closing = CloseOnSignal.of(handler, err, () -> CloseOnSignal.SESSION_LOGGED_OUT)) {
                answer = InvokeCommand.readable(InvokeCommand.invoke(handler, bytes(LocalRequests.scheduledEvent(json, query, values)),
                        "snowgate-scheduled", timeout()));
                exitCode = 0;
            } finally {
                LocalHandlers.close(handler);
            }
        } else {
            HttpQueryHandler handler = LocalHandlers.http(environment, logs);
            try (CloseOnSignal closing = CloseOnSignal.of(handler, err, this::interruptedHttp)) {
                JsonNode response = http(handler, values);
                answer = InvokeCommand.text(response);
                int status = response.path("statusCode").asInt();
                exitCode = status >= 400 ? CliFailureHandler.FAILURE : 0;
                if (exitCode != 0) {
                    JsonNode error = response.path("body").path("error");
                    err.println("snowgate: " + status + " " + error.path("code").asText() + ": "
                            + CliFailureHandler.oneLine(error.path("message").asText()));
                    err.flush();
                }
            } finally {
                LocalHandlers.close(handler);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(answer);
        out.flush();
        return exitCode;
    }

    private JsonNode http(HttpQueryHandler handler, Map<String, Object> values) {
        ApiEvents events = new ApiEvents(json);
        ApiEvents.Request post = LocalRequests.runQuery(json, query, values, async);
        Optional<ApiRoutes.Match> route = LocalRequests.route(routes, post, spec.commandLine().getErr());
        JsonNode response = call(handler, events.event(post, route, caller, Instant.now()));
        // A 202 is polled to its answer whether or not --async asked for it: a query allowed longer than the API
        // waits runs asynchronously anyway, and stdout is always the final answer.
        if (response.path("statusCode").asInt() != 202) {
            return response;
        }
        String location = response.path("body").path("location").asText();
        startedRun = response.path("body").path("queryId").asText();
        Instant giveUp = Instant.now().plusSeconds(timeoutSeconds);
        while (true) {
            ApiEvents.Request get = LocalRequests.readRun(location);
            JsonNode poll = call(handler, events.event(get, routes.match(get.method(), get.rawPath()), caller,
                    Instant.now()));
            if (poll.path("statusCode").asInt() != 202) {
                return poll;
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new CommandFailedException("run " + location + " still running after " + timeoutSeconds + " s");
            }
            try {
                Thread.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailedException("interrupted while polling " + location, e);
            }
        }
    }

    /**
     * What Ctrl-C does to an http run: a statement run to completion is aborted with its session; a run answered 202
     * is an asynchronous query, which goes on when its session closes (as it must, for callers who poll it).
     */
    private String interruptedHttp() {
        String run = startedRun;
        return run == null ? CloseOnSignal.SESSION_LOGGED_OUT
                : "run " + run + " goes on in Snowflake until it finishes or reaches its timeout; read it with"
                        + " ./snowgate events generate http " + query + " --run " + run
                        + " | ./snowgate invoke --handler http --event -, or stop it in Snowflake with"
                        + " SELECT SYSTEM$CANCEL_QUERY('" + run + "')";
    }

    private JsonNode call(HttpQueryHandler handler, JsonNode event) {
        String result = InvokeCommand.invoke(handler, bytes(event), "snowgate-http", timeout());
        try {
            return InvokeCommand.answer(result);
        } catch (JsonProcessingException e) {
            throw new CommandFailedException("the HTTP handler answered something that is not JSON", e);
        }
    }

    private Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    private byte[] bytes(JsonNode event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
