package io.snowgate.infra.function;

/** The environment variables the handlers read; names shared with the {@code lambda} module's configuration. */
public final class FunctionEnvironment {

    /** ARN (or name) of the connection secret. */
    public static final String SECRET_ID = "SNOWGATE_SECRET_ID";
    /** ARN (or name) of the separate passphrase secret; unset when the key has none kept apart. */
    public static final String PASSPHRASE_SECRET_ID = "SNOWGATE_PASSPHRASE_SECRET_ID";
    /** Path of the query catalog inside the deployment package. */
    public static final String CATALOG = "SNOWGATE_CATALOG";
    /** Seconds a fetched secret is kept in memory before it is fetched again. */
    public static final String SECRET_TTL_SECONDS = "SNOWGATE_SECRET_TTL_SECONDS";
    /** The Snowflake URL to connect to instead of the secret's account host: the PrivateLink host. */
    public static final String SNOWFLAKE_URL = "SNOWGATE_SNOWFLAKE_URL";

    /** Rotation function: ARN of a secret of a user allowed to set the service user's keys; unset for none. */
    public static final String ROTATION_ADMIN_SECRET_ID = "SNOWGATE_ROTATION_ADMIN_SECRET_ID";
    /** Rotation function: {@code true} unsets the previous key's slot when a rotation finishes. */
    public static final String ROTATION_REVOKE_PREVIOUS = "SNOWGATE_ROTATION_REVOKE_PREVIOUS";

    /** Where Lambda unpacks the deployment package, and so where {@link FunctionPackage} puts the catalog. */
    public static final String CATALOG_PATH = "/var/task/" + FunctionPackage.CATALOG_ENTRY;

    private FunctionEnvironment() {
    }
}
