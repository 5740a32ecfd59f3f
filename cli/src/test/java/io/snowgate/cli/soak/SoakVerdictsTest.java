package io.snowgate.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.cli.soak.InvocationRecord.Role;
import io.snowgate.cli.soak.InvocationRecord.SecretsEpisode;
import io.snowgate.cli.soak.SoakFaults.GlobalFault;
import io.snowgate.cli.soak.SoakFaults.SecretsFault;
import io.snowgate.cli.soak.SoakFaults.StatementFault;
import io.snowgate.cli.soak.SoakPlan.Kind;
import io.snowgate.cli.soak.SoakPlan.SoakQuery;
import io.snowgate.cli.soak.SoakPlan.Work;
import io.snowgate.emulator.secretsmanager.Rotation;
import io.snowgate.emulator.snowflake.QueryInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The soak's verdict cannot pass by default: each pass criterion, planted once into otherwise clean evidence, fails
 * the report; and a failure is excused only by a fault it actually met.
 */
class SoakVerdictsTest {

    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
    private static final Work WRITE = new Work(0, 0, "e00-i0000", Kind.SCHEDULED, SoakQuery.WRITE, 1, 0,
            Optional.empty());
    private static final Work REPORT = new Work(0, 1, "e00-i0001", Kind.HTTP_ASYNC, SoakQuery.REPORT, 2, 1,
            Optional.empty());
    private static final String RUN_ID = "run-1";

    private final List<InvocationRecord> records = new ArrayList<>();
    private final List<QueryInfo> statements = new ArrayList<>();
    private final List<SoakEngine.Fired> fired = new ArrayList<>();
    private final List<LeakScanner.Leak> leaks = new ArrayList<>();
    private final List<Instant> loginsRefused = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private int writeRows = 1;
    private Optional<Rotation> rotation = Optional.of(rotation(Rotation.Status.SUCCEEDED));
    private long[] secretReads = {1};
    private long unattributedSecretReads;

    private static InvocationRecord record(String id, Work work, Role role, long startSecond, long endSecond,
            String failureCode) {
        InvocationRecord record = new InvocationRecord(id, work, role, work.environment());
        record.started(T0.plusSeconds(startSecond), false);
        if (failureCode == null) {
            record.succeeded(T0.plusSeconds(endSecond));
        } else {
            record.failed(T0.plusSeconds(endSecond), failureCode, "planted");
        }
        return record;
    }

    private static QueryInfo statement(String id, String requestId, QueryInfo.Status status, long startSecond,
            long endSecond) {
        return new QueryInfo(id, 1, "SVC", "INSERT", "{\"app\":\"snowgate\",\"query\":\"q\",\"requestId\":\""
                + requestId + "\"}", status, null, null, T0.plusSeconds(startSecond), T0.plusSeconds(endSecond));
    }

    /** A clean run: a write that ran once and left its row. */
    private void cleanWrite() {
        records.add(record(WRITE.id(), WRITE, Role.SCHEDULED, 0, 1, null));
        statements.add(statement("q-1", WRITE.id(), QueryInfo.Status.SUCCESS, 0, 1));
    }

    private SoakReport judge() {
        Map<String, List<QueryInfo>> executions = new java.util.HashMap<>();
        for (QueryInfo q : statements) {
            String requestId = q.queryTag().replaceAll(".*\"requestId\":\"([^\"]+)\".*", "$1");
            executions.computeIfAbsent(requestId, id -> new ArrayList<>()).add(q);
        }
        return SoakVerdicts.judge(new SoakVerdicts.Evidence(new SoakSettings(1, 1, 2), SoakPlan.of(
                new SoakSettings(1, 1, 2)), records, fired, statements, executions, Map.of(REPORT.id(), RUN_ID),
                Map.of(WRITE.id(), writeRows), Set.of(WRITE.id()), secretReads, unattributedSecretReads, loginsRefused,
                rotation,
                leaks, problems, Duration.ofSeconds(10), Duration.ofSeconds(10), Path.of(".")));
    }

