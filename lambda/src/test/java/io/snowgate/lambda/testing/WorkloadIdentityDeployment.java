package io.snowgate.lambda.testing;

import io.snowgate.emulator.junit5.AwsCredentialProperties;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.emulator.sts.LocalAwsCredentials;
import io.snowgate.emulator.sts.StsStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.config.WorkloadIdentityConfig;
import io.snowgate.lambda.secret.SecretSource;
import io.snowgate.lambda.session.WorkloadIdentitySignIns;
import io.snowgate.lambda.snowflake.AccountIdentifier;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.snowflake.WorkloadIdentityMethod;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The function deployed keyless against the local stand-ins, as the CDK app deploys it in workload identity mode: a
 * {@code TYPE = SERVICE} user whose workload identity is the function's role (with the local issuer, so both methods
 * work), the role's temporary credentials where the driver's AWS SDK finds them first, and no secret anywhere. The
 * Snowflake URL is {@code localhost} because snowflake-jdbc attests only to Snowflake hosts or
 * {@code SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES} (set to {@code localhost} for every test JVM).
 */
public final class WorkloadIdentityDeployment implements AutoCloseable {

    public static final String USER = "SVC_SNOWGATE";
    public static final String ROLE_ARN = "arn:aws:iam::111122223333:role/snowgate-query";
    /** The region surefire gives every test JVM ({@code AWS_REGION}), which the driver signs for. */
    public static final String REGION = "eu-west-1";

    /** Workload identity mode reads no secret: a source that fails the test if it is ever asked. */
    public static final SecretSource NO_SECRETS = (secretId, deadline) -> {
        throw new AssertionError("workload identity mode read secret " + secretId);
    };

    private final StsStandIn sts;
    private final SnowflakeStandIn snowflake;
    private LocalAwsCredentials credentials;
    private AwsCredentialProperties bound;

    public WorkloadIdentityDeployment(StsStandIn sts, SnowflakeStandIn snowflake) {
        this.sts = sts;
        this.snowflake = snowflake;
    }

    /** A Snowflake stand-in that trusts {@code sts}, as Snowflake trusts AWS's STS. */
    public static SnowflakeStandIn snowflakeTrusting(StsStandIn sts) {
        return new SnowflakeStandIn(SnowflakeStandIn.Config.defaults()
                .withAwsFederation(sts.endpoint(), sts.issuer())).start();
    }

    /** Creates the service user federated with the role, and gives this JVM the role's credentials. */
    public WorkloadIdentityDeployment install() {
        snowflake.createWorkloadIdentityUser(USER, ROLE_ARN, Optional.of(sts.issuer()));
        return withRoleCredentials();
    }

    /** Issues the role's credentials and puts them where the driver's SDK looks first. */
    public WorkloadIdentityDeployment withRoleCredentials() {
        credentials = sts.issueRoleCredentials(ROLE_ARN, "snowgate-query", Duration.ofHours(1));
        if (bound != null) {
            bound.close();
        }
        bound = AwsCredentialProperties.set(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken());
        return this;
    }

    public LocalAwsCredentials credentials() {
        return credentials;
    }

    /** The configuration the CDK app's environment gives the function, pointed at the stand-ins. */
    public SnowgateConfig config(WorkloadIdentityMethod method) {
        return SnowgateConfig.workloadIdentity(new WorkloadIdentityConfig(
                        AccountIdentifier.parse(snowflake.clientAccount()), USER, Optional.of(SnowflakeStandIn.DEFAULT_WAREHOUSE),
                        Optional.of(snowflake.config().database()), Optional.of("PUBLIC"), Optional.empty(),
                        ROLE_ARN, method, Optional.of(new SnowflakeEndpoint("http", "127.0.0.1", sts.port()))),
                Optional.of(Path.of(LocalDeployment.TEST_CATALOG).toString()),
                Optional.of(new SnowflakeEndpoint("http", "localhost", snowflake.port())));
    }

    /** A function as one execution environment would build it, checking the real AWS credentials chain. */
    public QueryFunction function(SnowgateConfig config, Clock clock, Duration validateAfterIdle, PrintStream logs) {
        return function(config, WorkloadIdentitySignIns.DEFAULT_CHAIN, clock, validateAfterIdle, logs);
    }

    /** As {@link #function(SnowgateConfig, Clock, Duration, PrintStream)}, with the credentials chain given. */
    public QueryFunction function(SnowgateConfig config, Supplier<AwsCredentialsProvider> chain, Clock clock,
            Duration validateAfterIdle, PrintStream logs) {
        return QueryFunction.create(config, NO_SECRETS, chain, clock, validateAfterIdle, logs);
    }

    @Override
    public void close() {
        if (bound != null) {
            bound.close();
        }
    }
}
