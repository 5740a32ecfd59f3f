package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.cli.ChildJvm.Exited;
import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.snowflake.QueryInfo;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snowgate invoke} as a user runs it: its own JVM, configured only by environment variables; its stdout is
 * what {@code > result.json} or {@code | jq} gets.
 */
class InvokeCommandTest {

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path dir;

    private LocalDeployment deployment;

    @BeforeEach
    void deploy() {
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake())
                .install(UserKey.generate(dir.resolve("key"), "invoke-passphrase"));
    }

    @AfterEach
    void close() {
        deployment.close();
    }

    private Exited invoke(String handler, Path event) throws IOException, InterruptedException, ExecutionException {
        return invoke(handler, event.toString(), new byte[0], Map.of());
    }

    /** As a user runs it: its own JVM, {@code stdin} on its standard input, {@code extra} added to its environment. */
    private Exited invoke(String handler, String event, byte[] stdin, Map<String, String> extra)
            throws IOException, InterruptedException, ExecutionException {
        Process process = start(handler, event, 30, extra);
        try (var in = process.getOutputStream()) {
            in.write(stdin);
        }
        return ChildJvm.exited(process).get();
    }

    private Process start(String handler, String event, int timeoutSeconds, Map<String, String> extra)
            throws IOException {
        Map<String, String> environment = new java.util.HashMap<>(ChildJvm.awsEnvironment(standIns.secretsManager()));
        environment.put("SNOWGATE_SECRET_ID", LocalDeployment.SECRET_ID);
        environment.put("SNOWGATE_SNOWFLAKE_URL", standIns.snowflake().endpoint().toString());
        environment.putAll(extra);
        return ChildJvm.start(List.of(Main.class.getName(), "invoke", "--handler", handler,
                "--event", event, "--timeout", String.valueOf(timeoutSeconds)), environment);
    }

    /** Stdout as {@code > result.json} or {@code | jq} takes it: exactly one JSON document, nothing after it. */
    private static JsonNode oneJsonDocument(String stdout) throws IOException {
        return new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(stdout);
    }

    @Test
    void scheduledHandler_onTheShippedSampleEvent_printsItsResultAlone_andItsLogsOnStderr() throws Exception {
        Exited run = invoke("scheduled", Path.of("../events/scheduled-current-version.json"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = oneJsonDocument(run.out());
        assertThat(result.get("query").asText()).isEqualTo("current_version");
        assertThat(run.err()).contains("\"event\":\"scheduled_query_succeeded\"").contains("\"_aws\":{")
                .contains("snowgate: catalog " + Path.of("..", "queries", "catalog.yaml").toAbsolutePath().normalize());
        assertThat(result.get("rowCount").asInt()).isEqualTo(1);
        assertThat(standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN)).isEqualTo(1);
    }

    @Test
    void httpHandler_onTheShippedSampleEvent_printsTheResponseWithItsBodyParsed() throws Exception {
        Exited run = invoke("http", Path.of("../events/http-current-version.json"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode response = oneJsonDocument(run.out());
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(response.get("body").get("query").asText()).isEqualTo("current_version");
        assertThat(response.get("body").get("rowCount").asInt()).isEqualTo(1);
    }

    @Test
    void rotationHandler_refusesASecretWhoseRotationIsNotEnabled() throws Exception {
        Path event = Files.writeString(dir.resolve("rotation.json"), "{\"Step\":\"createSecret\",\"SecretId\":\""
                + LocalDeployment.SECRET_ID + "\",\"ClientRequestToken\":\"00000000-0000-4000-8000-000000000001\"}");

        Exited run = invoke("rotation", event);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(lastLine(run.err())).startsWith("snowgate: handler failed:")
                .contains("does not have rotation enabled");
    }

    @Test
    void failingHandler_exitsOneWithTheReasonOnOneLine() throws Exception {
        Path event = Files.writeString(dir.resolve("unknown.json"), "{\"query\":\"no_such_query\"}");

        Exited run = invoke("scheduled", event);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(lastLine(run.err()))
                .isEqualTo("snowgate: handler failed: UNKNOWN_QUERY: query 'no_such_query': no query named"
                        + " 'no_such_query' in the catalog");
    }

    /**
     * Lambda always sets AWS_REGION; a shell may not. Without a region the SDK cannot build the Secrets Manager client:
     * the failure says so, as a secret that could not be read, not as an internal error.
     */
    @Test
    void noAwsRegion_failsAsASecretThatCannotBeRead_namingTheMissingRegion() throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(ChildJvm.awsEnvironment(standIns.secretsManager()));
        environment.remove("AWS_REGION");
        environment.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        environment.put("SNOWGATE_SECRET_ID", LocalDeployment.SECRET_ID);
        environment.put("SNOWGATE_SNOWFLAKE_URL", standIns.snowflake().endpoint().toString());
        Process process = ChildJvm.start(List.of(Main.class.getName(), "invoke", "--handler", "scheduled", "--event",
                "../events/scheduled-current-version.json"), environment, java.util.Set.of("AWS_REGION",
                "AWS_DEFAULT_REGION", "AWS_PROFILE"));
        process.getOutputStream().close();

        Exited run = ChildJvm.exited(process).get();

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(lastLine(run.err())).startsWith("snowgate: handler failed: SECRET_UNAVAILABLE: query"
                + " 'current_version': secret " + LocalDeployment.SECRET_ID + " could not be read (NotConfigured):"
                + " the Secrets Manager client could not be built: no AWS region (set AWS_REGION)");
    }

    @Test
    void eventDash_readsTheEventFromStdin_asAPipeFromEventsGenerateDoes() throws Exception {
        byte[] event = Files.readAllBytes(Path.of("../events/http-async-start.json"));

        Exited run = invoke("http", "-", event, Map.of());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode response = oneJsonDocument(run.out());
        assertThat(response.get("statusCode").asInt()).isEqualTo(202);
        assertThat(response.get("body").get("status").asText()).isEqualTo("RUNNING");
    }

    @Test
    void aQueryAddedToTheCatalogFile_runsAtOnce_withNoRebuild() throws Exception {
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), Files.readString(
                Path.of("../queries/catalog.yaml")) + """

                  - name: added_after_the_build
                    sql: SELECT 42 AS answer
                """);
        Path event = Files.writeString(dir.resolve("added.json"), "{\"query\":\"added_after_the_build\"}");

        Exited run = invoke("scheduled", event.toString(), new byte[0],
                Map.of("SNOWGATE_CATALOG", catalog.toString()));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(oneJsonDocument(run.out()).get("rows").get(0).get("ANSWER").asInt()).isEqualTo(42);
        assertThat(run.err()).contains("snowgate: catalog " + catalog);
    }

    @Test
    void ctrlC_whileAStatementRuns_abortsItInSnowflake_andLogsTheSessionOut() throws Exception {
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), Files.readString(
                Path.of("../queries/catalog.yaml")) + """

                  - name: ten_minutes
                    sql: SELECT SYSTEM$WAIT(600) AS waited
                    timeoutSeconds: 600
                """);
        Path event = Files.writeString(dir.resolve("slow.json"), "{\"query\":\"ten_minutes\"}");
        Process process = start("scheduled", event.toString(), 900, Map.of("SNOWGATE_CATALOG", catalog.toString()));
        process.getOutputStream().close();
        CompletableFuture<Exited> exited = ChildJvm.exited(process);
        Eventually.await("the statement to run in Snowflake", Duration.ofSeconds(60), this::tenMinutes,
                statement -> statement.isPresent() && statement.get().status() == QueryInfo.Status.RUNNING);

        ChildJvm.interrupt(process);
        Exited run = exited.get();

        assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("snowgate: interrupted: " + CloseOnSignal.SESSION_LOGGED_OUT)
                .doesNotContain("did not answer");
        assertThat(tenMinutes()).get().extracting(QueryInfo::status).as("the statement once the command exited")
                .isEqualTo(QueryInfo.Status.ABORTED);
        assertThat(standIns.snowflake().sessions()).singleElement().satisfies(s -> assertThat(s.ended()).isTrue());
    }

    private java.util.Optional<QueryInfo> tenMinutes() {
        return standIns.snowflake().queries().stream().filter(q -> q.sqlText().contains("SYSTEM$WAIT(600)"))
                .findFirst();
    }

    private static String lastLine(String text) {
        return text.strip().lines().reduce((first, second) -> second).orElseThrow();
    }

    @Test
    void unknownHandler_isAUsageError() throws Exception {
        Exited run = invoke("nightly", Path.of("../events/scheduled-current-version.json"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown handler 'nightly'");
    }
}
