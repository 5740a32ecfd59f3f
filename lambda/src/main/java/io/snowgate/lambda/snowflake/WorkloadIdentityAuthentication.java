package io.snowgate.lambda.snowflake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Workload identity federation with the function's AWS role: the driver finds the role's temporary credentials itself
 * (its relocated AWS SDK's default chain: in Lambda the execution role's, from the environment) and attests with them
 * ({@link WorkloadIdentityMethod}). Nothing secret passes through Snowgate; {@link #roleArn()} is what the deployment
 * says the role is, for messages.
 *
 * @param roleArn the IAM role the function runs as (from the deployment, never learnt from STS)
 * @param method  how the role is proved
 * @param stsHost an STS endpoint instead of the region's ({@code workloadIdentityHost}): a local STS stand-in, or a
 *                VPC endpoint's name; where a signed request points and the token is fetched from
 */
public record WorkloadIdentityAuthentication(String roleArn, WorkloadIdentityMethod method, Optional<String> stsHost)
        implements SnowflakeAuthentication {

    static final String AUTHENTICATOR = "WORKLOAD_IDENTITY";
    // snowflake-jdbc 4.4.1 SFSessionProperty names.
    static final String PROVIDER = "workloadIdentityProvider";
    static final String USE_OUTBOUND_TOKEN = "workloadIdentityAwsUseOutboundToken";
    static final String HOST = "workloadIdentityHost";

    public WorkloadIdentityAuthentication {
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(stsHost, "stsHost");
    }

    @Override
    public Map<String, Object> driverProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(SnowflakeConnectionSpec.AUTHENTICATOR, AUTHENTICATOR);
        properties.put(PROVIDER, "AWS");
        properties.put(USE_OUTBOUND_TOKEN, Boolean.toString(method == WorkloadIdentityMethod.WEB_IDENTITY_TOKEN));
        stsHost.ifPresent(host -> properties.put(HOST, host));
        return properties;
    }

    @Override
    public String description() {
        return "AWS role " + roleArn + " (" + method.setting() + ")";
    }

    @Override
    public String credentialId() {
        return roleArn;
    }

    @Override
    public String credentialKind() {
        return "roleArn";
    }

    @Override
    public String presented() {
        return "AWS role " + roleArn;
    }

    @Override
    public String refusalAdvice(String user, String jwtAccount) {
        return "Snowflake does not accept AWS role " + roleArn + " for user " + user + " in account " + jwtAccount
                + " (" + method.setting() + " method); SHOW USER WORKLOAD IDENTITY AUTHENTICATION METHODS FOR USER "
                + user + " must list TYPE AWS with this role" + (method == WorkloadIdentityMethod.WEB_IDENTITY_TOKEN
                        ? " and the account's outbound web identity ISSUER" : "")
                + ", and SYSTEM$GET_LOGIN_FAILURE_DETAILS with the login failure id gives Snowflake's reason (not"
                + " federated, ARN mismatch, stale attestation)";
    }
}
