package io.snowgate.lambda.secret;

import io.snowgate.contract.secret.SecretFormatException;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.key.KeyDecodingException;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.log.JsonLog;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The connection secret (and its passphrase secret, when kept apart), fetched, parsed and decoded once and reused
 * for a time to live. The secret is only needed to sign in, so it is asked for only then.
 *
 * <p>When a due refresh fails because Secrets Manager cannot be read (throttling, an outage), the last good secret
 * keeps serving for a bounded grace, each time logged ({@code secret_refresh_failed}) and counted, and the next
 * attempt waits a jittered, growing back-off instead of adding load to a struggling service (the behaviour of
 * aws-secretsmanager-caching-java's refresh); a read never sent because the deadline had passed is no such failure.
 * Past the grace, the failure is the caller's, and the first call to find the grace over drops the secret and its
 * decoded key (nothing runs between invocations to drop it sooner). A malformed secret is never papered over: it
 * fails at once.
 * {@link #refresh} bypasses the cache and the back-off: that is how a rotated key is picked up after Snowflake
 * refused the cached one.
 *
 * <p>Refreshes happen inside invocations only: Lambda freezes the environment between them, so a background thread
 * would not run. Thread-safe; one fetch at a time.
 */
public final class SecretCache {

    /** The first wait after a failed refresh; it doubles with each further failure, up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final SecretSource source;
    private final String secretId;
    private final Optional<String> passphraseSecretId;
    private final Duration ttl;
    private final Duration grace;
    private final Clock clock;
    private final PrivateKeyReader keyReader;
    private final JsonLog log;
    /**
     * The back-off's jitter. The cache is built in init, before a SnapStart snapshot that every new environment
     * resumes from: a seeded generator (RandomGenerator.getDefault's L32X64MixRandom takes its seed from a static
     * counter) would draw the same waits in all of them, and they would retry a throttled Secrets Manager in step.
     * SecureRandom is what AWS's "Handling uniqueness with Lambda SnapStart" names for Java; on Linux it mixes fresh
     * /dev/urandom bytes into every draw (NativePRNG, its buffer re-read when over 100 ms old).
     */
    private final RandomGenerator random;
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong staleServes = new AtomicLong();
    private ResolvedSecret cached;
    /** The public id (key fingerprint) of the last secret read, kept when the secret itself is dropped. */
    private String lastCredentialId;
    private int failedRefreshes;
    private Instant nextAttempt = Instant.MIN;
    private SecretUnavailableException lastFailure;

    /**
     * @param ttl   how long a fetched secret is used before it is fetched again
     * @param grace how long past its time to live the last good secret serves while refreshes fail; zero never
     */
    public SecretCache(SecretSource source, String secretId, Optional<String> passphraseSecretId, Duration ttl,
            Duration grace, Clock clock, PrivateKeyReader keyReader, JsonLog log) {
        this(source, secretId, passphraseSecretId, ttl, grace, clock, keyReader, log, new SecureRandom());
    }

    SecretCache(SecretSource source, String secretId, Optional<String> passphraseSecretId, Duration ttl,
            Duration grace, Clock clock, PrivateKeyReader keyReader, JsonLog log, RandomGenerator random) {
        this.source = source;
        this.secretId = secretId;
        this.passphraseSecretId = passphraseSecretId;
        this.ttl = ttl;
        this.grace = grace;
        this.clock = clock;
        this.keyReader = keyReader;
        this.log = log;
        this.random = random;
    }

    /**
     * The cached secret while it is younger than the time to live, else a freshly fetched one; when the fetch
     * fails for want of Secrets Manager, the last good secret within its grace.
     *
     * @throws SecretUnavailableException when there is no secret to serve: none fetched yet, or past the grace
     * @throws SecretFormatException      when a fetched secret is malformed or its key cannot be decoded
     */
    public synchronized ResolvedSecret get(Deadline deadline) {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.fetchedAt().plus(ttl))) {
            return cached;
        }
        if (now.isBefore(nextAttempt)) {
            return lastGood(now, lastFailure);
        }
        // With a last good secret to fall back on, a refresh Secrets Manager is slow to answer (or never answers)
        // may take half of what remains, not all: the other half is for signing in with that secret and the statement.
        boolean fallback = cached != null && now.isBefore(cached.fetchedAt().plus(ttl).plus(grace));
        Deadline refreshBy = fallback ? deadline.within(deadline.remaining().dividedBy(2)) : deadline;
        try {
            return refresh(refreshBy, lastCredentialId == null ? ReadReason.FIRST : ReadReason.EXPIRED);
        } catch (SecretUnavailableException e) {
            return lastGood(now, e);
        }
    }

    /**
     * Fetches and decodes the secret(s) now, whatever the cache holds and whatever the back-off. When the key does
     * not decrypt with the passphrase fetched beside it, the two secrets may have been read across a change of one
     * of them: they are fetched once more before giving up. The cached secret is kept when the fetch fails.
     *
     * @throws SecretUnavailableException when Secrets Manager cannot be read in time
     * @throws SecretFormatException      when the secret is malformed or its key cannot be decoded
     */
    public synchronized ResolvedSecret refresh(Deadline deadline) {
        return refresh(deadline, ReadReason.FORCED);
    }

    /** Why Secrets Manager was read, as the {@code secret_read} log line says it. */
    private enum ReadReason {
        FIRST("first read"), EXPIRED("time to live ended"), FORCED("refresh asked for");

        private final String text;

        ReadReason(String text) {
            this.text = text;
        }
    }

    private ResolvedSecret refresh(Deadline deadline, ReadReason reason) {
        Instant start = clock.instant();
        ResolvedSecret fresh;
        try {
            try {
                fresh = fetch(deadline);
            } catch (SecretFormatException e) {
                if (passphraseSecretId.isEmpty() || !passphraseMismatch(e)) {
                    throw e;
                }
                fresh = fetch(deadline);
            }
        } catch (SecretUnavailableException e) {
            // A read never sent for want of time says nothing about Secrets Manager: the next invocation, with its
            // own time, may read at once.
            if (e.serviceFailure()) {
                backOff(e);
            }
            throw e;
        }
        logRead(fresh, reason, Duration.between(start, clock.instant()));
        if (!fresh.authentication().credentialId().equals(lastCredentialId)) {
            warnIfPassphraseUnused(fresh);
        }
        cached = fresh;
        lastCredentialId = fresh.authentication().credentialId();
        failedRefreshes = 0;
        nextAttempt = Instant.MIN;
        lastFailure = null;
        return fresh;
    }

    /**
     * One line a read, naming the key by its public fingerprint (or other public credential id), and the one it
     * replaces when that differs: after a rotation, the line that shows which key the function now signs in with.
     */
    private void logRead(ResolvedSecret fresh, ReadReason reason, Duration took) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("secretId", secretId);
        passphraseSecretId.ifPresent(id -> fields.put("passphraseSecretId", id));
        fields.put("reason", reason.text);
        String credentialId = fresh.authentication().credentialId();
        fields.put(fresh.authentication().credentialKind(), credentialId);
        if (lastCredentialId != null && !lastCredentialId.equals(credentialId)) {
            fields.put("replaces", lastCredentialId);
        }
        fields.put("durationMs", took.toMillis());
        log.info("secret_read", fields);
    }

    /**
     * Once per key read (not at every time to live): a passphrase beside a key that is not encrypted is not an error,
     * the key signs in, but it is worth knowing. Where the passphrase came from, never its value.
     */
    private void warnIfPassphraseUnused(ResolvedSecret fresh) {
        if (!fresh.secret().passphraseUnused(keyReader)) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("secretId", secretId);
        fields.put("passphraseFrom", fresh.secret().credentials().passphraseSource());
        fields.put(fresh.authentication().credentialKind(), fresh.authentication().credentialId());
        fields.put("action", "the private key is not encrypted: signing in with it, the passphrase unused");
        log.warn("key_passphrase_unused", fields);
    }

    /** Forgets the cached secret and decoded key (before a SnapStart snapshot, or on shutdown). */
    public synchronized void clear() {
        cached = null;
        lastCredentialId = null;
    }

    /** Whether a fetched secret (and its decoded key) is held. */
    synchronized boolean holdsSecret() {
        return cached != null;
    }

    /** How many times Secrets Manager was read for this cache (one per secret per fetch). */
    public long fetches() {
        return fetches.get();
    }

    /** How many times the last good secret was served because a refresh failed. */
    public long staleServes() {
        return staleServes.get();
    }

    private ResolvedSecret lastGood(Instant now, SecretUnavailableException failure) {
        Instant graceEnds = cached == null ? Instant.MIN : cached.fetchedAt().plus(ttl).plus(grace);
        if (cached != null && !now.isBefore(graceEnds)) {
            // It will never be served again: the decoded key and its passphrase are not kept for nothing.
            cached = null;
        }
        if (cached == null) {
            // The failure's reason stays: "Unreachable" alone does not say whether it timed out or had no way there.
            // The read's own failure is the cause: a caller that never reads again can report it without the back-off.
            throw new SecretUnavailableException(failure.secretId(), failure.errorCode(), failure.reason() + "; "
                    + (lastCredentialId == null ? "no secret has been read yet"
                            : "the last good secret's grace has ended")
                            + "; next attempt in " + millisUntilNextAttempt(now) + " ms", failure);
        }
        staleServes.incrementAndGet();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("secretId", secretId);
        fields.put("code", failure.errorCode());
        fields.put("reason", failure.reason());
        fields.put("action", "serving the secret fetched at " + cached.fetchedAt());
        fields.put("graceEndsAt", graceEnds.toString());
        fields.put("nextAttemptInMs", millisUntilNextAttempt(now));
        log.warn("secret_refresh_failed", fields);
        return cached;
    }

    /** Zero when no back-off is running ({@code nextAttempt} may be {@link Instant#MIN}, too far for a Duration). */
    private long millisUntilNextAttempt(Instant now) {
        return now.isBefore(nextAttempt) ? Duration.between(now, nextAttempt).toMillis() : 0;
    }

    /** The next attempt waits between half and all of a back-off that doubles with each failure in a row. */
    private void backOff(SecretUnavailableException failure) {
        failedRefreshes++;
        long ceiling = Math.min(MAX_BACKOFF.toMillis(),
                FIRST_BACKOFF.toMillis() << Math.min(failedRefreshes - 1, 30));
        long wait = ceiling / 2 + random.nextLong(ceiling / 2 + 1);
        nextAttempt = clock.instant().plusMillis(wait);
        lastFailure = failure;
    }

    private ResolvedSecret fetch(Deadline deadline) {
        Instant now = clock.instant();
        String secretString = read(secretId, deadline);
        SnowflakeSecret secret = passphraseSecretId.isPresent()
                ? SnowflakeSecrets.parse(secretId, secretString, passphraseSecretId.get(),
                        read(passphraseSecretId.get(), deadline))
                : SnowflakeSecrets.parse(secretId, secretString);
        return new ResolvedSecret(secret, secret.authentication(keyReader), now);
    }

    private String read(String id, Deadline deadline) {
        fetches.incrementAndGet();
        return source.fetch(id, deadline);
    }

    private static boolean passphraseMismatch(SecretFormatException e) {
        return e.getCause() instanceof KeyDecodingException decoding
                && (decoding.reason() == KeyDecodingException.Reason.WRONG_PASSPHRASE
                        || decoding.reason() == KeyDecodingException.Reason.PASSPHRASE_REQUIRED);
    }
}
