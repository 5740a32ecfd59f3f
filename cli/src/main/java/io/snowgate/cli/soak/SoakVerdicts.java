package io.snowgate.cli.soak;

import io.snowgate.cli.soak.InvocationRecord.Role;
import io.snowgate.cli.soak.SoakFaults.GlobalFault;
import io.snowgate.cli.soak.SoakFaults.SecretsFault;
import io.snowgate.cli.soak.SoakFaults.StatementFault;
import io.snowgate.cli.soak.SoakPlan.SoakQuery;
import io.snowgate.cli.soak.SoakPlan.Work;
import io.snowgate.emulator.secretsmanager.Rotation;
import io.snowgate.emulator.snowflake.QueryInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a finished soak: each failed invocation against the faults it met (recoverable, or unrecoverable with the
 * code that fault calls for), each write against the rows it left, each statement against how often it ran.
 */
final class SoakVerdicts {

    /** The code a cold environment's invocation fails with while Secrets Manager cannot be read. */
    static final String SECRET_UNAVAILABLE = "SECRET_UNAVAILABLE";
    /** The documented refusal of a statement that must not run twice when QUERY_HISTORY cannot rule out a retry. */
    static final String RETRY_NOT_RUN = "RETRY_NOT_RUN";
    /** What the function says when the user ran more statements in the window than QUERY_HISTORY lists. */
    static final String HISTORY_FULL = "statements since the event's first attempt could have run";

    private SoakVerdicts() {
    }

    /** Everything a finished soak left to judge. */
    record Evidence(SoakSettings settings, SoakPlan plan, List<InvocationRecord> records,
            List<SoakEngine.Fired> fired, List<QueryInfo> statements, Map<String, List<QueryInfo>> executions,
            Map<String, String> runs,
            Map<String, Integer> rows,
            Set<String> acknowledgedWrites, long[] secretReads, long unattributedSecretReads,
            List<Instant> loginsRefused,
            Optional<Rotation> rotation, List<LeakScanner.Leak> leaks, List<String> problems,
            Duration invocationsTook, Duration took, Path workDirectory) {
    }

    /**
     * A failed invocation judged.
     *
     * @param expected the codes the faults it met call for; empty when none of them left it nothing to do
     * @param cause    those faults, in words
     */
    record Failure(InvocationRecord record, Set<String> expected, String cause) {
        boolean recoverable() {
            return expected.isEmpty();
        }

        boolean rightCode() {
            return expected.contains(record.code());
        }
    }

    static SoakReport judge(Evidence evidence) {
        List<Failure> failures = new ArrayList<>();
        Map<Long, Integer> sessionEnvironments = sessionEnvironments(evidence);
        for (InvocationRecord record : evidence.records()) {
            if (!record.succeeded()) {
                failures.add(judge(record, evidence.fired(), evidence.loginsRefused(), run(evidence, record),
                        ownStatements(evidence, record, sessionEnvironments)));
            }
        }
        List<String> duplicates = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int rerunAfterLostResponse = 0;
        List<String> unexpectedReruns = new ArrayList<>();
        for (InvocationRecord record : evidence.records()) {
            if (record.role() == Role.POLL) {
                continue;
            }
            Work work = record.work();
            long runs = evidence.executions().getOrDefault(work.id(), List.of()).stream()
                    .filter(q -> q.status() == QueryInfo.Status.SUCCESS).count();
            if (work.query() == SoakQuery.WRITE) {
                int rows = evidence.rows().getOrDefault(work.id(), 0);
                if (runs > 1 || rows > 1) {
                    duplicates.add(work.id() + ": ran " + runs + " times, " + rows + " rows");
                }
                if (evidence.acknowledgedWrites().contains(work.id()) && rows == 0) {
                    missing.add(work.id() + ": answered as done, no row");
                }
            } else if (runs > 1) {
                if (record.consumedStatementFault().map(StatementFault::runsTwice).orElse(false)) {
                    rerunAfterLostResponse++;
                } else {
                    unexpectedReruns.add(work.id() + ": ran " + runs + " times");
                }
            }
        }
        return new SoakReport(evidence, failures, duplicates, missing, rerunAfterLostResponse, unexpectedReruns);
    }

