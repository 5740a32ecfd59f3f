package io.snowgate.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.prime.ClassPriming;
import io.snowgate.lambda.prime.OfflinePaths;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What SnapStart's snapshot hook leaves behind: no session, no secret, no thread, no socket, and no request made
 * while priming.
 */
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

            assertThat(liveThreadNames()).as("the session's worker thread is stopped")
                    .noneMatch(name -> name.startsWith("snowgate-snowflake"));
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

    /**
     * As Lambda runs it: the function built in init and primed by the snapshot hook before any invocation. Priming
     * loads every recorded class and runs the offline paths, and leaves no request made, no thread and no socket.
     */
    @Test
    void beforeCheckpoint_onAFreshFunction_primesEveryRecordedClass_andLeavesNoRequestThreadOrSocket()
            throws IOException {
        try (LocalDeployment deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake())
                .install(UserKey.generate(keys, "snapshot-passphrase"))) {
            standIns.secretsManager().reset();
            standIns.snowflake().reset();
            Set<String> threadsBefore = liveThreadNames();
            long socketsBefore = openSockets();

            try (QueryFunction function = deployment.function(Clock.systemUTC(), Duration.ofMinutes(15),
                    Duration.ofMinutes(1))) {
                function.close();
                ClassPriming.Result primed = function.prime();

                assertThat(primed.missing()).as("recorded classes not on the class path").isEmpty();
                assertThat(primed.initialised()).as("classes primed").isGreaterThan(1000);
                assertThat(OfflinePaths.driverCaches(QueryFunction.class.getClassLoader()))
                        .as("the driver's public suffix list loader found").isTrue();
                assertThat(standIns.secretsManager().requests()).isEmpty();
                assertThat(standIns.snowflake().requests()).isEmpty();
                Set<String> newThreads = new TreeSet<>(liveThreadNames());
                newThreads.removeAll(threadsBefore);
                assertThat(newThreads).as("threads priming left running").isEmpty();
                assertThat(openSockets()).as("open sockets").isLessThanOrEqualTo(socketsBefore);
            }
        }
    }

    private static Set<String> liveThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }

    /** This process's open sockets, from /proc/self/fd (Linux, where Lambda runs and the build runs). */
    private static long openSockets() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
