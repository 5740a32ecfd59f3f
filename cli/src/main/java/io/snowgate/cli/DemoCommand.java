package io.snowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code snowgate demo}: the main job end to end on the local stand-ins, nothing leaving 127.0.0.1. An administrator
 * registers a fresh key on a {@code TYPE = SERVICE} user, the secret is stored exactly as the Glue recipe lays it
 * out, the real scheduled handler runs the recipe's query cold and then warm, and the HTTP handler answers a
 * synchronous call, an asynchronous run polled from another execution environment, raw SQL and an unknown query.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Run Snowgate end to end against local stand-ins of Secrets Manager and Snowflake.",
            "With --keyless, sign in with the function's own IAM role (workload identity) instead of a key pair."})
final class DemoCommand implements Runnable {

    @CommandLine.Option(names = "--keyless",
            description = "Show the keyless flow: workload identity federation with the function's role, no secret.")
    boolean keyless;

    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(30);
    private static final String SCHEDULED_EVENT = "{\"query\":\"current_version\",\"params\":{}}";
    private static final int MAX_POLLS = 50;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The service user's key: a fresh one each run; a test gives its own, to look for it in what the demo prints. */
    Supplier<LocalDemoDeployment.ServiceKey> serviceKeys = LocalDemoDeployment::newServiceKey;

    /** The function's own mapper: the demo prints the numbers the handler wrote, not their doubles. */
    private final ObjectMapper json = QueryFunction.jsonMapper();
    private PrintWriter out;
    private int step;