    private static Rotation rotation(Rotation.Status status) {
        return new Rotation("arn", "token", status, List.of());
    }

    private static String printed(SoakReport report) {
        java.io.StringWriter text = new java.io.StringWriter();
        report.print(new java.io.PrintWriter(text));
        return text.toString();
    }

    /**
     * The secret reads per environment print as their minimum, median and maximum, then environment by environment
     * in the environments' own order (the summary sorts a copy), with the reads made outside any invocation.
     */
    @Test
    void secretReadsPerEnvironment_printTheirSpread_thenEachEnvironmentInOrder() {
        cleanWrite();
        secretReads = new long[] {5, 1, 3, 9, 2, 2, 7, 4, 6};
        unattributedSecretReads = 2;

        String printed = printed(judge());

        assertThat(printed).containsPattern("(?m)^GetSecretValue per environment +min 1, median 4, max 9 \\(2 outside"
                + " any invocation\\)$")
                .containsPattern("(?m)^  by environment +e00 5, e01 1, e02 3, e03 9, e04 2, e05 2, e06 7, e07 4$")
                .containsPattern("(?m)^ +e08 6$");
        secretReads = new long[] {4, 1, 3, 9};
        unattributedSecretReads = 0;
        assertThat(printed(judge())).containsPattern("(?m)^GetSecretValue per environment +min 1, median 3\\.5, max 9$");
    }

    @Test
    void cleanEvidence_passes() {
        cleanWrite();

        assertThat(judge().passed()).isTrue();
    }

    @Test
    void aWriteRunTwice_failsTheReport() {
        cleanWrite();
        statements.add(statement("q-2", WRITE.id(), QueryInfo.Status.SUCCESS, 1, 2));
        writeRows = 2;

        SoakReport report = judge();

        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
    }

    /** Either is proof on its own: a second successful run of the INSERT, or a second row with the write's id. */
    @Test
    void aWriteRunTwice_isADuplicate_onEitherEvidenceAlone() {
        cleanWrite();
        statements.add(statement("q-2", WRITE.id(), QueryInfo.Status.SUCCESS, 1, 2));
        SoakReport twoRunsOneRow = judge();

        statements.removeLast();
        writeRows = 2;
        SoakReport oneRunTwoRows = judge();

        assertThat(twoRunsOneRow.duplicates()).isEqualTo(1);
        assertThat(twoRunsOneRow.passed()).isFalse();
        assertThat(oneRunTwoRows.duplicates()).isEqualTo(1);
        assertThat(oneRunTwoRows.passed()).isFalse();
    }

    @Test
    void aWriteAnsweredAsDoneThatLeftNoRow_failsTheReport() {
        cleanWrite();
        writeRows = 0;

        SoakReport report = judge();

        assertThat(report.recoverableFailures()).isZero();
        assertThat(report.duplicates()).isZero();
        assertThat(report.passed()).isFalse();
        assertThat(printed(report)).contains("acknowledged writes missing:\n  e00-i0000: answered as done, no row");
    }

    @Test
    void aRotationThatFailed_orNeverStarted_failsTheReport() {
        cleanWrite();
        rotation = Optional.of(rotation(Rotation.Status.FAILED));
        SoakReport failed = judge();

        rotation = Optional.empty();
        SoakReport notStarted = judge();

        assertThat(failed.rotationSucceeded()).isFalse();
        assertThat(failed.passed()).isFalse();
        assertThat(notStarted.rotationSucceeded()).isFalse();
        assertThat(notStarted.passed()).isFalse();
    }

