package io.snowgate.lambda.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.MutableClock;
import io.snowgate.emulator.junit5.StandInExtension;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test of the scheduled function kept warm across the test, as one execution environment, on stand-ins of its own
 * whose Snowflake clock the test moves (a session idle for hours, a secret past its time to live): the set-up the
 * warm-path fault tests share. The function reads the secret with the SDK and signs in with snowflake-jdbc.
 */
public abstract class WarmFunctionOnStandIns {

    /** The secret's time to live. */
    protected static final Duration SECRET_TTL = Duration.ofMinutes(15);
    /** How long a session may idle before the function checks it is still alive. */
    protected static final Duration VALIDATE_AFTER_IDLE = Duration.ofMinutes(1);

    protected final MutableClock clock = new MutableClock();
    protected final ObjectMapper json = new ObjectMapper();

    @RegisterExtension
    protected final StandInExtension<SecretsManagerStandIn> secretsManager =
            StandInExtension.of(SecretsManagerStandIn.class, () -> new SecretsManagerStandIn().start());
    @RegisterExtension
    protected final StandInExtension<SnowflakeStandIn> snowflake = StandInExtension.of(SnowflakeStandIn.class,
            () -> new SnowflakeStandIn(SnowflakeStandIn.Config.defaults().withClock(clock)).start());

    @TempDir
    protected Path keys;

    /** The key the user holds in RSA_PUBLIC_KEY and the secret holds. */
    protected UserKey key;
    protected LocalDeployment deployment;
    protected QueryFunction function;
    protected ScheduledQueryHandler handler;

    @BeforeEach
    protected void deployTheFunction() {
        key = UserKey.generate(keys.resolve("key"), "warm-function-passphrase");
        deployment = new LocalDeployment(secretsManager.get(), snowflake.get()).install(key);
        function = deployment.function(clock, SECRET_TTL, VALIDATE_AFTER_IDLE);
        handler = new ScheduledQueryHandler(function);
    }

    /** One invocation of the scheduled handler with {@code event}, as Lambda would give it {@code timeout}. */
    protected JsonNode invoke(String event, Duration timeout) throws IOException {
        return invoke(handler, event, timeout);
    }

    /** As {@link #invoke(String, Duration)}, of {@code on} (a handler of another function the test built). */
    protected JsonNode invoke(ScheduledQueryHandler on, String event, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        on.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("scheduled", timeout, Clock.systemUTC()));
        return json.readTree(out.toByteArray());
    }

    @AfterEach
    protected void closeTheFunction() {
        function.close();
        deployment.close();
    }
}
