package io.snowgate.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.server.RecordedRequest;
import io.snowgate.emulator.junit5.StandInExtension;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.emulator.sts.LocalAwsCredentials;
import io.snowgate.emulator.sts.StsStandIn;
import io.snowgate.lambda.http.ApiGatewayEventFixtures.Payload;
import io.snowgate.lambda.http.ApiGatewayEventFixtures;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.key.RsaKeyGenerator;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.schedule.ScheduledRunFailedException;
import io.snowgate.lambda.snowflake.WorkloadIdentityMethod;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.ProcessOutput;
import io.snowgate.lambda.testing.RootLogRecords;
import io.snowgate.lambda.testing.UserKey;
import io.snowgate.lambda.testing.WorkloadIdentityDeployment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything the process writes while the function works through success, rotation and failure, on the scheduled
 * and the HTTP handler, with the driver and the AWS SDK logging at their most verbose, must hold no key material,
 * passphrase, JWT or session token; in workload identity mode, no AWS secret key, session token, request signature,
 * attestation or web identity token.
 */
class LogCanaryTest {

    @RegisterExtension
    @Order(1)
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @RegisterExtension
    @Order(2)
    final StandInExtension<StsStandIn> sts = StandInExtension.of(StsStandIn.class,
            () -> new StsStandIn(0, WorkloadIdentityDeployment.REGION, Clock.systemUTC()).start());

    @RegisterExtension
    @Order(3)
    final StandInExtension<SnowflakeStandIn> federated = StandInExtension.of(SnowflakeStandIn.class,
            () -> WorkloadIdentityDeployment.snowflakeTrusting(sts.get()));

    @TempDir
    Path keys;

    private ProcessOutput processOutput;
    private final StringBuilder thrownText = new StringBuilder();
    private final StringBuilder httpAnswers = new StringBuilder();
    private RootLogRecords records;
    private Level originalLevel;

    @BeforeEach
    void captureEverything() {
        processOutput = ProcessOutput.capture();
        Logger root = Logger.getLogger("");
        originalLevel = root.getLevel();
        root.setLevel(Level.ALL);
        records = RootLogRecords.install();
        for (String name : List.of("net.snowflake", "software.amazon.awssdk", "software.amazon.awssdk.request")) {
            Logger.getLogger(name).setLevel(Level.ALL);
        }
    }

    @AfterEach
    void restore() {
        processOutput.close();
        Logger root = Logger.getLogger("");
        records.close();
        root.setLevel(originalLevel);
    }

