package io.snowgate.emulator.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.StandInExtension;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stand-in's own admin commands, as a test in another process (or curl) uses them. */
class SnowflakeAdminTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final StandInExtension<SnowflakeStandIn> snowflake =
            StandInExtension.of(SnowflakeStandIn.class, () -> new SnowflakeStandIn().start());

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> admin(String command, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(snowflake.get().endpoint().resolve("/_snowgate/" + command))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Connection connect() throws SQLException {
        return SignedInSnowflake.connect(snowflake.get(), "alice", TestKeys.ALICE);
    }

    @Test
    void createUser_registersAServiceUserAndAnswersItsFingerprint() throws Exception {
        String body = JSON.createObjectNode().put("name", "alice").put("publicKey", TestKeys.pem(TestKeys.ALICE)).toString();

        HttpResponse<String> response = admin("create-user", body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("fingerprint").asText())
                .isEqualTo(HandBuiltLogin.fingerprint(TestKeys.ALICE));
        try (Connection connection = connect()) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void createUser_withoutAKey_isABadRequest() throws Exception {
        assertThat(admin("create-user", "{\"name\":\"alice\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void endSessions_endsOneUsersSessions_andListsThemAsEnded() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection first = connect(); Connection second = connect()) {
            HttpResponse<String> ended = admin("end-sessions", "{\"user\":\"alice\"}");

            assertThat(JSON.readTree(ended.body()).path("ended").asInt()).isEqualTo(2);
            assertThatThrownBy(() -> first.createStatement().executeQuery("SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(390111));
            JsonNode sessions = JSON.readTree(admin("sessions", "{}").body());
            assertThat(sessions).hasSize(2);
            assertThat(sessions.findValues("ended")).allMatch(JsonNode::asBoolean);
        }
    }

    @Test
    void endSession_byId_leavesTheOtherSessionsAlone() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection first = connect(); Connection second = connect()) {
            long firstId = snowflake.get().sessions().get(0).id();

            assertThat(admin("end-sessions", "{\"sessionId\":" + firstId + "}").body()).isEqualTo("{\"ended\":1}");

            assertThat(second.isValid(5)).isTrue();
            assertThat(snowflake.get().endSession(firstId)).isFalse();
        }
    }

    @Test
    void loginFailures_listTheReasonBehindEachFailureId() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        Properties properties = snowflake.get().connectionProperties("alice", TestKeys.STRANGER.getPrivate());
        assertThatThrownBy(() -> DriverManager.getConnection(snowflake.get().jdbcUrl(), properties))
                .isInstanceOf(SQLException.class);

        JsonNode failures = JSON.readTree(admin("login-failures", "{}").body());

        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).path("reason").asText()).isEqualTo("FINGERPRINT_NOT_REGISTERED");
        assertThat(failures.get(0).path("code").asInt()).isEqualTo(394304);
        assertThat(failures.get(0).path("loginName").asText()).isEqualTo("alice");
    }
}
