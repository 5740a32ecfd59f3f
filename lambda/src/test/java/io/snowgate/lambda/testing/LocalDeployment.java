package io.snowgate.lambda.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.contract.secret.SecretField;
import io.snowgate.contract.secret.SecretLayout;
import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.secretsmanager.Rotation;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.secretsmanager.StagingLabels;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.secret.SecretsManagerClients;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The function deployed against the local stand-ins, as a platform engineer would set it up: a {@code TYPE =
 * SERVICE} user holding the public key, the secret in the Glue recipe's layout (key body and passphrase), and the
 * function pointed at both through the real AWS SDK client and snowflake-jdbc.
 */
public final class LocalDeployment implements AutoCloseable {

    public static final String USER = "SVC_SNOWGATE";
    public static final String SECRET_ID = "snowgate/snowflake";
    public static final String TEST_CATALOG = "src/test/resources/catalog/test-catalog.yaml";
    /** A rotation signs in to Snowflake a few times per attempt, and a failing one is attempted three times. */
    static final Duration ROTATION_WAIT = Duration.ofSeconds(90);
    /** The secret key of the access keys {@link #processEnvironment} gives function processes. */
    private static final String PROCESS_SECRET_ACCESS_KEY = "snowgate-local-test";

    private final SecretsManagerStandIn secretsManager;
    private final SnowflakeStandIn snowflake;
    private final SecretsManagerClient client;

    public LocalDeployment(SecretsManagerStandIn secretsManager, SnowflakeStandIn snowflake) {
        this.secretsManager = secretsManager;
        this.snowflake = snowflake;
        this.client = SecretsManagerClients.forLocalStandIn(secretsManager.endpoint(), secretsManager.region());
    }

    /** Creates the service user with {@code key} in RSA_PUBLIC_KEY and stores the secret for it. */
    public LocalDeployment install(UserKey key) {
        snowflake.createServiceUser(USER, key.publicPem());
        client.createSecret(r -> r.name(SECRET_ID).secretString(secretJson(key)));
        return this;
    }

    /** Stores a new version of the secret holding {@code key}, as a rotation would. */
    public void storeKey(UserKey key) {
        client.putSecretValue(r -> r.secretId(SECRET_ID).secretString(secretJson(key)));
    }

    /** The recipe's layout: the base64 body of the encrypted key and its passphrase in one secret. */
    public String secretJson(UserKey key) {
        return secretJson(key, true);
    }

    /** As {@link #secretJson(UserKey)}, with or without the optional {@code database} field. */
    public String secretJson(UserKey key, boolean withDatabase) {
        return secretJson(key, withDatabase, Optional.of(SnowflakeStandIn.DEFAULT_WAREHOUSE));
    }

    /**
     * As {@link #secretJson(UserKey, boolean)}, naming {@code warehouse} (no {@code warehouse} field when empty)
     * instead of the warehouse the stand-in starts with, which a deployment's secret names as a real one must.
     */
    public String secretJson(UserKey key, boolean withDatabase, Optional<String> warehouse) {
        Map<SecretField, String> fields = new EnumMap<>(SecretField.class);
        fields.put(SecretField.USER, USER);
        fields.put(SecretField.ACCOUNT, snowflake.clientAccount());
        warehouse.ifPresent(name -> fields.put(SecretField.WAREHOUSE, name));
        if (withDatabase) {
            fields.put(SecretField.DATABASE, snowflake.config().database());
        }
        fields.put(SecretField.SCHEMA, "PUBLIC");
        fields.put(SecretField.ROLE, "");
        fields.put(SecretField.PRIVATE_KEY, key.body());
        fields.put(SecretField.PASSPHRASE, key.passphrase());
        return SecretLayout.write(fields);
    }

    /** Stores {@code secretString} as the secret's new current version. */
    public void storeSecret(String secretString) {
        client.putSecretValue(r -> r.secretId(SECRET_ID).secretString(secretString));
    }

