package io.snowgate.contract;

import java.util.Map;

/**
 * The environment variables the CDK app sets on the functions and the handlers read at start-up: the one place their
 * names are written. A test in {@code infra} builds each handler from the environment the synthesized template gives
 * it, and fails when the app sets a variable the handler does not read or leaves out one it requires.
 */
public final class FunctionEnvironment {

    /**
     * How the query handlers sign in to Snowflake: {@value #AUTH_KEYPAIR} (the default when unset: a key pair from
     * the Secrets Manager secret) or {@value #AUTH_WORKLOAD_IDENTITY} (the function's own AWS role, workload identity
     * federation: no secret, no key).
     */
    public static final String AUTH = "SNOWGATE_AUTH";
    /** {@link #AUTH}: key-pair (JWT) authentication with the secret's key. */
    public static final String AUTH_KEYPAIR = "keypair";
    /** {@link #AUTH}: workload identity federation with the function's AWS role. */
    public static final String AUTH_WORKLOAD_IDENTITY = "workload-identity";

    /** Workload identity mode: the Snowflake account identifier, in any form the key-pair secret's account takes. */
    public static final String SNOWFLAKE_ACCOUNT = "SNOWGATE_SNOWFLAKE_ACCOUNT";
    /** Workload identity mode: the Snowflake service user whose workload identity is the function's role. */
    public static final String SNOWFLAKE_USER = "SNOWGATE_SNOWFLAKE_USER";
    /** Workload identity mode: the warehouse sessions use; unset means the user's default. */
    public static final String SNOWFLAKE_WAREHOUSE = "SNOWGATE_SNOWFLAKE_WAREHOUSE";
    /** Workload identity mode: the database sessions use; unset means the user's default namespace. */
    public static final String SNOWFLAKE_DATABASE = "SNOWGATE_SNOWFLAKE_DATABASE";
    /** Workload identity mode: the schema sessions use. */
    public static final String SNOWFLAKE_SCHEMA = "SNOWGATE_SNOWFLAKE_SCHEMA";
    /** Workload identity mode: the role sessions use; unset means the user's default role. */
    public static final String SNOWFLAKE_ROLE = "SNOWGATE_SNOWFLAKE_ROLE";
    /**
     * Workload identity mode: the IAM role ARN the function presents (its execution role), for messages and logs
     * only. The CDK app passes it in; the function never calls STS to learn it.
     */
    public static final String WORKLOAD_IDENTITY_ROLE_ARN = "SNOWGATE_WORKLOAD_IDENTITY_ROLE_ARN";
    /**
     * Workload identity mode: how the role is proved, {@value #METHOD_CALLER_IDENTITY} (the default: a signed STS
     * {@code GetCallerIdentity} request Snowflake replays; nothing to set up in AWS) or
     * {@value #METHOD_WEB_IDENTITY_TOKEN} (a JWT from STS {@code GetWebIdentityToken}: needs outbound web identity
     * federation in the account, {@code sts:GetWebIdentityToken} on the role and an {@code ISSUER} on the user).
     */
    public static final String WORKLOAD_IDENTITY_METHOD = "SNOWGATE_WORKLOAD_IDENTITY_METHOD";
    /** {@link #WORKLOAD_IDENTITY_METHOD}: a signed {@code GetCallerIdentity} request. */
    public static final String METHOD_CALLER_IDENTITY = "caller-identity";
    /** {@link #WORKLOAD_IDENTITY_METHOD}: a token from {@code GetWebIdentityToken}. */
    public static final String METHOD_WEB_IDENTITY_TOKEN = "web-identity-token";

    /** Name or ARN of the Snowflake connection secret. Required by the query handlers in key-pair mode. */
    public static final String SECRET_ID = "SNOWGATE_SECRET_ID";
    /** Name or ARN of a second secret holding the key's passphrase; unset when the passphrase is in the main one. */
    public static final String PASSPHRASE_SECRET_ID = "SNOWGATE_PASSPHRASE_SECRET_ID";
    /** Path of the query catalog file; unset means the catalog shipped inside the function. */
    public static final String CATALOG = "SNOWGATE_CATALOG";
    /** Seconds a fetched secret and its decoded key are reused before they are fetched again. */
    public static final String SECRET_TTL_SECONDS = "SNOWGATE_SECRET_TTL_SECONDS";
    /**
     * Seconds past its time to live that the last good secret keeps serving while Secrets Manager cannot be read
     * (throttling, an outage); 0 turns the grace off.
     */
    public static final String SECRET_GRACE_SECONDS = "SNOWGATE_SECRET_GRACE_SECONDS";
    /** A Snowflake URL to connect to instead of the secret's account host: the PrivateLink host, or a stand-in. */
    public static final String SNOWFLAKE_URL = "SNOWGATE_SNOWFLAKE_URL";
    /**
     * HTTP handler: seconds API Gateway waits for the function. Queries that may run longer start asynchronously,
     * and a synchronous one is cut (and cancelled) in time to answer before the gateway gives up.
     */
    public static final String API_TIMEOUT_SECONDS = "SNOWGATE_API_TIMEOUT_SECONDS";

    /** Rotation function: name or ARN of a secret of a user allowed to set the service user's keys. */
    public static final String ROTATION_ADMIN_SECRET_ID = "SNOWGATE_ROTATION_ADMIN_SECRET_ID";
    /** Rotation function: {@code true} unsets the previous key's slot when a rotation finishes. */
    public static final String ROTATION_REVOKE_PREVIOUS = "SNOWGATE_ROTATION_REVOKE_PREVIOUS";

    /**
     * Settings of snowflake-jdbc itself, which it reads from the process environment alone: set on every function
     * beside Snowgate's own variables (and on the functions' stand-ins in tests and in {@code ./snowgate}), read by the
     * driver, not by the handlers.
     *
     * <p>{@code SNOWFLAKE_DISABLE_MINICORE=true}: from 4.x the driver starts loading its "minicore" native library, for
     * login telemetry alone, on a pool thread as the first connection begins ({@code ConnectionFactory
     * .createConnection} calls {@code Minicore.initializeAsync}). It writes the library into a new temporary directory
     * and loads it through JNA, an optional dependency of the driver that the function does not ship: the load always
     * fails, after competing with the first login for the function's fraction of a CPU, and leaves the directory
     * behind, on every cold start and every restore of a snapshot. {@code DriverEnvironmentTest} shows both.
     */
    public static final Map<String, String> DRIVER_SETTINGS = Map.of("SNOWFLAKE_DISABLE_MINICORE", "true");

    private FunctionEnvironment() {
    }
}
