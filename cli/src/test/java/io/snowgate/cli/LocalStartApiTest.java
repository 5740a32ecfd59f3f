package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.snowflake.QueryInfo;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code snowgate local start-api} as the README has it: pointed at the stand-ins by the same environment
 * {@code invoke} uses, called with a plain HTTP client, one warm function behind it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalStartApiTest {

    private static final String CALLER = "arn:aws:sts::210987654321:assumed-role/ReportingJob/nightly";

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path dir;

    private AwsSdkProperties sdk;
    private LocalDeployment deployment;
    private final StringWriter err = new StringWriter();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Thread server;
    private CompletableFuture<Integer> exitCode;
    private URI api;
    private final List<String> printed = new ArrayList<>();

    @BeforeEach
    void startApi() throws Exception {
        sdk = new AwsSdkProperties(standIns.secretsManager());
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake())
                .install(UserKey.generate(dir.resolve("key"), "start-api-passphrase"));
        PipedReader lines = new PipedReader();
        PrintWriter out = new PrintWriter(new PipedWriter(lines), true);
        CommandLine commandLine = SnowgateCommand.commandLine().setOut(out).setErr(new PrintWriter(err, true));
        SnowgateCommand root = commandLine.getCommand();
        // The working tree's catalog, and a query that runs as long as asked.
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), Files.readString(Path.of("..", "queries",
                "catalog.yaml")) + """

                  - name: wait_seconds
                    sql: SELECT SYSTEM$WAIT(:seconds) AS waited
                    parameters:
                      - name: seconds
                        type: integer
                    http: true
                    timeoutSeconds: 25
                """);
        root.environment = Map.of(
                "SNOWGATE_SECRET_ID", LocalDeployment.SECRET_ID,
                "SNOWGATE_SNOWFLAKE_URL", standIns.snowflake().endpoint().toString(),
                "SNOWGATE_CATALOG", catalog.toString());
        exitCode = new CompletableFuture<>();
        server = new Thread(() -> exitCode.complete(commandLine.execute("local", "start-api", "--port", "0",
                "--caller", CALLER)), "start-api");
        server.start();
        BufferedReader reader = new BufferedReader(lines);
        String line;
        while ((line = reader.readLine()) != null && !line.startsWith("route: GET")) {
            printed.add(line);
        }
        printed.add(line);
        api = URI.create(printed.getFirst().substring("api: ".length()));
    }

    /** Stops the API as Ctrl-C does (in-process, by interrupting its thread), once. */
    private void stop() throws Exception {
        if (!exitCode.isDone()) {
            server.interrupt();
            assertThat(exitCode.get(20, TimeUnit.SECONDS)).isZero();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            stop();
        } finally {
            deployment.close();
            sdk.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(60));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long logins() {
        return standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN);
    }

    private long secretFetches() {
        return standIns.secretsManager().counters().count("GetSecretValue");
    }

    @Test
    void startApi_printsItsEndpointAndTheRoutesTheCdkAppDeclares() {
        assertThat(printed.getFirst()).matches("api: http://127\\.0\\.0\\.1:\\d+");
        assertThat(printed.subList(1, printed.size())).containsExactly(
                "route: POST /queries/current_version",
                "route: POST /queries/warehouse_credits_by_day",
                "route: POST /queries/failed_logins",
                "route: POST /queries/wait_seconds",
                "route: GET /queries/{name}/runs/{queryId}");
        assertThat(err.toString()).contains("snowgate: catalog " + dir.resolve("catalog.yaml"));
    }

    @Test
    void aSecondStartApi_onThePortTheFirstHolds_failsAtOnce_beforeStartingAnyStandIn() {
        StringWriter out = new StringWriter();
        StringWriter secondErr = new StringWriter();
        CommandLine second = SnowgateCommand.commandLine().setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(secondErr, true));
        // No SNOWGATE_SECRET_ID: left to go on, it would start stand-ins of its own and print their endpoints.
        ((SnowgateCommand) second.getCommand()).environment = Map.of("SNOWGATE_CATALOG",
                dir.resolve("catalog.yaml").toString());

        int exitCode = second.execute("local", "start-api", "--port", Integer.toString(api.getPort()));

        assertThat(exitCode).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(secondErr.toString()).contains("cannot bind 127.0.0.1:" + api.getPort())
                .contains("choose another with --port")
                .doesNotContain("starting the stand-ins");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void stopping_whileARequestRuns_abortsItsStatement_andAnswersIt502() throws Exception {
        CompletableFuture<HttpResponse<String>> running = CompletableFuture.supplyAsync(() -> {
            try {
                return send("POST", "/queries/wait_seconds", "{\"params\":{\"seconds\":20}}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Eventually.await("the statement to run in Snowflake", Duration.ofSeconds(30), this::waitStatement,
                statement -> statement.isPresent() && statement.get().status() == QueryInfo.Status.RUNNING);

        stop();
        HttpResponse<String> answer = running.get(10, TimeUnit.SECONDS);

        assertThat(waitStatement()).get().extracting(QueryInfo::status).isEqualTo(QueryInfo.Status.ABORTED);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(502);
        JsonNode error = json.readTree(answer.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("SNOWFLAKE_UNAVAILABLE");
        // Callers get the code's fixed message; the function's log says what happened.
        assertThat(error.path("message").asText()).isEqualTo("Snowflake could not be reached; try again later");
        assertThat(err.toString()).contains("the Snowflake session was closed while query 'wait_seconds' was under"
                + " way: the function was stopped");
        assertThat(standIns.snowflake().sessions()).allSatisfy(s -> assertThat(s.ended()).isTrue());
    }

    private java.util.Optional<QueryInfo> waitStatement() {
        return standIns.snowflake().queries().stream().filter(q -> q.sqlText().contains("SYSTEM$WAIT")).findFirst();
    }

    @Test
    void syncPost_answersWithTheRows_asTheConfiguredIamCaller() throws Exception {
        HttpResponse<String> response = send("POST", "/queries/current_version", "{\"params\":{}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("query").asText()).isEqualTo("current_version");
        assertThat(body.path("rowCount").asInt()).isEqualTo(1);
        assertThat(err.toString()).contains("\"event\":\"http_request\"").contains("\"caller\":\"" + CALLER + "\"");
    }

    @Test
    void asyncPost_answers202WithALocation_thatGetPollsUntilTheRows() throws Exception {
        HttpResponse<String> started = send("POST", "/queries/current_version?async=true", null);

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("location").orElseThrow();
        assertThat(location).startsWith("/queries/current_version/runs/");
        HttpResponse<String> poll = send("GET", location, null);
        for (int attempt = 0; attempt < 50 && poll.statusCode() == 202; attempt++) {
            Thread.sleep(100);
            poll = send("GET", location, null);
        }
        assertThat(poll.statusCode()).as(poll.body()).isEqualTo(200);
        assertThat(json.readTree(poll.body()).path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aPathNoRouteTakes_getsTheGatewaysNotFound_andNeverReachesTheFunction() throws Exception {
        HttpResponse<String> unrouted = send("POST", "/queries/no_such_query", "{}");
        HttpResponse<String> wrongMethod = send("GET", "/queries/current_version", null);

        assertThat(unrouted.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unrouted.body())).isEqualTo(json.readTree("{\"message\":\"Not Found\"}"));
        assertThat(wrongMethod.statusCode()).isEqualTo(404);
        assertThat(err.toString()).doesNotContain("\"event\":\"http_request\"");
    }

    @Test
    void anUnknownQueryOnTheRunRoute_getsTheHandlers404() throws Exception {
        HttpResponse<String> response = send("GET", "/queries/no_such_query/runs/01b2c3d4-0000-4000-8000-000000000000",
                null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readTree(response.body()).path("error").path("code").asText()).isEqualTo("UNKNOWN_QUERY");
    }

    @Test
    void secondRequest_reusesTheWarmFunction_noSecretFetchNoLogin() throws Exception {
        assertThat(send("POST", "/queries/current_version", null).statusCode()).isEqualTo(200);
        long fetches = secretFetches();
        long logins = logins();

        HttpResponse<String> warm = send("POST", "/queries/current_version", null);

        assertThat(warm.statusCode()).isEqualTo(200);
        assertThat(fetches).isEqualTo(1);
        assertThat(logins).isEqualTo(1);
        assertThat(secretFetches()).isEqualTo(fetches);
        assertThat(logins()).isEqualTo(logins);
        assertThat(err.toString()).contains("\"coldStart\":false");
    }
}
