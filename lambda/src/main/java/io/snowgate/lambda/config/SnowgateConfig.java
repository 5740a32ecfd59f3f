package io.snowgate.lambda.config;

import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The query function's configuration, read once from environment variables when an execution environment starts.
 *
 * @param secretId            Secrets Manager id (name or ARN) of the Snowflake connection secret
 * @param passphraseSecretId  id of a second secret holding the key's passphrase, when it is kept apart
 * @param catalogLocation     a catalog file path; empty means the catalog shipped with the function
 * @param secretTtl           how long a fetched secret and its decrypted key are reused
 * @param secretGrace         how long past its TTL the last good secret serves while Secrets Manager cannot be read
 * @param snowflakeUrl        overrides the Snowflake endpoint (e.g. a local stand-in); wins over the secret's host
 * @param apiTimeout          how long API Gateway waits for the HTTP handler (the deployed API's timeout)
 */
public record SnowgateConfig(
        String secretId,
        Optional<String> passphraseSecretId,
        Optional<String> catalogLocation,
        Duration secretTtl,
        Duration secretGrace,
        Optional<SnowflakeEndpoint> snowflakeUrl,
        Duration apiTimeout) {

    /** Secrets change rarely and a rotated key is picked up on the first auth failure anyway. */
    public static final Duration DEFAULT_SECRET_TTL = Duration.ofMinutes(15);
    private static final long MAX_SECRET_TTL_SECONDS = Duration.ofDays(1).toSeconds();
    /** A throttled or unavailable Secrets Manager does not stop an environment that has a good secret, for a day. */
    public static final Duration DEFAULT_SECRET_GRACE = Duration.ofHours(24);
    /** Up to a week: long enough for any outage, short enough that a secret deleted for good stops being used. */
    private static final long MAX_SECRET_GRACE_SECONDS = Duration.ofDays(7).toSeconds();
    /**
     * What API Gateway waits when the deployment does not say: 29 s, a REST API's integration timeout (an HTTP API
     * waits at most 30 s).
     */
    public static final Duration DEFAULT_API_TIMEOUT = Duration.ofSeconds(29);
    private static final long MAX_API_TIMEOUT_SECONDS = 30;

    public SnowgateConfig {
        if (secretId == null || secretId.isBlank()) {
            throw new ConfigException(FunctionEnvironment.SECRET_ID, "is required");
        }
        if (secretTtl.isNegative()) {
            throw new ConfigException(FunctionEnvironment.SECRET_TTL_SECONDS, "must not be negative");
        }
        if (secretGrace.isNegative()) {
            throw new ConfigException(FunctionEnvironment.SECRET_GRACE_SECONDS, "must not be negative");
        }
        Objects.requireNonNull(apiTimeout, "apiTimeout");
        if (apiTimeout.isNegative() || apiTimeout.isZero()) {
            throw new ConfigException(FunctionEnvironment.API_TIMEOUT_SECONDS, "must be positive");
        }
    }

    /** A configuration with the default secret grace and API timeout, for tests and local runs. */
    public static SnowgateConfig of(String secretId, Optional<String> passphraseSecretId,
            Optional<String> catalogLocation, Duration secretTtl, Optional<SnowflakeEndpoint> snowflakeUrl) {
        return new SnowgateConfig(secretId, passphraseSecretId, catalogLocation, secretTtl, DEFAULT_SECRET_GRACE,
                snowflakeUrl, DEFAULT_API_TIMEOUT);
    }

    /** Reads the configuration from environment variables (pass {@code System.getenv()} in production). */
    public static SnowgateConfig fromEnv(Map<String, String> variables) {
        Environment env = new Environment(variables);
        return new SnowgateConfig(
                env.required(FunctionEnvironment.SECRET_ID),
                env.optional(FunctionEnvironment.PASSPHRASE_SECRET_ID),
                env.optional(FunctionEnvironment.CATALOG),
                env.wholeNumber(FunctionEnvironment.SECRET_TTL_SECONDS, 0, MAX_SECRET_TTL_SECONDS)
                        .map(Duration::ofSeconds).orElse(DEFAULT_SECRET_TTL),
                env.wholeNumber(FunctionEnvironment.SECRET_GRACE_SECONDS, 0, MAX_SECRET_GRACE_SECONDS)
                        .map(Duration::ofSeconds).orElse(DEFAULT_SECRET_GRACE),
                env.snowflakeEndpoint(FunctionEnvironment.SNOWFLAKE_URL),
                env.wholeNumber(FunctionEnvironment.API_TIMEOUT_SECONDS, 1, MAX_API_TIMEOUT_SECONDS)
                        .map(Duration::ofSeconds).orElse(DEFAULT_API_TIMEOUT));
    }
}
