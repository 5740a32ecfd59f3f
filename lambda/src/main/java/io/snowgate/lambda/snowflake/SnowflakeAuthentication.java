package io.snowgate.lambda.snowflake;

import java.util.Map;

/**
 * How Snowgate proves who it is to Snowflake. Callers only hand it to {@link SnowflakeConnectionSpec}; key pair is
 * the one method today, and a key-less one (Workload Identity Federation) can be added as another implementation
 * without touching them.
 */
public interface SnowflakeAuthentication {

    /** The driver properties that select and carry this method. Values may be key objects: never log them. */
    Map<String, Object> driverProperties();

    /** A description that is safe to log, such as the key fingerprint. */
    String description();

    /**
     * What identifies the credential Snowflake is shown, safe to log and to compare with {@code DESC USER}: the
     * public key's fingerprint ({@code SHA256:...}) for a key pair.
     */
    String credentialId();
}
