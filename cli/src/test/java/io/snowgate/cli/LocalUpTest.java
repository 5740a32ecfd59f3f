package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.secret.SecretsManagerClients;
import io.snowgate.lambda.testing.UserKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalUpTest {

    private static final Pattern ENDPOINT_LINE = Pattern.compile("secretsmanager: (http://127\\.0\\.0\\.1:(\\d+))");
    private static final Pattern SNOWFLAKE_LINE = Pattern.compile("snowflake: (http://127\\.0\\.0\\.1:(\\d+))");

    /** A client of {@code standIn} as {@code local up} builds its own: its endpoint and region, its default key. */
    static SecretsManagerClient client(SecretsManagerStandIn standIn) {
        return client(standIn.endpoint(), standIn.region());
    }

    /** A client of the Secrets Manager stand-in {@code local up} printed, in the region it was given. */
    static SecretsManagerClient client(URI endpoint, String region) {
        return SecretsManagerClients.forLocalStandIn(endpoint, region);
    }

    /** {@code local up} run in this JVM on free ports: what it prints, its stderr, and its exit once interrupted. */
    private static final class InProcessLocalUp {
        final BufferedReader lines;
        final StringWriter err = new StringWriter();
        private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        private final Thread thread;

        InProcessLocalUp(String... options) throws IOException {
            PipedReader printed = new PipedReader();
            PrintWriter out = new PrintWriter(new PipedWriter(printed), true);
            List<String> args = new ArrayList<>(List.of("local", "up", "--secrets-port", "0", "--snowflake-port", "0",
                    "--sts-port", "0"));
            args.addAll(List.of(options));
            thread = new Thread(() -> exitCode.complete(SnowgateCommand.commandLine().setOut(out)
                    .setErr(new PrintWriter(err, true)).execute(args.toArray(String[]::new))), "local-up");
            thread.start();
            lines = new BufferedReader(printed);
        }

        /** Interrupts it, as Ctrl-C's shutdown would stop it; its exit code. */
        int stop() throws Exception {
            thread.interrupt();
            return exitCode.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void localUp_printsTheSecretsManagerEndpoint_servesTheSdk_andStopsWhenInterrupted() throws Exception {
        InProcessLocalUp up = new InProcessLocalUp();

        String line = up.lines.readLine();
        Matcher endpoint = ENDPOINT_LINE.matcher(line);
        assertThat(endpoint.matches()).as(line).isTrue();
        URI uri = URI.create(endpoint.group(1));
        try (SecretsManagerClient sdk = client(uri, SecretsManagerStandIn.DEFAULT_REGION)) {
            sdk.createSecret(r -> r.name("snowgate/local").secretString("hello"));
            assertThat(sdk.getSecretValue(r -> r.secretId("snowgate/local")).secretString()).isEqualTo("hello");
        }

        assertThat(up.stop()).isZero();
        assertThatThrownBy(() -> new Socket("127.0.0.1", uri.getPort()).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void localUp_withSnowflakeOptions_servesTheServiceUser_onThePrintedSnowflakeEndpoint(@TempDir Path dir)
            throws Exception {
        UserKey key = UserKey.generate(dir, "local-up-passphrase");
        InProcessLocalUp up = new InProcessLocalUp("--account", "ORG-ACCT", "--user",
                "SVC_LOCAL=" + dir.resolve("rsa_key.pub"));

        BufferedReader lines = up.lines;
        assertThat(ENDPOINT_LINE.matcher(lines.readLine()).matches()).isTrue();
        Matcher snowflake = SNOWFLAKE_LINE.matcher(lines.readLine());
        assertThat(snowflake.matches()).isTrue();
        Properties properties = new Properties();
        properties.put("account", "ORG-ACCT");
        properties.put("user", "SVC_LOCAL");
        properties.put("privateKey", new PrivateKeyReader().readPrivateKey(key.encryptedPem(),
                Passphrase.of(key.passphrase())).privateKey());
        properties.put("disablePlatformDetection", "true");
        properties.put("JDBC_QUERY_RESULT_FORMAT", "JSON");
        try (Connection connection = DriverManager.getConnection(
                "jdbc:snowflake://127.0.0.1:" + snowflake.group(2) + "/?ssl=off", properties);
                ResultSet user = connection.createStatement().executeQuery("SELECT CURRENT_USER()")) {
            assertThat(user.next()).isTrue();
            assertThat(user.getString(1)).isEqualTo("SVC_LOCAL");
        }

        assertThat(up.stop()).isZero();
    }

    @Test
    void localUp_printsEachRefusedLoginWithItsReason_andListsRefusalsAndPlannedFaultsOnGet(@TempDir Path dir)
            throws Exception {
        UserKey.generate(dir.resolve("registered"), "registered-passphrase");
        UserKey other = UserKey.generate(dir.resolve("other"), "other-passphrase");
        InProcessLocalUp up = new InProcessLocalUp("--account", "ORG-ACCT", "--user",
                "SVC_LOCAL=" + dir.resolve("registered").resolve("rsa_key.pub"));
        BufferedReader lines = up.lines;
        lines.readLine();
        Matcher snowflake = SNOWFLAKE_LINE.matcher(lines.readLine());
        assertThat(snowflake.matches()).isTrue();
        URI admin = URI.create(snowflake.group(1) + "/_snowgate/");
        Properties properties = new Properties();
        properties.put("account", "ORG-ACCT");
        properties.put("user", "SVC_LOCAL");
        properties.put("privateKey", new PrivateKeyReader().readPrivateKey(other.encryptedPem(),
                Passphrase.of(other.passphrase())).privateKey());
        properties.put("disablePlatformDetection", "true");

        assertThatThrownBy(() -> DriverManager.getConnection(
                "jdbc:snowflake://127.0.0.1:" + snowflake.group(2) + "/?ssl=off", properties).close())
                .isInstanceOfSatisfying(java.sql.SQLException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(394304));

        Matcher refusal = Pattern.compile("snowflake: login refused for user SVC_LOCAL: FINGERPRINT_NOT_REGISTERED"
                + " \\(JWT_TOKEN_INVALID_PUBLIC_KEY_FINGERPRINT_MISMATCH\\), code 394304, login failure id"
                + " ([0-9a-f-]{36})").matcher(up.err.toString());
        assertThat(refusal.find()).as(up.err.toString()).isTrue();
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            String failures = http.send(java.net.http.HttpRequest.newBuilder(admin.resolve("login-failures")).GET()
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(failures).contains("\"id\":\"" + refusal.group(1) + "\"")
                    .contains("\"reason\":\"FINGERPRINT_NOT_REGISTERED\"");

            // README: a fault without "times" fires once.
            http.send(java.net.http.HttpRequest.newBuilder(admin.resolve("faults"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"kind\":\"login\",\"status\":503}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            String faults = http.send(java.net.http.HttpRequest.newBuilder(admin.resolve("faults")).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(faults).contains("{\"kind\":\"login\",\"times\":1,\"status\":503,");
        }

        assertThat(up.stop()).isZero();
    }

    /**
     * A rotation that keeps failing stops after its last attempt with nothing else to show for it: rotate-secret
     * answered long before, and the function's log says only why each step failed. local up says how it ended.
     */
    @Test
    void localUp_printsHowEachRotationEnded_namingTheLastAttemptsStepAndWhatItLeaves() throws Exception {
        InProcessLocalUp up = new InProcessLocalUp();
        Matcher endpoint = ENDPOINT_LINE.matcher(up.lines.readLine());
        assertThat(endpoint.matches()).isTrue();
        try (SecretsManagerClient sdk = client(URI.create(endpoint.group(1)), SecretsManagerStandIn.DEFAULT_REGION)) {
            // Not a Snowflake secret: the rotation function's createSecret refuses it on every attempt.
            String arn = sdk.createSecret(r -> r.name("snowgate/broken").secretString("{\"user\": \"SVC\"}")).arn();
            String token = sdk.rotateSecret(r -> r.secretId(arn)
                    .rotationLambdaARN("arn:aws:lambda:us-east-1:111122223333:function:snowgate-rotation")).versionId();

            String line = Eventually.await("local up's line for the failed rotation", Duration.ofSeconds(30),
                    () -> up.err.toString().lines().filter(l -> l.startsWith("secretsmanager: rotation of ")).toList(),
                    lines -> !lines.isEmpty()).getFirst();
            assertThat(line).startsWith("secretsmanager: rotation of " + arn + " to version " + token
                            + " failed after 3 attempts, the last at createSecret: ")
                    .endsWith("; AWSPENDING stays on that version, and rotate-secret fails until the rotation is"
                            + " resumed or abandoned (README: Rotating the key pair, Roll back)");
        }

        assertThat(up.stop()).isZero();
    }

    @Test
    void localUp_withRegionAndAccountId_givesArnsInThem() throws Exception {
        InProcessLocalUp up = new InProcessLocalUp("--region", "eu-central-1", "--account-id", "123456789012");

        Matcher endpoint = ENDPOINT_LINE.matcher(up.lines.readLine());
        assertThat(endpoint.matches()).isTrue();
        try (SecretsManagerClient sdk = client(URI.create(endpoint.group(1)), "eu-central-1")) {
            String arn = sdk.createSecret(r -> r.name("snowgate/local").secretString("hello")).arn();
            assertThat(arn).matches("arn:aws:secretsmanager:eu-central-1:123456789012:secret:snowgate/local-\\w{6}");
            assertThat(sdk.describeSecret(r -> r.secretId(arn)).primaryRegion()).isEqualTo("eu-central-1");
        }

        assertThat(up.stop()).isZero();
    }

    @Test
    void localUp_withoutRegionAndAccountId_keepsTheDefaults_andRefusesMalformedOnesAsUsageErrors() {
        try (LocalStandIns defaults = LocalStandIns.start(LocalStandIns.Options.defaults());
                SecretsManagerClient sdk = client(defaults.secretsManager())) {
            assertThat(sdk.createSecret(r -> r.name("s").secretString("v")).arn())
                    .startsWith("arn:aws:secretsmanager:us-east-1:111122223333:secret:s-");
        }
        for (List<String> wrong : List.of(List.of("--region", "Europe"), List.of("--account-id", "1234"))) {
            StringWriter err = new StringWriter();
            List<String> args = new java.util.ArrayList<>(List.of("local", "up", "--secrets-port", "0",
                    "--snowflake-port", "0", "--sts-port", "0"));
            args.addAll(wrong);

            int exitCode = SnowgateCommand.commandLine().setErr(new PrintWriter(err))
                    .execute(args.toArray(String[]::new));

            assertThat(exitCode).as(wrong.getFirst()).isEqualTo(picocli.CommandLine.ExitCode.USAGE);
            assertThat(err.toString()).contains(wrong.getFirst() + " must be");
        }
    }

    @Test
    void localUp_takenPort_failsNamingThePort() throws Exception {
        try (LocalStandIns first = LocalStandIns.start(LocalStandIns.Options.defaults())) {
            int taken = first.secretsManager().port();
            StringWriter err = new StringWriter();

            int exitCode = SnowgateCommand.commandLine().setErr(new PrintWriter(err))
                    .execute("local", "up", "--secrets-port", Integer.toString(taken), "--snowflake-port", "0",
                            "--sts-port", "0");

            assertThat(exitCode).isEqualTo(CliFailureHandler.FAILURE);
            assertThat(err.toString()).contains("cannot bind 127.0.0.1:" + taken)
                    .contains("choose another with --secrets-port, --snowflake-port or --sts-port");
        }
    }

    /**
     * The real thing: {@code local up} in its own JVM prints its endpoint, a second JVM finds it through the
     * standard variables alone ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, and the region and access key the stand-in
     * checks signatures for, as the README exports them), and SIGTERM stops the first cleanly.
     */
    @Test
    void localUp_asAProcess_onTheDocumentedPorts_servesAnSdkConfiguredByEnvironment_andStopsOnSigterm()
            throws Exception {
        Process up = java(List.of(Main.class.getName(), "local", "up"), null);
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(up.getInputStream(),
                    StandardCharsets.UTF_8));
            Matcher endpoint = ENDPOINT_LINE.matcher(stdout.readLine());
            assertThat(endpoint.matches()).isTrue();
            assertThat(List.of(endpoint.group(1), stdout.readLine(), stdout.readLine())).as("README, local up")
                    .containsExactly("http://127.0.0.1:7911", "snowflake: http://127.0.0.1:7912",
                            "sts: http://127.0.0.1:7913");

            Process probe = java(List.of(EndpointFromEnvironmentProbe.class.getName()), endpoint.group(1));
            String probeOutput = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(probe.waitFor()).as(new String(probe.getErrorStream().readAllBytes(),
                    StandardCharsets.UTF_8)).isZero();
            assertThat(probeOutput.strip()).isEqualTo(EndpointFromEnvironmentProbe.VALUE);

            // SIGTERM through the process handle: Process.destroy() would also close our end of its pipes.
            assertThat(up.toHandle().destroy()).isTrue();
            assertThat(up.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(up.exitValue()).isEqualTo(128 + 15);
            assertThat(new String(up.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("snowgate: local stand-ins stopped");
            int port = Integer.parseInt(endpoint.group(2));
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        } finally {
            up.destroyForcibly();
        }
    }

    private static Process java(List<String> arguments, String secretsEndpoint) throws IOException {
        return ChildJvm.start(arguments, secretsEndpoint == null
                ? java.util.Map.of()
                : java.util.Map.of("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsEndpoint,
                        "AWS_REGION", SecretsManagerStandIn.DEFAULT_REGION,
                        "AWS_ACCESS_KEY_ID", SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID,
                        "AWS_SECRET_ACCESS_KEY", SecretsManagerStandIn.DEFAULT_SECRET_ACCESS_KEY));
    }
}
