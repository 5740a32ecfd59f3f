package io.snowgate.lambda.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.snowgate.emulator.server.Fault;
import io.snowgate.lambda.testing.WarmFunctionOnStandIns;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A warm function that must sign in while Secrets Manager does not answer, its secret's time to live over but the
 * last good secret within its grace (README, "What happens on an invocation", 1): the refresh may not take the whole
 * invocation, or the secret the grace keeps could never be used. The real AWS SDK and snowflake-jdbc on the
 * stand-ins.
 */
class StaleSecretUnderOutageTest extends WarmFunctionOnStandIns {

    private JsonNode invoke(Duration timeout) throws IOException {
        return invoke("{\"query\":\"current_version\"}", timeout);
    }

    @Test
    void secretsManagerNeverAnsweringADueRefresh_leavesTimeToSignInWithTheLastGoodSecret() throws IOException {
        invoke(Duration.ofSeconds(30));
        // Idle past Snowflake's four hours: the session is gone and the secret's time to live has ended, so this
        // invocation must sign in, and Secrets Manager takes every read and never answers.
        clock.advance(Duration.ofHours(4).plusMinutes(1));
        secretsManager.get().faults().failNext("GetSecretValue", 10, new Fault.BlackHole());
        long start = System.nanoTime();

        JsonNode result = invoke(Duration.ofSeconds(10));

        assertThat(result.path("rowCount").asInt()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
