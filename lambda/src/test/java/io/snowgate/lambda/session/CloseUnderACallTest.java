package io.snowgate.lambda.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.snowflake.QueryInfo;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.secret.SecretCache;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the sessions while a statement runs on them (a local command stopped by Ctrl-C): the statement is aborted
 * in Snowflake and the session logged out at once, rather than the close waiting behind the statement and the
 * warehouse running on until its timeout. The real driver against the Snowflake stand-in.
 */
class CloseUnderACallTest {

    /** Far longer than closing may take: a close that waited for the statement would be seen. */
    private static final int STATEMENT_SECONDS = 60;
    private static final Duration SETTLE = Duration.ofSeconds(15);

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path keys;

    private LocalDeployment deployment;
    private JdbcSnowflakeSessions sessions;

    @BeforeEach
    void deploy() {
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake())
                .install(UserKey.generate(keys, "close-passphrase"));
        JsonLog log = new JsonLog(new PrintStream(OutputStream.nullOutputStream()), new ObjectMapper(),
                Clock.systemUTC());
        SecretCache secrets = new SecretCache(new AwsSecretSource(deployment.client()), LocalDeployment.SECRET_ID,
                Optional.empty(), Duration.ofMinutes(15), Duration.ofHours(1), Clock.systemUTC(),
                new PrivateKeyReader(), log);
        sessions = new JdbcSnowflakeSessions(secrets, Optional.of(new SnowflakeEndpoint("http", "127.0.0.1",
                standIns.snowflake().port())), JdbcSnowflakeSessions.DEFAULT_VALIDATE_AFTER_IDLE, Clock.systemUTC(),
                log);
    }

    @AfterEach
    void tearDown() {
        sessions.close();
        deployment.close();
    }

    private Optional<QueryInfo> waitStatement() {
        return standIns.snowflake().queries().stream().filter(q -> q.sqlText().contains("SYSTEM$WAIT")).findFirst();
    }

    @Test
    void closingWhileAStatementRuns_abortsItInSnowflake_logsTheSessionOut_andTellsTheCallerSo() throws Exception {
        CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> {
            try {
                return sessions.withConnection(Deadline.in(Duration.ofSeconds(STATEMENT_SECONDS + 30),
                        Clock.systemUTC()), connection -> {
                    try (Statement statement = connection.createStatement();
                         ResultSet rows = statement.executeQuery("SELECT SYSTEM$WAIT(" + STATEMENT_SECONDS + ")")) {
                        rows.next();
                        return 1;
                    }
                });
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Eventually.await("the statement to run in Snowflake", SETTLE, this::waitStatement,
                statement -> statement.isPresent() && statement.get().status() == QueryInfo.Status.RUNNING);

        long start = System.nanoTime();
        sessions.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - start);

        assertThat(closing).as("close does not wait for the statement").isLessThan(SETTLE);
        assertThat(waitStatement()).get().extracting(QueryInfo::status).isEqualTo(QueryInfo.Status.ABORTED);
        assertThat(standIns.snowflake().sessions()).singleElement().satisfies(s -> assertThat(s.ended()).isTrue());
        assertThat(standIns.snowflake().counters().count(SnowflakeStandIn.CLOSE)).isEqualTo(1);
        try {
            call.get(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("the call succeeded although its session was closed under it");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SessionClosedException.class)
                    .hasMessageContaining("closed while the call was under way");
        }
        assertThat(standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN))
                .as("no sign-in replaced the session closed on purpose").isEqualTo(1);
    }

    @Test
    void theNextCallAfterAClose_signsInAnew() throws SQLException {
        Deadline deadline = Deadline.in(SETTLE, Clock.systemUTC());
        sessions.withConnection(deadline, connection -> connection.isValid(1));
        sessions.close();

        boolean valid = sessions.withConnection(deadline, connection -> connection.isValid(1));

        assertThat(valid).isTrue();
        assertThat(standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN)).isEqualTo(2);
        assertThat(standIns.snowflake().counters().count(SnowflakeStandIn.CLOSE)).isEqualTo(1);
    }
}
