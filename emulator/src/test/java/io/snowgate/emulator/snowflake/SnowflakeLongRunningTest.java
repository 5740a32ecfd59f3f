package io.snowgate.emulator.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.snowflake.client.api.connection.SnowflakeConnection;
import net.snowflake.client.api.resultset.QueryStatus;
import net.snowflake.client.api.resultset.SnowflakeAsyncResultSet;
import net.snowflake.client.api.resultset.SnowflakeResultSet;
import net.snowflake.client.api.statement.SnowflakeStatement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Statements that outlive a response, get cancelled or time out, run detached, or are read from another session. */
class SnowflakeLongRunningTest {

    /** Short, so a one-second statement is polled a few times. */
    private static final Duration WINDOW = Duration.ofMillis(200);

    @RegisterExtension
    final SignedInSnowflake snowflake = SignedInSnowflake.on(
            () -> new SnowflakeStandIn(SnowflakeStandIn.Config.defaults().withFirstResponseWindow(WINDOW)).start());

    private Connection connection;

    @BeforeEach
    void connect() {
        connection = snowflake.connection();
    }

    private Connection open(String user, java.security.KeyPair key) throws SQLException {
        return SignedInSnowflake.connect(snowflake.get(), user, key);
    }

    /** Waits (bounded) until the stand-in reports a statement running; no sleeping on a guess. */
    private void awaitARunningStatement() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (snowflake.get().queries().stream().noneMatch(q -> q.status() == QueryInfo.Status.RUNNING)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no statement started running within 20 s");
            }
            Thread.onSpinWait();
        }
    }

    /** Runs {@code sql} on another thread; the future fails with the driver's exception. */
    private static CompletableFuture<Void> inBackground(Statement statement, String sql) {
        return CompletableFuture.runAsync(() -> {
            try {
                statement.executeQuery(sql);
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /** The first statement containing {@code sql}, once it has ended (the client may learn of a cancel first). */
    private QueryInfo awaitEnd(String sql) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            QueryInfo query = snowflake.get().queries().stream().filter(q -> q.sqlText().contains(sql)).findFirst()
                    .orElseThrow();
            if (query.status().ended()) {
                return query;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the statement did not end within 20 s");
    }

    @Test
    void statementOutlivingTheFirstResponse_isPolledToCompletion() throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT SYSTEM$WAIT(1) AS W, 42 AS ANSWER")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("W")).isEqualTo("waited 1 seconds");
            assertThat(rows.getInt("ANSWER")).isEqualTo(42);
        }
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.RESULT)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void queryTimeout_cancelsSystemWaitLongBeforeItWouldEnd() throws Exception {
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            assertThatThrownBy(() -> statement.executeQuery("SELECT SYSTEM$WAIT(60)"))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        QueryInfo wait = awaitEnd("SYSTEM$WAIT");
        assertThat(wait.status()).isEqualTo(QueryInfo.Status.ABORTED);
        assertThat(Duration.between(wait.startedAt(), wait.endedAt())).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void cancelFromAnotherThread_reachesTheStandInAndStopsTheStatement() throws Exception {
        try (Statement statement = connection.createStatement()) {
            CompletableFuture<Void> running = inBackground(statement, "SELECT SYSTEM$WAIT(60)");
            awaitARunningStatement();
            statement.cancel();

            assertThatThrownBy(() -> running.get(20, TimeUnit.SECONDS))
                    .rootCause().isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(604));
        }
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.ABORT)).isEqualTo(1);
        assertThat(awaitEnd("SYSTEM$WAIT").status()).isEqualTo(QueryInfo.Status.ABORTED);
    }

    @Test
    void closingTheConnection_whileItsStatementRuns_abortsTheStatement_withoutWaitingForIt() throws Exception {
        Statement statement = connection.createStatement();
        CompletableFuture<Void> running = inBackground(statement, "SELECT SYSTEM$WAIT(60)");
        awaitARunningStatement();

        long start = System.nanoTime();
        connection.close();

        // Logging out ends the session and aborts its queries (snowflake-jdbc keeps a session open while an
        // asynchronous query runs in it, SFSession#isSafeToClose, for that reason); it does not wait for them.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThatThrownBy(() -> running.get(20, TimeUnit.SECONDS)).rootCause().satisfies(canceledOrSessionGone());
        assertThat(awaitEnd("SYSTEM$WAIT")).satisfies(abortedAsCanceled());
        assertThat(snowflake.get().sessions()).singleElement().satisfies(session -> assertThat(session.ended()).isTrue());
    }

    @Test
    void endingASessionServerSide_abortsItsRunningStatement() throws Exception {
        try (Statement statement = connection.createStatement()) {
            CompletableFuture<Void> running = inBackground(statement, "SELECT SYSTEM$WAIT(60)");
            awaitARunningStatement();

            assertThat(snowflake.get().endSessions("alice")).isEqualTo(1);

            assertThatThrownBy(() -> running.get(20, TimeUnit.SECONDS)).rootCause().satisfies(canceledOrSessionGone());
        }
        assertThat(awaitEnd("SYSTEM$WAIT")).satisfies(abortedAsCanceled());
    }

    /**
     * What the driver hears of a statement whose session ended: 000604 when its poll was waiting on it, 390111 when
     * the poll came after; never another statement error such as a timeout (000630) or an internal error (000603).
     */
    private static java.util.function.Consumer<Throwable> canceledOrSessionGone() {
        return e -> assertThat(e).isInstanceOfSatisfying(SQLException.class,
                sql -> assertThat(sql.getErrorCode()).as(sql.getMessage()).isIn(604, 390111));
    }

    /** A statement aborted with its session: ABORTED with 000604 in history, as Snowflake shows it. */
    private static java.util.function.Consumer<QueryInfo> abortedAsCanceled() {
        return query -> {
            assertThat(query.status()).isEqualTo(QueryInfo.Status.ABORTED);
            assertThat(query.errorCode()).isEqualTo("000604");
        };
    }

    @Test
    void endingASessionServerSide_abortsTheStatementQueuedBehindTheRunningOne_withCode604() throws Exception {
        try (Statement first = connection.createStatement(); Statement second = connection.createStatement()) {
            first.unwrap(SnowflakeStatement.class).executeAsyncQuery("SELECT SYSTEM$WAIT(60) AS RUNNING");
            awaitARunningStatement();
            second.unwrap(SnowflakeStatement.class).executeAsyncQuery("SELECT SYSTEM$WAIT(60) AS QUEUED");

            assertThat(snowflake.get().endSessions("alice")).isEqualTo(1);
        }
        // A failed statement in QUERY_HISTORY always carries its code; a run polled later must not read "error 0".
        assertThat(java.util.List.of(awaitEnd("AS RUNNING"), awaitEnd("AS QUEUED"))).allSatisfy(query -> {
            assertThat(query.status()).isEqualTo(QueryInfo.Status.ABORTED);
            assertThat(query.errorCode()).isEqualTo("000604");
        });
    }

    @Test
    void expiredMasterToken_isAnswered390114AtOnce_whileAnAsynchronousStatementStillRunsInTheSession()
            throws Exception {
        try (Statement detached = connection.createStatement(); Statement next = connection.createStatement()) {
            detached.unwrap(SnowflakeStatement.class).executeAsyncQuery("SELECT SYSTEM$WAIT(30) AS DETACHED");
            awaitARunningStatement();
            snowflake.get().expireTokens("alice", true);
            long started = System.nanoTime();

            assertThatThrownBy(() -> next.executeQuery("SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(390114));
            // Not held up until the 30-second statement lets go of the session.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void statementTimeoutParameter_stopsTheStatementServerSide() throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = 1");
            assertThatThrownBy(() -> statement.executeQuery("SELECT SYSTEM$WAIT(60)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(630);
                        assertThat(e.getSQLState()).isEqualTo("57014");
                    });
        }
    }

    @Test
    void asyncQuery_isReadFromASecondConnectionOfTheSameUser_butNotByAnotherUser() throws Exception {
        String queryId;
        try (Statement statement = connection.createStatement()) {
            ResultSet async = statement.unwrap(SnowflakeStatement.class).executeAsyncQuery("SELECT SYSTEM$WAIT(1) AS W, 7 AS N");
            queryId = async.unwrap(SnowflakeResultSet.class).getQueryID();
            assertThat(async.unwrap(SnowflakeAsyncResultSet.class).getStatus().isStillRunning()).isTrue();
        }
        try (Connection second = open("alice", TestKeys.ALICE)) {
            try (ResultSet rows = second.unwrap(SnowflakeConnection.class).createResultSet(queryId)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt("N")).isEqualTo(7);
            }
            QueryStatus status = second.unwrap(SnowflakeConnection.class).getQueryStatus(queryId);
            assertThat(status.isSuccess()).isTrue();
            assertThat(status.getSqlText()).contains("SYSTEM$WAIT");
        }
        snowflake.get().createServiceUser("bob", TestKeys.pem(TestKeys.ALICE_NEXT));
        try (Connection bob = open("bob", TestKeys.ALICE_NEXT); Statement statement = bob.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM TABLE(RESULT_SCAN('" + queryId + "'))"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(709));
        }
    }

    @Test
    void failedAsyncQuery_reportsItsErrorThroughMonitoring() throws Exception {
        String queryId;
        try (Statement statement = connection.createStatement()) {
            ResultSet async = statement.unwrap(SnowflakeStatement.class).executeAsyncQuery("SELECT * FROM NOWHERE");
            queryId = async.unwrap(SnowflakeResultSet.class).getQueryID();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        QueryStatus status = connection.unwrap(SnowflakeConnection.class).getQueryStatus(queryId);
        while (status.isStillRunning() && System.nanoTime() < deadline) {
            status = connection.unwrap(SnowflakeConnection.class).getQueryStatus(queryId);
        }
        assertThat(status.isAnError()).isTrue();
        assertThat(status.getErrorCode()).isEqualTo(2003);
    }
}
