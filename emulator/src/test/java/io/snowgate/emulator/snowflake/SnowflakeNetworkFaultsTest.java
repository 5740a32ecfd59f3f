package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.JdbcCalls.count;
import static io.snowgate.emulator.snowflake.JdbcCalls.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.server.Fault;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Network failures between the driver and Snowflake, as the driver meets them: an answer lost after the statement
 * ran, a request never answered, and 429/503 from the front end before or after the statement ran.
 */
class SnowflakeNetworkFaultsTest {

    @RegisterExtension
    final SignedInSnowflake snowflake = SignedInSnowflake.on(() -> new SnowflakeStandIn().start());

    private Connection connection;

    @BeforeEach
    void createTable() throws Exception {
        connection = snowflake.connection();
        execute(connection, "CREATE TABLE EVENTS (ID NUMBER)");
    }

    private long rows() throws SQLException {
        return count(connection, "SELECT COUNT(*) FROM EVENTS");
    }

    private void insert() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO EVENTS VALUES (1)");
        }
    }

    /** The query-requests that carried the INSERT: the driver's first post and its re-posts. */
    private java.util.List<io.snowgate.emulator.server.RecordedRequest> insertPosts() {
        return snowflake.get().requests(SnowflakeStandIn.QUERY).stream()
                .filter(r -> r.bodyText().contains("INSERT INTO EVENTS")).toList();
    }

    private static String requestId(io.snowgate.emulator.server.RecordedRequest request) {
        return request.query().replaceAll(".*requestId=([^&]+).*", "$1");
    }

    @Test
    void answerLostAfterTheInsertRan_theDriverRepostsIt_andTheRowLandsTwice() throws Exception {
        snowflake.get().faults().failNext(SnowflakeStandIn.QUERY, 1, new Fault.LostResponse());

        insert();

        assertThat(insertPosts()).hasSize(2);
        assertThat(requestId(insertPosts().get(1))).isEqualTo(requestId(insertPosts().get(0)));
        assertThat(insertPosts().get(1).query()).contains("retryCount=");
        assertThat(rows()).as("Snowflake documents no de-duplication of a re-posted query-request").isEqualTo(2);
    }

    @Test
    void serviceUnavailableAfterTheInsertRan_theDriverRetries_andTheRowLandsTwice() throws Exception {
        snowflake.get().faults().failNext(SnowflakeStandIn.QUERY, 1, new Fault.Status(503, true, true));

        insert();

        assertThat(insertPosts()).hasSize(2);
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void tooManyRequestsBeforeTheInsert_theDriverRetries_andTheRowLandsOnce() throws Exception {
        snowflake.get().faults().failNext(SnowflakeStandIn.QUERY, 1, new Fault.Status(429, true, false));

        insert();

        assertThat(insertPosts()).hasSize(2);
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void statusFaults_carrySnowflakesOwnBodies() throws Exception {
        snowflake.get().faults().failNext(SnowflakeStandIn.HEARTBEAT, 1, new Fault.Status(429, true, false));
        snowflake.get().faults().failNext(SnowflakeStandIn.HEARTBEAT, 1, new Fault.Status(503, true, false));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(snowflake.get().endpoint().resolve("/session/heartbeat"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();

        HttpResponse<String> tooMany = client.send(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unavailable = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(tooMany.statusCode()).isEqualTo(429);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(tooMany.body()).path("code").asText())
                .isEqualTo("390505");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(unavailable.body()).contains("503 Service Unavailable");
    }

    @Test
    void queryNeverAnswered_holdsTheConnection_andRunsNothing() throws Exception {
        // Raw HTTP: snowflake-jdbc waits for a black-holed answer until its socket timeout (300 s by default, and its
        // HTTP client is shared across connections in a JVM, so a test cannot shorten it reliably).
        insert();
        var posted = insertPosts().getFirst();
        snowflake.get().faults().failNext(SnowflakeStandIn.QUERY, 1, new Fault.BlackHole());

        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        snowflake.get().endpoint().resolve(posted.path() + "?" + posted.query()))
                .timeout(Duration.ofSeconds(1)).header("Authorization", posted.header("Authorization"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(posted.body()))
                .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.net.http.HttpTimeoutException.class);

        assertThat(insertPosts()).hasSize(2);
        assertThat(rows()).as("the black-holed post never ran").isEqualTo(1);
    }
}
