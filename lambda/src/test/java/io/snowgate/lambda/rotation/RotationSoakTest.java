package io.snowgate.lambda.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.secretsmanager.RotationAttempt;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.secret.SnowflakeSecrets;
import io.snowgate.lambda.snowflake.KeyPairAuthentication;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rotation as a scheduled non-event: two warm functions, one answering scheduled invocations and one API Gateway
 * calls, keep working with their Snowflake sessions ended between some calls so they really sign in again, while two
 * rotations run through RotateSecret and the rotation hook. Not one invocation may fail.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RotationSoakTest {

    /** Long enough that the function still holds the old key when its session is ended after a rotation. */
    private static final Duration SECRET_TTL = Duration.ofMinutes(10);
    private static final int INVOCATIONS_AFTER_ROTATIONS = 15;

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path keys;

    private LocalDeployment deployment;
    private UserKey original;
    private QueryFunction function;
    private QueryFunction httpFunction;

    @BeforeEach
    void deploy() {
        original = UserKey.generate(keys.resolve("original"), "original-passphrase");
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake()).install(original);
        function = deployment.function(Clock.systemUTC(), SECRET_TTL, Duration.ZERO);
        httpFunction = deployment.function(Clock.systemUTC(), SECRET_TTL, Duration.ZERO);
    }

    @AfterEach
    void tearDown() {
        function.close();
        httpFunction.close();
        deployment.close();
    }

    @ParameterizedTest(name = "revokePrevious={0}")
    @ValueSource(booleans = {false, true})
    void twoRotations_whileWarmFunctionsServeScheduledAndHttpInvocations_failNoInvocation(boolean revoke)
            throws Exception {
        KeyRotation rotation = new KeyRotation(deployment.client(), new RotationSettings(Optional.empty(),
                Optional.empty(), revoke, Optional.of(new SnowflakeEndpoint("http", "127.0.0.1",
                standIns.snowflake().port()))), Clock.systemUTC(),
                new JsonLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new ObjectMapper(), Clock.systemUTC()));
        // The load ends the user's sessions only between rotation steps: ending the rotation function's own session
        // mid-step is a different failure (the step fails and Secrets Manager retries it), not what this proves.
        ReentrantLock stepRunning = new ReentrantLock();
        var realHook = KeyRotationTest.hook(rotation);
        standIns.secretsManager().rotationHook(event -> {
            stepRunning.lock();
            try {
                realHook.invoke(event);
            } finally {
                stepRunning.unlock();
            }
        });
        ScheduledQueryHandler handler = new ScheduledQueryHandler(function);
        HttpQueryHandler http = new HttpQueryHandler(httpFunction);
        byte[] httpEvent = Files.readAllBytes(Path.of("../events/http-current-version.json"));
        ObjectMapper json = new ObjectMapper();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger invocations = new AtomicInteger();
        AtomicInteger afterRotations = new AtomicInteger();
        AtomicBoolean rotated = new AtomicBoolean();
        long loginsBefore = standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN);

        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            while (!rotated.get() || afterRotations.get() < INVOCATIONS_AFTER_ROTATIONS) {
                int n = invocations.incrementAndGet();
                if (n % 3 == 0 && stepRunning.tryLock()) {
                    try {
                        standIns.snowflake().endSessions(LocalDeployment.USER);
                    } finally {
                        stepRunning.unlock();
                    }
                }
                try {
                    if (n % 2 == 0) {
                        ByteArrayOutputStream response = new ByteArrayOutputStream();
                        http.handleRequest(new ByteArrayInputStream(httpEvent), response,
                                new LocalContext("http", Duration.ofSeconds(30), Clock.systemUTC()));
                        int status = json.readTree(response.toByteArray()).path("statusCode").asInt();
                        if (status != 200) {
                            failures.add(n + ": HTTP " + status + " " + response);
                        }
                    } else {
                        handler.handleRequest(new ByteArrayInputStream(
                                        "{\"query\":\"current_version\"}".getBytes(StandardCharsets.UTF_8)),
                                new ByteArrayOutputStream(),
                                new LocalContext("scheduled", Duration.ofSeconds(30), Clock.systemUTC()));
                    }
                } catch (Exception | AssertionError e) {
                    failures.add(n + ": " + e.getMessage());
                }
                if (rotated.get()) {
                    afterRotations.incrementAndGet();
                }
            }
        });

        RotationAttempt first = rotate();
        RotationAttempt second = rotate();
        rotated.set(true);
        load.get(90, TimeUnit.SECONDS);

        assertThat(failures).isEmpty();
        assertThat(first.succeeded()).as(first.failure()).isTrue();
        assertThat(second.succeeded()).as(second.failure()).isTrue();
        assertThat(invocations.get()).isGreaterThanOrEqualTo(INVOCATIONS_AFTER_ROTATIONS);
        assertThat(standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN) - loginsBefore)
                .as("the function signed in again after sessions were ended").isGreaterThan(3);

        String current = fingerprint(deployment.client().getSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID))
                .secretString());
        String previous = fingerprint(deployment.client().getSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID)
                .versionStage("AWSPREVIOUS")).secretString());
        List<Optional<String>> slots = List.of(slot(1), slot(2));
        if (revoke) {
            assertThat(slots).containsExactlyInAnyOrder(Optional.of(current), Optional.empty());
        } else {
            assertThat(slots).containsExactlyInAnyOrder(Optional.of(current), Optional.of(previous));
        }
        assertThat(loginCode(original)).isEqualTo(394304);
    }

    /** RotateSecret, which only starts it; then the wait a caller of AWS does, and the rotation's last attempt. */
    private RotationAttempt rotate() {
        String token = deployment.client().rotateSecret(r -> r.secretId(LocalDeployment.SECRET_ID)
                .rotationLambdaARN(KeyRotationTest.ROTATION_LAMBDA)).versionId();
        deployment.awaitRotationSettled();
        List<RotationAttempt> attempts = deployment.awaitRotation(token).attempts();
        return attempts.get(attempts.size() - 1);
    }

    private Optional<String> slot(int slot) {
        return standIns.snowflake().publicKeyFingerprint(LocalDeployment.USER, slot);
    }

    private static String fingerprint(String secretString) {
        return ((KeyPairAuthentication) SnowflakeSecrets.parse(LocalDeployment.SECRET_ID, secretString)
                .authentication(new PrivateKeyReader())).keyPair().fingerprint();
    }

    private int loginCode(UserKey key) {
        try (var connection = key.signIn(standIns.snowflake(), LocalDeployment.USER)) {
            return 0;
        } catch (SQLException e) {
            return e.getErrorCode();
        }
    }
}
