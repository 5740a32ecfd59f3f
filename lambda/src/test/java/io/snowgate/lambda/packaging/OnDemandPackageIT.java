package io.snowgate.lambda.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.contract.FunctionSizing;
import io.snowgate.emulator.lambda.CustomRuntimeProcess;
import io.snowgate.emulator.lambda.FunctionPackageFiles;
import io.snowgate.emulator.lambda.RuntimeApiStandIn.Outcome;
import io.snowgate.lambda.http.ApiGatewayEventFixtures;
import io.snowgate.lambda.http.ApiGatewayEventFixtures.Payload;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-demand package ({@code target/snowgate-lambda-on-demand.zip}, see {@link OnDemandPackageBuilder}) run as
 * Lambda runs a custom runtime: unpacked with its file modes into a directory of its own, its {@code bootstrap}
 * started with the variables Lambda sets ({@code LAMBDA_TASK_ROOT}, {@code _HANDLER}, {@code AWS_LAMBDA_RUNTIME_API}
 * ...) and the function's own, serving events from the Runtime API stand-in through AWS's unmodified runtime interface
 * client, the queries going to the Secrets Manager and Snowflake stand-ins. Every run has {@code -XX:AOTMode=on}, so
 * the JVM refuses to start unless it can use the package's AOT cache where the package was unpacked.
 */
class OnDemandPackageIT {

    private static final Path PACKAGE = Path.of("target", "snowgate-lambda-on-demand.zip");
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(60);
    /** The handler settings the CDK app gives the functions. */
    private static final String SCHEDULED_HANDLER = ScheduledQueryHandler.class.getName() + "::handleRequest";
    private static final String HTTP_HANDLER = HttpQueryHandler.class.getName() + "::handleRequest";

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private LocalDeployment deployment;
    private Path task;

    @BeforeEach
    void unpack() throws IOException {
        assumeThat(Runtime.version().feature()).as("the on-demand package is built only by a JDK 25 or newer")
                .isGreaterThanOrEqualTo(25);
        assertThat(PACKAGE).as("built in the package phase").isRegularFile();
        task = FunctionPackageFiles.unpack(PACKAGE, dir.resolve("task"));
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake())
                .install(UserKey.generate(dir.resolve("keys"), "on-demand-passphrase"));
    }

    /**
     * The package carries a JDK and a cache besides the jars, so Lambda's own unzipped limit is the one that binds it,
     * not the SnapStart package's (CDK uploads it through S3, where the 50 MB of a direct upload do not apply).
     */
    @Test
    void thePackage_unzipsWithinLambdasLimit_andCarriesItsBootstrapJdkAndCache() throws IOException {
        assertThat(FunctionPackageFiles.unzippedBytes(PACKAGE)).as("unzipped bytes")
                .isLessThanOrEqualTo(FunctionSizing.LAMBDA_MAX_UNZIPPED_BYTES);
        assertThat(task.resolve("bootstrap")).isExecutable();
        assertThat(task.resolve("runtime/bin/java")).isExecutable();
        assertThat(task.resolve("snowgate.aot")).isRegularFile();
        assertThat(Files.readAllLines(task.resolve("java.args"))).contains("-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC");
    }

    @Test
    void aScheduledEvent_runsItsQueryThroughTheRuntimeInterfaceClient_withThePackagesAotCache() throws Exception {
        try (CustomRuntimeProcess bootstrap = start(SCHEDULED_HANDLER)) {
            Outcome outcome = invoke(bootstrap, "{\"query\":\"current_version\"}");

            assertThat(outcome.succeeded()).as(outcome.payloadText()).isTrue();
            JsonNode result = json.readTree(outcome.payload());
            assertThat(result.path("query").asText()).isEqualTo("current_version");
            assertThat(result.path("rowCount").asInt()).isEqualTo(1);
            assertThat(result.path("rows").get(0).elements().next().asText()).matches("\\d+\\.\\d+\\.\\d+");

            Outcome unknown = invoke(bootstrap, "{\"query\":\"no_such_query\"}");
            assertThat(unknown.succeeded()).isFalse();
            assertThat(unknown.payloadText()).contains("UNKNOWN_QUERY").doesNotContain("on-demand-passphrase");
            assertThat(bootstrap.output()).doesNotContain("on-demand-passphrase", "BEGIN ENCRYPTED PRIVATE KEY");
            // The class-load log (JAVA_TOOL_OPTIONS below): the JDK found every provider java.security lists in the
            // linked runtime, so no lookup fell back to building the providers on the class path.
            // (Not snowflake-jdbc's relocated copy, net.snowflake.client.jdbc.internal.org.bouncycastle...: the
            // driver builds that one itself.)
            // The cache was trained as Lambda starts the package: the runtime interface client and the handler come
            // from it, not from their jars.
            assertThat(bootstrap.output())
                    .containsPattern("\\] com\\.amazonaws\\.services\\.lambda\\.runtime\\.api\\.client\\.AWSLambda "
                            + "source: shared objects file")
                    .containsPattern("\\] io\\.snowgate\\.lambda\\.schedule\\.ScheduledQueryHandler "
                            + "source: shared objects file")
                    .doesNotContainPattern("\\] org\\.bouncycastle\\.jce\\.provider\\.BouncyCastleProvider ")
                    // Nor did the JVM say anything about its AOT cache or its compile commands, or warn about the
                    // runtime interface client's native library (each would be in every cold start's log).
                    .doesNotContainPattern("(?m)^\\[aot").doesNotContain("WARNING: A restricted method")
                    .doesNotContain("CompileCommand");
        }
    }

    @Test
    void anHttpApiEvent_isAnsweredWithItsResult_andAnUnknownQueryWithA404() throws Exception {
        try (CustomRuntimeProcess bootstrap = start(HTTP_HANDLER)) {
            Outcome outcome = invoke(bootstrap, ApiGatewayEventFixtures.event(Payload.V2, "POST",
                    "/queries/current_version", Map.of(), "{}", ApiGatewayEventFixtures.CALLER));

            assertThat(outcome.succeeded()).as(outcome.payloadText()).isTrue();
            JsonNode answer = json.readTree(outcome.payload());
            assertThat(answer.path("statusCode").asInt()).as(outcome.payloadText()).isEqualTo(200);
            assertThat(json.readTree(answer.path("body").asText()).path("rows").size()).isEqualTo(1);

            Outcome unknown = invoke(bootstrap, ApiGatewayEventFixtures.event(Payload.V2, "POST",
                    "/queries/no_such_query", Map.of(), "{}", ApiGatewayEventFixtures.CALLER));
            JsonNode refusal = json.readTree(unknown.payload());
            assertThat(refusal.path("statusCode").asInt()).isEqualTo(404);
            assertThat(json.readTree(refusal.path("body").asText()).path("error").path("code").asText())
                    .isEqualTo("UNKNOWN_QUERY");
        }
    }

    private CustomRuntimeProcess start(String handler) throws IOException {
        Map<String, String> env = new HashMap<>(deployment.processEnvironment("AKIDSNOWGATEONDEMAND"));
        env.put("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on -Xlog:class+load=info:stdout:tags");
        return CustomRuntimeProcess.start(task, handler, 1024, env, dir.resolve("bootstrap.out"));
    }

    private static Outcome invoke(CustomRuntimeProcess bootstrap, String event) throws Exception {
        return bootstrap.invoke(event.getBytes(StandardCharsets.UTF_8), INVOCATION_TIMEOUT);
    }
}
