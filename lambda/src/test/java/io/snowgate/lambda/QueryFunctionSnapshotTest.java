package io.snowgate.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What SnapStart's snapshot hook leaves behind: no session, no secret, and no request made while priming. */
class QueryFunctionSnapshotTest {

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path keys;

    private void invoke(ScheduledQueryHandler handler) throws IOException {
        handler.handleRequest(new ByteArrayInputStream("{\"query\":\"current_version\"}".getBytes(
                StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                new LocalContext("snapshot", Duration.ofSeconds(30), Clock.systemUTC()));
    }

    @Test
    void beforeCheckpoint_closesTheSessionAndForgetsTheSecret_andPrimesWithoutARequest() throws IOException {
        try (LocalDeployment deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake())
                .install(UserKey.generate(keys, "snapshot-passphrase"));
             QueryFunction function = deployment.function(Clock.systemUTC(), Duration.ofMinutes(15),
                     Duration.ofMinutes(1))) {
            ScheduledQueryHandler handler = new ScheduledQueryHandler(function);
            invoke(handler);
            standIns.secretsManager().reset();
            standIns.snowflake().reset();

            function.beforeCheckpoint(null);

            assertThat(standIns.secretsManager().requests()).isEmpty();
            assertThat(standIns.snowflake().requests()).extracting(r -> r.kind())
                    .containsExactly(SnowflakeStandIn.CLOSE);
            assertThat(standIns.snowflake().sessions()).allMatch(session -> session.ended());

            // After a restore the first invocation fetches the secret and signs in again.
            invoke(handler);
            assertThat(standIns.secretsManager().counters().count("GetSecretValue")).isEqualTo(1);
            assertThat(standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN)).isEqualTo(1);
        }
    }
}
