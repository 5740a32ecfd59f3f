package io.snowgate.infra.config;

/**
 * Who rotates the Snowflake key pair (context {@code rotation}): one constant per {@link RotationMode}, which carries
 * the chosen mode's settings.
 */
enum Rotator implements ContextChoice {

    /** {@link RotationMode.None}. */
    NONE("none"),
    /** {@link RotationMode.Function}. */
    FUNCTION("function"),
    /** {@link RotationMode.Managed}. */
    MANAGED("managed");

    private final String contextValue;

    Rotator(String contextValue) {
        this.contextValue = contextValue;
    }

    @Override
    public String contextValue() {
        return contextValue;
    }

    /** @throws ContextException naming {@code key} and the allowed values: none, function, managed */
    static Rotator parse(String key, String value) {
        return ContextChoice.parse(key, value, values());
    }
}
