package io.snowgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.contract.secret.SecretField;
import io.snowgate.contract.secret.SecretLayout;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.RsaKeyGenerator;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.session.JdbcSnowflakeSessions;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Snowgate set up on the local stand-ins the way a platform engineer sets it up on AWS, for the demo and the
 * benchmarks: an administrator, a {@code TYPE = SERVICE} user holding a fresh key, the secret in the Glue recipe's
 * layout, and functions pointed at both. Nothing leaves 127.0.0.1.
 */
final class LocalDemoDeployment implements AutoCloseable {

    static final String ACCOUNT = "myorg-analytics";
    static final String ADMIN = "DEMO_ADMIN";
    static final String SERVICE_USER = "SVC_SNOWGATE";
    static final String SECRET_ID = "snowgate/demo/snowflake";
    /** The schema the function's secret names. */
    private static final String SCHEMA = "PUBLIC";
    /** The service users' role, with USAGE on what the function's secret names and nothing more. */
    static final String SERVICE_ROLE = "SNOWGATE_RUNNER";

    /** The service user's key: the pair, and the PKCS#8 PEM encrypted with a random passphrase. */
    record ServiceKey(RsaKeyPair pair, String passphrase, String encryptedPem) {
        String fingerprint() {
            return pair.fingerprint();
        }

        /** The base64 body of the encrypted key, as the Glue recipe stores it. */
        String body() {
            return KeyPem.body(encryptedPem);
        }

        @Override
        public String toString() {
            return "ServiceKey[" + fingerprint() + "]";
        }
    }

    private final LocalStandIns standIns;
    private final LocalCatalog catalog;
    private final SecretsManagerClient secrets;
    private final RsaKeyPair adminKey;
    private final ObjectMapper json = new ObjectMapper();

    private LocalDemoDeployment(LocalStandIns standIns, LocalCatalog catalog) {
        this.standIns = standIns;
        this.catalog = catalog;
        this.secrets = standIns.secretsManagerClient();
        this.adminKey = RsaKeyGenerator.generate();
        standIns.snowflake().createAdminUser(ADMIN, new KeyPem().publicKey(adminKey.publicKey()));
    }

    /**
     * Starts the stand-ins with an administrator; no service user or secret yet. Functions run {@code catalog}.
     */
    static LocalDemoDeployment start(LocalCatalog catalog) {
        return new LocalDemoDeployment(LocalStandIns.start(new LocalStandIns.Options(0, 0, ACCOUNT, Map.of())),
                catalog);
    }

    /** Starts everything: stand-ins, service user with a fresh key, and the secret. Functions run {@code catalog}. */
    static LocalDemoDeployment ready(LocalCatalog catalog) throws SQLException {
        LocalDemoDeployment deployment = start(catalog);
        try {
            ServiceKey key = newServiceKey();
            deployment.createServiceUser(key);
            deployment.storeSecret(key);
            return deployment;
        } catch (SQLException | RuntimeException e) {
            deployment.close();
            throw e;
        }
    }

    /** A fresh RSA 2048 key pair, encrypted (PKCS#8, AES-256) with a random passphrase. */
    static ServiceKey newServiceKey() {
        RsaKeyPair pair = RsaKeyGenerator.generate();
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String passphrase = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return new ServiceKey(pair, passphrase, new KeyPem().privateKeyPkcs8(pair, Passphrase.of(passphrase)));
    }

    /** The statement an administrator runs to create the service user with {@code key}. */
    static String createUserStatement(ServiceKey key) {
        return "CREATE USER " + SERVICE_USER + " TYPE = SERVICE DEFAULT_ROLE = " + SERVICE_ROLE + " RSA_PUBLIC_KEY = '"
                + KeyPem.publicKeyBody(key.pair().publicKey()) + "'";
    }

    /**
     * What an administrator runs before creating a service user, as the README's least-privilege block does: a role
     * with USAGE on the warehouse, database and schema the function's secret names. Without it the stand-in, as
     * Snowflake, signs the user in with PUBLIC and no current warehouse or database.
     */
    List<String> serviceRoleStatements() {
        String database = standIns.snowflake().config().database();
        return List.of("CREATE ROLE " + SERVICE_ROLE,
                "GRANT USAGE ON WAREHOUSE " + SnowflakeStandIn.DEFAULT_WAREHOUSE + " TO ROLE " + SERVICE_ROLE,
                "GRANT USAGE ON DATABASE " + database + " TO ROLE " + SERVICE_ROLE,
                "GRANT USAGE ON SCHEMA " + database + "." + SCHEMA + " TO ROLE " + SERVICE_ROLE,
                // As the README's setup: the shipped catalog's ACCOUNT_USAGE queries read through these.
                "GRANT DATABASE ROLE SNOWFLAKE.USAGE_VIEWER TO ROLE " + SERVICE_ROLE,
                "GRANT DATABASE ROLE SNOWFLAKE.SECURITY_VIEWER TO ROLE " + SERVICE_ROLE);
    }

