package io.snowgate.lambda.rotation;

import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.secret.ResolvedSecret;
import io.snowgate.lambda.secret.SecretCache;
import io.snowgate.lambda.secret.SecretSource;
import io.snowgate.lambda.secret.SecretUnavailableException;
import io.snowgate.lambda.session.JdbcSnowflakeSessions;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One short Snowflake session signed in with a secret exactly as the query function signs in (the same
 * {@link SecretCache} and {@link JdbcSnowflakeSessions}), for the key lifecycle's checks and changes. Closed after
 * use.
 */
final class SecretSession {

    /** Long enough for one step; a step never outlives a Lambda invocation. */
    private static final Duration STEP_SECRET_TTL = Duration.ofMinutes(15);

    /** Work on the session, told which secret (and key fingerprint) it signed in with. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection, ResolvedSecret secret, String fingerprint) throws SQLException;
    }

    /** Where the secret comes from and where Snowflake is. */
    record Target(SecretSource source, String secretId, Optional<String> passphraseSecretId,
            Optional<SnowflakeEndpoint> snowflakeUrl) {
    }

    private SecretSession() {
    }

    /**
     * Signs in with {@code target}'s secret and runs {@code work}.
     *
     * @throws io.snowgate.lambda.session.SnowflakeLoginException when Snowflake refuses the login
     * @throws io.snowgate.lambda.secret.SecretUnavailableException when the secret cannot be read
     * @throws io.snowgate.contract.secret.SecretFormatException when it cannot be parsed or its key decoded
     */
    static <T> T run(Target target, Clock clock, JsonLog log, Deadline deadline, Work<T> work) throws SQLException {
        // No grace: a rotation step must sign in with exactly the version it names, never a stale one.
        SecretCache cache = new SecretCache(target.source(), target.secretId(), target.passphraseSecretId(),
                STEP_SECRET_TTL, Duration.ZERO, clock, new PrivateKeyReader(), log);
        try (JdbcSnowflakeSessions sessions = new JdbcSnowflakeSessions(cache, target.snowflakeUrl(),
                JdbcSnowflakeSessions.DEFAULT_VALIDATE_AFTER_IDLE, clock, log)) {
            return sessions.withConnection(deadline, connection -> {
                // The secret the session signed in with: after a refused key the cache holds the refetched one.
                ResolvedSecret resolved = cache.get(deadline);
                return work.run(connection, resolved, resolved.authentication().credentialId());
            });
        } catch (SecretUnavailableException e) {
            // The cache's failure adds when it would read again; this one-shot session never does, so the read's
            // own failure is the whole story ("next attempt in 1800 ms" would only mislead whoever runs verify).
            throw e.getCause() instanceof SecretUnavailableException read ? read : e;
        }
    }
}
