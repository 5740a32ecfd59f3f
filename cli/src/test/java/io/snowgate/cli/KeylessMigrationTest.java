package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.contract.secret.SecretField;
import io.snowgate.contract.secret.SecretLayout;
import io.snowgate.emulator.junit5.AwsCredentialProperties;
import io.snowgate.emulator.sts.LocalAwsCredentials;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.config.WorkloadIdentityConfig;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.RsaKeyGenerator;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.schedule.ScheduledRunFailedException;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.snowflake.AccountIdentifier;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.snowflake.WorkloadIdentityMethod;
import io.snowgate.lambda.testing.UserKey;
import io.snowgate.lambda.testing.WorkloadIdentityDeployment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The README's migration from key pair to keyless, walked on {@code local up}'s stand-ins with no failed invocation:
 * the key-pair function serves; the service user is told to trust the functions' roles too (its keys keep working);
 * the keyless function is deployed and serves beside the old one, as Lambda's versions overlap during a deploy;
 * {@code verify --workload-identity} confirms it; then the keys are unset and the secret deleted, and the keyless
 * function keeps serving new sessions while the key-pair one can no longer sign in.
 */
class KeylessMigrationTest {

    private static final String USER = "SVC_SNOWGATE";
    private static final String SECRET_ID = "snowgate/snowflake";
    private static final String EVENT = "{\"query\":\"current_version\",\"params\":{}}";
    /** The role the functions already run as in key-pair mode: the CDK app's ScheduledFunctionRoleArn output. */
    private static final String ROLE = "arn:aws:iam::123456789012:role/Snowgate-ScheduledQueryRole-1AB2C3D4";

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final RsaKeyPair adminKey = RsaKeyGenerator.generate();

