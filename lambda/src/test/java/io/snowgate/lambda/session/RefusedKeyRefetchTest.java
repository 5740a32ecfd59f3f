package io.snowgate.lambda.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.schedule.ScheduledRunFailedException;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.UserKey;
import io.snowgate.lambda.testing.WarmFunctionOnStandIns;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How often a warm function reads the secret again, bypassing its cache, when Snowflake refuses its key (README,
 * "What happens on an invocation", 3): at once for a key that may have been rotated, but not on every invocation
 * for a key nobody has fixed. The real AWS SDK and snowflake-jdbc on the stand-ins, reads counted by the Secrets
 * Manager stand-in.
 */
class RefusedKeyRefetchTest extends WarmFunctionOnStandIns {

    private static final String EVENT = "{\"query\":\"current_version\"}";
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(30);

    private long secretReads() {
        return secretsManager.get().counters().count("GetSecretValue");
    }

    private long logins() {
        return snowflake.get().counters().count(SnowflakeStandIn.LOGIN);
    }

    /** The user's key taken out of Snowflake with nobody storing a new one, and the session the function had ended. */
    private void keyUnsetInSnowflake() {
        snowflake.get().unsetPublicKey(LocalDeployment.USER, 1);
        snowflake.get().endSessions(LocalDeployment.USER);
    }

    private void invocationFailsNamingTheKeyPresented(ScheduledQueryHandler on, UserKey presented) {
        assertThatThrownBy(() -> invoke(on, EVENT, INVOCATION_TIMEOUT))
                .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                    assertThat(e.failure().code()).isEqualTo("AUTHENTICATION_FAILED");
                    assertThat(e.failure().message()).contains("with key " + presented.fingerprint());
                });
    }

    @Test
    void aKeySnowflakeKeepsRefusing_isReadAgainOncePerCoolDown_notOncePerInvocation() throws IOException {
        invoke(EVENT, INVOCATION_TIMEOUT);
        keyUnsetInSnowflake();
        long reads = secretReads();
        long logins = logins();

        invocationFailsNamingTheKeyPresented(handler, key);
        assertThat(secretReads() - reads).as("the first refusal reads the secret again").isEqualTo(1);
        assertThat(logins() - logins).as("and signs in once more with what it read").isEqualTo(2);

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(30));
            invocationFailsNamingTheKeyPresented(handler, key);
        }
        assertThat(secretReads() - reads).as("the same key came back and was refused: no read in the cool-down")
                .isEqualTo(1);
        assertThat(logins() - logins).as("each invocation still tries its login once").isEqualTo(2 + 4);

        clock.advance(JdbcSnowflakeSessions.REFUSED_KEY_COOL_DOWN);
        invocationFailsNamingTheKeyPresented(handler, key);
        assertThat(secretReads() - reads).as("once the cool-down has passed, a refusal reads the secret again")
                .isEqualTo(2);
    }

    @Test
    void aKeySetBackInSnowflakeDuringTheCoolDown_signsInAtTheNextInvocation_andARotationAfterItIsPickedUpAtOnce()
            throws IOException {
        invoke(EVENT, INVOCATION_TIMEOUT);
        keyUnsetInSnowflake();
        invocationFailsNamingTheKeyPresented(handler, key);
        long reads = secretReads();

        snowflake.get().setPublicKey(LocalDeployment.USER, 1, key.publicPem());
        clock.advance(Duration.ofSeconds(30));
        assertThat(invoke(EVENT, INVOCATION_TIMEOUT).path("rowCount").asInt()).isEqualTo(1);
        assertThat(secretReads()).as("a key Snowflake takes again needs no read").isEqualTo(reads);

        // Still within the cool-down of the refused key: once Snowflake accepted it, a rotation that revokes it is
        // a new refusal, and costs no failed invocation.
        UserKey rotated = UserKey.generate(keys.resolve("rotated"), "rotated-passphrase");
        snowflake.get().setPublicKey(LocalDeployment.USER, 2, rotated.publicPem());
        snowflake.get().unsetPublicKey(LocalDeployment.USER, 1);
        deployment.storeKey(rotated);
        snowflake.get().endSessions(LocalDeployment.USER);
        clock.advance(Duration.ofSeconds(30));

        assertThat(invoke(EVENT, INVOCATION_TIMEOUT).path("rowCount").asInt()).isEqualTo(1);
        assertThat(secretReads()).isEqualTo(reads + 1);
    }

    /**
     * A function whose secret's time to live is shorter than the cool-down, so that the read it makes falls in the
     * cool-down; its key refused, read again and refused again, so that its cool-down runs.
     */
    private ScheduledQueryHandler coolingDown(QueryFunction shortLived) throws IOException {
        ScheduledQueryHandler shortLivedHandler = new ScheduledQueryHandler(shortLived);
        invoke(shortLivedHandler, EVENT, INVOCATION_TIMEOUT);
        keyUnsetInSnowflake();
        invocationFailsNamingTheKeyPresented(shortLivedHandler, key);
        clock.advance(Duration.ofSeconds(20));
        long reads = secretReads();
        invocationFailsNamingTheKeyPresented(shortLivedHandler, key);
        assertThat(secretReads()).as("cooling down").isEqualTo(reads);
        return shortLivedHandler;
    }

    @Test
    void aNewKeyStoredDuringTheCoolDown_isSignedInWithAtTheCachedSecretsTimeToLive() throws IOException {
        Duration ttl = Duration.ofMinutes(1);
        try (QueryFunction shortLived = deployment.function(clock, ttl, VALIDATE_AFTER_IDLE)) {
            ScheduledQueryHandler shortLivedHandler = coolingDown(shortLived);
            long reads = secretReads();
            UserKey fixed = UserKey.generate(keys.resolve("fixed"), "fixed-passphrase");
            snowflake.get().setPublicKey(LocalDeployment.USER, 2, fixed.publicPem());
            deployment.storeKey(fixed);
            clock.advance(ttl);

            assertThat(invoke(shortLivedHandler, EVENT, INVOCATION_TIMEOUT).path("rowCount").asInt()).isEqualTo(1);
            assertThat(secretReads()).as("the time to live's read, and no other").isEqualTo(reads + 1);
        }
    }

    @Test
    void anotherKeyRefusedDuringTheCoolDown_isReadAgainAtOnce() throws IOException {
        Duration ttl = Duration.ofMinutes(1);
        try (QueryFunction shortLived = deployment.function(clock, ttl, VALIDATE_AFTER_IDLE)) {
            ScheduledQueryHandler shortLivedHandler = coolingDown(shortLived);
            long reads = secretReads();
            // Stored, but not yet set in Snowflake: new to the function, so it may have been replaced again already.
            UserKey stored = UserKey.generate(keys.resolve("stored"), "stored-passphrase");
            deployment.storeKey(stored);
            clock.advance(ttl);

            invocationFailsNamingTheKeyPresented(shortLivedHandler, stored);
            assertThat(secretReads()).as("the time to live's read, then one for the refusal of a key new to it")
                    .isEqualTo(reads + 2);
        }
    }
}
