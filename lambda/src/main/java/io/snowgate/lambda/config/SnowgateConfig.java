package io.snowgate.lambda.config;

import io.snowgate.lambda.snowflake.SnowflakeConfigException;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The function's configuration, read once from environment variables when an execution environment starts.
 *
 * @param secretId            Secrets Manager id (name or ARN) of the Snowflake connection secret
 * @param passphraseSecretId  id of a second secret holding the key's passphrase, when it is kept apart
 * @param catalogLocation     a catalog file path; empty means the catalog shipped with the function
 * @param secretTtl           how long a fetched secret and its decrypted key are reused
 * @param snowflakeUrl        overrides the Snowflake endpoint (e.g. a local stand-in); wins over the secret's host
 */
public record SnowgateConfig(
        String secretId,
        Optional<String> passphraseSecretId,
        Optional<String> catalogLocation,
        Duration secretTtl,
        Optional<SnowflakeEndpoint> snowflakeUrl) {

    public static final String SECRET_ID = "SNOWGATE_SECRET_ID";
    public static final String PASSPHRASE_SECRET_ID = "SNOWGATE_PASSPHRASE_SECRET_ID";
    public static final String CATALOG = "SNOWGATE_CATALOG";
    public static final String SECRET_TTL_SECONDS = "SNOWGATE_SECRET_TTL_SECONDS";
    public static final String SNOWFLAKE_URL = "SNOWGATE_SNOWFLAKE_URL";

    /** Secrets change rarely and a rotated key is picked up on the first auth failure anyway. */
    public static final Duration DEFAULT_SECRET_TTL = Duration.ofMinutes(15);
    private static final long MAX_SECRET_TTL_SECONDS = Duration.ofDays(1).toSeconds();

    public SnowgateConfig {
        if (secretId == null || secretId.isBlank()) {
            throw new ConfigException(SECRET_ID, "is required");
        }
        if (secretTtl.isNegative()) {
            throw new ConfigException(SECRET_TTL_SECONDS, "must not be negative");
        }
    }

    /** Reads the configuration from environment variables (pass {@code System.getenv()} in production). */
    public static SnowgateConfig fromEnv(Map<String, String> env) {
        return new SnowgateConfig(
                required(env, SECRET_ID),
                optional(env, PASSPHRASE_SECRET_ID),
                optional(env, CATALOG),
                optional(env, SECRET_TTL_SECONDS).map(SnowgateConfig::parseTtl).orElse(DEFAULT_SECRET_TTL),
                optional(env, SNOWFLAKE_URL).map(SnowgateConfig::parseSnowflakeUrl));
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new ConfigException(name, "is required"));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static Duration parseTtl(String value) {
        long seconds;
        try {
            seconds = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(SECRET_TTL_SECONDS, "must be a whole number of seconds");
        }
        if (seconds < 0 || seconds > MAX_SECRET_TTL_SECONDS) {
            throw new ConfigException(SECRET_TTL_SECONDS, "must be between 0 and " + MAX_SECRET_TTL_SECONDS);
        }
        return Duration.ofSeconds(seconds);
    }

    /** Plain HTTP is accepted only for loopback hosts: a stand-in on this machine, never a real endpoint. */
    static SnowflakeEndpoint parseSnowflakeUrl(String value) {
        try {
            return SnowflakeEndpoint.parse(value);
        } catch (SnowflakeConfigException e) {
            throw new ConfigException(SNOWFLAKE_URL, "is invalid: " + e.getMessage());
        }
    }
}
