package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code events generate}: each event is one the real handler takes, as in the README's
 * {@code ./snowgate events generate http ... | ./snowgate invoke --handler http --event -}.
 */
class EventsCommandTest {

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private AwsSdkProperties sdk;
    private LocalDeployment deployment;
    private Map<String, String> env;

    @BeforeEach
    void deploy() {
        sdk = new AwsSdkProperties(standIns.secretsManager());
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake())
                .install(UserKey.generate(dir.resolve("key"), "events-passphrase"));
        env = Map.of("SNOWGATE_SECRET_ID", LocalDeployment.SECRET_ID,
                "SNOWGATE_SNOWFLAKE_URL", standIns.snowflake().endpoint().toString());
    }

    @AfterEach
    void close() {
        deployment.close();
        sdk.close();
    }

    private JsonNode pipeIntoInvoke(String handler, CliRun generated) throws Exception {
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        CliRun invoked = CliRun.runWithStdin(env, generated.out().getBytes(StandardCharsets.UTF_8),
                "invoke", "--handler", handler, "--event", "-");
        assertThat(invoked.exitCode()).as(invoked.err()).isZero();
        return json.readTree(invoked.out());
    }

    @Test
    void http_isAPayload2EventFromTheDefaultIamCaller_thatTheHandlerAnswers() throws Exception {
        CliRun generated = CliRun.run(env, "events", "generate", "http", "current_version");

        JsonNode event = json.readTree(generated.out());
        assertThat(event.get("version").asText()).isEqualTo("2.0");
        assertThat(event.get("routeKey").asText()).isEqualTo("POST /queries/current_version");
        assertThat(event.at("/requestContext/authorizer/iam/userArn").asText()).isEqualTo(ApiEvents.DEFAULT_CALLER);
        assertThat(event.at("/requestContext/authorizer/iam/accountId").asText()).isEqualTo("111122223333");
        JsonNode response = pipeIntoInvoke("http", generated);
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(response.at("/body/query").asText()).isEqualTo("current_version");
    }

    @Test
    void http_async_setsTheRawQueryStringAndItsParametersTogether() throws Exception {
        CliRun generated = CliRun.run(env, "events", "generate", "http", "current_version", "--async",
                "--caller", "arn:aws:sts::210987654321:assumed-role/ReportingJob/job");

        JsonNode event = json.readTree(generated.out());
        assertThat(event.get("rawQueryString").asText()).isEqualTo("async=true");
        assertThat(event.at("/queryStringParameters/async").asText()).isEqualTo("true");
        assertThat(event.at("/requestContext/authorizer/iam/userArn").asText())
                .isEqualTo("arn:aws:sts::210987654321:assumed-role/ReportingJob/job");
        assertThat(pipeIntoInvoke("http", generated).get("statusCode").asInt()).isEqualTo(202);
    }

    @Test
    void http_run_isTheRunStatusRouteWithItsPathParameters() throws Exception {
        CliRun generated = CliRun.run(env, "events", "generate", "http", "current_version", "--run", "01b2-c3");

        JsonNode event = json.readTree(generated.out());
        assertThat(event.get("routeKey").asText()).isEqualTo("GET /queries/{name}/runs/{queryId}");
        assertThat(event.get("rawPath").asText()).isEqualTo("/queries/current_version/runs/01b2-c3");
        assertThat(event.get("pathParameters")).isEqualTo(json.readTree(
                "{\"name\":\"current_version\",\"queryId\":\"01b2-c3\"}"));
    }

    @Test
    void scheduled_isTheSchedulersEvent_thatTheHandlerRuns() throws Exception {
        CliRun generated = CliRun.run(env, "events", "generate", "scheduled", "current_version");

        JsonNode event = json.readTree(generated.out());
        assertThat(event.get("query").asText()).isEqualTo("current_version");
        assertThat(event.get("params").isObject()).isTrue();
        assertThat(event.get("scheduledTime").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(pipeIntoInvoke("scheduled", generated).get("rowCount").asInt()).isEqualTo(1);
    }

    @Test
    void scheduled_withoutParams_takesTheQuerysSchedulesParams() throws Exception {
        CliRun generated = CliRun.run(env, "events", "generate", "scheduled", "warehouse_credits_by_day");

        assertThat(json.readTree(generated.out()).get("params")).isEqualTo(json.readTree("{\"days\":1}"));
    }

    @Test
    void scheduled_ofAQueryTheCatalogLacks_isStillMade_withAWarningThatTheHandlerWouldFailIt() throws Exception {
        CliRun generated = CliRun.run(env, "events", "generate", "scheduled", "no_such_query");

        assertThat(generated.exitCode()).isZero();
        assertThat(json.readTree(generated.out()).get("query").asText()).isEqualTo("no_such_query");
        assertThat(generated.err()).contains("snowgate: warning: the catalog has no query named no_such_query;"
                + " the scheduled handler would fail the event UNKNOWN_QUERY");
    }

    @Test
    void rotation_isSecretsManagersStepEvent_thatTheRotationHandlerReads() throws Exception {
        CliRun generated = CliRun.run(env, "events", "generate", "rotation", "--step", "testSecret");

        JsonNode event = json.readTree(generated.out());
        assertThat(event.get("Step").asText()).isEqualTo("testSecret");
        assertThat(event.get("SecretId").asText()).isEqualTo(LocalDeployment.SECRET_ID);
        assertThat(event.get("ClientRequestToken").asText()).matches("[0-9a-f-]{36}");
        CliRun invoked = CliRun.runWithStdin(env, generated.out().getBytes(StandardCharsets.UTF_8),
                "invoke", "--handler", "rotation", "--event", "-");
        // The handler read the event: it refuses a rotation the secret never started, naming the step's rule.
        assertThat(invoked.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(invoked.err()).contains("snowgate: handler failed:").contains("does not have rotation enabled")
                .doesNotContain("is not a rotation event").doesNotContain("is missing from the rotation event");
    }
}
