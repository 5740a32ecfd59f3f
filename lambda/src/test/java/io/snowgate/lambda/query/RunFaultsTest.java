package io.snowgate.lambda.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.snowflake.QueryInfo;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs when Snowflake's side misbehaves: a start submits its statement once, whatever happens after Snowflake
 * accepted it; a run Snowflake cancelled is the run's own failure, not its timeout; a poll whose read Snowflake
 * cancelled can be asked again. The real driver against the Snowflake stand-in.
 */
class RunFaultsTest {

    private static final String SESSION_GONE = "390111";
    private static final String CALLER = "arn:aws:iam::111122223333:user/caller";
    private static final ResultLimits LIMITS = new ResultLimits(100, 100_000);

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path keys;

    private LocalDeployment deployment;
    private QueryFunction function;

    @BeforeEach
    void deploy() throws SQLException {
        UserKey key = UserKey.generate(keys.resolve("key"), "runs-passphrase");
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake()).install(key);
        key.execute(standIns.snowflake(), LocalDeployment.USER, "CREATE TABLE EVENTS (NOTE VARCHAR)");
        function = deployment.function(Clock.systemUTC(), Duration.ofMinutes(15), Duration.ofMinutes(1));
    }

    @AfterEach
    void tearDown() {
        function.close();
        deployment.close();
    }

    private String start(String requestId) {
        return start("record_event", Map.of("note", "once"), requestId);
    }

    private String start(String query, Map<String, Object> params, String requestId) {
        return function.runs().start(new QueryRequest(query, params, requestId, Optional.of(CALLER),
                Optional.empty()), deadline());
    }

    private RunStatus poll(String query, String queryId) {
        return function.runs().poll(new RunReference(query, queryId, Optional.of(CALLER)), deadline(), LIMITS);
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(30), Clock.systemUTC());
    }

    private QueryInfo awaitStatus(String queryId, QueryInfo.Status status) {
        return Eventually.await("run " + queryId + " to be " + status, Duration.ofSeconds(20),
                () -> standIns.snowflake().query(queryId).orElse(null), q -> q != null && q.status() == status);
    }

    private long logins() {
        return standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN);
    }

    private List<QueryInfo> inserts() {
        return standIns.snowflake().queries().stream().filter(q -> q.sqlText().startsWith("INSERT")).toList();
    }

    @Test
    void aSessionLostWhileWaitingForTheRunToShow_doesNotSubmitTheStatementAgain() {
        // Found by the chaos soak: the session ended between the start and the monitoring check, and the session's
        // retry ran the whole start again, INSERT included.
        standIns.snowflake().faults().failNext(SnowflakeStandIn.MONITORING, 1,
                new Fault.Error(SESSION_GONE, "Session no longer exists.  New login required to access the service."));
        long loginsBefore = logins();

        String queryId = start("request-1");

        assertThat(inserts()).extracting(QueryInfo::id).containsExactly(queryId);
        assertThat(logins() - loginsBefore).as("a sign-in, then a new session for the wait alone").isEqualTo(2);
    }

    @Test
    void aSessionLostBeforeTheStatementWasSubmitted_isReplaced_andTheRunStarts() {
        start("warm-up");
        standIns.snowflake().endSessions(LocalDeployment.USER);

        String queryId = start("request-2");

        assertThat(inserts()).extracting(QueryInfo::id).hasSize(2).contains(queryId);
    }

    @Test
    void aRunSnowflakeAborted_isTheRunsFailure_notItsTimeout() {
        // Found by the chaos soak: Snowflake ended the session a run was running in, which aborts the run; polls
        // then answered DEADLINE_EXCEEDED, "did not finish within 600 s", a moment after it started.
        String queryId = start("slow", Map.of("seconds", 3), "request-3");
        awaitStatus(queryId, QueryInfo.Status.RUNNING);

        standIns.snowflake().endSessions(LocalDeployment.USER);
        awaitStatus(queryId, QueryInfo.Status.ABORTED);
        RunStatus status = poll("slow", queryId);

        assertThat(status).isInstanceOfSatisfying(RunStatus.Failed.class, failed -> {
            QueryFailure failure = QueryFailure.of(failed.error());
            assertThat(failure.code()).isEqualTo("STATEMENT_FAILED");
            assertThat(failure.message()).contains("cancelled in Snowflake").doesNotContain("600 s");
        });
    }

    @Test
    void aPollWhoseReadSnowflakeCancels_isSnowflakeUnavailable_andThenReadsTheRun() {
        String queryId = start("echo_text", Map.of("text", "polled"), "request-4");
        awaitStatus(queryId, QueryInfo.Status.SUCCESS);
        // The poll reads the result with a statement of its own (RESULT_SCAN), which sets no timeout.
        standIns.snowflake().faults().failNext(SnowflakeStandIn.QUERY, 1,
                new Fault.Error("000604", "SQL execution canceled"));

        assertThatThrownBy(() -> poll("echo_text", queryId))
                .satisfies(e -> assertThat(QueryFailure.of(e).code()).isEqualTo("SNOWFLAKE_UNAVAILABLE"));
        assertThat(poll("echo_text", queryId)).isInstanceOfSatisfying(RunStatus.Succeeded.class, succeeded -> {
            assertThat(succeeded.queryId()).isEqualTo(queryId);
            assertThat(succeeded.result().rows()).singleElement()
                    .satisfies(row -> assertThat(row.path("ECHOED").asText()).isEqualTo("polled"));
        });
    }
}