    /** The configuration a deployed function would read, pointed at the stand-ins. */
    public SnowgateConfig config(Duration secretTtl) {
        return SnowgateConfig.of(SECRET_ID, Optional.empty(), Optional.of(Path.of(TEST_CATALOG).toString()),
                secretTtl, Optional.of(new SnowflakeEndpoint("http", "127.0.0.1", snowflake.port())));
    }

    /** A function as one execution environment would build it. */
    public QueryFunction function(Clock clock, Duration secretTtl, Duration validateAfterIdle) {
        return function(config(secretTtl), clock, validateAfterIdle);
    }

    /**
     * A function as one execution environment would build it, running the queries of {@code catalog} (a file a test
     * wrote) instead of the test catalog.
     */
    public QueryFunction function(Path catalog) {
        SnowgateConfig config = config(Duration.ofMinutes(5));
        return function(new SnowgateConfig(config.secretId(), config.passphraseSecretId(),
                Optional.of(catalog.toString()), config.secretTtl(), config.secretGrace(), config.snowflakeUrl(),
                config.apiTimeout()), Clock.systemUTC(), Duration.ofMinutes(1));
    }

    /** A function with {@code config} (from {@link #config}, changed by the test), reading this deployment's secret. */
    public QueryFunction function(SnowgateConfig config, Clock clock, Duration validateAfterIdle) {
        return QueryFunction.create(config, new AwsSecretSource(client), clock, validateAfterIdle);
    }

    public SecretsManagerClient client() {
        return client;
    }

    /**
     * The environment of a function in a process of its own pointed at this deployment: the variables the CDK app
     * sets (the secret's id; the shipped catalog; the driver's settings), the stand-ins' endpoints, the SDK's region and static credentials
     * with {@code accessKeyId} (which the Secrets Manager stand-in is told to accept, as it checks signatures), and no
     * instance metadata lookups.
     */
    public Map<String, String> processEnvironment(String accessKeyId) {
        secretsManager.accessKey(accessKeyId, PROCESS_SECRET_ACCESS_KEY);
        Map<String, String> environment = new java.util.HashMap<>(FunctionEnvironment.DRIVER_SETTINGS);
        environment.putAll(Map.of(FunctionEnvironment.SECRET_ID, SECRET_ID,
                FunctionEnvironment.SNOWFLAKE_URL, "http://127.0.0.1:" + snowflake.port(),
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.endpoint().toString(),
                "AWS_REGION", secretsManager.region(),
                "AWS_ACCESS_KEY_ID", accessKeyId,
                "AWS_SECRET_ACCESS_KEY", PROCESS_SECRET_ACCESS_KEY,
                "AWS_EC2_METADATA_DISABLED", "true"));
        return Map.copyOf(environment);
    }

    /**
     * RotateSecret only starts a rotation; this waits for the stand-in to finish it (every attempt, when they fail)
     * and returns how it ended. Where the outcome is a success, {@link #awaitRotationSettled()} is what a caller of
     * AWS would wait on.
     */
    public Rotation awaitRotation(String clientRequestToken) {
        return Eventually.await("rotation " + clientRequestToken + " of " + SECRET_ID + " to finish", ROTATION_WAIT,
                () -> secretsManager.rotation(clientRequestToken).orElse(null),
                rotation -> rotation != null && rotation.finished());
    }

    /** The wait a caller of AWS does: DescribeSecret until AWSPENDING is on no version or on AWSCURRENT's. */
    public Map<String, List<String>> awaitRotationSettled() {
        return Eventually.await("rotation of " + SECRET_ID + " to finish (AWSPENDING on no version or on AWSCURRENT's)",
                ROTATION_WAIT, () -> client.describeSecret(r -> r.secretId(SECRET_ID)).versionIdsToStages(),
                stages -> !StagingLabels.rotationInProgress(stages));
    }

    @Override
    public void close() {
        client.close();
    }
}
