package io.snowgate.emulator.sigv4;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An AWS access key as the service checking a signature knows it: the secret key requests are signed with, and for
 * temporary credentials (what STS issues) the session token that must come with them and when they expire.
 * {@link #toString()} shows the access key id alone.
 *
 * @param sessionToken empty for a long-term key (an IAM user's), which is refused when a request carries a token
 * @param expiration   empty for a long-term key, which does not expire
 */
public record AccessKey(String accessKeyId, String secretAccessKey, Optional<String> sessionToken,
                        Optional<Instant> expiration) {

    public AccessKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
        if (accessKeyId.isBlank() || secretAccessKey.isEmpty()) {
            throw new IllegalArgumentException("an access key needs an id and a secret key");
        }
    }

    /** A long-term key: no session token, no expiry. */
    public static AccessKey longTerm(String accessKeyId, String secretAccessKey) {
        return new AccessKey(accessKeyId, secretAccessKey, Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + (sessionToken.isPresent() ? ", temporary" : "") + "]";
    }
}
