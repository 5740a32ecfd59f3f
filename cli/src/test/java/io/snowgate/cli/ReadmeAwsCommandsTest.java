package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.emulator.junit5.AwsCli;
import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.emulator.secretsmanager.Rotation;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.secretsmanager.StagingLabels;
import io.snowgate.emulator.server.Fault;
import io.snowgate.lambda.key.Fingerprints;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.secret.SnowflakeSecret;
import io.snowgate.lambda.secret.SnowflakeSecrets;
import io.snowgate.lambda.testing.UserKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Runs every {@code aws secretsmanager} command of the README's code blocks, with the installed AWS CLI (v1 or v2),
 * against {@code local up}'s stand-ins with Snowgate's rotation function behind them: what the README tells
 * operators to type works as written. Each block's statements that call {@code aws secretsmanager} run together in
 * one bash, so variables they set reach the next; what a block takes from outside (files, secrets the CDK stack
 * creates, a rotation that stopped midway) is prepared here before it runs.
 */
class ReadmeAwsCommandsTest {

    private static final Path README = Path.of("../README.md");
    private static final String SECRET_ID = "snowgate/snowflake";
    private static final String PASSPHRASE_SECRET_ID = "snowgate/snowflake-passphrase";
    private static final String USER = "SVC_SNOWGATE";
    private static final String ACCOUNT = "myorg-dev";
    private static final String PASSPHRASE = "readme-passphrase";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private LocalStandIns standIns;
    private SecretsManagerClient client;
    private AwsCli cli;
    private UserKey key;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void up() {
        key = UserKey.generate(dir.resolve("keys"), PASSPHRASE);
        standIns = LocalStandIns.start(new LocalStandIns.Options(0, 0, ACCOUNT,
                Map.of(USER, dir.resolve("keys").resolve("rsa_key.pub")), "eu-west-1", "123456789012"));
        client = LocalUpTest.client(standIns.secretsManager());
        cli = AwsCli.against(standIns.secretsManager().endpoint(), standIns.secretsManager().region(),
                SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID, SecretsManagerStandIn.DEFAULT_SECRET_ACCESS_KEY, dir);
    }

    @AfterEach
    void down() {
        standIns.close();
        client.close();
    }

    /**
     * One README code block: where it starts, its statements that call {@code aws secretsmanager}, and all its lines
     * (for a step whose other commands make what those statements send).
     */
    record Block(int line, List<String> statements, List<String> lines) {
        String script() {
            return String.join("\n", statements);
        }

        boolean has(String text) {
            return script().contains(text);
        }
    }

