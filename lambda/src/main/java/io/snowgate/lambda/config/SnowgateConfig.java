package io.snowgate.lambda.config;

import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The query function's configuration, read once from environment variables when an execution environment starts.
 * Two ways to sign in ({@code SNOWGATE_AUTH}): a key pair from a Secrets Manager secret (the default; the secret
 * settings below), or the function's AWS role ({@link #workloadIdentity()} present: no secret at all, and the secret
 * settings are refused).
 *
 * @param secretId            Secrets Manager id (name or ARN) of the Snowflake connection secret; empty in workload
 *                            identity mode
 * @param passphraseSecretId  id of a second secret holding the key's passphrase, when it is kept apart
 * @param catalogLocation     a catalog file path; empty means the catalog shipped with the function
 * @param secretTtl           how long a fetched secret and its decrypted key are reused
 * @param secretGrace         how long past its TTL the last good secret serves while Secrets Manager cannot be read
 * @param snowflakeUrl        overrides the Snowflake endpoint (e.g. a local stand-in); wins over the secret's host
 * @param apiTimeout          how long API Gateway waits for the HTTP handler (the deployed API's timeout)
 * @param workloadIdentity    the connection settings of workload identity mode; empty in key-pair mode
 */
public record SnowgateConfig(
        String secretId,
        Optional<String> passphraseSecretId,
        Optional<String> catalogLocation,
        Duration secretTtl,
        Duration secretGrace,
        Optional<SnowflakeEndpoint> snowflakeUrl,
        Duration apiTimeout,
        Optional<WorkloadIdentityConfig> workloadIdentity) {

    /** Secrets change rarely and a rotated key is picked up on the first auth failure anyway. */
    public static final Duration DEFAULT_SECRET_TTL = Duration.ofMinutes(15);
    private static final long MAX_SECRET_TTL_SECONDS = Duration.ofDays(1).toSeconds();
    /** A throttled or unavailable Secrets Manager does not stop an environment that has a good secret, for a day. */
    public static final Duration DEFAULT_SECRET_GRACE = Duration.ofHours(24);
    /** Up to a week: long enough for any outage, short enough that a secret deleted for good stops being used. */
    private static final long MAX_SECRET_GRACE_SECONDS = Duration.ofDays(7).toSeconds();
    /**
     * What API Gateway waits when the deployment does not say: 29 s, a REST API's integration timeout (an HTTP API
     * waits at most 30 s).
     */
    public static final Duration DEFAULT_API_TIMEOUT = Duration.ofSeconds(29);
    private static final long MAX_API_TIMEOUT_SECONDS = 30;

    /** The AWS SDKs' endpoint for every service that has no variable of its own set. */
    private static final String GLOBAL_AWS_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL";
    /** The AWS SDK's variables for the Secrets Manager endpoint, the one it prefers first. */
    public static final List<String> SECRETS_MANAGER_ENDPOINT_VARIABLES =
            List.of("AWS_ENDPOINT_URL_SECRETS_MANAGER", GLOBAL_AWS_ENDPOINT_VARIABLE);
    /** What Secrets Manager calls carry, for the message refusing an endpoint that would carry it in the clear. */
    public static final String SECRETS_MANAGER_CALLS_CARRY =
            "the secret's private key and passphrase and the AWS session token";

    /** Settings that only a key pair read from Secrets Manager uses: refused in workload identity mode. */
    private static final List<String> KEY_PAIR_ONLY = List.of(FunctionEnvironment.SECRET_ID,
            FunctionEnvironment.PASSPHRASE_SECRET_ID, FunctionEnvironment.SECRET_TTL_SECONDS,
            FunctionEnvironment.SECRET_GRACE_SECONDS, FunctionEnvironment.ROTATION_ADMIN_SECRET_ID,
            FunctionEnvironment.ROTATION_REVOKE_PREVIOUS);
    /** Settings that only workload identity mode uses: refused in key-pair mode, where the secret holds them. */
    private static final List<String> WORKLOAD_IDENTITY_ONLY = List.of(FunctionEnvironment.SNOWFLAKE_ACCOUNT,
            FunctionEnvironment.SNOWFLAKE_USER, FunctionEnvironment.SNOWFLAKE_WAREHOUSE,
            FunctionEnvironment.SNOWFLAKE_DATABASE, FunctionEnvironment.SNOWFLAKE_SCHEMA,
            FunctionEnvironment.SNOWFLAKE_ROLE, FunctionEnvironment.WORKLOAD_IDENTITY_ROLE_ARN,
            FunctionEnvironment.WORKLOAD_IDENTITY_METHOD);

    public SnowgateConfig {
        Objects.requireNonNull(workloadIdentity, "workloadIdentity");
        if (workloadIdentity.isPresent()) {
            if (secretId != null && !secretId.isEmpty()) {
                throw new ConfigException(FunctionEnvironment.SECRET_ID, "is set, but " + FunctionEnvironment.AUTH
                        + "=" + FunctionEnvironment.AUTH_WORKLOAD_IDENTITY + " reads no secret");
            }
            secretId = "";
        } else if (secretId == null || secretId.isBlank()) {
            throw new ConfigException(FunctionEnvironment.SECRET_ID, "is required");
        }
        if (secretTtl.isNegative()) {
            throw new ConfigException(FunctionEnvironment.SECRET_TTL_SECONDS, "must not be negative");
        }
        if (secretGrace.isNegative()) {
            throw new ConfigException(FunctionEnvironment.SECRET_GRACE_SECONDS, "must not be negative");
        }
        Objects.requireNonNull(apiTimeout, "apiTimeout");
        if (apiTimeout.isNegative() || apiTimeout.isZero()) {
            throw new ConfigException(FunctionEnvironment.API_TIMEOUT_SECONDS, "must be positive");
        }
    }

    /** Key-pair mode's configuration. */
    public SnowgateConfig(String secretId, Optional<String> passphraseSecretId, Optional<String> catalogLocation,
            Duration secretTtl, Duration secretGrace, Optional<SnowflakeEndpoint> snowflakeUrl, Duration apiTimeout) {
        this(secretId, passphraseSecretId, catalogLocation, secretTtl, secretGrace, snowflakeUrl, apiTimeout,
                Optional.empty());
    }

    /** Workload identity mode's configuration: no secret, the default API timeout. */
    public static SnowgateConfig workloadIdentity(WorkloadIdentityConfig workloadIdentity,
            Optional<String> catalogLocation, Optional<SnowflakeEndpoint> snowflakeUrl) {
        return new SnowgateConfig("", Optional.empty(), catalogLocation, DEFAULT_SECRET_TTL, DEFAULT_SECRET_GRACE,
                snowflakeUrl, DEFAULT_API_TIMEOUT, Optional.of(workloadIdentity));
    }

    /** A configuration with the default secret grace and API timeout, for tests and local runs. */
    public static SnowgateConfig of(String secretId, Optional<String> passphraseSecretId,
            Optional<String> catalogLocation, Duration secretTtl, Optional<SnowflakeEndpoint> snowflakeUrl) {
        return new SnowgateConfig(secretId, passphraseSecretId, catalogLocation, secretTtl, DEFAULT_SECRET_GRACE,
                snowflakeUrl, DEFAULT_API_TIMEOUT);
    }

    /**
     * Reads the configuration from environment variables (pass {@code System.getenv()} in production).
     *
     * @throws ConfigException naming the first variable that is missing, invalid, or set but meaningless for the
     *                         sign-in mode {@code SNOWGATE_AUTH} chose
     */
    public static SnowgateConfig fromEnv(Map<String, String> variables) {
        Environment env = new Environment(variables);
        String auth = env.optional(FunctionEnvironment.AUTH).orElse(FunctionEnvironment.AUTH_KEYPAIR);
        if (auth.equals(FunctionEnvironment.AUTH_WORKLOAD_IDENTITY)) {
            refuseSet(env, KEY_PAIR_ONLY, "makes no sense with " + FunctionEnvironment.AUTH + "="
                    + FunctionEnvironment.AUTH_WORKLOAD_IDENTITY + ": the function's AWS role signs in, there is no"
                    + " key, passphrase or secret to read or rotate; unset it");
            // Without AWS_ENDPOINT_URL_STS (checked as an endpoint below), the driver's AWS SDK finds STS here, and
            // asks it for the web identity token.
            env.refusePlainHttpOffLoopback(GLOBAL_AWS_ENDPOINT_VARIABLE, "the role's session token and the web"
                    + " identity token STS issues for it");
            return new SnowgateConfig("", Optional.empty(),
                    env.optional(FunctionEnvironment.CATALOG),
                    DEFAULT_SECRET_TTL, DEFAULT_SECRET_GRACE,
                    env.snowflakeEndpoint(FunctionEnvironment.SNOWFLAKE_URL),
                    env.wholeNumber(FunctionEnvironment.API_TIMEOUT_SECONDS, 1, MAX_API_TIMEOUT_SECONDS)
                            .map(Duration::ofSeconds).orElse(DEFAULT_API_TIMEOUT),
                    Optional.of(WorkloadIdentityConfig.fromEnv(env)));
        }
        if (!auth.equals(FunctionEnvironment.AUTH_KEYPAIR)) {
            throw new ConfigException(FunctionEnvironment.AUTH, "must be " + FunctionEnvironment.AUTH_KEYPAIR + " or "
                    + FunctionEnvironment.AUTH_WORKLOAD_IDENTITY);
        }
        refuseSet(env, WORKLOAD_IDENTITY_ONLY, "is only read with " + FunctionEnvironment.AUTH + "="
                + FunctionEnvironment.AUTH_WORKLOAD_IDENTITY + "; with a key pair the secret names the account, user"
                + " and session context");
        // Checked here, at start-up, as AWS_ENDPOINT_URL_STS is in workload identity mode; the client, built at the
        // first read, checks again wherever else the SDK found its endpoint.
        for (String endpoint : SECRETS_MANAGER_ENDPOINT_VARIABLES) {
            env.refusePlainHttpOffLoopback(endpoint, SECRETS_MANAGER_CALLS_CARRY);
        }
        return new SnowgateConfig(
                env.required(FunctionEnvironment.SECRET_ID),
                env.optional(FunctionEnvironment.PASSPHRASE_SECRET_ID),
                env.optional(FunctionEnvironment.CATALOG),
                env.wholeNumber(FunctionEnvironment.SECRET_TTL_SECONDS, 0, MAX_SECRET_TTL_SECONDS)
                        .map(Duration::ofSeconds).orElse(DEFAULT_SECRET_TTL),
                env.wholeNumber(FunctionEnvironment.SECRET_GRACE_SECONDS, 0, MAX_SECRET_GRACE_SECONDS)
                        .map(Duration::ofSeconds).orElse(DEFAULT_SECRET_GRACE),
                env.snowflakeEndpoint(FunctionEnvironment.SNOWFLAKE_URL),
                env.wholeNumber(FunctionEnvironment.API_TIMEOUT_SECONDS, 1, MAX_API_TIMEOUT_SECONDS)
                        .map(Duration::ofSeconds).orElse(DEFAULT_API_TIMEOUT));
    }

    private static void refuseSet(Environment env, List<String> names, String problem) {
        for (String name : names) {
            if (env.optional(name).isPresent()) {
                throw new ConfigException(name, problem);
            }
        }
    }
}
