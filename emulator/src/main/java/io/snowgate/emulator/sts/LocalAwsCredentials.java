package io.snowgate.emulator.sts;

import io.snowgate.emulator.sigv4.AccessKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Temporary AWS credentials the STS stand-in issued for a role, as {@code aws sts assume-role} hands them out: an
 * {@code ASIA...} access key id, a secret access key and a session token, valid until {@link #expiration()}. The
 * stand-in knows them by their access key id and verifies signatures made with the secret key. {@link #toString()}
 * shows the access key id and the role only.
 *
 * @param accessKeyId     {@code ASIA} and 16 upper-case letters and digits
 * @param secretAccessKey 40 characters
 * @param sessionToken    sent as {@code X-Amz-Security-Token}
 * @param role            the role they are a session of
 * @param session         the session's ARN, what {@code GetCallerIdentity} answers
 * @param expiration      after this every request signed with them is refused with {@code ExpiredToken}
 */
public record LocalAwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken, AwsArn role,
                                  AwsArn session, Instant expiration) {

    public LocalAwsCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(expiration, "expiration");
    }

    /** As a service that checks signatures knows these credentials. */
    public AccessKey accessKey() {
        return new AccessKey(accessKeyId, secretAccessKey, Optional.of(sessionToken), Optional.of(expiration));
    }

    @Override
    public String toString() {
        return "LocalAwsCredentials[" + accessKeyId + ", " + session + ", expires " + expiration + "]";
    }
}
