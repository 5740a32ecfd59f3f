package io.snowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.RsaKeyGenerator;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.session.JdbcSnowflakeSessions;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code snowgate demo}: the main job end to end on the local stand-ins, nothing leaving 127.0.0.1. An administrator
 * registers a fresh key on a {@code TYPE = SERVICE} user, the secret is stored exactly as the Glue recipe lays it
 * out, and the real scheduled handler runs the recipe's query, cold and then warm.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run Snowgate end to end against local stand-ins of Secrets Manager and Snowflake.")
final class DemoCommand implements Runnable {

    static final String ACCOUNT = "myorg-analytics";
    static final String ADMIN = "DEMO_ADMIN";
    static final String SERVICE_USER = "SVC_SNOWGATE";
    static final String SECRET_ID = "snowgate/demo/snowflake";
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(30);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ObjectMapper json = new ObjectMapper();
    private PrintWriter out;
    private int step;

    @Override
    public void run() {
        out = spec.commandLine().getOut();
        out.println("Snowgate demo: the real handler, AWS SDK and snowflake-jdbc against local stand-ins on 127.0.0.1");
        try (LocalStandIns standIns = LocalStandIns.start(new LocalStandIns.Options(0, 0, ACCOUNT, Map.of()));
             SecretsManagerClient secrets = client(standIns.secretsManager())) {
            standIns.endpoints().forEach(endpoint -> out.println("  " + endpoint));
            run(standIns, secrets);
        } catch (SQLException e) {
            throw new CommandFailedException("demo failed in Snowflake: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailedException("demo failed: " + e.getMessage(), e);
        }
        out.flush();
    }

    private void run(LocalStandIns standIns, SecretsManagerClient secrets) throws SQLException, IOException {
        SnowflakeStandIn snowflake = standIns.snowflake();
        KeyPem pem = new KeyPem();

        RsaKeyPair adminKey = RsaKeyGenerator.generate();
        snowflake.createAdminUser(ADMIN, pem.publicKey(adminKey.publicKey()));

        step("Generate the service user's key pair (RSA 2048, PKCS#8 encrypted with AES-256 and a random passphrase)");
        RsaKeyPair serviceKey = RsaKeyGenerator.generate();
        String passphrase = randomPassphrase();
        String encrypted = pem.privateKeyPkcs8(serviceKey, Passphrase.of(passphrase));
        out.println("  fingerprint " + serviceKey.fingerprint());

        step("As an administrator, create the TYPE = SERVICE user holding the public key");
        String create = "CREATE USER " + SERVICE_USER + " TYPE = SERVICE RSA_PUBLIC_KEY = '"
                + KeyPem.publicKeyBody(serviceKey.publicKey()) + "'";
        try (Connection admin = DriverManager.getConnection(snowflake.jdbcUrl(),
                snowflake.connectionProperties(ADMIN, adminKey.privateKey()));
             Statement statement = admin.createStatement()) {
            statement.execute(create);
            out.println("  " + create.substring(0, create.indexOf("RSA_PUBLIC_KEY") + 20) + "...'");
            try (ResultSet rows = statement.executeQuery("DESC USER " + SERVICE_USER)) {
                while (rows.next()) {
                    if (rows.getString(1).equals("RSA_PUBLIC_KEY_FP")) {
                        out.println("  DESC USER: RSA_PUBLIC_KEY_FP = " + rows.getString(2));
                    }
                }
            }
        }

        step("Store the secret as the Glue recipe lays it out (key body and passphrase), through the AWS SDK");
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("user", SERVICE_USER);
        secret.put("account", ACCOUNT);
        secret.put("warehouse", "COMPUTE_WH");
        secret.put("database", snowflake.config().database());
        secret.put("schema", "PUBLIC");
        secret.put("role", "");
        secret.put("private_key", encrypted.lines().filter(line -> !line.startsWith("-----"))
                .reduce((a, b) -> a + "\n" + b).orElseThrow());
        secret.put("private_key_passphrase", passphrase);
        String secretString = json.writeValueAsString(secret);
        String arn = secrets.createSecret(r -> r.name(SECRET_ID).secretString(secretString)).arn();
        out.println("  " + arn + " with fields " + secret.keySet());

        SnowgateConfig config = new SnowgateConfig(SECRET_ID, Optional.empty(), Optional.empty(),
                SnowgateConfig.DEFAULT_SECRET_TTL, Optional.of(new SnowflakeEndpoint("http", "127.0.0.1",
                        snowflake.port())));
        try (QueryFunction function = QueryFunction.create(config, new AwsSecretSource(secrets), Clock.systemUTC(),
                JdbcSnowflakeSessions.DEFAULT_VALIDATE_AFTER_IDLE, functionLog())) {
            ScheduledQueryHandler scheduled = new ScheduledQueryHandler(function, Clock.systemUTC());
            String event = "{\"query\":\"current_version\",\"params\":{}}";

            step("Invoke the scheduled handler, cold, as EventBridge Scheduler would: " + event);
            scheduledRun(scheduled, event, standIns);

            step("Invoke it again, warm: the secret and the Snowflake session are reused");
            scheduledRun(scheduled, event, standIns);
        }
        out.println();
        out.println("Done. Stand-ins stopped; nothing left this machine.");
    }

    private void scheduledRun(ScheduledQueryHandler handler, String event, LocalStandIns standIns)
            throws IOException {
        long fetches = standIns.secretsManager().counters().count("GetSecretValue");
        long logins = standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN);
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        long start = System.nanoTime();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), result,
                new LocalContext("snowgate-demo-scheduled", INVOCATION_TIMEOUT, Clock.systemUTC()));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        JsonNode answer = json.readTree(result.toByteArray());
        out.println("  result: " + compact(answer));
        out.println("  " + millis + " ms, " + (standIns.secretsManager().counters().count("GetSecretValue") - fetches)
                + " GetSecretValue call(s), " + (standIns.snowflake().counters().count(SnowflakeStandIn.LOGIN) - logins)
                + " Snowflake login(s)");
    }

    /** The function's own JSON log lines, indented under the step that wrote them. */
    private java.io.PrintStream functionLog() {
        return new java.io.PrintStream(new java.io.OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b != '\n') {
                    line.write(b);
                    return;
                }
                out.println("  log: " + line.toString(StandardCharsets.UTF_8));
                out.flush();
                line.reset();
            }
        }, true, StandardCharsets.UTF_8);
    }

    private String compact(JsonNode answer) throws IOException {
        ObjectNode shown = answer.deepCopy();
        shown.remove("elapsedMs");
        return json.writeValueAsString(shown);
    }

    private void step(String title) {
        out.println();
        out.println(++step + ". " + title);
        out.flush();
    }

    private static String randomPassphrase() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static SecretsManagerClient client(SecretsManagerStandIn standIn) {
        // Explicit region and static credentials: the demo never looks for real AWS credentials or endpoints.
        return SecretsManagerClient.builder()
                .endpointOverride(standIn.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("demo", "demo")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
