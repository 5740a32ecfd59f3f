package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.secret.SecretsManagerClients;
import io.snowgate.lambda.testing.UserKey;
import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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

/** {@code local up --state-dir}: secrets and Snowflake users, keys rotated by SQL included, survive a restart. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LocalUpStateTest {

    private static final Pattern ENDPOINT = Pattern.compile("[a-z]+: (http://127\\.0\\.0\\.1:(\\d+))");
    private static final String USER = "SVC_STATE";

    @TempDir
    Path dir;

    /** One {@code local up} run in this JVM: its endpoints, its stderr, and how to stop it. */
    private record Up(Thread thread, CompletableFuture<Integer> exitCode, StringWriter err, URI secretsManager,
                      int snowflakePort) {
        int stop() throws Exception {
            thread.interrupt();
            return exitCode.get(20, TimeUnit.SECONDS);
        }
    }

    private Up start(Path state, Path publicKey) throws Exception {
        PipedReader printed = new PipedReader();
        PrintWriter out = new PrintWriter(new PipedWriter(printed), true);
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        Thread thread = new Thread(() -> exitCode.complete(SnowgateCommand.commandLine().setOut(out)
                .setErr(new PrintWriter(err, true))
                .execute("local", "up", "--secrets-port", "0", "--snowflake-port", "0", "--sts-port", "0",
                        "--region", "eu-west-1", "--account", "ORG-ACCT", "--state-dir", state.toString(),
                        "--user", USER + "=" + publicKey)), "local-up");
        thread.start();
        BufferedReader lines = new BufferedReader(printed);
        Matcher secrets = ENDPOINT.matcher(lines.readLine());
        Matcher snowflake = ENDPOINT.matcher(lines.readLine());
        assertThat(secrets.matches() && snowflake.matches()).as(err.toString()).isTrue();
        return new Up(thread, exitCode, err, URI.create(secrets.group(1)), Integer.parseInt(snowflake.group(2)));
    }

    @Test
    void secretsAndUsers_withKeysRotatedSinceStart_surviveARestart_inAnOwnerOnlyFile() throws Exception {
        UserKey first = UserKey.generate(dir.resolve("first"), "first-passphrase");
        UserKey second = UserKey.generate(dir.resolve("second"), "second-passphrase");
        Path state = dir.resolve("state");
        Path firstPublic = dir.resolve("first").resolve("rsa_key.pub");

        Up before = start(state, firstPublic);
        String arn;
        Map<String, List<String>> stages;
        try (SecretsManagerClient sdk = SecretsManagerClients.forLocalStandIn(before.secretsManager(), "eu-west-1")) {
            arn = sdk.createSecret(r -> r.name("snowgate/dev").secretString("{\"v\":1}")).arn();
            sdk.putSecretValue(r -> r.secretId("snowgate/dev").secretString("{\"v\":2}"));
            stages = sdk.describeSecret(r -> r.secretId("snowgate/dev")).versionIdsToStages();
        }
        String secondBody = String.join("", Files.readAllLines(dir.resolve("second").resolve("rsa_key.pub"))
                .stream().filter(line -> !line.startsWith("-----")).toList());
        try (Connection connection = signIn(before.snowflakePort(), first);
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER USER " + USER + " SET RSA_PUBLIC_KEY_2 = '" + secondBody + "'");
        }
        assertThat(before.stop()).isZero();
        assertThat(before.err().toString()).contains("snowgate: state saved in " + state.resolve("state.json"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("state.json"))))
                .isEqualTo("rw-------");

        // Started again with the same --user: the stored user, with its rotated key, wins over the option.
        Up after = start(state, firstPublic);
        try (SecretsManagerClient sdk = SecretsManagerClients.forLocalStandIn(after.secretsManager(), "eu-west-1")) {
            assertThat(sdk.describeSecret(r -> r.secretId("snowgate/dev")).arn()).isEqualTo(arn);
            assertThat(sdk.describeSecret(r -> r.secretId("snowgate/dev")).versionIdsToStages()).isEqualTo(stages);
            assertThat(sdk.getSecretValue(r -> r.secretId(arn)).secretString()).isEqualTo("{\"v\":2}");
        }
        try (Connection connection = signIn(after.snowflakePort(), second)) {
            assertThat(connection.isValid(5)).isTrue();
        }
        assertThat(after.stop()).isZero();
    }

    @Test
    void aStateFileLocalUpDidNotWrite_failsNamingTheFile_notItsContent() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("state.json"), "{\"secrets\":[{\"name\":\"x\",CANARY-state-secret");
        StringWriter err = new StringWriter();

        int exitCode = SnowgateCommand.commandLine().setErr(new PrintWriter(err, true))
                .execute("local", "up", "--secrets-port", "0", "--snowflake-port", "0", "--sts-port", "0",
                        "--state-dir", state.toString());

        assertThat(exitCode).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(err.toString()).contains(state.resolve("state.json") + " is not a state local up wrote")
                .doesNotContain("CANARY");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS) // were the rule served, local up would run until interrupted
    void aStoredRotationRuleRotateSecretRefuses_failsNamingTheSecretAndTheRule_notAValue() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        // As local up writes it, but with Minutes the guide refuses: an edit, or a state kept before the check.
        Files.writeString(state.resolve("state.json"), """
                {"secrets": [{"name": "snowgate/dev",
                  "arn": "arn:aws:secretsmanager:us-east-1:111122223333:secret:snowgate/dev-AbC123",
                  "created": "2026-01-01T00:00:00Z", "rotationEnabled": true,
                  "rotationLambdaArn": "arn:aws:lambda:us-east-1:111122223333:function:rotate",
                  "rotationSchedule": "cron(30 8 * * ? *)",
                  "versions": [{"id": "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE", "stages": ["AWSCURRENT"],
                    "secretString": "CANARY-state-secret", "created": "2026-01-01T00:00:00Z"}]}]}
                """);
        StringWriter err = new StringWriter();

        int exitCode = SnowgateCommand.commandLine().setErr(new PrintWriter(err, true))
                .execute("local", "up", "--secrets-port", "0", "--snowflake-port", "0", "--sts-port", "0",
                        "--state-dir", state.toString());

        assertThat(exitCode).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(err.toString()).contains("snowgate: secret snowgate/dev was stored with rotation rules"
                + " RotateSecret refuses: Invalid ScheduleExpression cron(30 8 * * ? *): Minutes must be 0")
                .doesNotContain("CANARY");
    }

    private static Connection signIn(int port, UserKey key) throws SQLException {
        Properties properties = new Properties();
        properties.put("account", "ORG-ACCT");
        properties.put("user", USER);
        properties.put("privateKey", new PrivateKeyReader().readPrivateKey(key.encryptedPem(),
                Passphrase.of(key.passphrase())).privateKey());
        properties.put("disablePlatformDetection", "true");
        return DriverManager.getConnection("jdbc:snowflake://127.0.0.1:" + port + "/?ssl=off", properties);
    }
}
