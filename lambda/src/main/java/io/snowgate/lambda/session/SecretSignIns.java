package io.snowgate.lambda.session;

import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.secret.ResolvedSecret;
import io.snowgate.lambda.secret.SecretCache;

/**
 * Key-pair sign-in: the account, user, context and decoded key from the {@link SecretCache}; after a refused login
 * the secret is read again, bypassing the cache, which is how a rotated key is picked up.
 */
public final class SecretSignIns implements SignInSource {

    private final SecretCache secrets;

    public SecretSignIns(SecretCache secrets) {
        this.secrets = secrets;
    }

    @Override
    public SignIn current(Deadline deadline) {
        return of(secrets.get(deadline));
    }

    @Override
    public String waitsOn() {
        return "reading the secret from Secrets Manager";
    }

    @Override
    public boolean refetchesAfterRefusal() {
        return true;
    }

    @Override
    public SignIn refetch(Deadline deadline) {
        return of(secrets.refresh(deadline));
    }

    private static SignIn of(ResolvedSecret resolved) {
        return new SignIn(resolved.secret().user(), resolved.secret().account(), resolved.authentication(),
                () -> resolved.secret().connection(resolved.authentication()));
    }
}
