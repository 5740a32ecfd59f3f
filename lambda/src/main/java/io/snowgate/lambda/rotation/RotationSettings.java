package io.snowgate.lambda.rotation;

import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.lambda.config.ConfigException;
import io.snowgate.lambda.config.Environment;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the rotation function runs, read once from its environment.
 *
 * @param passphraseSecretId the secret holding the key's passphrase when kept apart
 *                           ({@value FunctionEnvironment#PASSPHRASE_SECRET_ID}); the new key is encrypted with it
 *                           unchanged
 * @param adminSecretId      a secret of a user allowed to set the service user's keys
 *                           ({@value FunctionEnvironment#ROTATION_ADMIN_SECRET_ID}); without it the user sets its own
 *                           keys with its current key
 * @param revokePrevious     unset the previous key's slot when finishing
 *                           ({@value FunctionEnvironment#ROTATION_REVOKE_PREVIOUS}); by default it stays until the
 *                           next rotation overwrites it
 * @param snowflakeUrl       a Snowflake endpoint overriding the secret's ({@value FunctionEnvironment#SNOWFLAKE_URL})
 */
public record RotationSettings(Optional<String> passphraseSecretId, Optional<String> adminSecretId,
        boolean revokePrevious, Optional<SnowflakeEndpoint> snowflakeUrl) {

    public RotationSettings {
        Objects.requireNonNull(passphraseSecretId, "passphraseSecretId");
        Objects.requireNonNull(adminSecretId, "adminSecretId");
        Objects.requireNonNull(snowflakeUrl, "snowflakeUrl");
    }

    /** @throws ConfigException naming the variable */
    public static RotationSettings fromEnv(Map<String, String> variables) {
        Environment env = new Environment(variables);
        return new RotationSettings(
                env.optional(FunctionEnvironment.PASSPHRASE_SECRET_ID),
                env.optional(FunctionEnvironment.ROTATION_ADMIN_SECRET_ID),
                env.bool(FunctionEnvironment.ROTATION_REVOKE_PREVIOUS).orElse(false),
                env.snowflakeEndpoint(FunctionEnvironment.SNOWFLAKE_URL));
    }
}
