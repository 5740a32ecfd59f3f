package io.snowgate.infra.config;

/** How the functions sign in to Snowflake (context {@code auth}). */
enum AuthMode implements ContextChoice {

    /** A key pair kept in a Secrets Manager secret. */
    KEYPAIR("keypair"),
    /** The functions' own IAM roles, by workload identity federation: no secret, no key. */
    WORKLOAD_IDENTITY("workload-identity");

    private final String contextValue;

    AuthMode(String contextValue) {
        this.contextValue = contextValue;
    }

    @Override
    public String contextValue() {
        return contextValue;
    }

    /** @throws ContextException naming {@code key} and the allowed values: keypair, workload-identity */
    static AuthMode parse(String key, String value) {
        return ContextChoice.parse(key, value, values());
    }
}
