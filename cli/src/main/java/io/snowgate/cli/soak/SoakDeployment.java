package io.snowgate.cli.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.cli.LocalStandIns;
import io.snowgate.contract.secret.SecretField;
import io.snowgate.contract.secret.SecretLayout;
import io.snowgate.emulator.secretsmanager.Rotation;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.RsaKeyGenerator;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.rotation.KeyRotation;
import io.snowgate.lambda.rotation.KeyRotationHandler;
import io.snowgate.lambda.rotation.RotationSettings;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Snowgate deployed on the local stand-ins for the soak, as a platform engineer deploys it: both stand-ins started
 * as {@code local up} starts them, an administrator, a {@code TYPE = SERVICE} user holding a fresh key encrypted with
 * a random passphrase, the secret in the Glue recipe's layout, the soak's table and catalog, and Snowgate's real
 * rotation function as the rotation hook, revoking the previous key when it finishes (the harder case: every
 * environment still holding the old key is refused at its next sign-in).
 */
final class SoakDeployment implements AutoCloseable {

    static final String ACCOUNT = "myorg-soak";
    static final String ADMIN = "SOAK_ADMIN";
    static final String SERVICE_USER = "SVC_SNOWGATE";
    static final String SECRET_ID = "snowgate/soak/snowflake";
    static final String ROTATION_LAMBDA = "arn:aws:lambda:us-east-1:111122223333:function:snowgate-rotation";
    static final String CATALOG_RESOURCE = "soak-catalog.yaml";
    /** One rotation step's time, as the rotation function's Lambda timeout would bound it. */
    private static final Duration ROTATION_STEP_TIMEOUT = Duration.ofMinutes(1);

    /** The service user's first key: the pair, its random passphrase and the encrypted PKCS#8 PEM. */
    record ServiceKey(RsaKeyPair pair, String passphrase, String encryptedPem) {
        @Override
        public String toString() {
            return "ServiceKey[" + pair.fingerprint() + "]";
        }
    }

    private final LocalStandIns standIns;
    private final RsaKeyPair adminKey;
    private final ServiceKey serviceKey;
    private final Path catalog;
    private final Capture rotationLog = new Capture();
    /** Held while a rotation step runs: the soak's session-ending events wait for it (see {@link #rotationStep}). */
    private final ReentrantLock rotationStep = new ReentrantLock();

    private SoakDeployment(LocalStandIns standIns, Path workDirectory) {
        this.standIns = standIns;
        this.adminKey = RsaKeyGenerator.generate();
        this.serviceKey = newServiceKey();
        this.catalog = workDirectory.resolve(CATALOG_RESOURCE);
    }

    /** Starts the stand-ins and deploys everything; {@code workDirectory} receives the catalog file. */
    static SoakDeployment start(Path workDirectory) {
        LocalStandIns standIns = LocalStandIns.start(new LocalStandIns.Options(0, 0, ACCOUNT, Map.of()));
        try {
            SoakDeployment deployment = new SoakDeployment(standIns, workDirectory);
            deployment.deploy();
            return deployment;
        } catch (RuntimeException | SQLException | IOException e) {
            standIns.close();
            throw new IllegalStateException("the soak's deployment on the stand-ins failed: " + e.getMessage(), e);
        }
    }

