package io.snowgate.infra.config;

/** Where the connection secret (or the passphrase secret) comes from. */
public sealed interface SecretSource {

    /** The stack creates the secret with placeholder values; the operator puts the real key in afterwards. */
    record Create(String secretName) implements SecretSource {
    }

    /** An existing secret, referenced by its full ARN. */
    record ImportByArn(String arn) implements SecretSource {
    }

    /** An existing secret in this account and region, referenced by name (its ARN then ends in a random suffix). */
    record ImportByName(String secretName) implements SecretSource {
    }
}
