package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.snowflake.QueryInfo;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code snowgate run QUERY}: the event built for the user, the real handler, the stand-ins. */
class RunCommandTest {

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path dir;

    private AwsSdkProperties sdk;
    private LocalDeployment deployment;
    private Map<String, String> env;

    @BeforeEach
    void deploy() throws IOException {
        sdk = new AwsSdkProperties(standIns.secretsManager());
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake())
                .install(UserKey.generate(dir.resolve("key"), "run-passphrase"));
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), """
                queries:
                  - name: echo_text
                    sql: SELECT CAST(:text AS VARCHAR) AS echoed, CAST(:n AS INTEGER) AS n
                    parameters:
                      - name: text
                        type: string
                      - name: n
                        type: integer
                    http: true
                  - name: not_over_http
                    sql: SELECT 7 AS seven
                  - name: decimals
                    sql: SELECT CAST(2 AS NUMBER(10,2)) AS price, CAST(0.0000001 AS NUMBER(20,19)) AS rate
                    http: true
                  - name: longer_than_the_api_waits
                    sql: SELECT 8 AS eight
                    timeoutSeconds: 60
                    http: true
                  - name: ten_minutes
                    sql: SELECT SYSTEM$WAIT(600) AS waited
                    timeoutSeconds: 600
                    http: true
                  - name: missing_table
                    sql: SELECT * FROM no_such_table
                    http: true
                  - name: days_back
                    sql: SELECT CAST(:days AS INTEGER) AS days
                    parameters:
                      - name: days
                        type: integer
                    schedule:
                      expression: rate(1 day)
                      params:
                        days: 3
                """);
        env = Map.of("SNOWGATE_SECRET_ID", LocalDeployment.SECRET_ID,
                "SNOWGATE_SNOWFLAKE_URL", standIns.snowflake().endpoint().toString(),
                "SNOWGATE_CATALOG", catalog.toString());
    }

    @AfterEach
    void close() {
        deployment.close();
        sdk.close();
    }

    private static JsonNode oneJsonDocument(String stdout) throws IOException {
        return new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(stdout);
    }

    @Test
    void run_anHttpQuery_postsItWithTypedParams_andPrintsTheResponse() throws Exception {
        CliRun run = CliRun.run(env, "run", "echo_text", "--param", "text=hello", "--param", "n=3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode response = oneJsonDocument(run.out());
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(response.get("body").get("rows")).isEqualTo(new ObjectMapper().readTree(
                "[{\"ECHOED\":\"hello\",\"N\":3}]"));
        assertThat(run.err()).contains("snowgate: running echo_text via http (POST /queries/echo_text)")
                .contains("\"caller\":\"" + ApiEvents.DEFAULT_CALLER + "\"");
    }

    @Test
    void run_printsDecimals_exactlyAsTheFunctionAnswers_everyPlaceOfTheirScale() throws Exception {
        CliRun run = CliRun.run(env, "run", "decimals");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // Not 2 or 1.0E-7: what the function wrote, as the README's "Values" promises a caller gets.
        assertThat(run.out()).contains("\"PRICE\":2.00", "\"RATE\":0.0000001000000000000");
    }

    @Test
    void run_async_startsARunAndPollsItUntilDone() throws Exception {
        CliRun run = CliRun.run(env, "run", "echo_text", "--param", "text=later", "--param", "n=1", "--async");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode response = oneJsonDocument(run.out());
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(response.get("body").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(response.get("body").get("rows").get(0).get("ECHOED").asText()).isEqualTo("later");
        assertThat(run.err()).contains("POST /queries/echo_text?async=true").contains("\"method\":\"GET\"");
    }

    @Test
    void run_aQueryTheApiRunsAsynchronously_isPolledToItsAnswer_withoutAsync() throws Exception {
        // Allowed longer than the API waits (29 s), the query answers 202 even unasked; stdout is still the answer.
        CliRun run = CliRun.run(env, "run", "longer_than_the_api_waits");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode response = oneJsonDocument(run.out());
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(response.get("body").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(response.get("body").get("rows").get(0).get("EIGHT").asInt()).isEqualTo(8);
    }

    @Test
    void ctrlC_whilePollingARun_leavesTheRunGoing_andSaysHowToReadIt() throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(ChildJvm.awsEnvironment(standIns.secretsManager()));
        environment.putAll(env);
        Process process = ChildJvm.start(List.of(Main.class.getName(), "run", "ten_minutes", "--async", "--timeout",
                "900"), environment);
        process.getOutputStream().close();
        CompletableFuture<ChildJvm.Exited> exited = ChildJvm.exited(process);
        // Its status looked up again and again: the run was answered 202 and is being polled.
        Eventually.await("the run to be polled", Duration.ofSeconds(60),
                () -> standIns.snowflake().counters().count(SnowflakeStandIn.MONITORING), polls -> polls >= 3);

        ChildJvm.interrupt(process);
        ChildJvm.Exited run = exited.get();

        try {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
            QueryInfo statement = standIns.snowflake().queries().stream()
                    .filter(q -> q.sqlText().contains("SYSTEM$WAIT(600)")).findFirst().orElseThrow();
            assertThat(statement.status()).isEqualTo(QueryInfo.Status.RUNNING);
            assertThat(standIns.snowflake().counters().count(SnowflakeStandIn.ABORT)).isZero();
            String id = statement.id();
            assertThat(run.err()).contains("snowgate: interrupted: run " + id + " goes on in Snowflake until it"
                    + " finishes or reaches its timeout; read it with ./snowgate events generate http ten_minutes"
                    + " --run " + id + " | ./snowgate invoke --handler http --event -, or stop it in Snowflake with"
                    + " SELECT SYSTEM$CANCEL_QUERY('" + id + "')");

            // The advice works: the event it makes, given to the handler, answers the run still running.
            CliRun event = CliRun.run(env, "events", "generate", "http", "ten_minutes", "--run", id);
            CliRun read = CliRun.runWithStdin(env, event.out().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "invoke", "--handler", "http", "--event", "-");
            assertThat(read.exitCode()).as(read.err()).isZero();
            JsonNode answer = oneJsonDocument(read.out());
            assertThat(answer.path("statusCode").asInt()).isEqualTo(202);
            assertThat(answer.path("body").path("queryId").asText()).isEqualTo(id);
        } finally {
            // As an administrator would: the stand-in would otherwise wait ten minutes for the run when it stops.
            standIns.snowflake().endSessions(LocalDeployment.USER);
        }
    }

    @Test
    void run_aQueryNotOverHttp_goesThroughTheScheduledHandler() throws Exception {
        CliRun run = CliRun.run(env, "run", "not_over_http");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = oneJsonDocument(run.out());
        assertThat(summary.get("query").asText()).isEqualTo("not_over_http");
        assertThat(summary.get("rows").get(0).get("SEVEN").asInt()).isEqualTo(7);
        assertThat(run.err()).contains("via scheduled");
    }

    @Test
    void run_viaScheduled_sendsTheSchedulersEvent() throws Exception {
        CliRun run = CliRun.run(env, "run", "echo_text", "--via", "scheduled", "--param", "text=t", "--param", "n=2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(oneJsonDocument(run.out()).get("rowCount").asInt()).isEqualTo(1);
        assertThat(run.err()).contains("\"event\":\"scheduled_query_succeeded\"");
    }

    @Test
    void run_viaHttp_ofAQueryNotOverHttp_warnsThatNoRouteTakesIt_beforeTheHandlersUnknownQuery() throws Exception {
        CliRun run = CliRun.run(env, "run", "not_over_http", "--via", "http");

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.err()).contains("snowgate: warning: no route takes POST /queries/not_over_http (is the query"
                + " marked http: true?); the deployed API would answer 404");
        assertThat(lastLine(run.err())).startsWith("snowgate: 404 UNKNOWN_QUERY: ");
    }

    @Test
    void run_viaScheduled_withoutParams_sendsTheSchedulesParams_asTheSchedulerDoes() throws Exception {
        CliRun scheduled = CliRun.run(env, "run", "days_back");

        assertThat(scheduled.exitCode()).as(scheduled.err()).isZero();
        assertThat(oneJsonDocument(scheduled.out()).get("rows").get(0).get("DAYS").asInt()).isEqualTo(3);

        CliRun given = CliRun.run(env, "run", "days_back", "--param", "days=9");

        assertThat(given.exitCode()).as(given.err()).isZero();
        assertThat(oneJsonDocument(given.out()).get("rows").get(0).get("DAYS").asInt()).isEqualTo(9);
    }

    @Test
    void aFailure_whoseSnowflakeMessageSpansLines_isOneLineOnStderr_asScriptsReadTheReason() throws Exception {
        CliRun run = CliRun.run(env, "run", "missing_table", "--via", "scheduled");

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        // Snowflake writes "SQL compilation error:\nObject ... does not exist or not authorized."
        assertThat(lastLine(run.err())).isEqualTo("snowgate: handler failed: QUERY_MISCONFIGURED: query"
                + " 'missing_table': SQL compilation error: Object 'NO_SUCH_TABLE' does not exist or not authorized.");
    }

    @Test
    void anHttpFailureThatIsTheOperators_endsWithTheCallersAnswer_afterTheLogLineWithItsDetail() throws Exception {
        CliRun run = CliRun.run(env, "run", "missing_table", "--via", "http");

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(lastLine(run.err())).startsWith("snowgate: 502 QUERY_MISCONFIGURED: Snowflake refused the query as"
                + " the service is set up");
        assertThat(run.err()).contains("Object 'NO_SUCH_TABLE' does not exist or not authorized.");
    }

    private static String lastLine(String text) {
        return text.strip().lines().reduce((first, second) -> second).orElseThrow();
    }

    @Test
    void run_aMistypedParam_isTheHandlers400_andExits1() throws Exception {
        CliRun run = CliRun.run(env, "run", "echo_text", "--param", "text=x", "--param", "n=three");

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        JsonNode response = oneJsonDocument(run.out());
        assertThat(response.get("statusCode").asInt()).isEqualTo(400);
        assertThat(response.get("body").get("error").get("code").asText()).isEqualTo("INVALID_PARAMETER");
        assertThat(run.err()).contains("snowgate: 400 INVALID_PARAMETER: ");
    }
}
