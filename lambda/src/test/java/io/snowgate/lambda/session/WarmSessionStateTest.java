package io.snowgate.lambda.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.snowflake.QueryInfo;
import io.snowgate.emulator.snowflake.SessionInfo;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.query.QueryRequest;
import io.snowgate.lambda.testing.CatalogFunctionExtension;
import io.snowgate.lambda.testing.LocalDeployment;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A named query that changes its session (USE, a transaction it opens, ALTER SESSION) must not change the session the
 * next warm invocation runs in: each invocation starts from the session sign-in set up (README, "What happens on an
 * invocation", 5). The real driver on the Snowflake stand-in, one execution environment's function reused.
 */
class WarmSessionStateTest {

    private static final String CATALOG = """
            queries:
              - name: use_other_schema
                sql: USE SCHEMA OTHER
                retrySafe: true
              - name: open_transaction
                sql: BEGIN TRANSACTION
                retrySafe: true
              - name: slow_table
                sql: CREATE TABLE WAITED AS SELECT SYSTEM$WAIT(2) AS W
                retrySafe: true
              - name: current_schema
                sql: SELECT CURRENT_SCHEMA() AS schema_name
                retrySafe: true
              - name: record_event
                sql: INSERT INTO events (note) VALUES (:note)
                parameters:
                  - name: note
                    type: string
                retrySafe: true
            """;

    @RegisterExtension
    final CatalogFunctionExtension deployed = new CatalogFunctionExtension(CATALOG, "warm-session-state");

    @Test
    void aQueryThatUsesAnotherSchema_leavesTheNextInvocationInTheSecretsSchema() throws Exception {
        asServiceUser("CREATE SCHEMA OTHER");
        deployed.scheduled("{\"query\":\"use_other_schema\"}");

        JsonNode next = deployed.scheduled("{\"query\":\"current_schema\"}");

        assertThat(next.path("rows").get(0).path("SCHEMA_NAME").asText()).isEqualTo("PUBLIC");
    }

    @Test
    void aTransactionAQueryLeftOpen_doesNotSwallowTheNextInvocationsWrite() throws Exception {
        asServiceUser("CREATE TABLE EVENTS (NOTE VARCHAR)");
        deployed.scheduled("{\"query\":\"open_transaction\"}");

        JsonNode written = deployed.scheduled("{\"query\":\"record_event\",\"params\":{\"note\":\"kept\"}}");

        assertThat(written.path("updateCount").asLong()).isEqualTo(1);
        // Acknowledged, so visible to any other session: not held in a transaction nobody will commit.
        assertThat(countAsServiceUser("SELECT COUNT(*) FROM EVENTS WHERE NOTE = 'kept'")).isEqualTo(1);
    }

    @Test
    void queriesAndDataChanges_keepTheirSession_noNewSignIn() throws Exception {
        asServiceUser("CREATE TABLE EVENTS (NOTE VARCHAR)");
        long before = logins();

        deployed.scheduled("{\"query\":\"current_schema\"}");
        deployed.scheduled("{\"query\":\"record_event\",\"params\":{\"note\":\"kept\"}}");
        deployed.scheduled("{\"query\":\"current_schema\"}");

        assertThat(logins() - before).as("one sign-in for the three invocations").isEqualTo(1);
    }

    @Test
    void aQueryThatMayChangeTheSession_endsIt_andTheNextInvocationSignsInAnew() throws Exception {
        long before = logins();

        deployed.scheduled("{\"query\":\"open_transaction\"}");
        deployed.scheduled("{\"query\":\"current_schema\"}");

        assertThat(logins() - before).isEqualTo(2);
        // Logged out, not left open: Snowflake rolls the transaction back and frees what it holds.
        Eventually.await("the first session to be logged out", Duration.ofSeconds(10),
                () -> deployed.standIns().snowflake().counters().count(SnowflakeStandIn.CLOSE), closes -> closes >= 1);
    }

    @Test
    void aRunThatMayChangeItsSession_startedAsynchronously_runsToItsEnd_andItsSessionIsThenLoggedOut() {
        SnowflakeStandIn snowflake = deployed.standIns().snowflake();

        String queryId = deployed.function().runs().start(new QueryRequest("slow_table", Map.of(), "async-ddl",
                Optional.empty(), Optional.empty()), Deadline.in(Duration.ofSeconds(30), Clock.systemUTC()));

        QueryInfo run = Eventually.await("the run to end", Duration.ofSeconds(20),
                () -> snowflake.query(queryId).orElseThrow(), query -> query.endedAt() != null);
        assertThat(run.status()).as("not aborted by a logout").isEqualTo(QueryInfo.Status.SUCCESS);
        // Logged out once the run ended, not left open until Snowflake expires it with whatever it holds.
        Eventually.await("the run's session to be logged out", Duration.ofSeconds(10),
                () -> snowflake.sessions().stream().filter(session -> session.id() == run.sessionId()).findFirst()
                        .orElseThrow(), SessionInfo::ended);
    }

    private long logins() {
        return deployed.standIns().snowflake().counters().count(SnowflakeStandIn.LOGIN);
    }

    private Connection serviceUserConnection() throws Exception {
        return deployed.key().signIn(deployed.standIns().snowflake(), LocalDeployment.USER);
    }

    private void asServiceUser(String sql) throws Exception {
        try (Connection connection = serviceUserConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long countAsServiceUser(String sql) throws Exception {
        try (Connection connection = serviceUserConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