    @Test
    void keyPairToKeyless_withoutAFailedInvocation_thenKeysUnsetAndSecretDeleted() throws Exception {
        UserKey key = UserKey.generate(dir.resolve("keys"), "migration-passphrase");
        try (LocalStandIns standIns = LocalStandIns.start(new LocalStandIns.Options(0, 0, "myorg-dev",
                Map.of(USER, dir.resolve("keys").resolve("rsa_key.pub")), WorkloadIdentityDeployment.REGION,
                "123456789012"))) {
            SecretsManagerClient secrets = standIns.secretsManagerClient();
            secrets.createSecret(r -> r.name(SECRET_ID).secretString(secret(key, standIns)));
            standIns.snowflake().createAdminUser("ADMIN", new KeyPem().publicKey(adminKey.publicKey()));

            // Before: the key-pair function serves.
            QueryFunction keyPair = QueryFunction.create(SnowgateConfig.of(SECRET_ID, Optional.empty(),
                    Optional.empty(), SnowgateConfig.DEFAULT_SECRET_TTL,
                    Optional.of(new SnowflakeEndpoint("http", "127.0.0.1", standIns.snowflake().port()))),
                    new AwsSecretSource(secrets), Clock.systemUTC(), Duration.ZERO, quiet());
            ScheduledQueryHandler before = new ScheduledQueryHandler(keyPair);
            assertThat(invoke(before).path("rowCount").asInt()).isEqualTo(1);

            // 1. The user trusts the roles too, as the README's ALTER USER says; its keys keep working.
            admin(standIns, "ALTER USER " + USER + " ADD WORKLOAD IDENTITY SNOWGATE_SCHEDULED TYPE = AWS ARN = '"
                    + ROLE + "'");
            standIns.snowflake().endSessions(USER);
            assertThat(invoke(before).path("rowCount").asInt()).isEqualTo(1);

            // 2. Deploy with auth=workload-identity: the same role, now with no secret; old and new serve side by side.
            LocalAwsCredentials role = standIns.sts().issueRoleCredentials(ROLE, "ScheduledQuery", Duration.ofHours(1));
            try (AwsCredentialProperties lambdaGivesTheRole = AwsCredentialProperties.set(role.accessKeyId(),
                    role.secretAccessKey(), role.sessionToken());
                    QueryFunction keyless = QueryFunction.create(keylessConfig(standIns), failingSecrets(),
                            Clock.systemUTC(), Duration.ZERO, quiet())) {
                ScheduledQueryHandler after = new ScheduledQueryHandler(keyless);
                List<JsonNode> answers = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    answers.add(invoke(before));
                    answers.add(invoke(after));
                }
                assertThat(answers).allSatisfy(answer -> assertThat(answer.path("rowCount").asInt()).isEqualTo(1));

                // 3. Confirm with verify, from a shell holding the role's credentials.
                String verified = verify(standIns, role);
                assertThat(verified).contains("role works\n")
                        .contains("presented arn:aws:sts::123456789012:assumed-role/Snowgate-ScheduledQueryRole-1AB2C3D4"
                                + "/ScheduledQuery\n")
                        .contains("workload identity SNOWGATE_SCHEDULED ");

                // 4. Unset the keys and delete the secret: keyless keeps serving, even a new session.
                admin(standIns, "ALTER USER " + USER + " UNSET RSA_PUBLIC_KEY");
                admin(standIns, "ALTER USER " + USER + " UNSET RSA_PUBLIC_KEY_2");
                secrets.deleteSecret(r -> r.secretId(SECRET_ID).recoveryWindowInDays(7L));
                standIns.snowflake().endSessions(USER);
                assertThat(invoke(after).path("rowCount").asInt()).isEqualTo(1);
                assertThat(standIns.snowflake().publicKeyFingerprint(USER, 1)).isEmpty();
                assertThat(secrets.describeSecret(r -> r.secretId(SECRET_ID)).deletedDate()).isNotNull();
                // The key pair is gone for good: Snowflake refuses the cached key, and the one read of the secret
                // that a refusal makes finds it deleted.
                assertThatThrownBy(() -> invoke(before)).isInstanceOfSatisfying(ScheduledRunFailedException.class,
                        e -> assertThat(e.failure().code()).isEqualTo("SECRET_UNAVAILABLE"));
            } finally {
                keyPair.close();
            }
        }
    }

    private static SnowgateConfig keylessConfig(LocalStandIns standIns) {
        return SnowgateConfig.workloadIdentity(new WorkloadIdentityConfig(AccountIdentifier.parse("myorg-dev"), USER,
                        Optional.empty(), Optional.of(standIns.snowflake().config().database()), Optional.of("PUBLIC"),
                        Optional.empty(), ROLE, WorkloadIdentityMethod.CALLER_IDENTITY,
                        Optional.of(new SnowflakeEndpoint("http", "127.0.0.1", standIns.sts().port()))),
                Optional.empty(), Optional.of(new SnowflakeEndpoint("http", "localhost", standIns.snowflake().port())));
    }

    private static io.snowgate.lambda.secret.SecretSource failingSecrets() {
        return (secretId, deadline) -> {
            throw new AssertionError("the keyless function read secret " + secretId);
        };
    }

    private String secret(UserKey key, LocalStandIns standIns) {
        Map<SecretField, String> fields = new EnumMap<>(SecretField.class);
        fields.put(SecretField.ACCOUNT, "myorg-dev");
        fields.put(SecretField.USER, USER);
        fields.put(SecretField.DATABASE, standIns.snowflake().config().database());
        fields.put(SecretField.SCHEMA, "PUBLIC");
        fields.put(SecretField.PRIVATE_KEY, key.body());
        fields.put(SecretField.PASSPHRASE, key.passphrase());
        return SecretLayout.write(fields);
    }

    private JsonNode invoke(ScheduledQueryHandler handler) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(EVENT.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("migration", Duration.ofSeconds(30), Clock.systemUTC()));
        return json.readTree(out.toByteArray());
    }

    private void admin(LocalStandIns standIns, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(standIns.snowflake().jdbcUrl(),
                connectionProperties(standIns));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private java.util.Properties connectionProperties(LocalStandIns standIns) {
        java.util.Properties properties = standIns.snowflake().connectionProperties("ADMIN", adminKey.privateKey());
        properties.put("account", "myorg-dev");
        return properties;
    }

    /** {@code snowgate verify --workload-identity} in its own JVM, as from a shell after assume-role. */
    private String verify(LocalStandIns standIns, LocalAwsCredentials role) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_ACCESS_KEY_ID", role.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", role.secretAccessKey());
        environment.put("AWS_SESSION_TOKEN", role.sessionToken());
        environment.put("AWS_REGION", WorkloadIdentityDeployment.REGION);
        environment.put("AWS_ENDPOINT_URL_STS", standIns.sts().endpoint().toString());
        environment.put("SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES", "localhost");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = ChildJvm.start(List.of(Main.class.getName(), "verify", "--workload-identity", "--account",
                "myorg-dev", "--user", USER, "--snowflake-url", "http://localhost:" + standIns.snowflake().port()),
                environment, Set.of("AWS_PROFILE"));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err + out).isZero();
        return out;
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