    /** The statement that gives {@code user} the service role. */
    static String grantServiceRoleStatement(String user) {
        return "GRANT ROLE " + SERVICE_ROLE + " TO USER " + user;
    }

    /**
     * Creates the service role and then the service user holding it, as the administrator, over JDBC; returns DESC
     * USER's RSA_PUBLIC_KEY_FP.
     */
    String createServiceUser(ServiceKey key) throws SQLException {
        try (Connection admin = DriverManager.getConnection(standIns.snowflake().jdbcUrl(),
                standIns.snowflake().connectionProperties(ADMIN, adminKey.privateKey()));
             Statement statement = admin.createStatement()) {
            for (String sql : serviceRoleStatements()) {
                statement.execute(sql);
            }
            statement.execute(createUserStatement(key));
            statement.execute(grantServiceRoleStatement(SERVICE_USER));
            try (ResultSet rows = statement.executeQuery("DESC USER " + SERVICE_USER)) {
                while (rows.next()) {
                    if (rows.getString(1).equals("RSA_PUBLIC_KEY_FP")) {
                        return rows.getString(2);
                    }
                }
            }
        }
        throw new IllegalStateException("DESC USER showed no RSA_PUBLIC_KEY_FP");
    }

    /** Runs {@code sql} as the administrator. */
    void adminSql(String sql) throws SQLException {
        try (Connection admin = DriverManager.getConnection(standIns.snowflake().jdbcUrl(),
                standIns.snowflake().connectionProperties(ADMIN, adminKey.privateKey()));
             Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The rows {@code sql} answers the administrator, as text. */
    List<List<String>> adminRows(String sql) throws SQLException {
        try (Connection admin = DriverManager.getConnection(standIns.snowflake().jdbcUrl(),
                standIns.snowflake().connectionProperties(ADMIN, adminKey.privateKey()));
             Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<List<String>> all = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rows.getString(i));
                }
                all.add(row);
            }
            return all;
        }
    }

    /** The secret, as the Glue recipe lays it out. */
    String secretString(ServiceKey key) {
        return SecretLayout.write(Map.of(
                SecretField.USER, SERVICE_USER,
                SecretField.ACCOUNT, ACCOUNT,
                SecretField.WAREHOUSE, SnowflakeStandIn.DEFAULT_WAREHOUSE,
                SecretField.DATABASE, standIns.snowflake().config().database(),
                SecretField.SCHEMA, SCHEMA,
                SecretField.ROLE, SERVICE_ROLE,
                SecretField.PRIVATE_KEY, key.body(),
                SecretField.PASSPHRASE, key.passphrase()));
    }

    /** The names of the secret's fields, in the order they are stored. */
    List<String> secretFieldNames(ServiceKey key) {
        List<String> names = new ArrayList<>();
        try {
            json.readTree(secretString(key)).fieldNames().forEachRemaining(names::add);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the secret written is not JSON", e);
        }
        return names;
    }

    /** Stores the secret through the AWS SDK; returns its ARN. */
    String storeSecret(ServiceKey key) {
        return secrets.createSecret(r -> r.name(SECRET_ID).secretString(secretString(key))).arn();
    }

    /** A scheduled handler in a fresh execution environment, writing its JSON log lines to {@code logs}. */
    ScheduledQueryHandler handler(PrintStream logs) {
        return new ScheduledQueryHandler(function(logs));
    }

    /** An HTTP handler in a fresh execution environment, writing its JSON log lines to {@code logs}. */
    HttpQueryHandler httpHandler(PrintStream logs) {
        return new HttpQueryHandler(function(logs));
    }

    private QueryFunction function(PrintStream logs) {
        SnowgateConfig config = SnowgateConfig.of(SECRET_ID, Optional.empty(), Optional.of(catalog.file().toString()),
                SnowgateConfig.DEFAULT_SECRET_TTL, Optional.of(snowflakeEndpoint()));
        return QueryFunction.create(config, new AwsSecretSource(secrets), Clock.systemUTC(),
                JdbcSnowflakeSessions.DEFAULT_VALIDATE_AFTER_IDLE, logs);
    }

    SnowflakeEndpoint snowflakeEndpoint() {
        return new SnowflakeEndpoint("http", "127.0.0.1", standIns.snowflake().port());
    }

    SecretsManagerClient secretsClient() {
        return secrets;
    }

    String secretId() {
        return SECRET_ID;
    }

    LocalStandIns standIns() {
        return standIns;
    }

    @Override
    public void close() {
        standIns.close();
    }
}
