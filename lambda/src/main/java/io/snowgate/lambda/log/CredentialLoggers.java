package io.snowgate.lambda.log;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Library loggers that write credentials when asked for their most detailed output, held at {@code INFO} whatever
 * level their parents or the root logger get (java.util.logging takes a logger's own level over its parents'), so
 * {@code SNOWGATE_LOG=debug} or a verbose logging setup never prints them. The AWS SDK's SigV4 signer logs each
 * canonical request at DEBUG, {@code x-amz-security-token} included: the function role's session token, in the
 * driver's workload identity attestation (its relocated SDK) and in Secrets Manager calls (Snowgate's own SDK).
 */
public final class CredentialLoggers {

    /** Held strongly: java.util.logging keeps loggers only weakly, which would drop the level set on them. */
    private static final List<Logger> PINNED = List.of(
            Logger.getLogger("net.snowflake.client.jdbc.internal.software.amazon.awssdk.http.auth.aws.internal.signer"),
            Logger.getLogger("net.snowflake.client.jdbc.internal.software.amazon.awssdk.auth.signer"),
            Logger.getLogger("software.amazon.awssdk.http.auth.aws.internal.signer"),
            Logger.getLogger("software.amazon.awssdk.auth.signer"));

    private CredentialLoggers() {
    }

    /** Pins the loggers at {@code INFO}; idempotent. */
    public static void pin() {
        PINNED.forEach(logger -> logger.setLevel(Level.INFO));
    }
}
