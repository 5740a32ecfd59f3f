package io.snowgate.infra.config;

import java.util.Optional;

/** Who rotates the Snowflake key pair in the connection secret (context {@code rotation}). */
public sealed interface RotationMode {

    /** Nobody: the operator rotates by hand ({@code snowgate secret put}, two-slot procedure in the README). */
    record None() implements RotationMode {
    }

    /**
     * Snowgate's rotation function, on a schedule.
     *
     * @param scheduleDays   days between rotations
     * @param revokePrevious unset the previous key's slot when a rotation finishes, instead of at the next rotation
     * @param adminSecretArn a secret of a user allowed to set the service user's keys, when the user may not
     */
    record Function(int scheduleDays, boolean revokePrevious, Optional<String> adminSecretArn)
            implements RotationMode {
    }

    /**
     * Secrets Manager's managed rotation of an imported secret of the managed Snowflake key-pair type
     * ({@code SnowflakeKeyPairAuthentication}); the stack deploys no rotation function.
     */
    record Managed() implements RotationMode {
    }
}
