package io.snowgate.lambda.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.server.RecordedRequest;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.testing.WarmFunctionOnStandIns;
import io.snowgate.lambda.schedule.ScheduledRunFailedException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a warm function does when Snowflake's side of the session misbehaves: a session idle past Snowflake's four
 * hours, a statement that is never answered, an answer lost after Snowflake ran the statement, and an account whose
 * time zone is not UTC. The real driver against the Snowflake stand-in, whose clock the test moves.
 */
class SnowflakeSessionFaultsTest extends WarmFunctionOnStandIns {

    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(30);

    private long logins() {
        return snowflake.get().counters().count(SnowflakeStandIn.LOGIN);
    }

    @Test
    void aWarmFunctionIdleLongerThanSnowflakesFourHours_recoversWithoutAFailedInvocation() throws IOException {
        invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);

        clock.advance(Duration.ofHours(4).plusMinutes(1));
        JsonNode result = invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);

        assertThat(result.get("rowCount").asInt()).isEqualTo(1);
        assertThat(logins()).as("the ended session replaced by a new one").isEqualTo(2);
    }

    @Test
    void aHeartbeatNeverAnswered_afterAnIdleSpell_replacesTheSessionWithinSeconds_withoutAFailedInvocation()
            throws IOException {
        invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);
        clock.advance(Duration.ofMinutes(2));
        snowflake.get().faults().failNext(SnowflakeStandIn.HEARTBEAT, 1, new Fault.BlackHole());
        long start = System.nanoTime();

        JsonNode result = invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);

        assertThat(result.get("rowCount").asInt()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the heartbeat's own timeout, not the invocation's")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void aSessionTokenPastItsHour_isRenewedByTheDriver_withoutANewLogin() throws IOException {
        invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);

        clock.advance(Duration.ofHours(1).plusMinutes(5));
        JsonNode result = invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);

        assertThat(result.get("rowCount").asInt()).isEqualTo(1);
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.TOKEN)).as("renewals").isEqualTo(1);
        assertThat(logins()).as("the master token renewed the session: no new login").isEqualTo(1);
    }

    @Test
    void aStatementNeverAnswered_failsByTheDeadline_andTheNextInvocationSignsInAnew() throws IOException {
        invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);
        snowflake.get().faults().failNext(SnowflakeStandIn.QUERY, 1, new Fault.BlackHole());
        long start = System.nanoTime();

        assertThatThrownBy(() -> invoke("{\"query\":\"current_version\"}", Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                    assertThat(e.failure().code()).isEqualTo("DEADLINE_EXCEEDED");
                    assertThat(e.failure().message()).contains("did not finish within");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        JsonNode next = invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);
        assertThat(next.get("rowCount").asInt()).isEqualTo(1);
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void aLoginNeverAnswered_isDeadlineExceeded_sayingTheQueryWasNotRun_notThatItWasCancelled() {
        snowflake.get().faults().failNext(SnowflakeStandIn.LOGIN, 1, new Fault.BlackHole());
        long start = System.nanoTime();

        assertThatThrownBy(() -> invoke("{\"query\":\"current_version\"}", Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                    assertThat(e.failure().code()).isEqualTo("DEADLINE_EXCEEDED");
                    assertThat(e.failure().message()).contains("was not run").contains("signing in")
                            .doesNotContain("cancelled");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.QUERY)).isZero();
    }

    @Test
    void aNewSignInNeverAnswered_afterTheStatementFoundItsSessionGone_doesNotClaimTheQueryWasNotRun()
            throws IOException {
        invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);
        snowflake.get().faults().failNext(SnowflakeStandIn.QUERY, 1,
                new Fault.Error("390111", "Session no longer exists.  New login required to access the service."));
        snowflake.get().faults().failNext(SnowflakeStandIn.LOGIN, 1, new Fault.BlackHole());

        assertThatThrownBy(() -> invoke("{\"query\":\"current_version\"}", Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                    assertThat(e.failure().code()).isEqualTo("DEADLINE_EXCEEDED");
                    // A statement was sent before the session had to be signed in to again: it may have run.
                    assertThat(e.failure().message()).doesNotContain("was not run");
                });
    }

    @Test
    void snowflakeThrottlingEveryPostOfAStatement_isSnowflakeUnavailable_namingTheStatus() throws IOException {
        invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);
        snowflake.get().faults().failNext(SnowflakeStandIn.QUERY, 1_000, new Fault.Status(429));

        assertThatThrownBy(() -> invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT))
                .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                    assertThat(e.failure().code()).isEqualTo("SNOWFLAKE_UNAVAILABLE");
                    assertThat(e.failure().message()).contains("answered HTTP 429").doesNotContain("did not answer");
                });
    }

    @Test
    void aSessionGoneAgainOnTheSessionThatReplacedIt_isSnowflakeUnavailable_notTheStatementFailing()
            throws IOException {
        invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);
        // Found by the chaos soak: the session ended, the function signed in anew, and that session ended too.
        snowflake.get().faults().failNext(SnowflakeStandIn.QUERY, 2,
                new Fault.Error("390111", "Session no longer exists.  New login required to access the service."));

        assertThatThrownBy(() -> invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT))
                .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                    assertThat(e.failure().code()).isEqualTo("SNOWFLAKE_UNAVAILABLE");
                    assertThat(e.failure().httpStatus()).isEqualTo(502);
                    assertThat(e.failure().snowflakeCode()).contains("390111");
                });
        assertThat(logins()).as("one new session, as the function retries once").isEqualTo(2);
    }

    @Test
    void aStatementSnowflakeCancelledBeforeItsTimeout_isSnowflakeUnavailable_notTheDeadline() throws IOException {
        invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);
        // Found by the chaos soak: Snowflake ended the session a statement was running in (an operator's
        // SYSTEM$CANCEL_QUERY does the same); the invocation answered DEADLINE_EXCEEDED 25 ms into a 14 s budget.
        snowflake.get().faults().failNext(SnowflakeStandIn.QUERY, 1,
                new Fault.Error("000604", "SQL execution canceled"));

        assertThatThrownBy(() -> invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT))
                .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                    assertThat(e.failure().code()).isEqualTo("SNOWFLAKE_UNAVAILABLE");
                    assertThat(e.failure().httpStatus()).isEqualTo(502);
                });
    }

    @Test
    void anAnswerLostAfterSnowflakeRanTheStatement_isRePostedByTheDriverAlone_neverByTheFunction()
            throws IOException {
        invoke("{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);
        snowflake.get().reset();
        snowflake.get().faults().failNext(SnowflakeStandIn.QUERY, 1, new Fault.LostResponse());

        JsonNode result = invoke("{\"query\":\"echo_text\",\"params\":{\"text\":\"once\"}}", INVOCATION_TIMEOUT);

        assertThat(result.get("rowCount").asInt()).isEqualTo(1);
        List<RecordedRequest> posts = snowflake.get().requests(SnowflakeStandIn.QUERY);
        Set<String> requestIds = posts.stream().map(r -> parameter(r.query(), "requestId")).collect(Collectors.toSet());
        // Snowflake ran the statement, its answer was lost, and snowflake-jdbc re-posted it with the same request
        // id: the one repetition there is, and the function's own single statement.
        assertThat(posts).hasSizeGreaterThanOrEqualTo(2);
        assertThat(requestIds).as("one statement from the function").hasSize(1);
        assertThat(posts.subList(1, posts.size())).allSatisfy(p -> assertThat(p.query()).contains("retryCount"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati", "UTC"})
    void scheduledTime_bindsTheSameInstant_whateverTheAccountsTimeZone(String accountZone) throws IOException {
        snowflake.get().setAccountParameter("TIMEZONE", accountZone);
        Instant scheduled = Instant.parse("2026-11-27T23:30:00Z");

        JsonNode result = invoke("{\"query\":\"runs_at\",\"scheduledTime\":\"" + scheduled + "\"}",
                INVOCATION_TIMEOUT);

        // The function's sessions run in UTC whatever the account's default: the instant, and its rendering.
        assertThat(result.get("rows").get(0).get("SCHEDULED_AT").asText()).isEqualTo("2026-11-27T23:30:00Z");
    }

    private static String parameter(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return "";
    }
}
