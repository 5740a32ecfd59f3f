package io.snowgate.emulator.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.junit5.MutableClock;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import net.snowflake.client.api.connection.SnowflakeConnection;
import net.snowflake.client.api.resultset.QueryStatus;
import net.snowflake.client.api.resultset.SnowflakeAsyncResultSet;
import net.snowflake.client.api.resultset.SnowflakeResultSet;
import net.snowflake.client.api.statement.SnowflakeStatement;
import org.junit.jupiter.api.Test;

/**
 * How Snowflake treats runs that a lenient stand-in would wave through: an abort of a statement that is not running,
 * one statement too many for a user, a run the monitoring endpoint does not know yet, a query-request posted twice.
 */
class SnowflakeRunsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SnowflakeStandIn start(SnowflakeStandIn.Config config) {
        SnowflakeStandIn standIn = new SnowflakeStandIn(config).start();
        standIn.createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        return standIn;
    }

    private static Connection connect(SnowflakeStandIn standIn) throws SQLException {
        return SignedInSnowflake.connect(standIn, "alice", TestKeys.ALICE);
    }

    @Test
    void abortOfAStatementThatAlreadyFinished_isRefusedWith000605() throws Exception {
        try (SnowflakeStandIn standIn = start(SnowflakeStandIn.Config.defaults());
             Connection connection = connect(standIn); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
            // What the driver sends when its cancel (a client-side timeout, Statement.cancel) arrives as the statement
            // ends: the statement's own requestId (core/StmtUtil.java#cancel).
            var finished = standIn.requests(SnowflakeStandIn.QUERY).getLast();
            String requestId = finished.query().replaceAll(".*requestId=([^&]+).*", "$1");

            JsonNode answer = abort(standIn, finished.header("Authorization"), requestId);

            assertThat(answer.path("success").asBoolean(true)).isFalse();
            assertThat(answer.path("data").path("errorCode").asText()).isEqualTo("000605");
            assertThat(answer.path("message").asText()).isEqualTo("Identified SQL statement is not currently executing.");
        }
    }

    private static JsonNode abort(SnowflakeStandIn standIn, String authorization, String requestId) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        standIn.endpoint().resolve("/queries/v1/abort-request?requestId=" + UUID.randomUUID()))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sqlText\":\"SELECT 1\",\"requestId\":\""
                        + requestId + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void oneStatementMoreThanTheUsersConcurrencyLimit_isRefusedWith000610() throws Exception {
        try (SnowflakeStandIn standIn = start(SnowflakeStandIn.Config.defaults().withUserConcurrencyLimit(1));
             Connection first = connect(standIn); Connection second = connect(standIn)) {
            standIn.createServiceUser("bob", TestKeys.pem(TestKeys.ALICE_NEXT));
            try (Statement running = first.createStatement();
                 ResultSet async = running.unwrap(SnowflakeStatement.class).executeAsyncQuery("SELECT SYSTEM$WAIT(3)")) {

                assertThatThrownBy(() -> second.createStatement().executeQuery("SELECT 1"))
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getErrorCode()).isEqualTo(610);
                            assertThat(e.getMessage()).startsWith("Exceeded number of allowed concurrent requests per user.");
                        });
                try (Connection bob = SignedInSnowflake.connect(standIn, "bob", TestKeys.ALICE_NEXT);
                     ResultSet rows = bob.createStatement().executeQuery("SELECT 2")) {
                    assertThat(rows.next()).as("another user is not limited").isTrue();
                }
                assertThat(async.next()).isTrue();
            }
            try (ResultSet rows = second.createStatement().executeQuery("SELECT 1")) {
                assertThat(rows.next()).as("once the first ended").isTrue();
            }
        }
    }

    @Test
    void rightAfterAStatementStarts_monitoringAnswersNoData_untilTheLagPasses() throws Exception {
        MutableClock clock = new MutableClock();
        try (SnowflakeStandIn standIn = start(SnowflakeStandIn.Config.defaults()
                .withMonitoringVisibilityLag(Duration.ofSeconds(30)).withClock(clock));
             Connection connection = connect(standIn); Statement statement = connection.createStatement()) {
            String queryId;
            try (ResultSet async = statement.unwrap(SnowflakeStatement.class).executeAsyncQuery("SELECT 7 AS N")) {
                queryId = async.unwrap(SnowflakeResultSet.class).getQueryID();
            }
            awaitEnd(standIn, queryId);
            SnowflakeConnection snowflake = connection.unwrap(SnowflakeConnection.class);

            QueryStatus early = snowflake.getQueryStatus(queryId);
            assertThat(early.getStatus()).isEqualTo(QueryStatus.Status.NO_DATA);
            assertThat(early.isStillRunning()).as("the driver treats no data as still running").isTrue();
            assertThat(monitoring(standIn, connection, queryId).path("data").path("queries").size()).isZero();

            clock.advance(Duration.ofSeconds(31));
            assertThat(snowflake.getQueryStatus(queryId).isSuccess()).isTrue();
        }
    }

    @Test
    void aStatementOnASuspendedWarehouse_isResumingWarehouseFirst_andTheWarehouseStaysUpUntilItsAutoSuspend()
            throws Exception {
        MutableClock clock = new MutableClock();
        Duration resume = Duration.ofSeconds(2);
        try (SnowflakeStandIn standIn = start(SnowflakeStandIn.Config.defaults().withWarehouseResumeTime(resume)
                .withClock(clock));
             Connection connection = connect(standIn); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE T (N NUMBER)");
            SnowflakeConnection snowflake = connection.unwrap(SnowflakeConnection.class);

            String first = startAsync(statement, "SELECT COUNT(*) FROM T");
            QueryStatus resuming = snowflake.getQueryStatus(first);
            assertThat(resuming.getStatus()).isEqualTo(QueryStatus.Status.RESUMING_WAREHOUSE);
            assertThat(resuming.isStillRunning()).as("the driver counts it as still running").isTrue();
            assertThat(single(connection, "SELECT EXECUTION_STATUS FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY())"
                    + " WHERE QUERY_ID = '" + first + "'")).isEqualTo("resuming_warehouse");
            awaitEnd(standIn, first);
            assertThat(snowflake.getQueryStatus(first).isSuccess()).isTrue();

            long started = System.nanoTime();
            assertThat(single(connection, "SELECT COUNT(*) FROM T")).isEqualTo("0");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the warehouse is up").isLessThan(resume);

            clock.advance(QueryEndpoints.AUTO_SUSPEND.plusSeconds(1));
            String later = startAsync(statement, "SELECT COUNT(*) FROM T");
            assertThat(snowflake.getQueryStatus(later).getStatus()).isEqualTo(QueryStatus.Status.RESUMING_WAREHOUSE);
            awaitEnd(standIn, later);
        }
    }

    private static String startAsync(Statement statement, String sql) throws SQLException {
        try (ResultSet async = statement.unwrap(SnowflakeStatement.class).executeAsyncQuery(sql)) {
            return async.unwrap(SnowflakeResultSet.class).getQueryID();
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    @Test
    void aStatementWaitingForItsSession_isQueued_notRunning_untilItExecutes() throws Exception {
        try (SnowflakeStandIn standIn = start(SnowflakeStandIn.Config.defaults());
             Connection connection = connect(standIn); Statement statement = connection.createStatement()) {
            SnowflakeConnection snowflake = connection.unwrap(SnowflakeConnection.class);
            String first = startAsync(statement, "SELECT SYSTEM$WAIT(4)");
            Eventually.await("the first statement to run", Duration.ofSeconds(20), () -> standIn.query(first),
                    query -> query.map(q -> q.status() == QueryInfo.Status.RUNNING).orElse(false));

            // The stand-in runs a session's statements one at a time: the second waits for the first.
            String second = startAsync(statement, "SELECT 2");

            QueryStatus waiting = snowflake.getQueryStatus(second);
            assertThat(waiting.getStatus()).isEqualTo(QueryStatus.Status.QUEUED);
            assertThat(waiting.isStillRunning()).as("the driver counts it as still running").isTrue();
            assertThat(standIn.query(second).orElseThrow().status()).isEqualTo(QueryInfo.Status.QUEUED);
            assertThat(snowflake.getQueryStatus(first).getStatus()).isEqualTo(QueryStatus.Status.RUNNING);
            awaitEnd(standIn, second);
            assertThat(snowflake.getQueryStatus(second).isSuccess()).isTrue();
            assertThat(single(connection, "SELECT EXECUTION_STATUS FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY())"
                    + " WHERE QUERY_ID = '" + second + "'")).isEqualTo("success");
        }
    }

    @Test
    void theDriversAsyncResultSet_waitsThroughTheLag_andReadsTheResult() throws Exception {
        try (SnowflakeStandIn standIn = start(SnowflakeStandIn.Config.defaults()
                .withMonitoringVisibilityLag(Duration.ofMillis(1500)));
             Connection connection = connect(standIn); Statement statement = connection.createStatement();
             ResultSet async = statement.unwrap(SnowflakeStatement.class).executeAsyncQuery("SELECT 7 AS N")) {
            assertThat(async.unwrap(SnowflakeAsyncResultSet.class).getStatus().getStatus())
                    .isEqualTo(QueryStatus.Status.NO_DATA);

            assertThat(async.next()).isTrue();
            assertThat(async.getInt("N")).isEqualTo(7);
        }
    }

    @Test
    void aQueryRequestPostedAgainWithTheSameRequestId_runsTheStatementAgain() throws Exception {
        try (SnowflakeStandIn standIn = start(SnowflakeStandIn.Config.defaults());
             Connection connection = connect(standIn); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE EVENTS (ID NUMBER)");
            statement.executeUpdate("INSERT INTO EVENTS VALUES (1)");
            var original = standIn.requests(SnowflakeStandIn.QUERY).getLast();
            assertThat(original.bodyText()).contains("INSERT INTO EVENTS");

            // What snowflake-jdbc sends after a network failure (core/StmtUtil.java, jdbc/RestRequest.java): the same
            // body and requestId, with the retry parameters added.
            String token = original.header("Authorization");
            HttpResponse<String> repost = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            standIn.endpoint().resolve(original.path() + "?" + original.query()
                                    + "&retryCount=1&retryReason=0&clientStartTime=" + Instant.now().toEpochMilli()))
                    .header("Authorization", token).header("Content-Type", "application/json")
                    .header("Accept", "application/snowflake")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(original.body())).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(JSON.readTree(repost.body()).path("success").asBoolean()).as(repost.body()).isTrue();
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM EVENTS")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).as("the re-post inserted the row a second time").isEqualTo(2);
            }
            String requestId = new java.net.URI("http://x/?" + original.query()).getQuery().replaceAll(".*requestId=([^&]+).*", "$1");
            assertThat(standIn.requests(SnowflakeStandIn.QUERY)).filteredOn(r -> r.query().contains(requestId)).hasSize(2);
        }
    }

    private static JsonNode monitoring(SnowflakeStandIn standIn, Connection connection, String queryId) throws Exception {
        String token = standIn.requests(SnowflakeStandIn.MONITORING).getLast().header("Authorization");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        standIn.endpoint().resolve("/monitoring/queries/" + queryId))
                .header("Authorization", token).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static void awaitEnd(SnowflakeStandIn standIn, String queryId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (standIn.query(queryId).map(q -> !q.status().ended()).orElse(true)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the statement did not end within 20 s");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void abortOfARequestIdNeverIssued_isRefusedWith000605AsTheNodeDriverRecordsIt() throws Exception {
        try (SnowflakeStandIn standIn = start(SnowflakeStandIn.Config.defaults());
             Connection connection = connect(standIn)) {
            connection.createStatement().executeQuery("SELECT 1").close();
            String token = standIn.requests(SnowflakeStandIn.QUERY).getLast().header("Authorization");

            JsonNode answer = abort(standIn, token, UUID.randomUUID().toString());

            assertThat(answer.path("success").asBoolean(true)).isFalse();
            assertThat(answer.path("data").path("errorCode").asText()).isEqualTo("000605");
            assertThat(answer.path("data").path("sqlState").asText()).isEqualTo("01000");
        }
    }

    @Test
    void theDriversCancelOfARunningStatement_stillStopsIt() throws Exception {
        try (SnowflakeStandIn standIn = start(SnowflakeStandIn.Config.defaults().withFirstResponseWindow(Duration.ofMillis(200)));
             Connection connection = connect(standIn); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            assertThatThrownBy(() -> statement.executeQuery("SELECT SYSTEM$WAIT(30)"))
                    .isInstanceOf(SQLException.class);
            assertThat(standIn.counters().count(SnowflakeStandIn.ABORT)).isEqualTo(1);
            // The driver fails the call whatever the abort-request does; that the statement stopped is the stand-in's.
            QueryInfo wait = awaitEnd(standIn, "SYSTEM$WAIT", Duration.ofSeconds(10));
            assertThat(wait.status()).isEqualTo(QueryInfo.Status.ABORTED);
            assertThat(wait.errorCode()).isEqualTo("000604");
            assertThat(Duration.between(wait.startedAt(), wait.endedAt())).isLessThan(Duration.ofSeconds(10));
        }
    }

    /** The statement containing {@code sql} once it has ended, failing when it still runs after {@code limit}. */
    private static QueryInfo awaitEnd(SnowflakeStandIn standIn, String sql, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            QueryInfo query = standIn.queries().stream().filter(q -> q.sqlText().contains(sql)).findFirst()
                    .orElseThrow();
            if (query.status().ended()) {
                return query;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the statement still ran " + limit + " after it was cancelled");
    }
}
