package io.snowgate.lambda.secret;

import io.snowgate.lambda.snowflake.SnowflakeAuthentication;
import java.time.Instant;
import java.util.Objects;

/**
 * A fetched, parsed secret with its key decoded, ready to connect with. Lives only in memory, for at most the
 * cache's time to live; {@link #toString()} shows ids and the key fingerprint only.
 *
 * @param secret         the parsed secret
 * @param authentication the decoded key (or other method) the driver signs in with
 * @param fetchedAt      when Secrets Manager was read
 */
public record ResolvedSecret(SnowflakeSecret secret, SnowflakeAuthentication authentication, Instant fetchedAt) {

    public ResolvedSecret {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }

    @Override
    public String toString() {
        return "ResolvedSecret[" + secret.secretId() + ", " + authentication.description() + ", fetchedAt=" + fetchedAt
                + "]";
    }
}
