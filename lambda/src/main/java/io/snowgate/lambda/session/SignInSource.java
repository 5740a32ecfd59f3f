package io.snowgate.lambda.session;

import io.snowgate.lambda.invocation.Deadline;

/**
 * Where {@link JdbcSnowflakeSessions} gets what it signs in with: the key from the cached secret
 * ({@link SecretSignIns}), or the function's AWS role ({@link WorkloadIdentitySignIns}). Asked only when a session is
 * opened, never while one is healthy.
 */
public interface SignInSource {

    /**
     * What to sign in with now.
     *
     * @throws RuntimeException the source's own typed failure (a secret that cannot be read or decoded, no AWS
     *                          credentials), which reaches the caller as it is
     */
    SignIn current(Deadline deadline);

    /**
     * What {@link #current} and {@link #refetch} wait on, as a deadline reached meanwhile names it: {@code "reading
     * the secret from Secrets Manager"}.
     */
    String waitsOn();

    /**
     * Whether a credential Snowflake refused may have been replaced meanwhile, so that reading it afresh and signing
     * in once more can succeed (a rotated key). A role is the same role on every attempt.
     */
    boolean refetchesAfterRefusal();

    /** The credential read afresh, bypassing any cache; only called when {@link #refetchesAfterRefusal()}. */
    SignIn refetch(Deadline deadline);
}