    /** A soak that could not do what it planned proves nothing about the function, however clean the rest. */
    @Test
    void aProblemWithTheSoakItself_failsTheReport() {
        cleanWrite();
        problems.add("environment 0 never ran invocation 3");

        SoakReport report = judge();

        assertThat(report.problems()).containsExactly("environment 0 never ran invocation 3");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void secretMaterialInAnyOutput_failsTheReport() {
        cleanWrite();
        leaks.add(new LeakScanner.Leak("environment-00.log", WRITE.id(), "the key's passphrase"));

        SoakReport report = judge();

        assertThat(report.leaks()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
    }

    /**
     * A key refused, the secret refetched and the new sign-in refused too (a rotated key and an armed refusal in
     * one invocation): the function refetches once, so AUTHENTICATION_FAILED is the right answer; without an armed
     * refusal met inside the invocation the same failure is one it should have recovered from.
     */
    @Test
    void anAuthenticationFailure_isUnrecoverable_onlyWhenAnArmedRefusalMetOneOfItsLogins() {
        cleanWrite();
        InvocationRecord refused = record(REPORT.id(), REPORT, Role.HTTP_SYNC, 10, 15, "AUTHENTICATION_FAILED");
        refused.logEvent("snowflake_key_refused");
        records.add(refused);
        loginsRefused.add(T0.plusSeconds(20));

        SoakReport outside = judge();
        assertThat(outside.recoverableFailures()).isEqualTo(1);
        assertThat(outside.passed()).isFalse();

        loginsRefused.add(T0.plusSeconds(12));
        SoakReport inside = judge();
        assertThat(inside.recoverableFailures()).isZero();
        assertThat(inside.unrecoverableFailures()).isEqualTo(1);
        assertThat(inside.wrongCodes()).isZero();
        assertThat(inside.passed()).isTrue();
    }

    /**
     * A synchronous read aimed at {@code fault}, which hit {@code faultedPosts} of its statement's posts, failing with
     * {@code code}.
     */
    private SoakReport judgeReadHitBy(StatementFault fault, int faultedPosts, String code) {
        cleanWrite();
        Work read = new Work(0, 1, "e00-i0001", Kind.HTTP_SYNC, SoakQuery.READ, 1, 0, Optional.of(fault));
        InvocationRecord record = record(read.id(), read, Role.HTTP_SYNC, 10, 15, code);
        record.statement(Optional.of(fault), 4, faultedPosts);
        records.add(record);
        return judge();
    }

    @Test
    void aStatementFaultThatLeavesNothingToDo_excusesTheCodeItCallsFor_andNoOther() {
        SoakReport rightCode = judgeReadHitBy(StatementFault.DROPPED_EVERY_TIME, 4, "SNOWFLAKE_UNAVAILABLE");
        assertThat(rightCode.unrecoverableByCode())
                .containsOnlyKeys("SNOWFLAKE_UNAVAILABLE  statement connection dropped on every retry");
        assertThat(rightCode.wrongCodes()).isZero();
        assertThat(rightCode.passed()).isTrue();

        records.clear();
        statements.clear();
        SoakReport wrongCode = judgeReadHitBy(StatementFault.DROPPED_EVERY_TIME, 4, "DEADLINE_EXCEEDED");
        assertThat(wrongCode.recoverableFailures()).isZero();
        assertThat(wrongCode.unrecoverableFailures()).isZero();
        assertThat(wrongCode.wrongCodes()).isEqualTo(1);
        assertThat(wrongCode.passed()).isFalse();
    }

    /** The driver re-posts after one dropped connection: an invocation it hit must still succeed. */
    @Test
    void aStatementFaultTheFunctionAbsorbs_excusesNoFailure() {
        SoakReport report = judgeReadHitBy(StatementFault.DROPPED_ONCE, 1, "SNOWFLAKE_UNAVAILABLE");

        assertThat(report.recoverableFailures()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
    }

    /** Aimed at the invocation, but none of its statement's posts met it: the failure has some other cause. */
    @Test
    void aStatementFaultThatHitNoPost_excusesNoFailure() {
        SoakReport report = judgeReadHitBy(StatementFault.DROPPED_EVERY_TIME, 0, "SNOWFLAKE_UNAVAILABLE");

        assertThat(report.recoverableFailures()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
    }

    /**
     * A write of environment 0 failing SECRET_UNAVAILABLE while every read of Secrets Manager it made failed; the
     * environment had read the secret before when {@code hadGoodSecret}.
     */
    private SoakReport judgeSecretsOutage(boolean hadGoodSecret) {
        cleanWrite();
        Work write = new Work(0, 2, "e00-i0002", Kind.SCHEDULED, SoakQuery.WRITE, 1, 0, Optional.empty());
        InvocationRecord record = record(write.id(), write, Role.SCHEDULED, 10, 15, SoakVerdicts.SECRET_UNAVAILABLE);
        record.episode(new SecretsEpisode(hadGoodSecret ? 1 : 0, Optional.of(SecretsFault.OUTAGE), hadGoodSecret, 3,
                3));
        records.add(record);
        return judge();
    }

    @Test
    void aSecretsManagerOutage_excusesSecretUnavailable_atAColdStart() {
        SoakReport report = judgeSecretsOutage(false);

        assertThat(report.unrecoverableByCode())
                .containsOnlyKeys("SECRET_UNAVAILABLE  Secrets Manager down at a cold start");
        assertThat(report.passed()).isTrue();
    }

    /** An environment that holds a good secret and met no refused key has no need to read it again. */
    @Test
    void aSecretsManagerOutage_excusesNothing_whenTheEnvironmentAlreadyHadAGoodSecret() {
        SoakReport report = judgeSecretsOutage(true);

        assertThat(report.recoverableFailures()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
    }

    /** A write refused RETRY_NOT_RUN with the function's {@code detail}. */
    private SoakReport judgeRetryNotRun(String detail) {
        cleanWrite();
        Work write = new Work(0, 2, "e00-i0002", Kind.SCHEDULED, SoakQuery.WRITE, 1, 0, Optional.empty());
        InvocationRecord record = new InvocationRecord(write.id(), write, Role.SCHEDULED, 0);
        record.started(T0.plusSeconds(10), false);
        record.failed(T0.plusSeconds(11), SoakVerdicts.RETRY_NOT_RUN, detail);
        records.add(record);
        return judge();
    }

    /** The documented limit of QUERY_HISTORY excuses the refusal; any other reason for it does not. */
    @Test
    void retryNotRun_isExcused_onlyWhenQueryHistoryWasFull() {
        SoakReport full = judgeRetryNotRun("query 'soak_write': the service user ran more than 10000 statements"
                + " since the event's first attempt could have run, so QUERY_HISTORY cannot rule it out");
        assertThat(full.recoverableFailures()).isZero();
        assertThat(full.unrecoverableFailures()).isEqualTo(1);
        assertThat(full.passed()).isTrue();

        records.clear();
        statements.clear();
        SoakReport noDatabase = judgeRetryNotRun("query 'soak_write': the session has no current database, so"
                + " QUERY_HISTORY cannot rule out its first attempt; set 'database' in the secret");
        assertThat(noDatabase.recoverableFailures()).isEqualTo(1);
        assertThat(noDatabase.passed()).isFalse();
    }

    @Test
    void aFailureNoFaultExplains_isRecoverable_andFailsTheReport() {
        records.add(record(WRITE.id(), WRITE, Role.SCHEDULED, 0, 1, "DEADLINE_EXCEEDED"));

        SoakReport report = judge();

        assertThat(report.recoverableFailures()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
    }

    /**
     * An asynchronous run started at {@code startMillis} and aborted at {@code abortedMillis}, its poll failing
     * STATEMENT_FAILED just after; meanwhile ending every session took from second 10 to second 12.
     */
    private SoakReport judgeRunAbortedDuringSessionsEnded(long startMillis, long abortedMillis) {
        cleanWrite();
        fired.add(new SoakEngine.Fired(GlobalFault.SESSIONS_ENDED, 5, T0.plusSeconds(10), T0.plusSeconds(12),
                "31 sessions"));
        statements.add(new QueryInfo(RUN_ID, 1, "SVC", "SELECT", "{\"app\":\"snowgate\",\"query\":\"soak_report\","
                + "\"requestId\":\"" + REPORT.id() + "\"}", QueryInfo.Status.ABORTED, "000604", "canceled",
                T0.plusMillis(startMillis), T0.plusMillis(abortedMillis)));
        long second = startMillis / 1000;
        records.add(record(REPORT.id(), REPORT, Role.HTTP_ASYNC_START, second, second, null));
        records.add(record(REPORT.id() + "-p0", REPORT, Role.POLL, second + 2, second + 2, "STATEMENT_FAILED"));
        return judge();
    }

    @Test
    void aRunAbortedWhileSessionsWereBeingEnded_isUnrecoverable_evenWhenItStartedAfterTheFaultBegan() {
        SoakReport report = judgeRunAbortedDuringSessionsEnded(11_000, 11_500);

        assertThat(report.recoverableFailures()).isZero();
        assertThat(report.unrecoverableByCode())
                .containsOnlyKeys("STATEMENT_FAILED  run aborted: Snowflake ended the session it ran in");
        assertThat(report.passed()).isTrue();
    }

    @Test
    void aRunAbortedAfterTheSessionsWereAllEnded_isNotExcusedByThatFault() {
        SoakReport report = judgeRunAbortedDuringSessionsEnded(13_000, 14_000);

        assertThat(report.recoverableFailures()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
    }

    /**
     * A scheduled write of environment 0 failing SNOWFLAKE_UNAVAILABLE from second 10 to 12 because its untagged
     * QUERY_HISTORY look-up, run in session {@code lookupSession}, was aborted while every session was being ended
     * (seconds 10 to 12). Session 1 is environment 0's (its earlier write ran there), session 2 environment 1's.
     */
    private SoakReport judgeWriteWhoseLookupWasAborted(long lookupSession) {
        cleanWrite();
        Work other = new Work(1, 0, "e01-i0000", Kind.HTTP_SYNC, SoakQuery.READ, 1, 0, Optional.empty());
        records.add(record(other.id(), other, Role.HTTP_SYNC, 0, 1, null));
        statements.add(new QueryInfo("q-other", 2, "SVC", "SELECT", "{\"app\":\"snowgate\",\"query\":\"q\","
                + "\"requestId\":\"" + other.id() + "\"}", QueryInfo.Status.SUCCESS, null, null, T0, T0.plusSeconds(1)));
        fired.add(new SoakEngine.Fired(GlobalFault.SESSIONS_ENDED, 5, T0.plusSeconds(10), T0.plusSeconds(12),
                "2 sessions"));
        Work write = new Work(0, 2, "e00-i0002", Kind.SCHEDULED, SoakQuery.WRITE, 1, 0, Optional.empty());
        records.add(record(write.id(), write, Role.SCHEDULED, 10, 12, "SNOWFLAKE_UNAVAILABLE"));
        statements.add(new QueryInfo("q-lookup", lookupSession, "SVC",
                "SELECT QUERY_ID, EXECUTION_STATUS FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER())", "",
                QueryInfo.Status.ABORTED, "000604", "SQL execution canceled", T0.plusMillis(10_500),
                T0.plusMillis(11_500)));
        return judge();
    }

    @Test
    void aWriteWhoseUntaggedLookupInItsOwnSessionWasAbortedWhileSessionsWereBeingEnded_isUnrecoverable() {
        SoakReport report = judgeWriteWhoseLookupWasAborted(1);

        assertThat(report.recoverableFailures()).isZero();
        assertThat(report.unrecoverableByCode())
                .containsOnlyKeys("SNOWFLAKE_UNAVAILABLE  statement aborted: Snowflake ended the session it ran in");
        assertThat(report.passed()).isTrue();
    }

    @Test
    void anUntaggedStatementAbortedInAnotherEnvironmentsSession_doesNotExcuseTheFailure() {
        SoakReport report = judgeWriteWhoseLookupWasAborted(2);

        assertThat(report.recoverableFailures()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
    }
}
