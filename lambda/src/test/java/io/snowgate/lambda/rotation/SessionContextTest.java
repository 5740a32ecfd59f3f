package io.snowgate.lambda.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The key check's context checks ({@code USE ...} of what the secret names) against the stand-ins, real driver. */
class SessionContextTest {

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path keys;

    private LocalDeployment deployment;
    private UserKey key;

    @BeforeEach
    void deploy() {
        key = UserKey.generate(keys.resolve("key"), "context-passphrase");
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake()).install(key);
    }

    @AfterEach
    void tearDown() {
        deployment.close();
    }

    private List<ContextCheck> context() throws Exception {
        JsonLog quiet = new JsonLog(new PrintStream(OutputStream.nullOutputStream()), new ObjectMapper(),
                Clock.systemUTC());
        return new KeyVerifier(Clock.systemUTC(), quiet).verify(new AwsSecretSource(deployment.client()),
                LocalDeployment.SECRET_ID, Optional.empty(),
                Optional.of(new SnowflakeEndpoint("http", "127.0.0.1", standIns.snowflake().port())),
                Deadline.in(Duration.ofSeconds(30), Clock.systemUTC()), true).context();
    }

    @Test
    void aWarehouseDatabaseAndSchemaThatExist_passEachCheck_theSchemaNamedWithItsDatabase() throws Exception {
        String database = standIns.snowflake().config().database();

        List<ContextCheck> context = context();

        assertThat(context).allSatisfy(check -> assertThat(check.ok()).as(check.field()).isTrue());
        assertThat(context).extracting(ContextCheck::field, ContextCheck::name).containsExactly(
                tuple("warehouse", SnowflakeStandIn.DEFAULT_WAREHOUSE), tuple("database", database),
                tuple("schema", database + ".PUBLIC"));
    }

    @Test
    void aWarehouseThatDoesNotExist_failsTheWarehouseCheckAlone_withSnowflakesCode() throws Exception {
        deployment.storeSecret(deployment.secretJson(key, true, Optional.of("NO_SUCH_WH")));

        List<ContextCheck> context = context();

        assertThat(context).filteredOn(check -> !check.ok()).singleElement().satisfies(check -> {
            assertThat(check.field()).isEqualTo("warehouse");
            assertThat(check.name()).isEqualTo("NO_SUCH_WH");
            assertThat(check.errorCode()).contains(2043);
            assertThat(check.sqlState()).contains("02000");
        });
        assertThat(context).extracting(ContextCheck::field).containsExactly("warehouse", "database", "schema");
    }
}
