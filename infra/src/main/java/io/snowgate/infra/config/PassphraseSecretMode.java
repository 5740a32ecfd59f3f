package io.snowgate.infra.config;

/**
 * Whether the private key's passphrase has a secret of its own, created or imported (context
 * {@code passphraseSecretMode}).
 */
enum PassphraseSecretMode implements ContextChoice {

    /** No separate passphrase secret. */
    NONE("none"),
    /** The stack creates it with a placeholder ({@link SecretOrigin.Create}). */
    CREATE("create"),
    /** An existing secret by ARN or by name ({@link SecretOrigin.ImportByArn}, {@link SecretOrigin.ImportByName}). */
    IMPORT("import");

    private final String contextValue;

    PassphraseSecretMode(String contextValue) {
        this.contextValue = contextValue;
    }

    @Override
    public String contextValue() {
        return contextValue;
    }

    /** @throws ContextException naming {@code key} and the allowed values: none, create, import */
    static PassphraseSecretMode parse(String key, String value) {
        return ContextChoice.parse(key, value, values());
    }
}