    private void deploy() throws SQLException, IOException {
        SnowflakeStandIn snowflake = standIns.snowflake();
        snowflake.createAdminUser(ADMIN, new KeyPem().publicKey(adminKey.publicKey()));
        // As local up's --user does: a service user allowed to change its own keys, which the rotation needs.
        snowflake.createServiceUser(SERVICE_USER, new KeyPem().publicKey(serviceKey.pair().publicKey()));
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE TABLE " + table() + " (invocation_id VARCHAR(100), environment INTEGER)");
            // The administrator's role owns the table; the service role writes it only with the grant, as in
            // Snowflake (createServiceUser gave it USAGE on the warehouse, database and schema).
            statement.execute("GRANT INSERT ON TABLE " + table() + " TO ROLE " + SERVICE_USER + "_ROLE");
        }
        try (InputStream resource = SoakDeployment.class.getResourceAsStream(CATALOG_RESOURCE)) {
            if (resource == null) {
                throw new IllegalStateException(CATALOG_RESOURCE + " is missing from the CLI");
            }
            Files.write(catalog, resource.readAllBytes());
        }
        secrets().createSecret(r -> r.name(SECRET_ID).secretString(secretString(serviceKey)));
        standIns.secretsManager().rotationHook(rotationHook());
    }

    private static ServiceKey newServiceKey() {
        RsaKeyPair pair = RsaKeyGenerator.generate();
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String passphrase = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return new ServiceKey(pair, passphrase, new KeyPem().privateKeyPkcs8(pair, Passphrase.of(passphrase)));
    }

    private String secretString(ServiceKey key) {
        Map<SecretField, String> fields = new EnumMap<>(SecretField.class);
        fields.put(SecretField.USER, SERVICE_USER);
        fields.put(SecretField.ACCOUNT, ACCOUNT);
        fields.put(SecretField.WAREHOUSE, SnowflakeStandIn.DEFAULT_WAREHOUSE);
        fields.put(SecretField.DATABASE, standIns.snowflake().config().database());
        fields.put(SecretField.SCHEMA, "PUBLIC");
        fields.put(SecretField.ROLE, "");
        fields.put(SecretField.PRIVATE_KEY, KeyPem.body(key.encryptedPem()));
        fields.put(SecretField.PASSPHRASE, key.passphrase());
        return SecretLayout.write(fields);
    }

    /**
     * Snowgate's rotation function, as {@code local up} wires it, with the previous key revoked on finishing. Each
     * step holds {@link #rotationStep}: ending the rotation function's own session in the middle of a step is a
     * different failure (the step fails and Secrets Manager retries the rotation), not what the soak measures.
     */
    private io.snowgate.emulator.secretsmanager.RotationHook rotationHook() {
        RotationSettings settings = new RotationSettings(Optional.empty(), Optional.empty(), true,
                Optional.of(snowflakeEndpoint()));
        KeyRotationHandler handler = new KeyRotationHandler(new KeyRotation(secrets(), settings, Clock.systemUTC(),
                new JsonLog(rotationLog.printStream(), new ObjectMapper(), Clock.systemUTC())), Clock.systemUTC());
        return event -> {
            rotationStep.lock();
            try {
                handler.handleRequest(new ByteArrayInputStream(event.json().getBytes(StandardCharsets.UTF_8)),
                        OutputStream.nullOutputStream(),
                        new LocalContext("snowgate-rotation", ROTATION_STEP_TIMEOUT, Clock.systemUTC()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                rotationStep.unlock();
            }
        };
    }

    /** Starts a rotation through the real SDK, as {@code aws secretsmanager rotate-secret} does; returns its token. */
    String rotate() {
        return secrets().rotateSecret(r -> r.secretId(SECRET_ID).rotationLambdaARN(ROTATION_LAMBDA)
                .rotationRules(rules -> rules.automaticallyAfterDays(30L))).versionId();
    }

    /** How the rotation with that token went, as the stand-in recorded it (empty until it started). */
    Optional<Rotation> rotation(String token) {
        return standIns.secretsManager().rotation(token);
    }

    /** The lock a rotation step holds. */
    ReentrantLock rotationStep() {
        return rotationStep;
    }

    /** What the rotation function wrote since the last drain. */
    Capture rotationLog() {
        return rotationLog;
    }

    /** Every value the secret ever held (every version, deprecated ones included), for the leak search. */
    Map<String, String> secretVersions() {
        Map<String, String> values = new HashMap<>();
        secrets().listSecretVersionIds(r -> r.secretId(SECRET_ID).includeDeprecated(true)).versions()
                .forEach(version -> {
                    try {
                        values.put(version.versionId(), secrets().getSecretValue(r -> r.secretId(SECRET_ID)
                                .versionId(version.versionId())).secretString());
                    } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
                        // A version a failed rotation created without a value: nothing to search for.
                    }
                });
        return values;
    }

    /** The soak table's rows per invocation id, read by the administrator. */
    Map<String, Integer> rowsPerInvocation() throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT invocation_id, COUNT(*) FROM " + table() + " GROUP BY invocation_id")) {
            while (result.next()) {
                rows.put(result.getString(1), result.getInt(2));
            }
        }
        return rows;
    }

    private Connection adminConnection() throws SQLException {
        SnowflakeStandIn snowflake = standIns.snowflake();
        return DriverManager.getConnection(snowflake.jdbcUrl(),
                snowflake.connectionProperties(ADMIN, adminKey.privateKey()));
    }

    /** The soak table, where the secret's database and schema put the service user's unqualified name. */
    private String table() {
        return standIns.snowflake().config().database() + ".PUBLIC.SOAK_EVENTS";
    }

    ServiceKey serviceKey() {
        return serviceKey;
    }

    Path catalog() {
        return catalog;
    }

    SnowflakeEndpoint snowflakeEndpoint() {
        return new SnowflakeEndpoint("http", "127.0.0.1", standIns.snowflake().port());
    }

    SnowflakeStandIn snowflake() {
        return standIns.snowflake();
    }

    SecretsManagerStandIn secretsManager() {
        return standIns.secretsManager();
    }

    /** The deployment's own client (the rotation function's, and the soak's administration). */
    SecretsManagerClient secrets() {
        return standIns.secretsManagerClient();
    }

    @Override
    public void close() {
        standIns.close();
    }
}
