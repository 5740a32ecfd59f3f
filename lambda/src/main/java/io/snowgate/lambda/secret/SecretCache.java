package io.snowgate.lambda.secret;

import io.snowgate.contract.secret.SecretFormatException;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.key.KeyDecodingException;
import io.snowgate.lambda.key.PrivateKeyReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection secret (and its passphrase secret, when kept apart), fetched, parsed and decoded once and reused
 * for a time to live. {@link #refresh} bypasses the cache: that is how a rotated key is picked up after Snowflake
 * refused the cached one.
 *
 * <p>Thread-safe; one fetch at a time.
 */
public final class SecretCache {

    private final SecretSource source;
    private final String secretId;
    private final Optional<String> passphraseSecretId;
    private final Duration ttl;
    private final Clock clock;
    private final PrivateKeyReader keyReader;
    private final AtomicLong fetches = new AtomicLong();
    private ResolvedSecret cached;

    public SecretCache(SecretSource source, String secretId, Optional<String> passphraseSecretId, Duration ttl,
            Clock clock, PrivateKeyReader keyReader) {
        this.source = source;
        this.secretId = secretId;
        this.passphraseSecretId = passphraseSecretId;
        this.ttl = ttl;
        this.clock = clock;
        this.keyReader = keyReader;
    }

    /** The cached secret while it is younger than the time to live, else a freshly fetched one. */
    public synchronized ResolvedSecret get(Deadline deadline) {
        if (cached != null && clock.instant().isBefore(cached.fetchedAt().plus(ttl))) {
            return cached;
        }
        return refresh(deadline);
    }

    /**
     * Fetches and decodes the secret(s) now, whatever the cache holds. When the key does not decrypt with the
     * passphrase fetched beside it, the two secrets may have been read across a rotation of one of them: they are
     * fetched once more before giving up.
     *
     * @throws SecretUnavailableException when Secrets Manager cannot be read in time
     * @throws SecretFormatException      when the secret is malformed or its key cannot be decoded
     */
    public synchronized ResolvedSecret refresh(Deadline deadline) {
        cached = null;
        ResolvedSecret fresh;
        try {
            fresh = fetch(deadline);
        } catch (SecretFormatException e) {
            if (passphraseSecretId.isEmpty() || !passphraseMismatch(e)) {
                throw e;
            }
            fresh = fetch(deadline);
        }
        cached = fresh;
        return fresh;
    }

    /** Forgets the cached secret and decoded key (before a SnapStart snapshot, or on shutdown). */
    public synchronized void clear() {
        cached = null;
    }

    /** How many times Secrets Manager was read for this cache (one per secret per fetch). */
    public long fetches() {
        return fetches.get();
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
