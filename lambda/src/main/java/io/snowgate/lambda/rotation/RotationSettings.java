package io.snowgate.lambda.rotation;

import io.snowgate.lambda.config.ConfigException;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.snowflake.SnowflakeConfigException;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the rotation function runs, read once from its environment.
 *
 * @param passphraseSecretId the secret holding the key's passphrase when kept apart
 *                           ({@value SnowgateConfig#PASSPHRASE_SECRET_ID}); the new key is encrypted with it unchanged
 * @param adminSecretId      a secret of a user allowed to set the service user's keys
 *                           ({@value #ADMIN_SECRET_ID}); without it the user sets its own keys with its current key
 * @param revokePrevious     unset the previous key's slot when finishing ({@value #REVOKE_PREVIOUS}); by default it
 *                           stays until the next rotation overwrites it
 * @param snowflakeUrl       a Snowflake endpoint overriding the secret's ({@value SnowgateConfig#SNOWFLAKE_URL})
 */
public record RotationSettings(Optional<String> passphraseSecretId, Optional<String> adminSecretId,
        boolean revokePrevious, Optional<SnowflakeEndpoint> snowflakeUrl) {

    public static final String ADMIN_SECRET_ID = "SNOWGATE_ROTATION_ADMIN_SECRET_ID";
    public static final String REVOKE_PREVIOUS = "SNOWGATE_ROTATION_REVOKE_PREVIOUS";

    public RotationSettings {
        Objects.requireNonNull(passphraseSecretId, "passphraseSecretId");
        Objects.requireNonNull(adminSecretId, "adminSecretId");
        Objects.requireNonNull(snowflakeUrl, "snowflakeUrl");
    }

    /** Defaults: passphrase in the secret, the user sets its own keys, the previous key kept. */
    public static RotationSettings defaults() {
        return new RotationSettings(Optional.empty(), Optional.empty(), false, Optional.empty());
    }

    /** @throws ConfigException naming the variable */
    public static RotationSettings fromEnv(Map<String, String> env) {
        return new RotationSettings(
                optional(env, SnowgateConfig.PASSPHRASE_SECRET_ID),
                optional(env, ADMIN_SECRET_ID),
                optional(env, REVOKE_PREVIOUS).map(RotationSettings::parseBoolean).orElse(false),
                optional(env, SnowgateConfig.SNOWFLAKE_URL).map(RotationSettings::parseUrl));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static boolean parseBoolean(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(REVOKE_PREVIOUS, "must be true or false");
        };
    }

    private static SnowflakeEndpoint parseUrl(String value) {
        try {
            return SnowflakeEndpoint.parse(value);
        } catch (SnowflakeConfigException e) {
            throw new ConfigException(SnowgateConfig.SNOWFLAKE_URL, "is invalid: " + e.getMessage());
        }
    }
}
