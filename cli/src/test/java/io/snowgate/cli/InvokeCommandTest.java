package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    private record Run(int exitCode, String out, String err) {
    }

    private Run invoke(String handler, Path event) throws IOException, InterruptedException {
        return invoke(handler, event.toString(), new byte[0], Map.of());
    }

    /** As a user runs it: its own JVM, {@code stdin} on its standard input, {@code extra} added to its environment. */
    private Run invoke(String handler, String event, byte[] stdin, Map<String, String> extra)
            throws IOException, InterruptedException {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "SNOWGATE_SECRET_ID", LocalDeployment.SECRET_ID,
                "SNOWGATE_SNOWFLAKE_URL", standIns.snowflake().endpoint().toString(),
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", standIns.secretsManager().endpoint().toString(),
                "AWS_REGION", standIns.secretsManager().region(),
                "AWS_ACCESS_KEY_ID", SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", SecretsManagerStandIn.DEFAULT_SECRET_ACCESS_KEY,
                "AWS_EC2_METADATA_DISABLED", "true"));
        environment.putAll(extra);
        Process process = ChildJvm.start(List.of(Main.class.getName(), "invoke", "--handler", handler,
                "--event", event, "--timeout", "30"), environment);
        try (var in = process.getOutputStream()) {
            in.write(stdin);
        }
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Stdout as {@code > result.json} or {@code | jq} takes it: exactly one JSON document, nothing after it. */
    private static JsonNode oneJsonDocument(String stdout) throws IOException {
        return new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(stdout);
    }

    @Test
    void scheduledHandler_onTheShippedSampleEvent_printsItsResultAlone_andItsLogsOnStderr() throws Exception {
        Run run = invoke("scheduled", Path.of("../events/scheduled-current-version.json"));

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
        Run run = invoke("http", Path.of("../events/http-current-version.json"));

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

        Run run = invoke("rotation", event);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(lastLine(run.err())).startsWith("snowgate: handler failed:").contains("rotation");
    }

    @Test
    void failingHandler_exitsOneWithTheReasonOnOneLine() throws Exception {
        Path event = Files.writeString(dir.resolve("unknown.json"), "{\"query\":\"no_such_query\"}");

        Run run = invoke("scheduled", event);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(lastLine(run.err()))
                .isEqualTo("snowgate: handler failed: UNKNOWN_QUERY: query 'no_such_query': no query named"
                        + " 'no_such_query' in the catalog");
    }

    @Test
    void eventDash_readsTheEventFromStdin_asAPipeFromEventsGenerateDoes() throws Exception {
        byte[] event = Files.readAllBytes(Path.of("../events/http-async-start.json"));

        Run run = invoke("http", "-", event, Map.of());

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

        Run run = invoke("scheduled", event.toString(), new byte[0], Map.of("SNOWGATE_CATALOG", catalog.toString()));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(oneJsonDocument(run.out()).get("rows").get(0).get("ANSWER").asInt()).isEqualTo(42);
        assertThat(run.err()).contains("snowgate: catalog " + catalog);
    }

    private static String lastLine(String text) {
        return text.strip().lines().reduce((first, second) -> second).orElseThrow();
    }

    @Test
    void unknownHandler_isAUsageError() throws Exception {
        Run run = invoke("nightly", Path.of("../events/scheduled-current-version.json"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown handler 'nightly'");
    }
}
