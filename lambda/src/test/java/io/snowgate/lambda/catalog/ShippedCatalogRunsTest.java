package io.snowgate.lambda.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of the catalog Snowgate ships (`queries/catalog.yaml`) runs on the local stand-ins through the real
 * handler, so what `./snowgate invoke` and `local start-api` offer a new user works out of the box.
 */
class ShippedCatalogRunsTest {

    private static final Path SHIPPED = Path.of("..", "queries", "catalog.yaml");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path keys;

    private final ObjectMapper json = new ObjectMapper();
    private LocalDeployment deployment;
    private UserKey key;
    private QueryFunction function;
    private ScheduledQueryHandler handler;

    @BeforeEach
    void deploy() {
        key = UserKey.generate(keys.resolve("key"), "shipped-catalog-passphrase");
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake()).install(key);
        SnowgateConfig testConfig = deployment.config(Duration.ofMinutes(15));
        SnowgateConfig shipped = new SnowgateConfig(testConfig.secretId(), testConfig.passphraseSecretId(),
                Optional.of(SHIPPED.toString()), testConfig.secretTtl(), testConfig.secretGrace(),
                testConfig.snowflakeUrl(), testConfig.apiTimeout());
        function = deployment.function(shipped, Clock.systemUTC(), Duration.ofMinutes(1));
        handler = new ScheduledQueryHandler(function);
    }

    @AfterEach
    void tearDown() {
        function.close();
        deployment.close();
    }

    private JsonNode run(String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("scheduled", TIMEOUT, Clock.systemUTC()));
        return json.readTree(out.toByteArray());
    }

    @Test
    void currentVersion_runs() throws IOException {
        assertThat(run("{\"query\":\"current_version\"}").get("rowCount").asInt()).isEqualTo(1);
    }

    @Test
    void warehouseCreditsByDay_runs_andBillsTheWarehouseItsStatementsRanIn() throws IOException {
        run("{\"query\":\"current_version\"}");

        JsonNode all = run("{\"query\":\"warehouse_credits_by_day\",\"params\":{\"days\":7}}");
        JsonNode one = run("{\"query\":\"warehouse_credits_by_day\",\"params\":{\"days\":7,"
                + "\"warehouse\":\"compute_wh\"}}");
        JsonNode other = run("{\"query\":\"warehouse_credits_by_day\",\"params\":{\"warehouse\":\"OTHER_WH\"}}");

        assertThat(all.get("rowCount").asInt()).isPositive();
        assertThat(all.get("rows").get(0).get("WAREHOUSE_NAME").asText()).isEqualTo("COMPUTE_WH");
        assertThat(all.get("rows").get(0).has("CREDITS_USED")).isTrue();
        assertThat(one.get("rowCount").asInt()).isEqualTo(all.get("rowCount").asInt());
        assertThat(other.get("rowCount").asInt()).isZero();
    }

    @Test
    void failedLogins_runs_andListsARefusedSignIn() throws IOException, SQLException {
        Instant before = Instant.now().minusSeconds(60);
        UserKey stranger = UserKey.generate(keys.resolve("stranger"), "stranger-passphrase");
        try {
            DriverManager.getConnection(standIns.snowflake().jdbcUrl(), standIns.snowflake().connectionProperties(
                    LocalDeployment.USER, new PrivateKeyReader().readPrivateKey(stranger.encryptedPem(),
                            Passphrase.of(stranger.passphrase())).privateKey())).close();
        } catch (SQLException expected) {
            // Refused: the key is not the user's.
        }

        JsonNode failed = run("{\"query\":\"failed_logins\",\"params\":{\"since\":\"" + before + "\"}}");
        JsonNode none = run("{\"query\":\"failed_logins\",\"params\":{\"since\":\"" + before + "\","
                + "\"user_name\":\"nobody\"}}");

        assertThat(failed.get("rowCount").asInt()).isEqualTo(1);
        JsonNode row = failed.get("rows").get(0);
        assertThat(row.get("USER_NAME").asText()).isEqualTo(LocalDeployment.USER);
        assertThat(row.get("FIRST_AUTHENTICATION_FACTOR").asText()).isEqualTo("RSA_KEYPAIR");
        assertThat(row.get("ERROR_MESSAGE").asText()).isEqualTo("JWT_TOKEN_INVALID_PUBLIC_KEY_FINGERPRINT_MISMATCH");
        assertThat(none.get("rowCount").asInt()).isZero();
    }
}
