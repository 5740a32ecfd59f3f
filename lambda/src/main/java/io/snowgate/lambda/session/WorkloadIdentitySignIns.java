package io.snowgate.lambda.session;

import io.snowgate.lambda.config.WorkloadIdentityConfig;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.snowflake.WorkloadIdentityAuthentication;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Workload identity sign-in: the account, user and context from plain configuration, and the function's AWS role as
 * the credential. No secret is read. Before each login the AWS SDK's default credentials chain (the one
 * snowflake-jdbc's relocated SDK uses to attest) is asked whether it finds any credentials at all, so that a function
 * without them fails with {@link NoAwsCredentialsException} rather than a driver error; the credentials themselves are
 * neither kept nor passed on (the driver resolves its own).
 */
public final class WorkloadIdentitySignIns implements SignInSource {

    private final WorkloadIdentityConfig config;
    private final Supplier<AwsCredentialsProvider> credentialsChain;
    private final JsonLog log;

    /**
     * @param credentialsChain makes the chain to ask, once per login (a fresh one, so nothing resolved lingers in a
     *                         SnapStart snapshot); {@link #DEFAULT_CHAIN} in production
     */
    public WorkloadIdentitySignIns(WorkloadIdentityConfig config, Supplier<AwsCredentialsProvider> credentialsChain,
            JsonLog log) {
        this.config = config;
        this.credentialsChain = credentialsChain;
        this.log = log;
    }

    /** The AWS SDK v2 default chain, built afresh. */
    public static final Supplier<AwsCredentialsProvider> DEFAULT_CHAIN = () -> DefaultCredentialsProvider.builder()
            .asyncCredentialUpdateEnabled(false).build();

    @Override
    public SignIn current(Deadline deadline) {
        requireCredentials();
        WorkloadIdentityAuthentication authentication = config.authentication();
        return new SignIn(config.user(), config.account(), authentication, config::connection);
    }

    @Override
    public String waitsOn() {
        return "resolving the function's AWS credentials";
    }

    @Override
    public boolean refetchesAfterRefusal() {
        return false;
    }

    @Override
    public SignIn refetch(Deadline deadline) {
        throw new UnsupportedOperationException("a role is the same on every attempt");
    }

    private void requireCredentials() {
        AwsCredentialsProvider chain = credentialsChain.get();
        try {
            chain.resolveCredentials();
        } catch (SdkClientException e) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("user", config.user());
            fields.put("roleArn", config.roleArn());
            // The SDK says which sources it tried and why each failed; it never quotes a credential.
            fields.put("reason", e.getMessage());
            log.error("aws_credentials_missing", fields);
            throw new NoAwsCredentialsException(config.roleArn(), config.user(),
                    "the AWS SDK's default credentials chain found none");
        } finally {
            if (chain instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // Nothing held but an idle provider.
                }
            }
        }
    }
}