    @Test
    void everyAwsSecretsmanagerCommandInTheReadme_worksAgainstLocalUp() throws IOException {
        List<Block> blocks = blocks(Files.readAllLines(README));
        Map<String, Consumer<Block>> runbook = new LinkedHashMap<>();
        runbook.put("create-secret --name snowgate/dev", this::tryAHandlerLocally);
        runbook.put("--secret-string file://secret.json", this::putTheKeyIn);
        runbook.put("--rotation-lambda-arn", this::rotateByHand);
        runbook.put("--version-stage AWSCURRENT", this::rollBack);
        runbook.put("--client-request-token \"$PENDING\"", this::resumeAStoppedRotation);
        runbook.put("--version-stage AWSPENDING", this::abandonAStoppedRotation);
        runbook.put("delete-secret --secret-id snowgate/snowflake", this::deleteTheSecretAfterGoingKeyless);

        assertThat(blocks).as("README blocks calling aws secretsmanager, in order; a new one needs a step here")
                .hasSameSizeAs(runbook.keySet());
        List<String> steps = new ArrayList<>(runbook.keySet());
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            assertThat(block.has(steps.get(i))).as("README block at line %d is the step '%s':%n%s", block.line(),
                    steps.get(i), block.script()).isTrue();
            runbook.get(steps.get(i)).accept(block);
        }
    }

    /**
     * The secret the block creates is one the block's next lines ({@code ./snowgate invoke}) sign in with: as the user
     * the block's {@code local up} holds the key of, on that key and its passphrase.
     */
    private void tryAHandlerLocally(Block block) {
        run(block);
        JsonNode stored = readJson(client.getSecretValue(r -> r.secretId("snowgate/dev")).secretString());
        assertThat(stored.get("account").asText()).isEqualTo(ACCOUNT);
        assertThat(stored.get("private_key").asText()).isEqualTo(key.encryptedPem());
        assertThat(stored.get("private_key_passphrase").asText()).isEqualTo(PASSPHRASE);
        try (AwsSdkProperties sdk = new AwsSdkProperties(standIns.secretsManager())) {
            CliRun verify = CliRun.run(Map.of(), "verify", "--secret-id", "snowgate/dev", "--snowflake-url",
                    standIns.snowflake().endpoint().toString());
            assertThat(verify.exitCode()).as("verify of the README's snowgate/dev:%n%s%s", verify.out(), verify.err())
                    .isZero();
        }
    }

    private JsonNode readJson(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The CDK stack creates both secrets with placeholders; the block's own lines fill them in: its jq makes the
     * files the CLI sends, from the key its openssl lines write (the test's key, made by openssl the same way, stands
     * in for them: they ask for the passphrase on a terminal) and the passphrase typed at its {@code read}. What
     * lands is what the function reads: every field where the parser looks for it, and the key with its passphrase.
     */
    private void putTheKeyIn(Block block) {
        client.createSecret(r -> r.name(SECRET_ID).secretString("{\"private_key\":\"REPLACE_ME\"}"));
        client.createSecret(r -> r.name(PASSPHRASE_SECRET_ID).secretString("REPLACE_ME"));
        List<String> lines = block.lines().stream().filter(line -> !line.startsWith("openssl ")).toList();
        assertThat(lines).as("the block's lines after its openssl ones").hasSize(block.lines().size() - 2);
        try {
            Files.writeString(dir.resolve("snowgate_key.p8"), key.encryptedPem());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        runLines(block, "read() { builtin read \"$@\" <<< \"$README_TYPED\"; }\n" + String.join("\n", lines),
                Map.of("README_TYPED", PASSPHRASE));

        assertThat(dir.resolve("secret.json")).as("shredded by the block").doesNotExist();
        SnowflakeSecret stored = SnowflakeSecrets.parse(SECRET_ID, current(), PASSPHRASE_SECRET_ID,
                client.getSecretValue(r -> r.secretId(PASSPHRASE_SECRET_ID)).secretString());
        assertThat(stored.user()).isEqualTo("SNOWGATE_SVC");
        assertThat(stored.account().jwtIdentifier()).isEqualTo("MYORG-MYACCOUNT");
        assertThat(List.of(stored.warehouse(), stored.database(), stored.schema(), stored.role())).containsExactly(
                Optional.of("SNOWGATE_WH"), Optional.of("ANALYTICS"), Optional.of("PUBLIC"),
                Optional.of("SNOWGATE_RUNNER"));
        RsaKeyPair read = new PrivateKeyReader().readPrivateKey(stored.credentials().encodedKey(),
                stored.credentials().passphrase());
        assertThat(Fingerprints.of(read.publicKey())).isEqualTo(key.fingerprint());
        // The rest of the runbook rotates this secret: as the stand-ins' user, on the same key and passphrase.
        ObjectNode forTheStandIns = ((ObjectNode) readJson(current())).put("account", ACCOUNT).put("user", USER)
                .put("database", standIns.snowflake().config().database()).put("schema", "PUBLIC")
                .put("private_key_passphrase", PASSPHRASE);
        forTheStandIns.remove(List.of("warehouse", "role"));
        client.putSecretValue(r -> r.secretId(SECRET_ID).secretString(forTheStandIns.toString()));
    }

    private String originalVersion;

    private void rotateByHand(Block block) {
        originalVersion = currentVersionId();

        run(block);

        // The block's own wait has ended: the rotation finished, so the key changed, and the first one is previous.
        assertThat(StagingLabels.rotationInProgress(stages())).isFalse();
        assertThat(currentVersionId()).isNotEqualTo(originalVersion);
        assertThat(current()).doesNotContain(key.body().lines().findFirst().orElseThrow());
        assertThat(stages().get(originalVersion)).containsExactly("AWSPREVIOUS");
        assertThat(standIns.snowflake().publicKeyFingerprint(USER, 2)).isPresent();
    }

    /**
     * Rolls back from the state AWS may leave after a successful rotation that is hardest on the runbook: AWSPENDING
     * still on the AWSCURRENT version. Then rotates again, as an operator would later, and waits for it to succeed.
     */
    private void rollBack(Block block) {
        String rotated = currentVersionId();
        client.updateSecretVersionStage(r -> r.secretId(SECRET_ID).versionStage(StagingLabels.AWSPENDING)
                .moveToVersionId(rotated));
        assertThat(stages().get(rotated)).containsExactlyInAnyOrder("AWSCURRENT", "AWSPENDING");

        run(block);

        assertThat(currentVersionId()).isEqualTo(originalVersion);
        assertThat(stages().get(rotated)).containsExactly("AWSPREVIOUS");
        String token = client.rotateSecret(r -> r.secretId(SECRET_ID)).versionId();
        Rotation next = Eventually.await("the rotation after the roll-back", WAIT,
                () -> standIns.secretsManager().rotation(token).orElseThrow(), Rotation::finished);
        assertThat(next.status()).as("rotations: %s", standIns.secretsManager().rotations())
                .isEqualTo(Rotation.Status.SUCCEEDED);
        assertThat(currentVersionId()).isEqualTo(token);
    }

    private void resumeAStoppedRotation(Block block) {
        String stopped = stopARotationMidway();

        run(block);

        assertThat(currentVersionId()).isEqualTo(stopped);
        assertThat(StagingLabels.rotationInProgress(stages())).isFalse();
    }

    private void abandonAStoppedRotation(Block block) {
        String stopped = stopARotationMidway();

        run(block);

        assertThat(StagingLabels.rotationInProgress(stages())).isFalse();
        assertThat(stages()).doesNotContainKey(stopped);
    }

    /** The last step of the migration to workload identity: the key pair's secret goes, recoverably for a week. */
    private void deleteTheSecretAfterGoingKeyless(Block block) {
        Instant before = Instant.now();

        AwsCli.Result deleted = run(block);

        Instant deletedAt = client.describeSecret(r -> r.secretId(SECRET_ID)).deletedDate();
        assertThat(deletedAt).isNotNull();
        // The date it will be purged, as the CLI prints it: a week later, not sooner.
        Instant purgedAt = instant(readJson(deleted.out()).get("DeletionDate"));
        assertThat(purgedAt).as(deleted.out()).isBetween(before.plus(Duration.ofDays(7)).minusSeconds(1),
                Instant.now().plus(Duration.ofDays(7)).plusSeconds(1));
    }

    /** A timestamp as the AWS CLI prints it: seconds since the epoch (v1), or ISO 8601 text (v2). */
    private static Instant instant(JsonNode printed) {
        return printed.isNumber() ? Instant.ofEpochMilli(Math.round(printed.asDouble() * 1000))
                : OffsetDateTime.parse(printed.asText()).toInstant();
    }

    /** A scheduled rotation whose every attempt fails at createSecret: AWSPENDING stays on its empty version. */
    private String stopARotationMidway() {
        standIns.secretsManager().faults().failNext("PutSecretValue", 100,
                new Fault.Error("AccessDeniedException", "not allowed to put the pending version"));
        String token = client.rotateSecret(r -> r.secretId(SECRET_ID)).versionId();
        Rotation failed = Eventually.await("rotation " + token + " to fail", WAIT,
                () -> standIns.secretsManager().rotation(token).orElseThrow(), Rotation::finished);
        standIns.secretsManager().faults().clear();
        assertThat(failed.status()).isEqualTo(Rotation.Status.FAILED);
        assertThat(stages().get(token)).containsExactly("AWSPENDING");
        return token;
    }

    private AwsCli.Result run(Block block) {
        return runLines(block, block.script(), Map.of("SNOWFLAKE_KEY_PASSPHRASE", PASSPHRASE));
    }

    private AwsCli.Result runLines(Block block, String script, Map<String, String> environment) {
        AwsCli.Result result = cli.shell(script, environment);
        if (result.exitCode() != 0) {
            throw new AssertionError("README block at line " + block.line() + " failed with " + cli.version()
                    + ":\n" + script + "\n" + result + "\nrotations: " + standIns.secretsManager().rotations());
        }
        return result;
    }

    private String current() {
        return client.getSecretValue(r -> r.secretId(SECRET_ID)).secretString();
    }

    private String currentVersionId() {
        return client.getSecretValue(r -> r.secretId(SECRET_ID)).versionId();
    }

    private Map<String, List<String>> stages() {
        return client.describeSecret(r -> r.secretId(SECRET_ID)).versionIdsToStages();
    }

    /**
     * The README's code blocks (fenced, or indented four spaces) that call {@code aws secretsmanager}, each reduced
     * to those statements, with backslash continuations joined.
     */
    static List<Block> blocks(List<String> readme) {
        return blocks(readme, statement -> statement.contains("aws secretsmanager"));
    }

    /** The README's code blocks with a statement {@code keep} accepts, each reduced to those statements. */
    static List<Block> blocks(List<String> readme, Predicate<String> keep) {
        List<Block> blocks = new ArrayList<>();
        List<String> code = new ArrayList<>();
        int start = 0;
        boolean fenced = false;
        for (int i = 0; i <= readme.size(); i++) {
            String line = i < readme.size() ? readme.get(i) : "";
            boolean fence = line.strip().startsWith("```");
            boolean inCode = fenced ? !fence : line.startsWith("    ");
            if (fence) {
                fenced = !fenced;
            }
            if (inCode) {
                if (code.isEmpty()) {
                    start = i + 1;
                }
                code.add(fenced ? line : line.substring(4));
            } else if (!code.isEmpty()) {
                List<String> statements = statements(code).stream().filter(keep).toList();
                if (!statements.isEmpty()) {
                    blocks.add(new Block(start, statements, List.copyOf(code)));
                }
                code.clear();
            }
        }
        return blocks;
    }

    private static List<String> statements(List<String> lines) {
        List<String> statements = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        for (String line : lines) {
            statement.append(line).append('\n');
            if (!line.endsWith("\\")) {
                statements.add(statement.toString().strip());
                statement.setLength(0);
            }
        }
        if (!statement.isEmpty()) {
            statements.add(statement.toString().strip());
        }
        return statements;
    }
}