    /** The run a poll read, as the stand-in ran it. */
    private static Optional<QueryInfo> run(Evidence evidence, InvocationRecord record) {
        if (record.role() != Role.POLL) {
            return Optional.empty();
        }
        String queryId = evidence.runs().get(record.work().id());
        return evidence.executions().getOrDefault(record.work().id(), List.of()).stream()
                .filter(q -> q.id().equals(queryId)).findFirst();
    }

    /**
     * The statements an invocation sent itself: those tagged with its request id (for a poll, the RESULT_SCAN that
     * read its run), and the untagged ones (the QUERY_HISTORY look-ups, RESULT_SCAN) that its execution environment's
     * sessions started while it ran. An environment serves one invocation at a time, as Lambda runs them, so an
     * untagged statement in its session during the invocation can only be the invocation's.
     */
    private static List<QueryInfo> ownStatements(Evidence evidence, InvocationRecord record,
            Map<Long, Integer> sessionEnvironments) {
        Instant start = record.startedAt();
        Instant end = start.plus(record.duration());
        List<QueryInfo> own = new ArrayList<>();
        if (record.role() != Role.POLL) {
            own.addAll(evidence.executions().getOrDefault(record.requestId(), List.of()));
        } else {
            String queryId = evidence.runs().get(record.work().id());
            evidence.statements().stream()
                    .filter(q -> queryId != null
                            && q.sqlText().toLowerCase(java.util.Locale.ROOT).contains("result_scan")
                            && q.sqlText().contains(queryId))
                    .filter(q -> !q.startedAt().isBefore(start) && !q.startedAt().isAfter(end))
                    .forEach(own::add);
        }
        evidence.statements().stream()
                .filter(q -> q.queryTag() == null || q.queryTag().isEmpty())
                .filter(q -> Integer.valueOf(record.environment()).equals(sessionEnvironments.get(q.sessionId())))
                .filter(q -> !q.startedAt().isBefore(start) && !q.startedAt().isAfter(end))
                .filter(q -> !own.contains(q))
                .forEach(own::add);
        return own;
    }

    /**
     * Which execution environment each session belongs to, from the tagged statements it ran: each environment keeps
     * its own session, and a tagged statement names the invocation (so the environment) that sent it. Polls move
     * between environments, so only the environments of their own invocations count.
     */
    private static Map<Long, Integer> sessionEnvironments(Evidence evidence) {
        Map<String, Integer> environmentOfRequest = new java.util.HashMap<>();
        for (InvocationRecord record : evidence.records()) {
            if (record.role() != Role.POLL) {
                environmentOfRequest.put(record.requestId(), record.environment());
            }
        }
        Map<Long, Integer> sessions = new java.util.HashMap<>();
        evidence.executions().forEach((requestId, statements) -> {
            Integer environment = environmentOfRequest.get(requestId);
            if (environment != null) {
                statements.forEach(q -> sessions.putIfAbsent(q.sessionId(), environment));
            }
        });
        return sessions;
    }

