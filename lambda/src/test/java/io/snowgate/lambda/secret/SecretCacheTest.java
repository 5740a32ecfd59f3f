package io.snowgate.lambda.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.contract.secret.SecretField;
import io.snowgate.contract.secret.SecretFormatException;
import io.snowgate.contract.secret.SecretLayout;
import io.snowgate.emulator.junit5.MutableClock;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.key.Fingerprints;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.key.RsaKeyGenerator;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.testing.InMemorySecretSource;
import io.snowgate.lambda.testing.KeyFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The secret cache against an in-memory Secrets Manager: what it fetches and when, what it serves while Secrets
 * Manager fails, and when it gives up. The end-to-end tests run the same cache through the real SDK.
 */
class SecretCacheTest {

    private static final String SECRET_ID = "prod/snowflake";
    private static final Duration TTL = Duration.ofMinutes(15);
    private static final Duration GRACE = Duration.ofHours(24);

    private final MutableClock clock = new MutableClock();
    private final InMemorySecretSource source = new InMemorySecretSource().put(SECRET_ID, secret("pkcs8-plain.p8"));
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final ObjectMapper json = new ObjectMapper();
    /** The largest jitter: each back-off waits its whole ceiling, so the tests know when the next attempt is due. */
    private final RandomGenerator noJitter = new RandomGenerator() {
        @Override
        public long nextLong() {
            return Long.MAX_VALUE;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };
    private final SecretCache cache = new SecretCache(source, SECRET_ID, Optional.empty(), TTL, GRACE, clock,
            new PrivateKeyReader(), new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), json, clock),
            noJitter);

    private static String secret(String keyFixture) {
        return SecretLayout.write(Map.of(SecretField.ACCOUNT, "xy12345", SecretField.USER, "SVC",
                SecretField.PRIVATE_KEY, KeyFixtures.text(keyFixture)));
    }

    private Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(10), clock);
    }

    private List<JsonNode> warnings() throws IOException {
        return logLines("secret_refresh_failed");
    }

    private List<JsonNode> logLines(String event) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : logged.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        return lines.stream().filter(l -> event.equals(l.path("event").asText())).toList();
    }

    /**
     * A passphrase beside a key that is not encrypted: the key is used, and one warning per key says the passphrase
     * is unused (the passphrase may belong to another key, or the key was stored decrypted), naming where it came
     * from but never its value.
     */
    @Test
    void aPassphraseForAnUnencryptedKey_isWarnedOfOncePerKey_withoutItsValue_andTheKeyIsUsed() throws IOException {
        source.put(SECRET_ID, SecretLayout.write(Map.of(SecretField.ACCOUNT, "xy12345", SecretField.USER, "SVC",
                SecretField.PRIVATE_KEY, KeyFixtures.text("pkcs8-plain.p8"),
                SecretField.PASSPHRASE, "CANARY-unused-passphrase")));

        String fingerprint = cache.get(deadline()).authentication().credentialId();
        clock.advance(TTL.plusSeconds(1));
        cache.get(deadline());
        cache.refresh(deadline());

        assertThat(logLines("secret_read")).hasSize(3);
        List<JsonNode> warnings = logLines("key_passphrase_unused");
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).path("level").asText()).isEqualTo("WARN");
        assertThat(warnings.get(0).path("secretId").asText()).isEqualTo(SECRET_ID);
        assertThat(warnings.get(0).path("passphraseFrom").asText()).isEqualTo("field 'private_key_passphrase'");
        assertThat(warnings.get(0).path("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("CANARY");
    }

    @Test
    void aKeyReadWithItsPassphrase_orUnencryptedWithoutOne_logsNoUnusedPassphrase() throws IOException {
        source.put(SECRET_ID, SecretLayout.write(Map.of(SecretField.ACCOUNT, "xy12345", SecretField.USER, "SVC",
                SecretField.PRIVATE_KEY, KeyFixtures.text("pkcs8-des3.p8"), SecretField.PASSPHRASE,
                KeyFixtures.PASSPHRASE)));
        cache.get(deadline());
        // Another key, so that its read is checked too (the check runs once per key).
        source.put(SECRET_ID, SecretLayout.write(Map.of(SecretField.ACCOUNT, "xy12345", SecretField.USER, "SVC",
                SecretField.PRIVATE_KEY, new KeyPem().privateKeyPkcs8(RsaKeyGenerator.generate(), Passphrase.none()))));
        cache.refresh(deadline());

        assertThat(logLines("secret_read")).extracting(line -> line.path("fingerprint").asText())
                .doesNotHaveDuplicates().hasSize(2);
        assertThat(logLines("key_passphrase_unused")).isEmpty();
    }

    @Test
    void eachRead_isLoggedWithWhyAndTheKeysFingerprint_andARotatedKeyNamesTheOneItReplaces() throws IOException {
        String fixtureFingerprint = KeyFixtures.text("fingerprint.txt").trim();
        RsaKeyPair rotated = RsaKeyGenerator.generate();

        cache.get(deadline());
        clock.advance(TTL.plusSeconds(1));
        cache.get(deadline());
        source.put(SECRET_ID, SecretLayout.write(Map.of(SecretField.ACCOUNT, "xy12345", SecretField.USER, "SVC",
                SecretField.PRIVATE_KEY, new KeyPem().privateKeyPkcs8(rotated, Passphrase.none()))));
        cache.refresh(deadline());

        List<JsonNode> reads = logLines("secret_read");
        assertThat(reads).extracting(line -> line.path("reason").asText())
                .containsExactly("first read", "time to live ended", "refresh asked for");
        assertThat(reads).allSatisfy(line -> assertThat(line.path("secretId").asText()).isEqualTo(SECRET_ID));
        assertThat(reads.subList(0, 2)).allSatisfy(line -> {
            assertThat(line.path("fingerprint").asText()).isEqualTo(fixtureFingerprint);
            assertThat(line.has("replaces")).isFalse();
        });
        assertThat(reads.get(2).path("fingerprint").asText()).isEqualTo(Fingerprints.of(rotated.publicKey()));
        assertThat(reads.get(2).path("replaces").asText()).isEqualTo(fixtureFingerprint);
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("MII").doesNotContain("PRIVATE KEY");
    }

    @Test
    void aFailedRead_logsNoRead() throws IOException {
        source.failNext(1, "ThrottlingException");

        assertThatThrownBy(() -> cache.get(deadline())).isInstanceOf(SecretUnavailableException.class);
        assertThat(logLines("secret_read")).isEmpty();
    }

    @Test
    void withinItsTimeToLive_theSecretIsFetchedOnce() {
        ResolvedSecret first = cache.get(deadline());
        clock.advance(TTL.minusSeconds(1));

        assertThat(cache.get(deadline())).isSameAs(first);
        assertThat(source.fetches()).isEqualTo(1);
    }

    @Test
    void aDueRefreshThatFails_keepsServingTheLastGoodSecret_loggedAndCounted_neverTheValue() throws IOException {
        ResolvedSecret good = cache.get(deadline());
        clock.advance(TTL.plusSeconds(1));
        source.failNext(1, "ThrottlingException");

        assertThat(cache.get(deadline())).isSameAs(good);
        assertThat(cache.staleServes()).isEqualTo(1);
        assertThat(warnings()).singleElement().satisfies(line -> {
            assertThat(line.get("code").asText()).isEqualTo("ThrottlingException");
            assertThat(line.get("reason").asText()).isEqualTo("Secrets Manager refused the request");
            assertThat(line.get("secretId").asText()).isEqualTo(SECRET_ID);
            assertThat(line.has("graceEndsAt")).isTrue();
        });
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("MII");
    }

    @Test
    void afterAFailedRefresh_theNextAttemptWaitsAGrowingBackOff_insteadOfHammeringTheService() {
        cache.get(deadline());
        clock.advance(TTL.plusSeconds(1));
        source.failNext(2, "ThrottlingException");

        cache.get(deadline());
        int afterFirstFailure = source.fetches();
        cache.get(deadline());
        cache.get(deadline());
        assertThat(source.fetches()).as("inside the first back-off").isEqualTo(afterFirstFailure);

        clock.advance(SecretCache.FIRST_BACKOFF);
        cache.get(deadline());
        assertThat(source.fetches()).as("the second attempt, failing again").isEqualTo(afterFirstFailure + 1);
        clock.advance(SecretCache.FIRST_BACKOFF);
        cache.get(deadline());
        assertThat(source.fetches()).as("the back-off doubled").isEqualTo(afterFirstFailure + 1);

        clock.advance(SecretCache.FIRST_BACKOFF);
        ResolvedSecret fresh = cache.get(deadline());
        assertThat(source.fetches()).isEqualTo(afterFirstFailure + 2);
        assertThat(fresh.fetchedAt()).isEqualTo(clock.instant());
    }

    @Test
    void aReadTheDeadlineLeftNoTimeFor_isNotHeldAgainstSecretsManager_theNextCallReadsAtOnce() {
        // An abandoned call's late sign-in, or an invocation whose time went elsewhere: nothing was sent.
        Deadline spent = Deadline.in(Duration.ZERO, clock);
        assertThatThrownBy(() -> cache.get(spent)).isInstanceOfSatisfying(SecretUnavailableException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SecretUnavailableException.DEADLINE_REACHED));

        ResolvedSecret read = cache.get(deadline());

        assertThat(read.fetchedAt()).isEqualTo(clock.instant());
        assertThat(source.fetches()).isEqualTo(1);
    }

    @Test
    void pastTheGrace_theFailureIsTheCallers() {
        cache.get(deadline());
        clock.advance(TTL.plus(GRACE).plusSeconds(1));
        source.failNext(1, "InternalServiceError");

        assertThatThrownBy(() -> cache.get(deadline()))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("InternalServiceError")
                .hasMessageContaining("grace has ended");
    }

    @Test
    void pastTheGrace_theSecretAndItsDecodedKeyAreDropped_andTheNextReadStillNamesTheKeyItReplaces()
            throws IOException {
        String fixtureFingerprint = KeyFixtures.text("fingerprint.txt").trim();
        cache.get(deadline());
        clock.advance(TTL.plus(GRACE).plusSeconds(1));
        source.failNext(1, "InternalServiceError");

        assertThatThrownBy(() -> cache.get(deadline())).hasMessageContaining("grace has ended");
        assertThat(cache.holdsSecret()).isFalse();
        assertThatThrownBy(() -> cache.get(deadline())).as("within the back-off")
                .hasMessageContaining("grace has ended");

        RsaKeyPair rotated = RsaKeyGenerator.generate();
        source.put(SECRET_ID, SecretLayout.write(Map.of(SecretField.ACCOUNT, "xy12345", SecretField.USER, "SVC",
                SecretField.PRIVATE_KEY, new KeyPem().privateKeyPkcs8(rotated, Passphrase.none()))));
        clock.advance(SecretCache.MAX_BACKOFF);
        cache.get(deadline());

        JsonNode read = logLines("secret_read").getLast();
        assertThat(read.path("reason").asText()).isEqualTo("time to live ended");
        assertThat(read.path("replaces").asText()).isEqualTo(fixtureFingerprint);
        assertThat(cache.holdsSecret()).isTrue();
    }

    @Test
    void withNothingFetchedYet_aFailureIsTheCallers_andTheNextCallsWaitTheBackOff() {
        source.failNext(1, "ThrottlingException");

        assertThatThrownBy(() -> cache.get(deadline())).isInstanceOf(SecretUnavailableException.class);
        assertThatThrownBy(() -> cache.get(deadline()))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("ThrottlingException")
                .hasMessageContaining("no secret has been read yet");
        assertThat(source.fetches()).isEqualTo(1);
    }

    /**
     * With no secret to serve, the caller's error keeps why the read failed, not only its code: for a read that got
     * no answer, whether it timed out or could not be made at all (no network path, no credentials), which is where
     * the operator looks next. The same during the back-off, when nothing is read.
     */
    @Test
    void withNothingFetchedYet_theFailureSaysWhyTheReadFailed_notOnlyItsCode() {
        SecretSource unanswered = (id, until) -> {
            throw new SecretUnavailableException(id, "Unreachable", "Secrets Manager did not answer in time", null);
        };
        SecretCache cold = new SecretCache(unanswered, SECRET_ID, Optional.empty(), TTL, GRACE, clock,
                new PrivateKeyReader(), new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), json, clock),
                noJitter);

        assertThatThrownBy(() -> cold.get(deadline()))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageStartingWith("secret prod/snowflake could not be read (Unreachable): Secrets Manager did"
                        + " not answer in time; no secret has been read yet");
        assertThatThrownBy(() -> cold.get(deadline())).as("within the back-off")
                .hasMessageContaining("(Unreachable): Secrets Manager did not answer in time; no secret has been"
                        + " read yet; next attempt in ");
    }

    @Test
    void aMalformedSecret_isNeverPaperedOverWithTheLastGoodOne() {
        cache.get(deadline());
        clock.advance(TTL.plusSeconds(1));
        source.put(SECRET_ID, "{\"account\":\"xy12345\"}");

        assertThatThrownBy(() -> cache.get(deadline())).isInstanceOf(SecretFormatException.class);
        assertThat(cache.staleServes()).isZero();
    }

    @Test
    void aForcedRefresh_ignoresTheBackOff_andKeepsTheLastGoodSecretWhenItFails() {
        ResolvedSecret good = cache.get(deadline());
        clock.advance(TTL.plusSeconds(1));
        source.failNext(2, "ThrottlingException");
        cache.get(deadline());
        int beforeRefresh = source.fetches();

        assertThatThrownBy(() -> cache.refresh(deadline())).isInstanceOf(SecretUnavailableException.class);
        assertThat(source.fetches()).as("the refresh asked Secrets Manager despite the back-off")
                .isEqualTo(beforeRefresh + 1);
        assertThat(cache.get(deadline())).isSameAs(good);
    }

    /** The key in one secret, its passphrase in another that {@code passphrases} serves, one value a read. */
    private SecretCache splitCache(InMemorySecretSource both, String passphraseId, String... passphrases) {
        both.put(SECRET_ID, SecretLayout.write(Map.of(SecretField.ACCOUNT, "xy12345", SecretField.USER, "SVC",
                SecretField.PRIVATE_KEY, KeyFixtures.text("pkcs8-des3.body"))));
        java.util.Iterator<String> next = List.of(passphrases).iterator();
        SecretSource source = (id, deadline) -> {
            if (id.equals(passphraseId)) {
                both.put(passphraseId, next.next());
            }
            return both.fetch(id, deadline);
        };
        return new SecretCache(source, SECRET_ID, Optional.of(passphraseId), TTL, GRACE, clock,
                new PrivateKeyReader(), new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), json,
                        clock), noJitter);
    }

    @Test
    void aKeyAndPassphraseReadAcrossAChangeOfOne_areBothReadOnceMore_andTheKeyDecrypts() {
        InMemorySecretSource both = new InMemorySecretSource();
        // A rotation stored the new passphrase just after the function read the old one.
        SecretCache split = splitCache(both, "prod/snowflake-passphrase", "the-passphrase-before-the-change",
                KeyFixtures.PASSPHRASE);

        ResolvedSecret read = split.get(deadline());

        assertThat(read.authentication().credentialId()).isEqualTo(KeyFixtures.text("fingerprint.txt").trim());
        assertThat(both.fetches()).as("key and passphrase, then both once more").isEqualTo(4);
    }

    @Test
    void aPassphraseThatStaysWrong_isReadOnceMore_thenReportedAsTheWrongPassphrase() {
        InMemorySecretSource both = new InMemorySecretSource();
        SecretCache split = splitCache(both, "prod/snowflake-passphrase", "wrong-one", "wrong-two", "wrong-three");

        assertThatThrownBy(() -> split.get(deadline()))
                .isInstanceOf(SecretFormatException.class)
                .hasMessage("secret 'prod/snowflake' field 'private_key': the passphrase does not decrypt the "
                        + "private key (wrong passphrase) (passphrase from secret 'prod/snowflake-passphrase')");
        assertThat(both.fetches()).as("two reads of each secret, no third").isEqualTo(4);
    }

    @Test
    void withoutGrace_aFailedRefreshFails() {
        SecretCache strict = new SecretCache(source, SECRET_ID, Optional.empty(), TTL, Duration.ZERO, clock,
                new PrivateKeyReader(), new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), json,
                        clock));
        strict.get(deadline());
        clock.advance(TTL.plusSeconds(1));
        source.failNext(1, "ThrottlingException");

        assertThatThrownBy(() -> strict.get(deadline())).isInstanceOf(SecretUnavailableException.class);
    }
}
