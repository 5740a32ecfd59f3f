package io.snowgate.lambda.snowflake;

import io.snowgate.contract.FunctionEnvironment;
import java.util.Arrays;
import java.util.Optional;

/**
 * How snowflake-jdbc proves the function's AWS role to Snowflake (4.4.1, {@code AwsIdentityAttestationCreator}).
 * Neither sends a secret: what leaves the function is a signed request or a short-lived token.
 */
public enum WorkloadIdentityMethod {

    /**
     * A SigV4-signed STS {@code GetCallerIdentity} request (URL, method, headers, with
     * {@code X-Snowflake-Audience: snowflakecomputing.com} signed), which Snowflake replays to STS. The function itself
     * calls nothing; no AWS account setting is needed.
     */
    CALLER_IDENTITY(FunctionEnvironment.METHOD_CALLER_IDENTITY),
    /**
     * A JWT the driver gets from STS {@code GetWebIdentityToken} ({@code workloadIdentityAwsUseOutboundToken}): the
     * function calls STS, the account needs outbound web identity federation, the role
     * {@code sts:GetWebIdentityToken}, and the Snowflake user an {@code ISSUER}.
     */
    WEB_IDENTITY_TOKEN(FunctionEnvironment.METHOD_WEB_IDENTITY_TOKEN);

    private final String setting;

    WorkloadIdentityMethod(String setting) {
        this.setting = setting;
    }

    /** The value {@link FunctionEnvironment#WORKLOAD_IDENTITY_METHOD} takes for this method. */
    public String setting() {
        return setting;
    }

    /** Whether the function itself calls STS (so it needs a route to it). */
    public boolean callsSts() {
        return this == WEB_IDENTITY_TOKEN;
    }

    public static Optional<WorkloadIdentityMethod> of(String setting) {
        return Arrays.stream(values()).filter(m -> m.setting.equals(setting)).findFirst();
    }
}
