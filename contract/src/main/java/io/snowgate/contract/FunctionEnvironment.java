package io.snowgate.contract;

/**
 * The environment variables the CDK app sets on the functions and the handlers read at start-up: the one place their
 * names are written. A test in {@code infra} builds each handler from the environment the synthesized template gives
 * it, and fails when the app sets a variable the handler does not read or leaves out one it requires.
 */
public final class FunctionEnvironment {

    /** Name or ARN of the Snowflake connection secret. Required by the query handlers. */
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

    private FunctionEnvironment() {
    }
}
