package io.snowgate.infra.config;

/**
 * A CDK context value (or a file it names) is missing or invalid. The message names the context key, so
 * {@code cdk synth} tells the operator exactly which {@code -c key=value} or {@code cdk.json} entry to fix.
 */
public final class ContextException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String contextKey;

    public ContextException(String contextKey, String problem) {
        super("CDK context key '" + contextKey + "': " + problem);
        this.contextKey = contextKey;
    }

    /** The context key whose value is wrong. */
    public String contextKey() {
        return contextKey;
    }
}
