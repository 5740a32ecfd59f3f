package io.snowgate.cli.soak;

import io.snowgate.cli.soak.SoakFaults.SecretsFault;
import io.snowgate.cli.soak.SoakFaults.StatementFault;
import io.snowgate.cli.soak.SoakPlan.Work;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One Lambda invocation of the soak, as the bookkeeping attributes faults to it: what it was, where it ran, which
 * aimed faults it consumed (told by the stand-ins' fault policies while it ran), what its log said, and how it
 * ended. Written by the thread running it and by the stand-ins' threads serving its requests.
 */
final class InvocationRecord {

    /** What one Lambda invocation was. */
    enum Role {
        SCHEDULED("scheduled"), HTTP_SYNC("http sync"), HTTP_ASYNC_START("http async start"), POLL("poll");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /**
     * An environment's reads of Secrets Manager during this invocation.
     *
     * @param number         the environment's episode number (0: its first read, the cold start)
     * @param hadGoodSecret  whether the environment had read the secret successfully before this episode
     */
    record SecretsEpisode(int number, Optional<SecretsFault> fault, boolean hadGoodSecret, int reads, int faulted) {
        SecretsEpisode read(boolean withFault) {
            return new SecretsEpisode(number, fault, hadGoodSecret, reads + 1, faulted + (withFault ? 1 : 0));
        }
    }

    private final String requestId;
    private final Work work;
    private final Role role;
    private final int environment;
    private Instant startedAt;
    private Instant endedAt;
    private boolean coldAfterFailedRead;
    private boolean succeeded;
    private String code;
    private String detail;
    private Optional<StatementFault> statementFault = Optional.empty();
    private int statementPosts;
    private int faultedPosts;
    private SecretsEpisode episode;
    private final Set<String> logEvents = new TreeSet<>();

    InvocationRecord(String requestId, Work work, Role role, int environment) {
        this.requestId = requestId;
        this.work = work;
        this.role = role;
        this.environment = environment;
    }

    String requestId() {
        return requestId;
    }

    Work work() {
        return work;
    }

    Role role() {
        return role;
    }

    int environment() {
        return environment;
    }

    /**
     * @param coldAfterFailedRead whether its environment had never read the secret and its last read had failed: a
     *                            read now may be held back by the secret cache's back-off
     */
    synchronized void started(Instant at, boolean coldAfterFailedRead) {
        startedAt = at;
        this.coldAfterFailedRead = coldAfterFailedRead;
    }

    synchronized boolean coldAfterFailedRead() {
        return coldAfterFailedRead;
    }

    synchronized Instant startedAt() {
        return startedAt;
    }

    synchronized Duration duration() {
        return startedAt == null || endedAt == null ? Duration.ZERO : Duration.between(startedAt, endedAt);
    }

    synchronized void succeeded(Instant at) {
        endedAt = at;
        succeeded = true;
    }

    /** @param detail the message the function gave, for the failure listing */
    synchronized void failed(Instant at, String failureCode, String failureDetail) {
        endedAt = at;
        succeeded = false;
        code = failureCode;
        detail = failureDetail;
    }

    synchronized boolean succeeded() {
        return succeeded;
    }

    synchronized String code() {
        return code;
    }

    synchronized String detail() {
        return detail;
    }

    /** The aimed statement fault, and how many posts of the statement arrived and how many of them it hit. */
    synchronized void statement(Optional<StatementFault> fault, int posts, int faulted) {
        statementFault = fault;
        statementPosts = posts;
        faultedPosts = faulted;
    }

    /** The statement fault, if it hit at least one post of this invocation's statement. */
    synchronized Optional<StatementFault> consumedStatementFault() {
        return faultedPosts > 0 ? statementFault : Optional.empty();
    }

    synchronized int statementPosts() {
        return statementPosts;
    }

    /** The episode this invocation's reads of Secrets Manager belong to, started by its first read. */
    synchronized SecretsEpisode episode() {
        return episode;
    }

    synchronized void episode(SecretsEpisode value) {
        episode = value;
    }

    /** The Secrets Manager fault, if it hit at least one read of this invocation. */
    synchronized Optional<SecretsFault> consumedSecretsFault() {
        return episode != null && episode.faulted() > 0 ? episode.fault() : Optional.empty();
    }

    synchronized int secretReads() {
        return episode == null ? 0 : episode.reads();
    }

    synchronized void logEvent(String event) {
        logEvents.add(event);
    }

    synchronized boolean logged(String event) {
        return logEvents.contains(event);
    }

    synchronized Set<String> logEvents() {
        return Set.copyOf(logEvents);
    }

    @Override
    public String toString() {
        return requestId + " (" + role.label() + ", environment " + environment + ")";
    }
}