    @Override
    public void run() {
        out = spec.commandLine().getOut();
        out.println("Snowgate demo: the real handler, AWS SDK and snowflake-jdbc against local stand-ins on 127.0.0.1");
        try (LocalDemoDeployment deployment = LocalDemoDeployment.start(SnowgateCommand.catalog(spec))) {
            deployment.standIns().endpoints().forEach(endpoint -> out.println("  " + endpoint));
            if (keyless) {
                new KeylessDemo(out).run(deployment);
            } else {
                run(deployment);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("demo interrupted", e);
        } catch (SQLException e) {
            throw new CommandFailedException("demo failed in Snowflake: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailedException("demo failed: " + e.getMessage(), e);
        }
        out.println();
        out.println("Done. Stand-ins stopped; nothing left this machine.");
        out.flush();
    }

    private void run(LocalDemoDeployment deployment) throws SQLException, IOException {
        step("Generate the service user's key pair (RSA 2048, PKCS#8 encrypted with AES-256 and a random passphrase)");
        LocalDemoDeployment.ServiceKey key = serviceKeys.get();
        out.println("  fingerprint " + key.fingerprint());

        step("As an administrator, create a role with USAGE on the secret's warehouse, database and schema, and the"
                + " TYPE = SERVICE user holding the public key and that role");
        deployment.serviceRoleStatements().forEach(sql -> out.println("  " + sql));
        String create = LocalDemoDeployment.createUserStatement(key);
        out.println("  " + create.substring(0, create.indexOf("RSA_PUBLIC_KEY") + 20) + "...'");
        out.println("  " + LocalDemoDeployment.grantServiceRoleStatement(LocalDemoDeployment.SERVICE_USER));
        out.println("  DESC USER: RSA_PUBLIC_KEY_FP = " + deployment.createServiceUser(key));

        step("Store the secret as the Glue recipe lays it out (key body and passphrase), through the AWS SDK");
        String arn = deployment.storeSecret(key);
        out.println("  " + arn + " with fields " + deployment.secretFieldNames(key));

        try (ScheduledQueryHandler scheduled = deployment.handler(functionLog())) {
            step("Invoke the scheduled handler, cold, as EventBridge Scheduler would: " + SCHEDULED_EVENT);
            scheduledRun(scheduled, deployment.standIns());
            printSessionContext(deployment.standIns().snowflake());

            step("Invoke it again, warm: the secret and the Snowflake session are reused");
            scheduledRun(scheduled, deployment.standIns());
        }

        try (HttpQueryHandler http = deployment.httpHandler(functionLog())) {
            step("Call the HTTP handler as API Gateway would (payload 2.0, IAM-signed caller): "
                    + "POST /queries/current_version");
            httpCall(http, sample("http-current-version.json"), 200);

            step("Start the same query asynchronously: POST /queries/current_version?async=true");
            String location = httpCall(http, sample("http-async-start.json"), 202).path("body").path("location")
                    .asText();

            step("Poll the run from another execution environment until it is done: GET " + location);
            try (HttpQueryHandler elsewhere = deployment.httpHandler(functionLog())) {
                pollUntilDone(elsewhere, location);
            }

            step("Send raw SQL: refused, only catalog queries run");
            httpCall(http, sample("http-raw-sql.json"), 400);

            step("Ask for a query the catalog does not have");
            httpCall(http, sample("http-unknown-query.json"), 404);
        }
    }

    private void pollUntilDone(HttpQueryHandler handler, String location) throws IOException {
        ObjectNode poll = sample("http-run-status.json");
        poll.put("rawPath", location);
        ((ObjectNode) poll.with("requestContext").with("http")).put("path", location);
        poll.with("pathParameters").put("queryId", location.substring(location.lastIndexOf('/') + 1));
        for (int attempt = 1; attempt <= MAX_POLLS; attempt++) {
            // 202 while the run is going, 200 with its rows once it is done; anything else fails the demo.
            if (httpCall(handler, poll, 202, 200).path("statusCode").asInt() == 200) {
                return;
            }
            // A client waits as the answer's Retry-After asks; the demo's run finishes in milliseconds.
            sleep(POLL_INTERVAL);
        }
        throw new CommandFailedException("the async run was still running after " + MAX_POLLS + " polls");
    }

    /**
     * Invokes {@code handler} with {@code event} as API Gateway would and prints the answer.
     *
     * @throws CommandFailedException the answer's status is none of {@code expected}: the demo proves each step
     */
    private JsonNode httpCall(HttpQueryHandler handler, ObjectNode event, int... expected) throws IOException {
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(json.writeValueAsBytes(event)), result,
                new LocalContext("snowgate-demo-http", INVOCATION_TIMEOUT, Clock.systemUTC()));
        JsonNode response = json.readTree(InvokeCommand.readable(result.toString(StandardCharsets.UTF_8)));
        ObjectNode body = response.path("body") instanceof ObjectNode shown ? shown.deepCopy() : null;
        if (body != null) {
            body.remove("elapsedMs");
        }
        out.println("  -> " + response.path("statusCode").asInt() + " "
                + (body == null ? response.path("body").toString() : json.writeValueAsString(body)));
        int status = response.path("statusCode").asInt();
        if (Arrays.stream(expected).noneMatch(e -> e == status)) {
            throw new CommandFailedException("the handler answered " + status + " where the demo expects "
                    + Arrays.stream(expected).mapToObj(String::valueOf).collect(Collectors.joining(" or ")));
        }
        return response;
    }

    private ObjectNode sample(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IOException("sample event " + name + " is missing from the CLI");
            }
            return (ObjectNode) json.readTree(in);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted");
        }
    }

    private void scheduledRun(ScheduledQueryHandler handler, LocalStandIns standIns) throws IOException {
        Map<String, Long> before = costs(standIns);
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        long start = System.nanoTime();
        handler.handleRequest(new ByteArrayInputStream(SCHEDULED_EVENT.getBytes(StandardCharsets.UTF_8)), result,
                new LocalContext("snowgate-demo-scheduled", INVOCATION_TIMEOUT, Clock.systemUTC()));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        Map<String, Long> after = costs(standIns);
        ObjectNode answer = (ObjectNode) json.readTree(result.toByteArray());
        answer.remove("elapsedMs");
        out.println("  result: " + json.writeValueAsString(answer));
        out.println("  " + millis + " ms, " + (after.get("fetches") - before.get("fetches")) + " GetSecretValue call(s), "
                + (after.get("logins") - before.get("logins")) + " Snowflake login(s)");
    }

    /** The role and context the function's session has, as Snowflake shows them: what the grants gave it. */
    private void printSessionContext(SnowflakeStandIn snowflake) {
        snowflake.sessions().stream()
                .filter(session -> session.user().equals(LocalDemoDeployment.SERVICE_USER) && !session.ended())
                .forEach(session -> out.println("  Snowflake session: role " + session.role() + ", warehouse "
                        + session.warehouse() + ", schema " + session.database() + "." + session.schema()));
    }

    private static Map<String, Long> costs(LocalStandIns standIns) {
        return Map.of("fetches", standIns.secretsManager().counters().count("GetSecretValue"),
                "logins", standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN));
    }

    /** The function's own JSON log lines, indented under the step that wrote them. */
    private PrintStream functionLog() {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b != '\n') {
                    line.write(b);
                    return;
                }
                out.println("  log: " + line.toString(StandardCharsets.UTF_8));
                out.flush();
                line.reset();
            }
        }, true, StandardCharsets.UTF_8);
    }

    private void step(String title) {
        out.println();
        out.println(++step + ". " + title);
        out.flush();
    }
}
