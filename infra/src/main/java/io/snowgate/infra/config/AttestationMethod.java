package io.snowgate.infra.config;

import io.snowgate.contract.FunctionEnvironment;

/** How a function proves its role to Snowflake (context {@code workloadIdentityMethod}). */
public enum AttestationMethod implements ContextChoice {

    /**
     * A signed STS {@code GetCallerIdentity} request that Snowflake replays: the function calls no AWS service, and
     * the account needs no setting.
     */
    CALLER_IDENTITY(FunctionEnvironment.METHOD_CALLER_IDENTITY),
    /**
     * A JWT from STS {@code GetWebIdentityToken}: the function calls STS (so it needs a route to it and
     * {@code sts:GetWebIdentityToken}), the account needs outbound web identity federation, and the Snowflake user the
     * account's issuer.
     */
    WEB_IDENTITY_TOKEN(FunctionEnvironment.METHOD_WEB_IDENTITY_TOKEN);

    private final String contextValue;

    AttestationMethod(String contextValue) {
        this.contextValue = contextValue;
    }

    @Override
    public String contextValue() {
        return contextValue;
    }

    /** Whether the function itself calls STS. */
    public boolean callsSts() {
        return this == WEB_IDENTITY_TOKEN;
    }

    /** @throws ContextException naming {@code key} and the allowed values */
    static AttestationMethod parse(String key, String value) {
        return ContextChoice.parse(key, value, values());
    }
}