    @Test
    void logsAndOutput_neverHoldKeysPassphrasesJwtsOrSessionTokens() throws IOException {
        UserKey first = UserKey.generate(keys.resolve("first"), "canary-passphrase-one");
        UserKey second = UserKey.generate(keys.resolve("second"), "canary-passphrase-two");
        LocalDeployment deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake()).install(first);
        try (QueryFunction function = deployment.function(Clock.systemUTC(), Duration.ofMinutes(5), Duration.ZERO)) {
            ScheduledQueryHandler handler = new ScheduledQueryHandler(function);

            HttpQueryHandler http = new HttpQueryHandler(function);

            invoke(handler, "{\"query\":\"current_version\"}");
            invoke(handler, "{\"query\":\"echo_text\",\"params\":{\"text\":\"hello\"}}");
            // HTTP: both payload versions, a run started and polled, refusals and a statement error.
            for (Payload payload : Payload.values()) {
                http(http, payload, "POST", "/queries/echo_text", Map.of(), "{\"params\":{\"text\":\"hi\"}}");
                String started = http(http, payload, "POST", "/queries/long_report", Map.of(),
                        "{\"params\":{\"seconds\":0}}");
                String location = new ObjectMapper().readTree(new ObjectMapper().readTree(started).get("body")
                        .asText()).get("location").asText();
                http(http, payload, "GET", ApiGatewayEventFixtures.routePath(payload, location), Map.of(), null);
                http(http, payload, "POST", "/queries/echo_text", Map.of(), "{\"sql\":\"SELECT 1\"}");
                http(http, payload, "POST", "/queries/http_missing_table", Map.of(), "{\"params\":{\"id\":\"x\"}}");
            }
            // Rotation: new key in slot 2, old one removed, secret updated, session ended.
            standIns.snowflake().setPublicKey(LocalDeployment.USER, 2, second.publicPem());
            standIns.snowflake().unsetPublicKey(LocalDeployment.USER, 1);
            deployment.storeKey(second);
            standIns.snowflake().endSessions(LocalDeployment.USER);
            invoke(handler, "{\"query\":\"current_version\"}");
            // Failures: a statement error, and a key Snowflake no longer knows; what Lambda records of each (the
            // exception with its causes and stack trace) is searched too.
            assertThatThrownBy(() -> invoke(handler, "{\"query\":\"missing_table\",\"params\":{\"id\":\"x\"}}"))
                    .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                        assertThat(e.failure().code()).isEqualTo("QUERY_MISCONFIGURED");
                        recordThrown(e);
                    });
            standIns.snowflake().unsetPublicKey(LocalDeployment.USER, 2);
            standIns.snowflake().endSessions(LocalDeployment.USER);
            assertThatThrownBy(() -> invoke(handler, "{\"query\":\"current_version\"}"))
                    .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                        assertThat(e.failure().code()).isEqualTo("AUTHENTICATION_FAILED");
                        recordThrown(e);
                    });
            // The same refusal as an HTTP caller gets it.
            String refused = http(http, Payload.V2, "POST", "/queries/echo_text", Map.of(),
                    "{\"params\":{\"text\":\"hi\"}}");
            assertThat(refused).contains("AUTHENTICATION_FAILED");
        } finally {
            deployment.close();
        }

        String everything = everythingWritten();
        assertThat(records.records()).as("the driver logged at its most verbose").isNotEmpty();
        for (UserKey key : List.of(first, second)) {
            assertThat(everything).doesNotContain(key.passphrase());
            key.body().lines().forEach(line -> assertThat(everything).doesNotContain(line));
            String der = Base64.getEncoder().encodeToString(new PrivateKeyReader()
                    .readPrivateKey(key.encryptedPem(), Passphrase.of(key.passphrase())).privateKey().getEncoded());
            assertThat(everything).doesNotContain(der.substring(0, 48)).doesNotContain(der.substring(der.length() - 48));
        }
        for (String secret : sessionSecrets()) {
            assertThat(everything).doesNotContain(secret);
        }
    }

    /**
     * The failures the function meets in production, each as the scheduled handler throws it and as an HTTP caller
     * is answered: Secrets Manager answering 5xx, Snowflake answering 5xx to the login and to the statement, a
     * statement outliving the invocation, a wrong passphrase, a secret that is not JSON (its text holds the key).
     */
    @Test
    void failurePaths_neverWriteKeysPassphrasesJwtsOrSessionTokens() throws IOException {
        UserKey key = UserKey.generate(keys.resolve("failing"), "canary-passphrase-three");
        LocalDeployment deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake()).install(key);
        SnowflakeStandIn snowflake = standIns.snowflake();
        List<String> codes = new ArrayList<>();
        // A function that has read no secret yet: one that has serves the last good one through an outage (its grace).
        try (QueryFunction function = deployment.function(Clock.systemUTC(), Duration.ZERO, Duration.ZERO)) {
            standIns.secretsManager().faults().failNext("GetSecretValue", 50, new Fault.Status(500));
            codes.add(failed(new ScheduledQueryHandler(function), "{\"query\":\"current_version\"}",
                    Duration.ofSeconds(30)));
            standIns.secretsManager().faults().clear();
        }
        try (QueryFunction function = deployment.function(Clock.systemUTC(), Duration.ZERO, Duration.ZERO)) {
            ScheduledQueryHandler handler = new ScheduledQueryHandler(function);
            HttpQueryHandler http = new HttpQueryHandler(function);
            invoke(handler, "{\"query\":\"current_version\"}");

            snowflake.endSessions(LocalDeployment.USER);
            snowflake.faults().failNext(SnowflakeStandIn.LOGIN, 50, new Fault.Status(503));
            codes.add(failed(handler, "{\"query\":\"current_version\"}", Duration.ofSeconds(30)));
            codes.add(failedOverHttp(http));
            snowflake.faults().clear();

            snowflake.faults().failNext(SnowflakeStandIn.QUERY, 50, new Fault.Status(500));
            codes.add(failed(handler, "{\"query\":\"current_version\"}", Duration.ofSeconds(30)));
            snowflake.faults().clear();

            snowflake.faults().delay(SnowflakeStandIn.QUERY, Duration.ofSeconds(4));
            codes.add(failed(handler, "{\"query\":\"current_version\"}", Duration.ofSeconds(2)));
            snowflake.faults().clear();

            deployment.storeSecret(deployment.secretJson(key).replace(key.passphrase(), "not-the-passphrase"));
            snowflake.endSessions(LocalDeployment.USER);
            codes.add(failed(handler, "{\"query\":\"current_version\"}", Duration.ofSeconds(30)));
            codes.add(failedOverHttp(http));

            String good = deployment.secretJson(key);
            deployment.storeSecret(good.substring(0, good.length() - 1) + ",}");
            codes.add(failed(handler, "{\"query\":\"current_version\"}", Duration.ofSeconds(30)));
            codes.add(failedOverHttp(http));

        } finally {
            deployment.close();
        }

        assertThat(codes).containsExactly("SECRET_UNAVAILABLE", "SNOWFLAKE_UNAVAILABLE", "SNOWFLAKE_UNAVAILABLE",
                "SNOWFLAKE_UNAVAILABLE", "DEADLINE_EXCEEDED", "SECRET_INVALID", "SECRET_INVALID", "SECRET_INVALID",
                "SECRET_INVALID");
        String everything = everythingWritten();
        assertThat(everything).doesNotContain(key.passphrase());
        key.body().lines().forEach(line -> assertThat(everything).doesNotContain(line));
        for (String secret : sessionSecrets()) {
            assertThat(everything).doesNotContain(secret);
        }
    }

    /** Runs {@code event} on the scheduled handler, which must fail; records what Lambda would; its code. */
    private String failed(ScheduledQueryHandler handler, String event, Duration remaining) {
        ScheduledRunFailedException thrown = org.assertj.core.api.Assertions.catchThrowableOfType(
                ScheduledRunFailedException.class, () -> handler.handleRequest(
                        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                        new LocalContext("canary", remaining, Clock.systemUTC())));
        assertThat(thrown).as("the run of " + event + " failed").isNotNull();
        recordThrown(thrown);
        return thrown.failure().code();
    }

    /** The HTTP answer to a run of echo_text, which must be an error; its code. */
    private String failedOverHttp(HttpQueryHandler handler) throws IOException {
        String answer = http(handler, Payload.V2, "POST", "/queries/echo_text", Map.of(),
                "{\"params\":{\"text\":\"hi\"}}");
        return new ObjectMapper().readTree(new ObjectMapper().readTree(answer).get("body").asText()).path("error")
                .path("code").asText();
    }

    @Test
    void keylessLogsAndOutput_neverHoldAwsCredentialsSignaturesAttestationsOrTokens() throws IOException {
        WorkloadIdentityDeployment deployment = new WorkloadIdentityDeployment(sts.get(), federated.get()).install();
        List<LocalAwsCredentials> issued = new ArrayList<>(List.of(deployment.credentials()));
        try {
            for (WorkloadIdentityMethod method : WorkloadIdentityMethod.values()) {
                try (QueryFunction function = deployment.function(deployment.config(method), Clock.systemUTC(),
                        Duration.ZERO, System.out)) {
                    ScheduledQueryHandler handler = new ScheduledQueryHandler(function);
                    HttpQueryHandler http = new HttpQueryHandler(function);
                    invoke(handler, "{\"query\":\"current_version\"}");
                    http(http, Payload.V2, "POST", "/queries/echo_text", Map.of(), "{\"params\":{\"text\":\"hi\"}}");
                    federated.get().endSessions(WorkloadIdentityDeployment.USER);
                    // Fresh credentials, then a refusal: the role is no longer the user's.
                    issued.add(deployment.withRoleCredentials().credentials());
                    invoke(handler, "{\"query\":\"current_version\"}");
                    admin(federated.get(), "ALTER USER " + WorkloadIdentityDeployment.USER + " SET WORKLOAD_IDENTITY"
                            + " = (TYPE = AWS ARN = 'arn:aws:iam::111122223333:role/other' ISSUER = '"
                            + sts.get().issuer() + "')");
                    federated.get().endSessions(WorkloadIdentityDeployment.USER);
                    assertThatThrownBy(() -> invoke(handler, "{\"query\":\"current_version\"}"))
                            .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                                assertThat(e.failure().code()).isEqualTo("AUTHENTICATION_FAILED");
                                recordThrown(e);
                            });
                    admin(federated.get(), "ALTER USER " + WorkloadIdentityDeployment.USER + " SET WORKLOAD_IDENTITY"
                            + " = (TYPE = AWS ARN = '" + WorkloadIdentityDeployment.ROLE_ARN + "' ISSUER = '"
                            + sts.get().issuer() + "')");
                }
            }
            // No token to attest with: STS failing, then refusing GetWebIdentityToken.
            try (QueryFunction function = deployment.function(deployment.config(WorkloadIdentityMethod.WEB_IDENTITY_TOKEN),
                    Clock.systemUTC(), Duration.ZERO, System.out)) {
                ScheduledQueryHandler handler = new ScheduledQueryHandler(function);
                sts.get().faults().failNext(StsStandIn.GET_WEB_IDENTITY_TOKEN, 50, new Fault.Status(500));
                assertThat(failed(handler, "{\"query\":\"current_version\"}", Duration.ofSeconds(30)))
                        .isEqualTo("AUTHENTICATION_FAILED");
                sts.get().faults().clear();
                sts.get().denyWebIdentityToken(WorkloadIdentityDeployment.ROLE_ARN);
                assertThat(failed(handler, "{\"query\":\"current_version\"}", Duration.ofSeconds(30)))
                        .isEqualTo("AUTHENTICATION_FAILED");
            }
        } finally {
            deployment.close();
        }

        String everything = everythingWritten();
        assertThat(records.records()).as("the driver logged at its most verbose").isNotEmpty();
        assertThat(everything).contains(WorkloadIdentityDeployment.ROLE_ARN);
        for (LocalAwsCredentials credentials : issued) {
            assertThat(everything).doesNotContain(credentials.secretAccessKey())
                    .doesNotContain(credentials.sessionToken());
        }
        for (String secret : keylessSecrets()) {
            assertThat(everything).doesNotContain(secret);
        }
    }

    /** Every attestation, signature and web identity token the stand-ins saw, and the Snowflake session tokens. */
    private List<String> keylessSecrets() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> secrets = new ArrayList<>();
        Pattern signature = Pattern.compile("Signature=([0-9a-f]{64})");
        Pattern token = Pattern.compile("Snowflake Token=\"([^\"]+)\"");
        for (RecordedRequest request : federated.get().requests()) {
            if (request.kind().equals(SnowflakeStandIn.LOGIN)) {
                String attestation = json.readTree(request.body()).path("data").path("TOKEN").asText();
                secrets.add(attestation);
                if (attestation.split("\\.").length == 3) {
                    secrets.add(attestation.split("\\.")[2]);
                } else {
                    Matcher signed = signature.matcher(new String(Base64.getDecoder().decode(attestation),
                            StandardCharsets.UTF_8));
                    assertThat(signed.find()).isTrue();
                    secrets.add(signed.group(1));
                }
            }
            Matcher session = token.matcher(String.valueOf(request.header("Authorization")));
            if (session.find()) {
                secrets.add(session.group(1));
            }
        }
        for (RecordedRequest request : sts.get().requests()) {
            Matcher signed = signature.matcher(String.valueOf(request.header("Authorization")));
            if (signed.find()) {
                secrets.add(signed.group(1));
            }
        }
        assertThat(secrets).as("attestations, tokens and signatures to look for").hasSizeGreaterThan(8);
        return secrets.stream().filter(s -> !s.isBlank()).distinct().toList();
    }

    private static void admin(SnowflakeStandIn snowflake, String sql) {
        RsaKeyPair key = ADMIN_KEYS.computeIfAbsent(snowflake, s -> {
            RsaKeyPair generated = RsaKeyGenerator.generate();
            s.createAdminUser("CANARY_ADMIN", new KeyPem().publicKey(generated.publicKey()));
            return generated;
        });
        try (Connection connection = DriverManager.getConnection(snowflake.jdbcUrl(),
                snowflake.connectionProperties("CANARY_ADMIN", key.privateKey()));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static final Map<SnowflakeStandIn, RsaKeyPair> ADMIN_KEYS = new java.util.IdentityHashMap<>();

    private String http(HttpQueryHandler handler, Payload payload, String method, String path,
            Map<String, String> query, String body) throws IOException {
        String event = ApiGatewayEventFixtures.event(payload, method, path, query, body, ApiGatewayEventFixtures.CALLER);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("canary-http", Duration.ofSeconds(30), Clock.systemUTC()));
        String answer = out.toString(StandardCharsets.UTF_8);
        httpAnswers.append(answer).append('\n');
        return answer;
    }

    private void invoke(ScheduledQueryHandler handler, String event) throws IOException {
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), new LocalContext("canary", Duration.ofSeconds(30), Clock.systemUTC()));
    }

    /** A failed run's exception as Lambda logs and returns it: message, causes and stack trace. */
    private void recordThrown(Throwable thrown) {
        java.io.StringWriter trace = new java.io.StringWriter();
        thrown.printStackTrace(new java.io.PrintWriter(trace));
        thrownText.append(trace).append('\n');
    }

    /** What the process wrote and logged, what Lambda records of a failed run, and what HTTP callers were answered. */
    private String everythingWritten() {
        assertThat(httpAnswers).as("HTTP answers to search").contains("\"statusCode\"");
        return processOutput.text() + records.formatted() + thrownText + httpAnswers;
    }

    /** The JWTs the driver sent and the session tokens it used, as the stand-in received them. */
    private List<String> sessionSecrets() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> secrets = new ArrayList<>();
        Pattern token = Pattern.compile("Snowflake Token=\"([^\"]+)\"");
        for (RecordedRequest request : standIns.snowflake().requests()) {
            if (request.kind().equals(SnowflakeStandIn.LOGIN)) {
                secrets.add(json.readTree(request.body()).path("data").path("TOKEN").asText());
            }
            String authorization = request.header("Authorization");
            if (authorization != null) {
                Matcher matcher = token.matcher(authorization);
                if (matcher.find()) {
                    secrets.add(matcher.group(1));
                }
            }
        }
        assertThat(secrets).as("the canary saw JWTs and session tokens to look for").hasSizeGreaterThan(3);
        return secrets.stream().filter(s -> !s.isBlank()).distinct().toList();
    }
}
