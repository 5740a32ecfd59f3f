package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code snowgate invoke} as a user runs it: its own JVM, configured only by environment variables. */
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
        Process process = ChildJvm.start(List.of(Main.class.getName(), "invoke", "--handler", handler,
                "--event", event.toString(), "--timeout", "30"), Map.of(
                "SNOWGATE_SECRET_ID", LocalDeployment.SECRET_ID,
                "SNOWGATE_SNOWFLAKE_URL", standIns.snowflake().endpoint().toString(),
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", standIns.secretsManager().endpoint().toString(),
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIDSNOWGATETEST",
                "AWS_SECRET_ACCESS_KEY", "snowgate-test-secret",
                "AWS_EC2_METADATA_DISABLED", "true"));
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void scheduledHandler_onTheShippedSampleEvent_printsItsResultAsJson() throws Exception {
        Run run = invoke("scheduled", Path.of("../events/scheduled-current-version.json"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        String lastLine = run.out().strip().lines().reduce((first, second) -> second).orElseThrow();
        JsonNode result = new ObjectMapper().readTree(lastLine);
        assertThat(result.get("query").asText()).isEqualTo("current_version");
        assertThat(result.get("rowCount").asInt()).isEqualTo(1);
        assertThat(standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN)).isEqualTo(1);
    }

    @Test
    void httpHandler_onTheShippedSampleEvent_printsTheResponseWithItsBodyParsed() throws Exception {
        Run run = invoke("http", Path.of("../events/http-current-version.json"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        String lastLine = run.out().strip().lines().reduce((first, second) -> second).orElseThrow();
        JsonNode response = new ObjectMapper().readTree(lastLine);
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
        assertThat(run.err().strip()).startsWith("snowgate: handler failed:").contains("rotation")
                .doesNotContain("\n");
    }

    @Test
    void failingHandler_exitsOneWithTheReasonOnOneLine() throws Exception {
        Path event = Files.writeString(dir.resolve("unknown.json"), "{\"query\":\"no_such_query\"}");

        Run run = invoke("scheduled", event);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip())
                .isEqualTo("snowgate: handler failed: UNKNOWN_QUERY: query 'no_such_query': no query named"
                        + " 'no_such_query' in the catalog");
    }

    @Test
    void unknownHandler_isAUsageError() throws Exception {
        Run run = invoke("nightly", Path.of("../events/scheduled-current-version.json"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown handler 'nightly'");
    }
}
