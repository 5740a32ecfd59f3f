package io.snowgate.lambda.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.StandInExtension;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.http.ApiGatewayEventFixtures;
import io.snowgate.lambda.http.ApiGatewayEventFixtures.Payload;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.query.QueryRequest;
import io.snowgate.lambda.query.QueryResult;
import io.snowgate.lambda.query.ResultLimits;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.UserKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement whose session Snowflake reports gone after it was accepted (while the driver waited for its result)
 * may already have run: the function runs it once more on a new session only when it is safe to (README,
 * "Statements that must not run twice"); a data change is first looked for in the user's query history and answered
 * from its first run. The real driver on the Snowflake stand-in, which answers "in progress" after 300 ms.
 */
class SessionGoneAfterSubmitTest {

    @RegisterExtension
    final StandInExtension<SecretsManagerStandIn> secretsManager =
            StandInExtension.of(SecretsManagerStandIn.class, () -> new SecretsManagerStandIn().start());
    @RegisterExtension
    final StandInExtension<SnowflakeStandIn> snowflake = StandInExtension.of(SnowflakeStandIn.class,
            () -> new SnowflakeStandIn(SnowflakeStandIn.Config.defaults()
                    .withFirstResponseWindow(Duration.ofMillis(300))).start());

    @TempDir
    Path keys;

    private LocalDeployment deployment;
    private QueryFunction function;
    private UserKey key;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void deploy() throws Exception {
        key = UserKey.generate(keys.resolve("key"), "gone-passphrase");
        deployment = new LocalDeployment(secretsManager.get(), snowflake.get()).install(key);
        asServiceUser("CREATE TABLE NOTES (NOTE VARCHAR)");
        Path catalog = java.nio.file.Files.writeString(keys.resolve("catalog.yaml"), """
                queries:
                  - name: echo_text
                    sql: SELECT CAST(:note AS VARCHAR) AS echoed
                    parameters:
                      - name: note
                        type: string
                  - name: slow_echo
                    sql: SELECT CAST(:note AS VARCHAR) || CAST(SYSTEM$WAIT(1) AS VARCHAR) AS echoed
                    parameters:
                      - name: note
                        type: string
                  - name: slow_insert
                    sql: INSERT INTO notes (note) SELECT CAST(:note AS VARCHAR) || CAST(SYSTEM$WAIT(1) AS VARCHAR)
                    parameters:
                      - name: note
                        type: string
                  - name: slow_insert_qualified
                    sql: INSERT INTO %s.PUBLIC.NOTES (note) SELECT CAST(:note AS VARCHAR) || CAST(SYSTEM$WAIT(1) AS VARCHAR)
                    parameters:
                      - name: note
                        type: string
                    http: true
                """.formatted(snowflake.get().config().database()));
        function = deployment.function(catalog);
    }

    @AfterEach
    void tearDown() {
        function.close();
        deployment.close();
    }

    private QueryResult run(String query, String note, String requestId) {
        return function.queries().run(new QueryRequest(query, Map.of("note", note), requestId,
                Optional.of("arn:aws:iam::111122223333:user/caller"), Optional.empty()),
                Deadline.in(Duration.ofSeconds(30), Clock.systemUTC()), new ResultLimits(10, 10_000));
    }

    @Test
    void aSessionGoneAfterADataChangeRan_doesNotRunItAgain_andAnswersItsCount() throws Exception {
        run("echo_text", "warm", "warm-up");
        // The insert outlives Snowflake's first answer, and its result is asked for once it has run: the session is
        // gone by then, so the driver reports 390111 for a statement that already wrote.
        snowflake.get().faults().delay(SnowflakeStandIn.RESULT, Duration.ofMillis(1500));
        snowflake.get().faults().failNext(SnowflakeStandIn.RESULT, 1,
                new Fault.Error("390111", "Session no longer exists.  New login required to access the service."));

        QueryResult result = run("slow_insert", "once", "write-1");
        snowflake.get().faults().delay(SnowflakeStandIn.RESULT, Duration.ZERO);

        assertThat(result.updateCount()).hasValue(1);
        assertThat(count("SELECT COUNT(*) FROM NOTES")).as("rows written").isEqualTo(1);
    }

    @Test
    void aSessionGoneAfterAQueryRan_runsItAgainOnANewSession() throws Exception {
        run("echo_text", "warm", "warm-up");
        snowflake.get().faults().failNext(SnowflakeStandIn.RESULT, 1,
                new Fault.Error("390111", "Session no longer exists.  New login required to access the service."));
        long queriesBefore = snowflake.get().counters().count(SnowflakeStandIn.QUERY);

        QueryResult result = run("slow_echo", "again", "read-1");

        assertThat(result.rows()).hasSize(1);
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.QUERY) - queriesBefore)
                .as("the read sent twice, and nothing else: a retry-safe query needs no look at the history")
                .isEqualTo(2);
    }

    @Test
    void aSessionGoneAfterADataChangeRan_withNoDatabaseToSearchTheHistory_isNotRunAgain_andTheApiAnswers409()
            throws Exception {
        // Without a current database INFORMATION_SCHEMA cannot be asked whether the first attempt ran.
        deployment.storeSecret(deployment.secretJson(key, false));
        snowflake.get().setDefaultNamespace(LocalDeployment.USER, null);
        run("echo_text", "warm", "warm-up");
        HttpQueryHandler api = new HttpQueryHandler(function);
        snowflake.get().faults().delay(SnowflakeStandIn.RESULT, Duration.ofMillis(1500));
        snowflake.get().faults().failNext(SnowflakeStandIn.RESULT, 1,
                new Fault.Error("390111", "Session no longer exists.  New login required to access the service."));

        JsonNode answer = post(api, "slow_insert_qualified", "once");
        snowflake.get().faults().delay(SnowflakeStandIn.RESULT, Duration.ZERO);

        assertThat(answer.path("statusCode").asInt()).as(answer.toString()).isEqualTo(409);
        JsonNode error = json.readTree(answer.path("body").asText()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("RETRY_NOT_RUN");
        assertThat(error.path("message").asText()).contains("slow_insert_qualified")
                .contains("set 'database' in the secret");
        assertThat(count("SELECT COUNT(*) FROM " + snowflake.get().config().database() + ".PUBLIC.NOTES"))
                .as("written by the first attempt, and only by it").isEqualTo(1);
    }

    private JsonNode post(HttpQueryHandler api, String query, String note) throws Exception {
        String event = ApiGatewayEventFixtures.event(Payload.V2, "POST", "/queries/" + query, Map.of(),
                "{\"params\":{\"note\":\"" + note + "\"}}", ApiGatewayEventFixtures.CALLER);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        api.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("http-" + note, "snowgate-http", Duration.ofSeconds(30),
                        Clock.systemUTC()));
        return json.readTree(out.toByteArray());
    }

    private Connection connect() throws Exception {
        return key.signIn(snowflake.get(), LocalDeployment.USER);
    }

    private void asServiceUser(String sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
