package io.snowgate.lambda.config;

import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.lambda.snowflake.AccountIdentifier;
import io.snowgate.lambda.snowflake.SnowflakeConfigException;
import io.snowgate.lambda.snowflake.SnowflakeConnectionSpec;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.snowflake.WorkloadIdentityAuthentication;
import io.snowgate.lambda.snowflake.WorkloadIdentityMethod;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The connection settings of workload identity mode ({@code SNOWGATE_AUTH=workload-identity}): what a key-pair
 * secret would hold, minus the key, read from plain environment variables because none of it is secret.
 *
 * @param account   the Snowflake account, normalised
 * @param user      the service user whose workload identity is the function's role
 * @param warehouse optional
 * @param database  optional
 * @param schema    optional
 * @param role      optional; empty means the user's default role
 * @param roleArn   the IAM role ARN the function runs as, for messages and logs
 * @param method    how the role is proved
 * @param stsHost   an STS endpoint instead of the region's, from {@value #STS_ENDPOINT_VARIABLE} (a local stand-in)
 */
public record WorkloadIdentityConfig(AccountIdentifier account, String user, Optional<String> warehouse,
                                     Optional<String> database, Optional<String> schema, Optional<String> role,
                                     String roleArn, WorkloadIdentityMethod method, Optional<SnowflakeEndpoint> stsHost) {

    /**
     * The AWS SDKs' standard variable for the STS endpoint; the driver gets it as {@code workloadIdentityHost}, since
     * snowflake-jdbc's relocated SDK resolves the regional endpoint itself otherwise.
     */
    public static final String STS_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_STS";
    /** An IAM role ARN, path allowed (IAM identifiers reference). */
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::\\d{12}:role/([\\x21-\\x7E&&[^/]]+/)*[\\w+=,.@-]{1,64}");

    public WorkloadIdentityConfig {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(stsHost, "stsHost");
        if (user == null || user.isBlank()) {
            throw new ConfigException(FunctionEnvironment.SNOWFLAKE_USER, "is required");
        }
        if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
            throw new ConfigException(FunctionEnvironment.WORKLOAD_IDENTITY_ROLE_ARN,
                    "must be an IAM role ARN, arn:aws:iam::<account>:role/<name>");
        }
    }

    /** Reads the settings; every problem names its variable. */
    static WorkloadIdentityConfig fromEnv(Environment env) {
        String accountValue = env.required(FunctionEnvironment.SNOWFLAKE_ACCOUNT);
        AccountIdentifier account;
        try {
            account = AccountIdentifier.parse(accountValue);
        } catch (SnowflakeConfigException e) {
            // Never the value, as for the secret's account field: it may be a URL holding a user or password.
            throw new ConfigException(FunctionEnvironment.SNOWFLAKE_ACCOUNT, "is invalid: not a Snowflake account"
                    + " identifier: " + AccountIdentifier.EXPECTED_FORMS);
        }
        String methodValue = env.optional(FunctionEnvironment.WORKLOAD_IDENTITY_METHOD)
                .orElse(FunctionEnvironment.METHOD_CALLER_IDENTITY);
        WorkloadIdentityMethod method = WorkloadIdentityMethod.of(methodValue).orElseThrow(() ->
                new ConfigException(FunctionEnvironment.WORKLOAD_IDENTITY_METHOD, "must be "
                        + FunctionEnvironment.METHOD_CALLER_IDENTITY + " or "
                        + FunctionEnvironment.METHOD_WEB_IDENTITY_TOKEN));
        return new WorkloadIdentityConfig(account,
                env.required(FunctionEnvironment.SNOWFLAKE_USER),
                env.optional(FunctionEnvironment.SNOWFLAKE_WAREHOUSE),
                env.optional(FunctionEnvironment.SNOWFLAKE_DATABASE),
                env.optional(FunctionEnvironment.SNOWFLAKE_SCHEMA),
                env.optional(FunctionEnvironment.SNOWFLAKE_ROLE),
                env.required(FunctionEnvironment.WORKLOAD_IDENTITY_ROLE_ARN),
                method,
                env.snowflakeEndpoint(STS_ENDPOINT_VARIABLE));
    }

    /** How the driver signs in: with the role, by the method, through the STS endpoint given. */
    public WorkloadIdentityAuthentication authentication() {
        return new WorkloadIdentityAuthentication(roleArn, method,
                stsHost.map(host -> host.scheme() + "://" + host.host() + ":" + host.port()));
    }

    /** A connection builder with the account, user and session context set. */
    public SnowflakeConnectionSpec.Builder connection() {
        return SnowflakeConnectionSpec.builder(account, user, authentication())
                .warehouse(warehouse)
                .database(database)
                .schema(schema)
                .role(role);
    }
}
