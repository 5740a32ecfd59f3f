package io.snowgate.lambda.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.snowflake.QueryInfo;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting a run submits its statement once, whatever happens after Snowflake accepted it: the start then only waits
 * for the run to show in Snowflake's monitoring, and losing the session during that wait must not submit it again.
 */
class RunStartTest {

    private static final String SESSION_GONE = "390111";

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path keys;

    private LocalDeployment deployment;
    private QueryFunction function;

    @BeforeEach
    void deploy() throws SQLException {
        UserKey key = UserKey.generate(keys.resolve("key"), "runs-passphrase");
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake()).install(key);
        try (Connection connection = DriverManager.getConnection(standIns.snowflake().jdbcUrl(),
                standIns.snowflake().connectionProperties(LocalDeployment.USER, new PrivateKeyReader()
                        .readPrivateKey(key.encryptedPem(), Passphrase.of(key.passphrase())).privateKey()));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE EVENTS (NOTE VARCHAR)");
        }
        function = deployment.function(Clock.systemUTC(), Duration.ofMinutes(15), Duration.ofMinutes(1));
    }

    @AfterEach
    void tearDown() {
        function.close();
        deployment.close();
    }

    private String start(String requestId) {
        return function.runs().start(new QueryRequest("record_event", Map.of("note", "once"), requestId,
                Optional.of("arn:aws:iam::111122223333:user/caller"), Optional.empty()),
                Deadline.in(Duration.ofSeconds(30), Clock.systemUTC()));
    }

    private long logins() {
        return standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN);
    }

    private List<QueryInfo> inserts() {
        return standIns.snowflake().queries().stream().filter(q -> q.sqlText().startsWith("INSERT")).toList();
    }

    @Test
    void aSessionLostWhileWaitingForTheRunToShow_doesNotSubmitTheStatementAgain() {
        // Found by the chaos soak: the session ended between the start and the monitoring check, and the session's
        // retry ran the whole start again, INSERT included.
        standIns.snowflake().faults().failNext(SnowflakeStandIn.MONITORING, 1,
                new Fault.Error(SESSION_GONE, "Session no longer exists.  New login required to access the service."));
        long loginsBefore = logins();

        String queryId = start("request-1");

        assertThat(inserts()).extracting(QueryInfo::id).containsExactly(queryId);
        assertThat(logins() - loginsBefore).as("a sign-in, then a new session for the wait alone").isEqualTo(2);
    }

    @Test
    void aSessionLostBeforeTheStatementWasSubmitted_isReplaced_andTheRunStarts() {
        start("warm-up");
        standIns.snowflake().endSessions(LocalDeployment.USER);

        String queryId = start("request-2");

        assertThat(inserts()).extracting(QueryInfo::id).hasSize(2).contains(queryId);
    }
}
