package io.snowgate.emulator.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.junit5.StandInExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session parameters a real login answers with, and what follows from them. */
class SnowflakeSessionDefaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final StandInExtension<SnowflakeStandIn> snowflake =
            StandInExtension.of(SnowflakeStandIn.class, () -> new SnowflakeStandIn().start());

    private Connection connect() throws SQLException {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        return SignedInSnowflake.connect(snowflake.get(), "alice", TestKeys.ALICE);
    }

    private HandBuiltLogin.Answer handBuiltLogin() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        long now = Instant.now().getEpochSecond();
        String token = HandBuiltLogin.jwt("{\"alg\":\"RS256\"}", snowflake.get().clientAccount(), "ALICE",
                HandBuiltLogin.fingerprint(TestKeys.ALICE), now, now + 60, TestKeys.ALICE);
        HandBuiltLogin.Answer answer = HandBuiltLogin.post(snowflake.get().endpoint(), snowflake.get().clientAccount(),
                "alice", token, false);
        assertThat(answer.success()).as(answer.message()).isTrue();
        return answer;
    }

    @Test
    void loginAnswers_snowflakesDefaultTimeZoneAndTelemetry_notUtcAndSilence() throws Exception {
        Map<String, JsonNode> parameters = new HashMap<>();
        handBuiltLogin().data().path("parameters").forEach(p -> parameters.put(p.path("name").asText(), p.path("value")));

        assertThat(parameters.get("TIMEZONE").asText()).isEqualTo("America/Los_Angeles");
        assertThat(parameters.get("CLIENT_TELEMETRY_ENABLED").isBoolean()).isTrue();
        assertThat(parameters.get("CLIENT_TELEMETRY_ENABLED").booleanValue()).isTrue();
        assertThat(parameters.get("CLIENT_SESSION_KEEP_ALIVE").booleanValue()).isFalse();
    }

    @Test
    void sysdate_isTheWallClockInUtc_whateverTheSessionTimeZone() throws Exception {
        // docs: functions/sysdate, "the current timestamp for the system, but in the UTC time zone".
        snowflake.get().setAccountParameter("TIMEZONE", "Asia/Tokyo");
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection connection = SignedInSnowflake.connect(snowflake.get(), "alice", TestKeys.ALICE);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT SYSDATE(), CURRENT_TIMESTAMP()::TIMESTAMP_NTZ")) {
            assertThat(rows.next()).isTrue();
            java.time.LocalDateTime utcNow = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC);
            java.time.LocalDateTime sysdate = java.time.LocalDateTime.parse(rows.getString(1).replace(' ', 'T'));
            java.time.LocalDateTime tokyo = java.time.LocalDateTime.parse(rows.getString(2).replace(' ', 'T'));
            assertThat(Duration.between(sysdate, utcNow).abs()).isLessThan(Duration.ofMinutes(5));
            assertThat(Duration.between(sysdate, tokyo).toMinutes()).isEqualTo(9 * 60);
        }
    }

    @Test
    void anAccountParameter_isTheDefaultOfEverySessionSignedInAfter() throws Exception {
        snowflake.get().setAccountParameter("TIMEZONE", "Asia/Tokyo");
        Map<String, JsonNode> parameters = new HashMap<>();
        handBuiltLogin().data().path("parameters").forEach(p -> parameters.put(p.path("name").asText(), p.path("value")));

        assertThat(parameters.get("TIMEZONE").asText()).isEqualTo("Asia/Tokyo");
        try (Connection connection = SignedInSnowflake.connect(snowflake.get(), "alice", TestKeys.ALICE)) {
            assertThat(ntz(connection, Timestamp.from(Instant.parse("2024-01-01T00:00:00Z"))))
                    .isEqualTo("2024-01-01 09:00:00.000");
        }
    }

    @Test
    void boundInstant_landsInATimestampNtzAsTheSessionsWallClock_soTheDefaultShiftsItByEightHours() throws Exception {
        Timestamp midnightUtc = Timestamp.from(Instant.parse("2024-01-01T00:00:00Z"));
        try (Connection connection = connect()) {
            assertThat(ntz(connection, midnightUtc)).isEqualTo("2023-12-31 16:00:00.000");
            try (Statement statement = connection.createStatement()) {
                statement.execute("ALTER SESSION SET TIMEZONE = 'UTC'");
            }
            assertThat(ntz(connection, midnightUtc)).isEqualTo("2024-01-01 00:00:00.000");
        }
    }

    @Test
    void aLoginCarryingAParameterSnowflakeDoesNotHave_stillSignsIn_whereAlterSessionWouldRefuseIt() throws Exception {
        // snowflake-jdbc sends every connection property it does not know itself in the login's SESSION_PARAMETERS
        // (SFSession#addSFSessionProperty): a misspelt property must not cost the login.
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection connection = SignedInSnowflake.connect(snowflake.get(), "alice", TestKeys.ALICE,
                properties -> properties.put("NO_SUCH_PARAM", "1"));
             Statement statement = connection.createStatement()) {
            assertThat(ntz(connection, Timestamp.from(Instant.parse("2024-01-01T00:00:00Z"))))
                    .isEqualTo("2023-12-31 16:00:00.000");
            assertThatThrownBy(() -> statement.execute("ALTER SESSION SET NO_SUCH_PARAM = 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1006));
        }
    }

    @Test
    void sessionTimeZone_followsTheClientsSessionParameter_atLogin() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        java.util.Properties properties = snowflake.get().connectionProperties("alice", TestKeys.ALICE.getPrivate());
        properties.put("TIMEZONE", "UTC");
        try (Connection connection = DriverManager.getConnection(snowflake.get().jdbcUrl(), properties)) {
            assertThat(ntz(connection, Timestamp.from(Instant.parse("2024-01-01T00:00:00Z"))))
                    .isEqualTo("2024-01-01 00:00:00.000");
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT CURRENT_DATE() = CAST(SYSDATE() AS DATE)")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getBoolean(1)).isTrue();
            }
        }
    }

    private static String ntz(Connection connection, Timestamp value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT CAST(? AS TIMESTAMP_NTZ) AS WALL_CLOCK")) {
            statement.setTimestamp(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }

    @Test
    void driverPostsTelemetry_andTheStandInAnswersIt() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (int i = 0; i < 3; i++) {
                try (ResultSet rows = statement.executeQuery("SELECT " + i)) {
                    rows.next();
                }
            }
        }

        // The driver flushes its telemetry from a background thread, at close at the latest.
        Eventually.await("the driver's telemetry post", Duration.ofSeconds(20),
                () -> snowflake.get().counters().count(SnowflakeStandIn.TELEMETRY), count -> count > 0);
        assertThat(snowflake.get().requests(SnowflakeStandIn.TELEMETRY))
                .allSatisfy(r -> assertThat(JSON.readTree(r.bodyText()).path("logs").isArray()).isTrue());
    }

    @Test
    void telemetryEndpoint_answersSuccess_andRefusesAnythingButLogs() throws Exception {
        String token = handBuiltLogin().data().path("token").asText();

        JsonNode accepted = telemetry(token, "{\"logs\":[{\"timestamp\":1,\"message\":{\"type\":\"x\"}}]}");
        JsonNode refused = telemetry(token, "{\"nothing\":true}");

        assertThat(accepted.path("success").asBoolean()).isTrue();
        assertThat(refused.path("success").asBoolean()).isFalse();
        assertThat(refused.path("code").asText()).isEqualTo("390142");
    }

    private JsonNode telemetry(String token, String body) throws Exception {
        URI uri = snowflake.get().endpoint().resolve("/telemetry/send");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                        .header("Authorization", "Snowflake Token=\"" + token + "\"")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
