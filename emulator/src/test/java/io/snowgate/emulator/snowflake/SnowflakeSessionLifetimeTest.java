package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.JdbcCalls.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.junit5.StandInExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Token expiry and renewal, large results through chunks, and many sessions at once. */
class SnowflakeSessionLifetimeTest {

    private static final int CHUNK_ROWS = 1_000;

    @RegisterExtension
    final StandInExtension<SnowflakeStandIn> snowflake = StandInExtension.of(SnowflakeStandIn.class,
            () -> new SnowflakeStandIn(SnowflakeStandIn.Config.defaults().withResultChunkRows(CHUNK_ROWS)).start());

    private Connection open() throws SQLException {
        return SignedInSnowflake.connect(snowflake.get(), "alice", TestKeys.ALICE);
    }

    @Test
    void expiredSessionToken_isRenewedInvisiblyToTheCaller() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection connection = open()) {
            single(connection, "SELECT 1");
            assertThat(snowflake.get().expireTokens("alice", false)).isEqualTo(1);

            assertThat(single(connection, "SELECT CURRENT_USER()")).isEqualTo("ALICE");
        }
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.TOKEN)).isEqualTo(1);
        assertThat(snowflake.get().sessions()).hasSize(1);
    }

    @Test
    void expiredMasterToken_endsTheSessionWith390114() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection connection = open()) {
            single(connection, "SELECT 1");
            snowflake.get().expireTokens("alice", true);

            assertThatThrownBy(() -> single(connection, "SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(390114));
        }
        assertThat(snowflake.get().sessions()).singleElement().satisfies(s -> assertThat(s.ended()).isTrue());
    }

    @Test
    void sessionNoRequestTouchedForFourHours_ends_andTheDriverGets390114() throws Exception {
        io.snowgate.emulator.junit5.MutableClock clock = new io.snowgate.emulator.junit5.MutableClock();
        try (SnowflakeStandIn idle = new SnowflakeStandIn(SnowflakeStandIn.Config.defaults().withClock(clock))) {
            idle.start();
            idle.createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
            try (Connection connection = SignedInSnowflake.connect(idle, "alice", TestKeys.ALICE)) {
                single(connection, "SELECT 1");

                clock.advance(java.time.Duration.ofHours(4).plusMinutes(1));

                assertThatThrownBy(() -> single(connection, "SELECT 1"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(390114));
            }
            assertThat(idle.sessions()).singleElement().satisfies(s -> assertThat(s.ended()).isTrue());
        }
    }

    @Test
    void heartbeatsKeepASessionAlivePastFourHours_whichIsHowClientSessionKeepAliveWorks() throws Exception {
        io.snowgate.emulator.junit5.MutableClock clock = new io.snowgate.emulator.junit5.MutableClock();
        try (SnowflakeStandIn kept = new SnowflakeStandIn(SnowflakeStandIn.Config.defaults().withClock(clock))) {
            kept.start();
            kept.createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
            java.util.Properties properties = kept.connectionProperties("alice", TestKeys.ALICE.getPrivate());
            properties.put("CLIENT_SESSION_KEEP_ALIVE", "true");
            try (Connection connection = DriverManager.getConnection(kept.jdbcUrl(), properties)) {
                single(connection, "SELECT 1");
                for (int i = 0; i < 3; i++) {
                    clock.advance(java.time.Duration.ofHours(3));
                    // What the driver's heartbeat thread sends while CLIENT_SESSION_KEEP_ALIVE is on (SFSession#heartbeat).
                    assertThat(connection.isValid(5)).isTrue();
                }

                assertThat(single(connection, "SELECT CURRENT_USER()")).isEqualTo("ALICE");
            }
            assertThat(kept.counters().count(SnowflakeStandIn.HEARTBEAT)).isGreaterThanOrEqualTo(3);
            assertThat(kept.counters().count(SnowflakeStandIn.TOKEN)).as("each 3-hour gap outlived the session token")
                    .isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void renewal_answersANewSessionToken_andTheOldOneStopsWorking() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        long now = java.time.Instant.now().getEpochSecond();
        HandBuiltLogin.Answer login = HandBuiltLogin.post(snowflake.get().endpoint(), snowflake.get().clientAccount(),
                "alice", HandBuiltLogin.jwt("{\"alg\":\"RS256\"}", snowflake.get().clientAccount(), "ALICE",
                        HandBuiltLogin.fingerprint(TestKeys.ALICE), now, now + 60, TestKeys.ALICE), false);
        String oldToken = login.data().path("token").asText();
        String masterToken = login.data().path("masterToken").asText();

        com.fasterxml.jackson.databind.JsonNode renewed = post("/session/token-request", masterToken,
                "{\"oldSessionToken\":\"" + oldToken + "\",\"requestType\":\"RENEW\"}");

        String newToken = renewed.path("data").path("sessionToken").asText();
        assertThat(renewed.path("success").asBoolean()).isTrue();
        assertThat(newToken).isNotBlank().isNotEqualTo(oldToken);
        assertThat(renewed.path("data").path("masterToken").asText()).isEqualTo(masterToken);
        assertThat(post("/session/heartbeat", newToken, "").path("success").asBoolean()).isTrue();
        assertThat(post("/session/heartbeat", oldToken, "").path("success").asBoolean()).isFalse();
    }

    private com.fasterxml.jackson.databind.JsonNode post(String path, String token, String body) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(snowflake.get().endpoint().resolve(path + "?requestId=" + java.util.UUID.randomUUID()))
                        .header("Authorization", "Snowflake Token=\"" + token + "\"")
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    }

    @Test
    void hundredThousandRows_arriveCompleteAndInOrderThroughChunks() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        int rows = 100_000;
        try (Connection connection = open(); Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("SELECT SEQ4() + 1 AS N, 'row-' || (SEQ4() + 1) AS LABEL"
                    + " FROM TABLE(GENERATOR(ROWCOUNT => " + rows + ")) ORDER BY N")) {
                long expected = 1;
                while (result.next()) {
                    assertThat(result.getLong(1)).isEqualTo(expected);
                    assertThat(result.getString(2)).isEqualTo("row-" + expected);
                    expected++;
                }
                assertThat(expected - 1).isEqualTo(rows);
            }
        }
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.CHUNK)).isEqualTo(rows / CHUNK_ROWS - 1);
    }

    @Test
    void thirtyTwoSessionsInParallel_keepTheirOwnState() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        int sessions = 32;
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    try (Connection connection = open(); Statement statement = connection.createStatement()) {
                        statement.execute("CREATE SCHEMA S" + n);
                        statement.execute("USE SCHEMA S" + n);
                        statement.execute("ALTER SESSION SET QUERY_TAG = 'worker-" + n + "'");
                        statement.execute("CREATE TABLE T (ID NUMBER)");
                        for (int row = 0; row < n; row++) {
                            statement.executeUpdate("INSERT INTO T VALUES (" + row + ")");
                        }
                        return single(connection, "SELECT CURRENT_SCHEMA() || ':' || (SELECT COUNT(*) FROM T)");
                    }
                }));
            }
            start.countDown();
            for (int i = 0; i < sessions; i++) {
                assertThat(results.get(i).get()).isEqualTo("S" + i + ":" + i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(snowflake.get().sessions()).hasSize(sessions).allSatisfy(s -> assertThat(s.ended()).isTrue());
    }

    @Test
    void resultsOlderThanTheRetention_areNoLongerScannable() throws Exception {
        try (SnowflakeStandIn forgetful = new SnowflakeStandIn(SnowflakeStandIn.Config.defaults()
                .withResultRetention(java.time.Duration.ZERO))) {
            forgetful.start();
            forgetful.createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
            try (Connection connection = SignedInSnowflake.connect(forgetful, "alice", TestKeys.ALICE)) {
                single(connection, "SELECT 1 AS ONE");
                assertThatThrownBy(() -> single(connection, "SELECT ONE FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()))"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(709));
            }
        }
    }
}
