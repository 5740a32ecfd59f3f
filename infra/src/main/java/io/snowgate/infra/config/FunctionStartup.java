package io.snowgate.infra.config;

/**
 * How the functions start (context {@code startup}): the two deployments whose cold starts Snowgate measures (README,
 * "On-demand start-up").
 */
public enum FunctionStartup implements ContextChoice {

    /**
     * The default: Lambda's managed java25 runtime on arm64 with SnapStart, from the deployment package
     * ({@code lambda/target/snowgate-lambda-function.zip}); each published version restores a primed snapshot.
     */
    SNAPSTART("snapstart"),
    /**
     * For accounts and regions without SnapStart, or functions that must not use it: a custom runtime
     * ({@code provided.al2023}, x86_64) from the on-demand package ({@code
     * lambda/target/snowgate-lambda-on-demand.zip}), which carries its own JDK 25 and an AOT cache trained for it at
     * build time, so that every cold start maps the classes a first invocation needs already loaded and linked. The JDK is the build's: a JDK update reaches the
     * functions when they are rebuilt and deployed, not through Lambda's runtime updates.
     */
    AOT_CACHE("aot-cache");

    private final String contextValue;

    FunctionStartup(String contextValue) {
        this.contextValue = contextValue;
    }

    @Override
    public String contextValue() {
        return contextValue;
    }

    /** @throws ContextException naming {@code key} and the allowed values: snapstart, aot-cache */
    static FunctionStartup parse(String key, String value) {
        return ContextChoice.parse(key, value, values());
    }
}
