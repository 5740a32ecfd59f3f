package io.snowgate.infra.config;

/** Where the stack gets the connection secret (or the passphrase secret): created by the stack, or imported. */
public sealed interface SecretOrigin {

    /** The stack creates the secret with placeholder values; the operator puts the real key in afterwards. */
    record Create(String secretName) implements SecretOrigin {
    }

    /** An existing secret, referenced by its full ARN. */
    record ImportByArn(String arn) implements SecretOrigin {
    }

    /** An existing secret in this account and region, referenced by name (its ARN then ends in a random suffix). */
    record ImportByName(String secretName) implements SecretOrigin {
    }
}
