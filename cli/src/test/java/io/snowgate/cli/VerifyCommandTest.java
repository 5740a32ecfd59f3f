package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify} in-process against both stand-ins, through the real SDK and snowflake-jdbc. */
class VerifyCommandTest {

    private static final String NL = System.lineSeparator();

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path keys;

    private AwsSdkProperties sdk;
    private LocalDeployment deployment;
    private UserKey key;

    @BeforeEach
    void deploy() {
        sdk = new AwsSdkProperties(standIns.secretsManager());
        key = UserKey.generate(keys.resolve("current"), "verify-passphrase");
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake()).install(key);
    }

    @AfterEach
    void tearDown() {
        deployment.close();
        sdk.close();
    }

    private CliRun verify() {
        return CliRun.run(Map.of(), "verify", "--secret-id", LocalDeployment.SECRET_ID,
                "--snowflake-url", "http://127.0.0.1:" + standIns.snowflake().port());
    }

    @Test
    void verify_namesTheFirstSlot_whenRsaPublicKeyHoldsTheSecretsKey() {
        CliRun run = verify();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("key works" + NL
                + "user " + LocalDeployment.USER + NL
                + "jwt account " + standIns.snowflake().clientAccount() + NL
                + "fingerprint " + key.fingerprint() + NL
                + "slot RSA_PUBLIC_KEY" + NL
                + "RSA_PUBLIC_KEY_FP " + key.fingerprint() + NL
                + "RSA_PUBLIC_KEY_2_FP (empty)" + NL
                + "warehouse COMPUTE_WH ok" + NL
                + "database " + database() + " ok" + NL
                + "schema " + database() + ".PUBLIC ok" + NL);
    }

    private String database() {
        return standIns.snowflake().config().database();
    }

    /** The installed secret with {@code field} set to {@code value}. */
    private void storeSecretWith(String field, String value) throws Exception {
        ObjectNode secret = (ObjectNode) new ObjectMapper().readTree(deployment.secretJson(key));
        secret.put(field, value);
        deployment.client().putSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID).secretString(secret.toString()));
    }

    @Test
    void verify_readsTheFunctionsEnvironment_whenNoOptionIsGiven() {
        CliRun run = CliRun.run(Map.of("SNOWGATE_SECRET_ID", LocalDeployment.SECRET_ID,
                "SNOWGATE_SNOWFLAKE_URL", "http://127.0.0.1:" + standIns.snowflake().port()), "verify");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("key works" + NL).contains("slot RSA_PUBLIC_KEY" + NL);
    }

    @Test
    void verify_optionsOverrideTheEnvironment() {
        CliRun run = CliRun.run(Map.of("SNOWGATE_SECRET_ID", "no/such/secret",
                "SNOWGATE_SNOWFLAKE_URL", "http://127.0.0.1:1"), "verify", "--secret-id", LocalDeployment.SECRET_ID,
                "--snowflake-url", "http://127.0.0.1:" + standIns.snowflake().port());

        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void verify_withNoSecretAnywhere_isAUsageError() {
        CliRun run = CliRun.run(Map.of(), "verify");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--secret-id (or SNOWGATE_SECRET_ID) is required");
    }

    @Test
    void verifyQueries_compilesEachCatalogQueryWithoutRunningAny_andNamesTheOnesSnowflakeRefuses() throws Exception {
        asServiceUser("CREATE TABLE NOTES (NOTE VARCHAR)");
        Path catalog = keys.resolve("catalog.yaml");
        java.nio.file.Files.writeString(catalog, """
                queries:
                  - name: add_note
                    description: Writes, so that running it would show
                    sql: INSERT INTO notes (note) VALUES ('verified')
                  - name: echo_number
                    description: A parameter in the select list, which Snowflake compiles without its value
                    sql: SELECT :n AS n
                    parameters:
                      - name: n
                        type: integer
                  - name: orders_by_id
                    description: Reads a table this account lacks
                    sql: SELECT * FROM orders WHERE id = :id
                    parameters:
                      - name: id
                        type: integer
                """);

        CliRun run = CliRun.run(Map.of("SNOWGATE_CATALOG", catalog.toString()), "verify", "--queries",
                "--secret-id", LocalDeployment.SECRET_ID, "--snowflake-url",
                "http://127.0.0.1:" + standIns.snowflake().port());

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.out()).startsWith("key works" + NL).endsWith("schema " + database() + ".PUBLIC ok" + NL
                + "query add_note compiles" + NL
                + "query echo_number compiles" + NL
                + "query orders_by_id failed (code 2003, SQL state 42S02): SQL compilation error: Object 'ORDERS'"
                + " does not exist or not authorized." + NL);
        assertThat(run.err()).contains("snowgate: catalog " + catalog)
                .contains("the key works, but Snowflake does not compile orders_by_id in its session (each query's"
                        + " line above says why)");
        assertThat(asServiceUserCount("SELECT COUNT(*) FROM NOTES")).as("nothing ran").isZero();
    }

    @Test
    void verify_withoutQueries_readsNoCatalog() {
        CliRun run = CliRun.run(Map.of("SNOWGATE_CATALOG", keys.resolve("no-such-catalog.yaml").toString()),
                "verify", "--secret-id", LocalDeployment.SECRET_ID, "--snowflake-url",
                "http://127.0.0.1:" + standIns.snowflake().port());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("query ");
    }

    /** Runs {@code sql} as the service user, through the driver. */
    private void asServiceUser(String sql) throws Exception {
        try (java.sql.Connection connection = serviceUserConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long asServiceUserCount(String sql) throws Exception {
        try (java.sql.Connection connection = serviceUserConnection();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private java.sql.Connection serviceUserConnection() throws Exception {
        return java.sql.DriverManager.getConnection(standIns.snowflake().jdbcUrl(),
                standIns.snowflake().connectionProperties(LocalDeployment.USER,
                        new io.snowgate.lambda.key.PrivateKeyReader().readPrivateKey(key.encryptedPem(),
                                io.snowgate.lambda.key.Passphrase.of(key.passphrase())).privateKey()));
    }

    @Test
    void verify_aDatabaseThatDoesNotExist_isReportedWithSnowflakesCode_andExits1() throws Exception {
        storeSecretWith("database", "NO_SUCH_DB");

        CliRun run = verify();

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.out()).startsWith("key works" + NL).contains("warehouse COMPUTE_WH ok" + NL)
                .containsPattern("database NO_SUCH_DB failed \\(code \\d+, SQL state \\w+\\)")
                .containsPattern("schema NO_SUCH_DB.PUBLIC failed \\(code \\d+");
        assertThat(run.err()).contains("the key works, but the session cannot use the secret's database NO_SUCH_DB");
    }

    @Test
    void verify_aWarehouseThatDoesNotExist_isTheFailingField_withSnowflakesCode_andExits1() throws Exception {
        storeSecretWith("warehouse", "NO_SUCH_WH");

        CliRun run = verify();

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.out()).startsWith("key works" + NL)
                .contains("warehouse NO_SUCH_WH failed (code 2043, SQL state 02000)" + NL)
                .contains("database " + database() + " ok" + NL);
        assertThat(run.err()).contains("the session cannot use the secret's warehouse NO_SUCH_WH (code 2043");
    }

    @Test
    void verify_aRoleNotGrantedToTheUser_failsTheLogin_namingTheRole() throws Exception {
        // Unlike a warehouse, database or schema, Snowflake checks the role at login (390189).
        storeSecretWith("role", "NOPE_ROLE");

        CliRun run = verify();

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.out()).startsWith("login failed" + NL).contains("snowflake code 390189" + NL);
        assertThat(run.err()).contains("the role NOPE_ROLE it signs in with is not granted to the user, or does not "
                + "exist; grant it (GRANT ROLE NOPE_ROLE TO USER");
    }

    @Test
    void verify_aSchemaThatDoesNotExist_isReported() throws Exception {
        storeSecretWith("schema", "NO_SUCH_SCHEMA");

        CliRun run = verify();

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.out()).contains("database " + database() + " ok" + NL)
                .containsPattern("schema " + database() + ".NO_SUCH_SCHEMA failed \\(code \\d+");
    }

    @Test
    void verify_anEndpointNothingListensOn_isUnreachable_namingTheHost_notARefusedLogin() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        CliRun run = CliRun.run(Map.of(), "verify", "--secret-id", LocalDeployment.SECRET_ID,
                "--snowflake-url", "http://127.0.0.1:" + port);

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.out()).isEqualTo("snowflake unreachable" + NL + "host 127.0.0.1:" + port + NL);
        assertThat(run.err()).contains("Snowflake at 127.0.0.1:" + port + " could not be reached (connection refused")
                .doesNotContain("refused the login");
    }

    @Test
    void verify_whileSecretsManagerAnswersABare503_failsSayingHttp503() {
        standIns.secretsManager().faults().failNext("GetSecretValue", 10, new Fault.Status(503));

        CliRun run = verify();

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.err()).startsWith("snowgate: secret " + LocalDeployment.SECRET_ID + " could not be read"
                + " (HTTP 503)").doesNotContain("null");
    }

    @Test
    void verify_namesTheSecondSlot_whenRsaPublicKey2HoldsTheSecretsKey() {
        UserKey other = UserKey.generate(keys.resolve("other"), "other-passphrase");
        standIns.snowflake().setPublicKey(LocalDeployment.USER, 2, key.publicPem());
        standIns.snowflake().setPublicKey(LocalDeployment.USER, 1, other.publicPem());

        CliRun run = verify();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("slot RSA_PUBLIC_KEY_2" + NL)
                .contains("RSA_PUBLIC_KEY_FP " + other.fingerprint() + NL)
                .contains("RSA_PUBLIC_KEY_2_FP " + key.fingerprint() + NL);
    }

    @Test
    void verify_aKeySnowflakeDoesNotKnow_reportsFingerprintAccountCodeAndFailureId_andExits1() {
        UserKey unknown = UserKey.generate(keys.resolve("unknown"), "unknown-passphrase");
        deployment.storeKey(unknown);

        CliRun run = verify();

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.out()).startsWith("login failed" + NL
                + "user " + LocalDeployment.USER + NL
                + "jwt account " + standIns.snowflake().clientAccount() + NL
                + "fingerprint " + unknown.fingerprint() + NL
                + "snowflake code 394304" + NL);
        Matcher failureId = Pattern.compile("login failure id ([0-9a-f-]{36})").matcher(run.out());
        assertThat(failureId.find()).as(run.out()).isTrue();
        assertThat(standIns.snowflake().loginFailure(failureId.group(1))).isPresent();
        assertThat(run.err()).contains("compare the fingerprint with RSA_PUBLIC_KEY_FP")
                .contains("the account may be wrong as well as the key")
                .doesNotContain("unknown-passphrase");
    }

    @Test
    void verify_withAPassphraseSecret_readsThePassphraseFromIt_asTheFunctionDoes() {
        deployment.client().createSecret(r -> r.name("snowgate/passphrase").secretString(key.passphrase()));
        deployment.client().putSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID).secretString(
                deployment.secretJson(key).replace(",\"private_key_passphrase\":\"" + key.passphrase() + "\"", "")));

        CliRun without = verify();
        CliRun with = CliRun.run(Map.of(), "verify", "--secret-id", LocalDeployment.SECRET_ID,
                "--passphrase-secret-id", "snowgate/passphrase",
                "--snowflake-url", "http://127.0.0.1:" + standIns.snowflake().port());

        assertThat(without.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(without.err()).contains("no passphrase was given");
        assertThat(with.exitCode()).as(with.err()).isZero();
        assertThat(with.out()).contains("slot RSA_PUBLIC_KEY" + NL);
    }

    @Test
    void verify_aMissingSecret_failsNamingIt() {
        CliRun run = CliRun.run(Map.of(), "verify", "--secret-id", "no/such/secret",
                "--snowflake-url", "http://127.0.0.1:" + standIns.snowflake().port());

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.err()).contains("secret no/such/secret could not be read (ResourceNotFoundException)")
                .as("a one-shot command reads once: no back-off to announce").doesNotContain("next attempt");
    }
}
