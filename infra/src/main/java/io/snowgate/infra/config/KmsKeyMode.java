package io.snowgate.infra.config;

/** Which KMS key encrypts the secrets (context {@code kmsKeyMode}): one constant per {@link KeySource}. */
enum KmsKeyMode implements ContextChoice {

    /** {@link KeySource.AwsManaged}. */
    AWS_MANAGED("aws-managed"),
    /** {@link KeySource.Create}. */
    CREATE("create"),
    /** {@link KeySource.Import}. */
    IMPORT("import");

    private final String contextValue;

    KmsKeyMode(String contextValue) {
        this.contextValue = contextValue;
    }

    @Override
    public String contextValue() {
        return contextValue;
    }

    /** @throws ContextException naming {@code key} and the allowed values: aws-managed, create, import */
    static KmsKeyMode parse(String key, String value) {
        return ContextChoice.parse(key, value, values());
    }
}
