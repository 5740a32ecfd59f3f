package io.snowgate.infra.config;

/** Whether the stack creates the connection secret or imports one (context {@code secretMode}). */
enum SecretMode implements ContextChoice {

    /** The stack creates it with placeholders ({@link SecretOrigin.Create}). */
    CREATE("create"),
    /** An existing secret by ARN or by name ({@link SecretOrigin.ImportByArn}, {@link SecretOrigin.ImportByName}). */
    IMPORT("import");

    private final String contextValue;

    SecretMode(String contextValue) {
        this.contextValue = contextValue;
    }

    @Override
    public String contextValue() {
        return contextValue;
    }

    /** @throws ContextException naming {@code key} and the allowed values: create, import */
    static SecretMode parse(String key, String value) {
        return ContextChoice.parse(key, value, values());
    }
}
