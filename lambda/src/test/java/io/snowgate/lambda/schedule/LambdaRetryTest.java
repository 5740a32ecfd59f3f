package io.snowgate.lambda.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.snowflake.QueryInfo;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lambda retries an asynchronous event it saw fail (same request id, possibly in another execution environment): a
 * statement that is not safe to run twice must not run again. Each test delivers one event twice, to two execution
 * environments, through the real handler, SDK and driver.
 */
class LambdaRetryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String EVENT = "{\"query\":\"record_event\",\"params\":{\"note\":\"once\"},"
            + "\"scheduledTime\":\"%s\"}";

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path keys;

    private final ObjectMapper json = new ObjectMapper();
    private final List<QueryFunction> environments = new ArrayList<>();
    private LocalDeployment deployment;
    private UserKey key;

    @BeforeEach
    void deploy() throws SQLException {
        key = UserKey.generate(keys.resolve("key"), "retry-passphrase");
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake()).install(key);
        try (Connection connection = serviceUser(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE EVENTS (NOTE VARCHAR)");
        }
    }

    @AfterEach
    void tearDown() {
        environments.forEach(QueryFunction::close);
        deployment.close();
    }

    private Connection serviceUser() throws SQLException {
        return DriverManager.getConnection(standIns.snowflake().jdbcUrl(), standIns.snowflake().connectionProperties(
                LocalDeployment.USER, new PrivateKeyReader().readPrivateKey(key.encryptedPem(),
                        Passphrase.of(key.passphrase())).privateKey()));
    }

    /** A fresh execution environment. */
    private ScheduledQueryHandler environment() {
        QueryFunction function = deployment.function(Clock.systemUTC(), Duration.ofMinutes(15), Duration.ofMinutes(1));
        environments.add(function);
        return new ScheduledQueryHandler(function);
    }

    private JsonNode deliver(ScheduledQueryHandler handler, String requestId, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext(requestId, "scheduled", TIMEOUT, Clock.systemUTC()));
        return json.readTree(out.toByteArray());
    }

    private long rows() throws SQLException {
        try (Connection connection = serviceUser(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM EVENTS")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private List<QueryInfo> inserts() {
        return standIns.snowflake().queries().stream().filter(q -> q.sqlText().startsWith("INSERT")).toList();
    }

    private static String event() {
        return EVENT.formatted(java.time.Instant.now().minusSeconds(30));
    }

    @Test
    void aRetryOfAStatementThatRan_isAnsweredFromItsResult_withoutRunningItAgain() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String event = event();

        JsonNode first = deliver(environment(), requestId, event);
        JsonNode retry = deliver(environment(), requestId, event);

        assertThat(rows()).isEqualTo(1);
        assertThat(inserts()).hasSize(1);
        assertThat(retry.get("queryId").asText()).isEqualTo(first.get("queryId").asText());
        // Answered as the first delivery was, though read back through RESULT_SCAN: the count, not a counts row.
        assertThat(first.get("updateCount").asLong()).isEqualTo(1);
        assertThat(retry.get("updateCount").asLong()).isEqualTo(1);
        assertThat(retry.get("rowCount").asInt()).isZero();
    }

    /**
     * A hand-made event (an `invoke --invocation-type Event` with a time typed in), or a clock far off, can name a
     * time after its first delivery: the look-up must still reach back to that delivery, within Lambda's six hours.
     */
    @ParameterizedTest
    @ValueSource(strings = {"PT1H", "P2D", "-P2D"})
    void aRetryOfAnEventWhoseScheduledTimeIsFarFromNow_isStillAnsweredFromTheFirstRun(String offset)
            throws Exception {
        String requestId = UUID.randomUUID().toString();
        String event = EVENT.formatted(java.time.Instant.now().plus(Duration.parse(offset)));

        JsonNode first = deliver(environment(), requestId, event);
        JsonNode retry = deliver(environment(), requestId, event);

        assertThat(inserts()).hasSize(1);
        assertThat(retry.get("queryId").asText()).isEqualTo(first.get("queryId").asText());
    }

    @Test
    void aRetryWhileTheFirstDeliveryWaitsForItsWarehouseToResume_failsWithoutRunningTheStatementAgain()
            throws Exception {
        // A schedule often finds its warehouse suspended: its statement is RESUMING_WAREHOUSE before it runs, which
        // QUERY_HISTORY shows as resuming_warehouse and Snowflake counts as running.
        String requestId = UUID.randomUUID().toString();
        String event = event();
        ScheduledQueryHandler first = environment();
        ScheduledQueryHandler second = environment();
        standIns.snowflake().suspendWarehouses(Duration.ofSeconds(10));

        CompletableFuture<JsonNode> firstDelivery = CompletableFuture.supplyAsync(() -> {
            try {
                return deliver(first, requestId, event);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Eventually.await("the first delivery's INSERT to wait for its warehouse", Duration.ofSeconds(20),
                this::inserts, found -> found.size() == 1 && found.get(0).status() == QueryInfo.Status.RESUMING_WAREHOUSE);

        assertThatThrownBy(() -> deliver(second, requestId, event))
                .isInstanceOfSatisfying(ScheduledRunFailedException.class,
                        e -> assertThat(e.failure().code()).isEqualTo("RETRY_NOT_RUN"));
        assertThat(firstDelivery.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get("updateCount").asLong()).isEqualTo(1);
        assertThat(inserts()).hasSize(1);
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void aRetryWhoseFirstDeliveryNeverReachedTheStatement_runsIt() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String event = event();
        standIns.secretsManager().faults().failNext("GetSecretValue", 10, new Fault.Status(503));

        assertThatThrownBy(() -> deliver(environment(), requestId, event))
                .isInstanceOf(ScheduledRunFailedException.class);
        standIns.secretsManager().faults().clear();
        JsonNode retry = deliver(environment(), requestId, event);

        assertThat(retry.get("queryId").asText()).isNotBlank();
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void differentEvents_eachRun() throws Exception {
        deliver(environment(), UUID.randomUUID().toString(), event());
        deliver(environment(), UUID.randomUUID().toString(), event());

        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void withNoCurrentDatabase_aStatementNotSafeToRepeat_failsWithoutRunning_sayingWhy() throws Exception {
        deployment.storeSecret(deployment.secretJson(key, false));
        standIns.snowflake().setDefaultNamespace(LocalDeployment.USER, null);

        assertThatThrownBy(() -> deliver(environment(), UUID.randomUUID().toString(), event()))
                .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                    assertThat(e.failure().code()).isEqualTo("RETRY_NOT_RUN");
                    // Either mode's setting: the secret's field, or workload identity's variable.
                    assertThat(e.getMessage()).contains("set 'database' in the secret (or "
                            + FunctionEnvironment.SNOWFLAKE_DATABASE + " with workload identity)");
                });
        assertThat(inserts()).isEmpty();
    }

    @Test
    void aHistoryLookupSnowflakeCancelled_isSnowflakeUnavailable_notTheDeadline_andRunsNothing() throws Exception {
        // Found by the chaos soak: Snowflake ended the session while the QUERY_HISTORY lookup ran; the invocation
        // answered DEADLINE_EXCEEDED 'did not finish within 14 s' 600 ms into its budget. The lookup sets no timeout.
        standIns.snowflake().faultPolicy(request -> SnowflakeStandIn.QUERY.equals(request.kind())
                && new String(request.body(), StandardCharsets.UTF_8).contains("QUERY_HISTORY_BY_USER")
                ? Optional.of(new Fault.Error("000604", "SQL execution canceled"))
                : Optional.empty());

        assertThatThrownBy(() -> deliver(environment(), UUID.randomUUID().toString(), event()))
                .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                    assertThat(e.failure().code()).isEqualTo("SNOWFLAKE_UNAVAILABLE");
                    assertThat(e.failure().httpStatus()).isEqualTo(502);
                });
        assertThat(inserts()).isEmpty();
    }
}