    /**
     * What the faults an invocation met call for; {@code fired} are the global faults and when they happened,
     * {@code loginsRefused} when each armed refusal met a login, {@code run} the run a poll read, {@code own} the
     * statements the invocation sent.
     */
    static Failure judge(InvocationRecord record, List<SoakEngine.Fired> fired, List<Instant> loginsRefused,
            Optional<QueryInfo> run, List<QueryInfo> own) {
        // Each unrecoverable fault the invocation met, with the code it calls for.
        Map<String, String> causes = new java.util.LinkedHashMap<>();
        Optional<StatementFault> statement = record.consumedStatementFault();
        statement.ifPresent(fault -> fault.unrecoverableCode().ifPresent(code ->
                causes.put(fault.description(), code)));
        Optional<SecretsFault> secrets = record.consumedSecretsFault();
        if (secrets.isPresent() && secrets.get() == SecretsFault.OUTAGE) {
            if (!record.episode().hadGoodSecret()) {
                causes.put("Secrets Manager down at a cold start", SECRET_UNAVAILABLE);
            } else if (record.logged("snowflake_key_refused")) {
                causes.put("Secrets Manager down when a refused key had to be read again", SECRET_UNAVAILABLE);
            }
        }
        if (record.secretReads() == 0 && record.coldAfterFailedRead() && SECRET_UNAVAILABLE.equals(record.code())) {
            causes.put("no secret yet: the secret cache's back-off after a failed cold start (by design)",
                    SECRET_UNAVAILABLE);
        }
        if (record.logged("snowflake_session_gone") && sessionEndedDuring(record, fired)) {
            // The function replaces a session that is gone and runs the work once more, once: a second session
            // ended under the same invocation leaves it nothing to do.
            causes.put("sessions ended twice in one invocation (the function replaces a session once)",
                    "SNOWFLAKE_UNAVAILABLE");
        }
        if (record.logged("snowflake_key_refused") && loginsRefused.stream().anyMatch(at -> during(record, at))) {
            // The function refetches the secret once after a refused key. A refusal armed for some login met one
            // of this invocation's, and another refused it too (the key it held, revoked by a rotation, then the
            // refetched one, or the other way round): nothing is left to sign in with.
            causes.put("a key refused twice in one invocation (the function refetches the secret once)",
                    "AUTHENTICATION_FAILED");
        }
        if (run.isPresent() && run.get().status() == QueryInfo.Status.ABORTED
                && endedDuring(run.get().startedAt(), run.get().endedAt(), fired, GlobalFault.SESSIONS_ENDED)) {
            // Snowflake aborts a session's running statements with it (which is why snowflake-jdbc keeps a session
            // with running asynchronous queries open when the connection closes): the run itself failed.
            causes.put("run aborted: Snowflake ended the session it ran in", "STATEMENT_FAILED");
        }
        if (own.stream().anyMatch(q -> q.status() == QueryInfo.Status.ABORTED
                && endedDuring(q.startedAt(), q.endedAt(), fired, GlobalFault.SESSIONS_ENDED))) {
            causes.put("statement aborted: Snowflake ended the session it ran in", "SNOWFLAKE_UNAVAILABLE");
        }
        if (RETRY_NOT_RUN.equals(record.code()) && record.detail() != null && record.detail().contains(HISTORY_FULL)) {
            causes.put("QUERY_HISTORY full: over 10,000 statements since the event could have run (documented)",
                    RETRY_NOT_RUN);
        }
        if (causes.isEmpty()) {
            return new Failure(record, Set.of(), describeRecoverable(record));
        }
        Set<String> expected = new LinkedHashSet<>(causes.values());
        // Named by the faults that call for the code it failed with; all of them when none does.
        List<String> named = causes.entrySet().stream().filter(c -> c.getValue().equals(record.code()))
                .map(Map.Entry::getKey).toList();
        return new Failure(record, expected, String.join("; ", named.isEmpty() ? causes.keySet() : named));
    }

    /** Whether {@code at} fell while the invocation ran. */
    private static boolean during(InvocationRecord record, Instant at) {
        Instant start = record.startedAt();
        return start != null && !at.isBefore(start) && !at.isAfter(start.plus(record.duration()));
    }

    /** Whether a global fault that ends sessions happened while the invocation ran. */
    private static boolean sessionEndedDuring(InvocationRecord record, List<SoakEngine.Fired> fired) {
        return sessionEndedDuring(record.startedAt(), record.startedAt().plus(record.duration()), fired);
    }

    private static boolean sessionEndedDuring(Instant start, Instant end, List<SoakEngine.Fired> fired) {
        return endedDuring(start, end, fired, GlobalFault.SESSIONS_ENDED, GlobalFault.MASTER_TOKENS_EXPIRE);
    }

    /** Whether one of {@code faults} was under way at any moment between {@code start} and {@code end}. */
    private static boolean endedDuring(Instant start, Instant end, List<SoakEngine.Fired> fired,
            GlobalFault... faults) {
        if (start == null || end == null) {
            return false;
        }
        Set<GlobalFault> wanted = Set.of(faults);
        return fired.stream().anyMatch(f -> wanted.contains(f.fault()) && !f.until().isBefore(start)
                && !f.at().isAfter(end));
    }

    /** The faults a recoverable failure met, for the listing. */
    private static String describeRecoverable(InvocationRecord record) {
        List<String> met = new ArrayList<>();
        record.consumedStatementFault().ifPresent(f -> met.add(f.description()));
        record.consumedSecretsFault().ifPresent(f -> met.add(f.description()));
        if (record.logged("snowflake_key_refused")) {
            met.add("key refused at sign-in");
        }
        if (record.logged("snowflake_session_gone")) {
            met.add("session gone");
        }
        return met.isEmpty() ? "no aimed fault" : "met: " + String.join(", ", met);
    }
}
