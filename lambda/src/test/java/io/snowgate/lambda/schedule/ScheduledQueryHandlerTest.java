package io.snowgate.lambda.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.junit5.MutableClock;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.snowflake.QueryInfo;
import io.snowgate.emulator.snowflake.SessionInfo;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The scheduled handler end to end: real AWS SDK and snowflake-jdbc against the local stand-ins. */
class ScheduledQueryHandlerTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path keys;

    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock();
    private LocalDeployment deployment;
    private UserKey key;
    private QueryFunction function;
    private ScheduledQueryHandler handler;

    @BeforeEach
    void deploy() {
        key = UserKey.generate(keys.resolve("first"), "first-passphrase");
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake()).install(key);
        function = deployment.function(clock, TTL, Duration.ofMinutes(1));
        handler = new ScheduledQueryHandler(function);
        // Forget the set-up's requests: each test counts only what the function does.
        standIns.secretsManager().reset();
        standIns.snowflake().reset();
    }

    @AfterEach
    void tearDown() {
        function.close();
        deployment.close();
    }

    private JsonNode invoke(String event) throws IOException {
        return invoke(event, INVOCATION_TIMEOUT);
    }

    private JsonNode invoke(String event, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("scheduled", timeout, java.time.Clock.systemUTC()));
        return json.readTree(out.toByteArray());
    }

    private long secretFetches() {
        return standIns.secretsManager().counters().count("GetSecretValue");
    }

    private long heartbeats() {
        return standIns.snowflake().counters().count(SnowflakeStandIn.HEARTBEAT);
    }

    private long logins() {
        return standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN);
    }

    /** The key fingerprint each login presented, from the JWT's {@code iss} claim as the stand-in received it. */
    private java.util.List<String> loginFingerprints() {
        return standIns.snowflake().requests(SnowflakeStandIn.LOGIN).stream().map(request -> {
            try {
                String jwt = json.readTree(request.body()).path("data").path("TOKEN").asText();
                String claims = new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                        StandardCharsets.UTF_8);
                String issuer = json.readTree(claims).get("iss").asText();
                return issuer.substring(issuer.indexOf("SHA256:"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void logLineAndAnswer_nameTheSameThingsAlike() throws IOException {
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        try (ScheduledQueryHandler logged = new ScheduledQueryHandler(QueryFunction.create(deployment.config(TTL),
                new AwsSecretSource(deployment.client()), clock, Duration.ofMinutes(1),
                new java.io.PrintStream(logs, true, StandardCharsets.UTF_8)))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            logged.handleRequest(new ByteArrayInputStream("{\"query\":\"current_version\"}".getBytes(
                    StandardCharsets.UTF_8)), out, new LocalContext("scheduled", INVOCATION_TIMEOUT, clock));
            JsonNode answer = json.readTree(out.toByteArray());
            JsonNode line = logs.toString(StandardCharsets.UTF_8).lines().map(this::readJson)
                    .filter(l -> "scheduled_query_succeeded".equals(l.path("event").asText()))
                    .findFirst().orElseThrow();

            for (String field : java.util.List.of("query", "queryId", "rowCount", "truncated", "elapsedMs")) {
                assertThat(line.get(field)).as(field).isEqualTo(answer.get(field));
            }
            assertThat(answer.get("rowCount").asInt()).isEqualTo(1);
            assertThat(answer.get("rows").isArray()).isTrue();
            assertThat(line.has("rows")).as("the log line never carries the rows").isFalse();
        }
    }

    @Test
    void anEventRefusedForItsScheduledTime_isLoggedAndFailed_namingTheQueryItNames() {
        // Scheduler's placeholder, left as it is by a sender that does not fill it in (an EventBridge rule's input).
        String event = "{\"query\":\"current_version\",\"params\":{},"
                + "\"scheduledTime\":\"<aws.scheduler.scheduled-time>\"}";
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        try (ScheduledQueryHandler logged = new ScheduledQueryHandler(QueryFunction.create(deployment.config(TTL),
                new AwsSecretSource(deployment.client()), clock, Duration.ofMinutes(1),
                new java.io.PrintStream(logs, true, StandardCharsets.UTF_8)))) {
            assertThatThrownBy(() -> logged.handleRequest(new ByteArrayInputStream(event.getBytes(
                    StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                    new LocalContext("scheduled", INVOCATION_TIMEOUT, clock)))
                    .isInstanceOf(ScheduledRunFailedException.class)
                    .hasMessage("INVALID_REQUEST: query 'current_version': invalid scheduled event: scheduledTime"
                            + " must be an ISO-8601 timestamp with offset");

            JsonNode line = logs.toString(StandardCharsets.UTF_8).lines().map(this::readJson)
                    .filter(l -> "scheduled_query_failed".equals(l.path("event").asText()))
                    .findFirst().orElseThrow();
            assertThat(line.path("query").asText()).isEqualTo("current_version");
            assertThat(line.path("code").asText()).isEqualTo("INVALID_REQUEST");
        }
        assertThat(standIns.snowflake().requests()).as("nothing runs for a refused event").isEmpty();
    }

    @Test
    void aFailedStatement_isLoggedWithTheQueryIdSnowflakeGaveIt() {
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        try (ScheduledQueryHandler logged = new ScheduledQueryHandler(QueryFunction.create(deployment.config(TTL),
                new AwsSecretSource(deployment.client()), clock, Duration.ofMinutes(1),
                new java.io.PrintStream(logs, true, StandardCharsets.UTF_8)))) {
            assertThatThrownBy(() -> logged.handleRequest(new ByteArrayInputStream(
                    "{\"query\":\"missing_table\",\"params\":{\"id\":\"x\"}}".getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), new LocalContext("scheduled", INVOCATION_TIMEOUT, clock)))
                    .isInstanceOf(ScheduledRunFailedException.class);
        }

        JsonNode line = logs.toString(StandardCharsets.UTF_8).lines().map(this::readJson)
                .filter(l -> "scheduled_query_failed".equals(l.path("event").asText())).findFirst().orElseThrow();
        assertThat(line.path("code").asText()).isEqualTo("QUERY_MISCONFIGURED");
        assertThat(line.path("queryId").asText()).isEqualTo(standIns.snowflake().queries().stream()
                .filter(q -> q.sqlText().toLowerCase(java.util.Locale.ROOT).contains("no_such_table"))
                .map(QueryInfo::id).findFirst().orElseThrow());
    }

    private JsonNode readJson(String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void recipeQuery_runsEndToEnd_andReturnsTheVersion() throws IOException {
        JsonNode result = invoke("{\"query\":\"current_version\"}");

        assertThat(result.get("query").asText()).isEqualTo("current_version");
        assertThat(result.get("queryId").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(result.get("rowCount").asInt()).isEqualTo(1);
        assertThat(result.get("rows").get(0).elements().next().asText()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(secretFetches()).isEqualTo(1);
        assertThat(logins()).isEqualTo(1);
    }

    @Test
    void constructingAHandler_sendsNoRequestAndReadsNoSecret() {
        try (QueryFunction fresh = deployment.function(clock, TTL, Duration.ofMinutes(1));
             ScheduledQueryHandler constructed = new ScheduledQueryHandler(fresh)) {
            assertThat(constructed).isNotNull();
            assertThat(standIns.secretsManager().requests()).isEmpty();
            assertThat(standIns.snowflake().requests()).isEmpty();
        }
    }

    @Test
    void warmInvocation_fetchesNoSecretOpensNoSessionAndSendsNoHeartbeat() throws IOException {
        invoke("{\"query\":\"current_version\"}");
        long fetches = secretFetches();
        long logins = logins();

        invoke("{\"query\":\"current_version\"}");

        assertThat(secretFetches()).isEqualTo(fetches);
        assertThat(logins()).isEqualTo(logins);
        assertThat(heartbeats()).as("a session used moments ago is not validated").isZero();
    }

    @Test
    void expiredTtl_withTheSessionOpen_fetchesNothing_andTheNextLoginFetchesOnce() throws IOException {
        invoke("{\"query\":\"current_version\"}");
        long fetches = secretFetches();

        clock.advance(TTL.plusSeconds(1));
        invoke("{\"query\":\"current_version\"}");
        assertThat(secretFetches()).as("the secret is only needed to sign in").isEqualTo(fetches);

        standIns.snowflake().endSessions(LocalDeployment.USER);
        invoke("{\"query\":\"current_version\"}");
        invoke("{\"query\":\"current_version\"}");
        assertThat(secretFetches()).isEqualTo(fetches + 1);
    }

    @Test
    void secretsManagerDown_failsNoInvocation_whileTheSessionLives_norAfterItEnds() throws IOException {
        invoke("{\"query\":\"current_version\"}");
        clock.advance(TTL.plusSeconds(1));
        standIns.secretsManager().faults().failNext("GetSecretValue", 1_000, new Fault.Status(503));
        long fetches = secretFetches();

        JsonNode open = invoke("{\"query\":\"current_version\"}");
        assertThat(secretFetches()).as("an open session never waits on Secrets Manager").isEqualTo(fetches);

        standIns.snowflake().endSessions(LocalDeployment.USER);
        JsonNode relogin = invoke("{\"query\":\"current_version\"}");
        long afterOneRefresh = secretFetches();
        standIns.snowflake().endSessions(LocalDeployment.USER);
        JsonNode backingOff = invoke("{\"query\":\"current_version\"}");

        assertThat(open.get("rowCount").asInt()).isEqualTo(1);
        assertThat(relogin.get("rowCount").asInt()).as("the last good secret signs in").isEqualTo(1);
        assertThat(backingOff.get("rowCount").asInt()).isEqualTo(1);
        assertThat(afterOneRefresh - fetches).as("one refresh, with the SDK's own retries").isBetween(1L, 4L);
        assertThat(secretFetches()).as("within the back-off, no further call").isEqualTo(afterOneRefresh);
        assertThat(logins()).isEqualTo(3);
    }

    @Test
    void sessionEndedServerSideBetweenInvocations_isReplacedTransparently() throws IOException {
        invoke("{\"query\":\"current_version\"}");
        assertThat(standIns.snowflake().endSessions(LocalDeployment.USER)).isEqualTo(1);

        JsonNode result = invoke("{\"query\":\"current_version\"}");

        assertThat(result.get("rowCount").asInt()).isEqualTo(1);
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void sessionEndedWhileIdle_isFoundByValidationAndReplaced() throws IOException {
        invoke("{\"query\":\"current_version\"}");
        standIns.snowflake().endSessions(LocalDeployment.USER);
        clock.advance(Duration.ofMinutes(2));

        JsonNode result = invoke("{\"query\":\"current_version\"}");

        assertThat(result.get("rowCount").asInt()).isEqualTo(1);
        assertThat(heartbeats()).as("one validation of the idle session").isEqualTo(1);
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void keyRotatedBetweenInvocations_costsNoFailureAndExactlyOneFetchAndLogin() throws IOException {
        invoke("{\"query\":\"current_version\"}");
        UserKey rotated = UserKey.generate(keys.resolve("second"), "second-passphrase");
        standIns.snowflake().setPublicKey(LocalDeployment.USER, 2, rotated.publicPem());
        standIns.snowflake().unsetPublicKey(LocalDeployment.USER, 1);
        deployment.storeKey(rotated);
        standIns.snowflake().endSessions(LocalDeployment.USER);
        long fetches = secretFetches();
        long logins = logins();

        JsonNode result = invoke("{\"query\":\"current_version\"}");

        assertThat(result.get("rowCount").asInt()).isEqualTo(1);
        assertThat(secretFetches()).isEqualTo(fetches + 1);
        // The refused login with the old key, then the one with the new key.
        assertThat(logins()).isEqualTo(logins + 2);
        assertThat(loginFingerprints()).last().isEqualTo(rotated.fingerprint());
    }

    @Test
    void sqlLikeParameters_stayData() throws IOException {
        String hostile = "x'); DROP TABLE users; --";

        JsonNode result = invoke("{\"query\":\"echo_text\",\"params\":{\"text\":\"" + hostile + "\",\"n\":7}}");

        assertThat(result.get("rows").get(0).get("ECHOED").asText()).isEqualTo(hostile);
        assertThat(result.get("rows").get(0).get("N").asLong()).isEqualTo(7);
    }

    @Test
    void everySession_asksForJsonResults() throws IOException {
        invoke("{\"query\":\"current_version\"}");
        standIns.snowflake().endSessions(LocalDeployment.USER);
        invoke("{\"query\":\"current_version\"}");

        assertThat(logins()).isEqualTo(2);
        assertThat(standIns.snowflake().nonJsonResultFormatSessions()).isZero();
    }

    @Test
    void scheduledTime_isBoundForQueriesThatDeclareIt() throws IOException {
        JsonNode result = invoke("{\"query\":\"runs_at\",\"scheduledTime\":\"2026-11-27T08:00:00Z\"}");

        assertThat(Instant.parse(result.get("rows").get(0).get("SCHEDULED_AT").asText()))
                .isEqualTo(Instant.parse("2026-11-27T08:00:00Z"));
    }

    @Test
    void statementError_failsTheRunWithSnowflakesCodeAndWithoutTheBoundValue() {
        assertThatThrownBy(() -> invoke("{\"query\":\"missing_table\",\"params\":{\"id\":\"secret-looking-value\"}}"))
                .isInstanceOf(ScheduledRunFailedException.class)
                .hasMessageStartingWith("QUERY_MISCONFIGURED: query 'missing_table'")
                .hasMessageNotContaining("secret-looking-value")
                .satisfies(e -> {
                    // What Lambda records of a failed run: the exception with its causes and their stack traces.
                    java.io.StringWriter recorded = new java.io.StringWriter();
                    e.printStackTrace(new java.io.PrintWriter(recorded));
                    assertThat(recorded.toString()).doesNotContain("secret-looking-value").doesNotContain("\tat ")
                            .doesNotContain("Caused by");
                });
    }

    @Test
    void aSecretWhoseWarehouseDoesNotExist_failsTheRunAsSnowflakeDoes_namingTheWarehouse() throws Exception {
        key.execute(standIns.snowflake(), LocalDeployment.USER, "CREATE TABLE EVENTS (NOTE VARCHAR)");
        // Snowflake signs in with a warehouse that does not exist, and fails the first statement that needs one.
        deployment.storeSecret(deployment.secretJson(key, true, Optional.of("NO_SUCH_WH")));

        assertThatThrownBy(() -> invoke("{\"query\":\"record_event\",\"params\":{\"note\":\"secret-looking-note\"}}"))
                .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                    assertThat(e.failure().code()).isEqualTo("QUERY_MISCONFIGURED");
                    assertThat(e.failure().snowflakeCode()).contains("606/57P03");
                })
                .hasMessageStartingWith("QUERY_MISCONFIGURED: query 'record_event'")
                .hasMessageContaining("no current warehouse")
                .hasMessageContaining("warehouse")
                .hasMessageNotContaining("secret-looking-note");
        assertThat(standIns.snowflake().sessions()).filteredOn(s -> !s.ended())
                .extracting(SessionInfo::warehouse).containsOnlyNulls();
        // The heartbeat query needs no warehouse, as in Snowflake.
        assertThat(invoke("{\"query\":\"current_version\"}").get("rowCount").asInt()).isEqualTo(1);
    }

    @Test
    void aSecretWhoseWarehouseTheRoleHoldsNoUsageOn_failsTheRunAsAMissingOneDoes() throws Exception {
        key.execute(standIns.snowflake(), LocalDeployment.USER, "CREATE TABLE EVENTS (NOTE VARCHAR)");
        // SYSADMIN's warehouse, with no GRANT USAGE to the function's role: Snowflake signs in without it.
        standIns.snowflake().createWarehouse("REPORTING_WH");
        deployment.storeSecret(deployment.secretJson(key, true, Optional.of("REPORTING_WH")));

        assertThatThrownBy(() -> invoke("{\"query\":\"record_event\",\"params\":{\"note\":\"n\"}}"))
                .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                    assertThat(e.failure().code()).isEqualTo("QUERY_MISCONFIGURED");
                    assertThat(e.failure().snowflakeCode()).contains("606/57P03");
                })
                .hasMessageContaining("no current warehouse");
    }

    @Test
    void deadline_stopsALongStatementInSnowflake() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> invoke("{\"query\":\"slow\",\"params\":{\"seconds\":120}}", Duration.ofSeconds(4)))
                .isInstanceOf(ScheduledRunFailedException.class)
                .hasMessageStartingWith("DEADLINE_EXCEEDED");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        // Stopped by Snowflake's own statement timeout or by the driver's cancel, whichever fires first: both are sent,
        // and either may land just after the function has answered at its deadline.
        Eventually.await("the slow statement to be aborted", Duration.ofSeconds(10),
                () -> standIns.snowflake().queries().stream().filter(q -> q.sqlText().contains("SYSTEM$WAIT")).toList(),
                waits -> waits.size() == 1 && waits.getFirst().status() == QueryInfo.Status.ABORTED);
    }

    @Test
    void aBadParameter_failsTheRun_namingTheQueryOnce() {
        assertThatThrownBy(() -> invoke("{\"query\":\"echo_text\",\"params\":{\"text\":\"x\",\"n\":\"many\"}}"))
                .isInstanceOf(ScheduledRunFailedException.class)
                .hasMessageStartingWith("INVALID_PARAMETER: query 'echo_text', parameter 'n': ")
                .satisfies(e -> assertThat(e.getMessage().split("query 'echo_text'", -1)).hasSize(2));
    }

    @Test
    void unknownQuery_failsTheRun() {
        assertThatThrownBy(() -> invoke("{\"query\":\"nope\"}"))
                .isInstanceOf(ScheduledRunFailedException.class)
                .hasMessageStartingWith("UNKNOWN_QUERY");
    }

    @Test
    void keySnowflakeDoesNotKnow_failsNamingTheFingerprintPresented() {
        standIns.snowflake().unsetPublicKey(LocalDeployment.USER, 1);

        assertThatThrownBy(() -> invoke("{\"query\":\"current_version\"}"))
                .isInstanceOf(ScheduledRunFailedException.class)
                .hasMessageStartingWith("AUTHENTICATION_FAILED")
                .hasMessageContaining("with key " + key.fingerprint())
                .hasMessageEndingWith(": Snowflake does not accept this key for user " + LocalDeployment.USER
                        + " in account " + standIns.snowflake().clientAccount() + "; the account may be wrong as"
                        + " well as the key: check that " + standIns.snowflake().clientAccount() + " is the user's"
                        + " account (organization-account name or locator, as in the JWT), and compare the"
                        + " fingerprint with RSA_PUBLIC_KEY_FP and RSA_PUBLIC_KEY_2_FP in DESC USER "
                        + LocalDeployment.USER);
        // One refetch of the secret in case it was rotated, then one more login attempt.
        assertThat(secretFetches()).isEqualTo(2);
        assertThat(logins()).isEqualTo(2);
        assertThat(loginFingerprints()).containsOnly(key.fingerprint());
    }
}
