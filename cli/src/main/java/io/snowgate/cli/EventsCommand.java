package io.snowgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.catalog.QueryCatalog;
import io.snowgate.catalog.api.ApiRoutes;
import io.snowgate.contract.FunctionEnvironment;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code snowgate events generate ...}: the events each handler is sent, for {@code invoke --event}. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        versionProvider = SnowgateCommand.Version.class,
        description = "Make the events AWS sends the handlers (as sam local generate-event does).",
        subcommands = {EventsCommand.Generate.class})
final class EventsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand (generate)");
    }

    private static void print(CommandLine.Model.CommandSpec spec, ObjectNode event) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        out.flush();
    }

    /** {@code snowgate events generate http|scheduled|rotation}. */
    @Command(
            name = "generate",
            mixinStandardHelpOptions = true,
            versionProvider = SnowgateCommand.Version.class,
            description = "Print an event on stdout: ./snowgate events generate http current_version"
                    + " | ./snowgate invoke --handler http --event -",
            subcommands = {Http.class, Scheduled.class, Rotation.class})
    static final class Generate implements Runnable {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing event kind (http, scheduled, rotation)");
        }
    }

    /** An HTTP API payload 2.0 event for one of the API's routes, from an IAM caller. */
    @Command(
            name = "http",
            mixinStandardHelpOptions = true,
            versionProvider = SnowgateCommand.Version.class,
            description = {"An HTTP API (payload 2.0) event from an IAM caller: POST /queries/QUERY, or with --run,"
                    + " GET /queries/QUERY/runs/ID."})
    static final class Http implements Runnable {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY",
                description = "The query (default: the first the catalog exposes over HTTP).")
        String query;

        @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A parameter value (repeatable).")
        Map<String, String> params = new LinkedHashMap<>();

        @Option(names = "--async", description = "Start a run: ?async=true.")
        boolean async;

        @Option(names = "--run", paramLabel = "QUERY_ID", description = "Read this run instead: GET .../runs/QUERY_ID.")
        String runId;

        @Option(names = "--caller", paramLabel = "ARN", defaultValue = ApiEvents.DEFAULT_CALLER,
                description = "The IAM caller (default: ${DEFAULT-VALUE}).")
        String caller;

        @Override
        public void run() {
            String iamCaller = ApiEvents.checkCaller(spec.commandLine(), caller);
            QueryCatalog catalog = SnowgateCommand.catalog(spec).load();
            String name = query != null ? query : ApiRoutes.exposedQueries(catalog).stream().findFirst()
                    .orElseThrow(() -> new CommandFailedException("the catalog exposes no query over HTTP; name one"));
            ObjectMapper json = new ObjectMapper();
            ApiEvents.Request request = runId != null ? LocalRequests.readRun("/queries/" + name + "/runs/" + runId)
                    : LocalRequests.runQuery(json, name, QueryParams.typed(catalog.find(name), params), async);
            ApiRoutes routes = ApiRoutes.of(catalog);
            Optional<ApiRoutes.Match> route = LocalRequests.route(routes, request, spec.commandLine().getErr());
            print(spec, new ApiEvents(json).event(request, route, iamCaller, Instant.now()));
        }
    }

    /** EventBridge Scheduler's event for a catalog query. */
    @Command(
            name = "scheduled",
            mixinStandardHelpOptions = true,
            versionProvider = SnowgateCommand.Version.class,
            description = {"The event EventBridge Scheduler sends: {query, params, scheduledTime}."})
    static final class Scheduled implements Runnable {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY",
                description = "The query (default: the catalog's first scheduled query, else its first).")
        String query;

        @Option(names = "--param", paramLabel = "NAME=VALUE",
                description = "A parameter value (repeatable; default: the query's schedule's params).")
        Map<String, String> params = new LinkedHashMap<>();

        @Override
        public void run() {
            QueryCatalog catalog = SnowgateCommand.catalog(spec).load();
            Optional<NamedQuery> named = query != null ? catalog.find(query)
                    : catalog.queries().stream().filter(q -> q.schedule().isPresent()).findFirst()
                            .or(() -> catalog.queries().stream().findFirst());
            String name = query != null ? query
                    : named.map(NamedQuery::name).orElseThrow(() -> new CommandFailedException("the catalog is empty"));
            if (named.isEmpty()) {
                // Made all the same, as the http event of a query no route takes is: a test may want exactly that.
                spec.commandLine().getErr().println("snowgate: warning: the catalog has no query named " + name
                        + "; the scheduled handler would fail the event UNKNOWN_QUERY");
                spec.commandLine().getErr().flush();
            }
            print(spec, LocalRequests.scheduledEvent(new ObjectMapper(), name, QueryParams.scheduled(named, params)));
        }
    }

    /** Secrets Manager's rotation event for one step. */
    @Command(
            name = "rotation",
            mixinStandardHelpOptions = true,
            versionProvider = SnowgateCommand.Version.class,
            description = {"The event Secrets Manager sends the rotation function for one step."})
    static final class Rotation implements Runnable {

        enum Step { createSecret, setSecret, testSecret, finishSecret }

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--secret-id", paramLabel = "ID",
                description = "The secret (default: $SNOWGATE_SECRET_ID, else snowgate/snowflake).")
        String secretId;

        @Option(names = "--step", paramLabel = "STEP", defaultValue = "createSecret",
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Step step;

        @Option(names = "--token", paramLabel = "VERSION_ID",
                description = "The ClientRequestToken: the AWSPENDING version id (default: a new UUID).")
        String token;

        @Override
        public void run() {
            String secret = secretId != null ? secretId : Optional.ofNullable(
                    SnowgateCommand.root(spec).environment.get(FunctionEnvironment.SECRET_ID))
                    .filter(id -> !id.isBlank()).orElse("snowgate/snowflake");
            ObjectNode event = new ObjectMapper().createObjectNode();
            event.put("Step", step.name());
            event.put("SecretId", secret);
            event.put("ClientRequestToken", token != null ? token : UUID.randomUUID().toString());
            print(spec, event);
        }
    }
}
