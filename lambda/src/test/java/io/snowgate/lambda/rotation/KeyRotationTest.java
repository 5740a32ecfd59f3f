package io.snowgate.lambda.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.emulator.secretsmanager.RotationAttempt;
import io.snowgate.emulator.secretsmanager.RotationHook;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.secret.SnowflakeSecrets;
import io.snowgate.lambda.session.SnowflakeLoginException;
import io.snowgate.lambda.snowflake.KeyPairAuthentication;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rotation protocol end to end: the Secrets Manager stand-in's RotateSecret drives {@link KeyRotation} through
 * its hook (or a test runs the steps itself), over the real AWS SDK and snowflake-jdbc against both stand-ins.
 */
class KeyRotationTest {

    static final String ROTATION_LAMBDA = "arn:aws:lambda:us-east-1:111122223333:function:snowgate-rotation";
    private static final String FIRST_PASSPHRASE = "first-passphrase";
    private static final String ADMIN = "SNOWGATE_ADMIN";

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path keys;

    private final ObjectMapper json = new ObjectMapper();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final JsonLog log = new JsonLog(new PrintStream(logged, true, StandardCharsets.UTF_8), json,
            Clock.systemUTC());
    private LocalDeployment deployment;
    private SecretsManagerClient client;
    private UserKey key;

    @BeforeEach
    void deploy() {
        key = UserKey.generate(keys.resolve("first"), FIRST_PASSPHRASE);
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake()).install(key);
        client = deployment.client();
    }

    @AfterEach
    void tearDown() {
        deployment.close();
    }

    private RotationSettings settings(boolean revoke) {
        return new RotationSettings(Optional.empty(), Optional.empty(), revoke, Optional.of(snowflakeUrl()));
    }

    private SnowflakeEndpoint snowflakeUrl() {
        return new SnowflakeEndpoint("http", "127.0.0.1", standIns.snowflake().port());
    }

    private KeyRotation rotation(RotationSettings settings) {
        return new KeyRotation(client, settings, Clock.systemUTC(), log);
    }

    static Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(60), Clock.systemUTC());
    }

    /** The rotation function as Lambda runs it: the event's JSON, as the stand-in sends it, into the handler. */
    static RotationHook hook(KeyRotation rotation) {
        KeyRotationHandler handler = new KeyRotationHandler(rotation, Clock.systemUTC());
        return event -> handler.handleRequest(
                new ByteArrayInputStream(event.json().getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                new LocalContext("snowgate-rotation", Duration.ofSeconds(60), Clock.systemUTC()));
    }

    /** RotateSecret, then the rotation's last attempt once the stand-in has finished it (retries included). */
    private RotationAttempt rotateSecret() {
        return lastAttempt(client.rotateSecret(r -> r.secretId(LocalDeployment.SECRET_ID)
                .rotationLambdaARN(ROTATION_LAMBDA)).versionId());
    }

    /** The last attempt of the run of {@code token}, once the stand-in has finished it (retries included). */
    private RotationAttempt lastAttempt(String token) {
        List<RotationAttempt> attempts = deployment.awaitRotation(token).attempts();
        return attempts.get(attempts.size() - 1);
    }

    /** Starts a rotation whose hook does nothing but fail, so the token is staged AWSPENDING and the test drives. */
    private String heldRotation() {
        AtomicReference<String> token = new AtomicReference<>();
        standIns.secretsManager().rotationHook(event -> {
            token.set(event.clientRequestToken());
            throw new IllegalStateException("held for the test");
        });
        rotateSecret();
        return token.get();
    }

    private String arn() {
        return client.describeSecret(r -> r.secretId(LocalDeployment.SECRET_ID)).arn();
    }

    private void step(KeyRotation rotation, String token, RotationStep step) {
        rotation.run(new RotationRequest(arn(), token, step), deadline());
    }

    private String current() {
        return client.getSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID)).secretString();
    }

    private String currentVersionId() {
        return client.getSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID)).versionId();
    }

    private String version(String versionId) {
        return client.getSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID).versionId(versionId))
                .secretString();
    }

    private static String fingerprintOf(String secretString) {
        return ((KeyPairAuthentication) SnowflakeSecrets.parse(LocalDeployment.SECRET_ID, secretString)
                .authentication(new PrivateKeyReader())).keyPair().fingerprint();
    }

    private Optional<String> slot(int slot) {
        return standIns.snowflake().publicKeyFingerprint(LocalDeployment.USER, slot);
    }

    /** Signs in with {@code user key} straight through snowflake-jdbc; the error code, or 0 when it logs in. */
    private int loginCode(UserKey userKey) {
        try (var connection = userKey.signIn(standIns.snowflake(), LocalDeployment.USER)) {
            return 0;
        } catch (SQLException e) {
            return e.getErrorCode();
        }
    }

    /** Creates the person user {@value #ADMIN} (ACCOUNTADMIN) with a key of its own, and returns that key. */
    private UserKey adminUser() {
        UserKey adminKey = UserKey.generate(keys.resolve("admin"), "admin-passphrase");
        standIns.snowflake().createAdminUser(ADMIN, adminKey.publicPem());
        return adminKey;
    }

    /** How many sessions the stand-in has opened for {@code user}, ended ones included. */
    private long sessionsOf(String user) {
        return standIns.snowflake().sessions().stream().filter(session -> session.user().equalsIgnoreCase(user))
                .count();
    }

    /** Runs {@code sql} signed in as {@value #ADMIN} straight through snowflake-jdbc. */
    private void asAdmin(UserKey adminKey, String sql) throws SQLException {
        var adminPair = new PrivateKeyReader().readPrivateKey(adminKey.encryptedPem(),
                Passphrase.of(adminKey.passphrase()));
        try (var admin = DriverManager.getConnection(standIns.snowflake().jdbcUrl(),
                standIns.snowflake().connectionProperties(ADMIN, adminPair.privateKey()));
                var statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void rotateSecret_putsTheNewKeyInTheFreeSlot_makesItCurrent_andKeepsThePreviousKeyInItsSlot() throws Exception {
        standIns.secretsManager().rotationHook(hook(rotation(settings(false))));
        String previousVersion = currentVersionId();

        RotationAttempt attempt = rotateSecret();

        assertThat(attempt.succeeded()).as(attempt.failure()).isTrue();
        String rotated = current();
        String newFingerprint = fingerprintOf(rotated);
        assertThat(newFingerprint).isNotEqualTo(key.fingerprint());
        assertThat(currentVersionId()).isEqualTo(attempt.clientRequestToken());
        assertThat(slot(1)).contains(key.fingerprint());
        assertThat(slot(2)).contains(newFingerprint);
        assertThat(loginCode(key)).isZero();
        assertThat(client.describeSecret(r -> r.secretId(LocalDeployment.SECRET_ID)).versionIdsToStages()
                .get(previousVersion)).containsExactly("AWSPREVIOUS");

        JsonNode before = json.readTree(deployment.secretJson(key));
        JsonNode after = json.readTree(rotated);
        List<String> names = new ArrayList<>();
        after.fieldNames().forEachRemaining(names::add);
        List<String> beforeNames = new ArrayList<>();
        before.fieldNames().forEachRemaining(beforeNames::add);
        assertThat(names).isEqualTo(beforeNames);
        assertThat(after.get("private_key").textValue()).doesNotContain("-----");
        assertThat(after.get("private_key_passphrase").textValue()).isNotEqualTo(FIRST_PASSPHRASE).hasSize(43);
        assertThat(after.get("user")).isEqualTo(before.get("user"));
        assertThat(after.get("warehouse")).isEqualTo(before.get("warehouse"));
    }

    @Test
    void twoRotationsInARow_overwriteTheKeyFromTwoRotationsAgo_whichNoLongerLogsIn() {
        standIns.secretsManager().rotationHook(hook(rotation(settings(false))));

        assertThat(rotateSecret().succeeded()).isTrue();
        String second = fingerprintOf(current());
        RotationAttempt again = rotateSecret();

        assertThat(again.succeeded()).as(again.failure()).isTrue();
        String third = fingerprintOf(current());
        assertThat(third).isNotIn(key.fingerprint(), second);
        assertThat(slot(1)).contains(third);
        assertThat(slot(2)).contains(second);
        assertThat(loginCode(key)).isEqualTo(394304);
    }

    @Test
    void eachStep_runAlone_andRetried_isIdempotent() {
        String token = heldRotation();
        String previousVersion = currentVersionId();
        KeyRotation rotation = rotation(settings(false));

        step(rotation, token, RotationStep.CREATE_SECRET);
        String pending = version(token);
        step(rotation, token, RotationStep.CREATE_SECRET);
        assertThat(version(token)).isEqualTo(pending);
        assertThat(currentVersionId()).isEqualTo(previousVersion);
        String pendingFingerprint = fingerprintOf(pending);

        step(rotation, token, RotationStep.SET_SECRET);
        step(rotation, token, RotationStep.SET_SECRET);
        assertThat(slot(1)).contains(key.fingerprint());
        assertThat(slot(2)).contains(pendingFingerprint);

        step(rotation, token, RotationStep.TEST_SECRET);
        step(rotation, token, RotationStep.TEST_SECRET);
        assertThat(currentVersionId()).isEqualTo(previousVersion);

        step(rotation, token, RotationStep.FINISH_SECRET);
        step(rotation, token, RotationStep.FINISH_SECRET);
        assertThat(currentVersionId()).isEqualTo(token);
        assertThat(version(previousVersion)).isEqualTo(deployment.secretJson(key));

        String lines = logged.toString(StandardCharsets.UTF_8);
        assertThat(lines.lines().filter(l -> l.contains("\"event\":\"rotation_step\""))).hasSize(8);
        assertThat(lines).contains("\"outcome\":\"pending version exists\"", "\"outcome\":\"already set\"",
                "\"outcome\":\"already current\"");
        assertThat(lines).doesNotContain(FIRST_PASSPHRASE, key.body().lines().skip(2).findFirst().orElseThrow(),
                field(pending, "private_key_passphrase"),
                field(pending, "private_key").lines().skip(2).findFirst().orElseThrow());
    }

    @Test
    void failedTestSecret_leavesAwsCurrentOnThePreviousVersion_whichStillWorks() {
        KeyRotation rotation = rotation(settings(false));
        RotationHook real = hook(rotation);
        standIns.secretsManager().rotationHook(event -> {
            if (event.step().equals(RotationHook.TEST_SECRET)) {
                // An administrator removes the new key between setSecret and testSecret.
                standIns.snowflake().unsetPublicKey(LocalDeployment.USER, 2);
            }
            real.invoke(event);
        });
        String previousVersion = currentVersionId();

        RotationAttempt attempt = rotateSecret();

        assertThat(attempt.succeeded()).isFalse();
        assertThat(attempt.failedStep()).isEqualTo(RotationHook.TEST_SECRET);
        assertThat(attempt.failure()).startsWith(RotationStepFailedException.class.getSimpleName())
                .contains("Snowflake login failed", "394304");
        assertThat(currentVersionId()).isEqualTo(previousVersion);
        assertThat(fingerprintOf(current())).isEqualTo(key.fingerprint());
        assertThat(client.describeSecret(r -> r.secretId(LocalDeployment.SECRET_ID)).versionIdsToStages()
                .get(attempt.clientRequestToken())).containsExactly("AWSPENDING");
        assertThat(loginCode(key)).isZero();
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"event\":\"rotation_step_failed\"");
    }

    @Test
    void revokePrevious_unsetsThePreviousKeysSlot_atFinish() {
        standIns.secretsManager().rotationHook(hook(rotation(settings(true))));

        RotationAttempt attempt = rotateSecret();

        assertThat(attempt.succeeded()).as(attempt.failure()).isTrue();
        assertThat(slot(1)).isEmpty();
        assertThat(slot(2)).contains(fingerprintOf(current()));
        assertThat(loginCode(key)).isEqualTo(394304);
    }

    @Test
    void finish_whoseStageMoveWasAppliedButItsAnswerLost_succeeds() {
        String token = heldRotation();
        KeyRotation rotation = rotation(settings(false));
        step(rotation, token, RotationStep.CREATE_SECRET);
        step(rotation, token, RotationStep.SET_SECRET);
        step(rotation, token, RotationStep.TEST_SECRET);
        // Secrets Manager moves AWSCURRENT, the answer is lost, the SDK retries and is told the label moved already.
        standIns.secretsManager().faults().failNext("UpdateSecretVersionStage", 1, new Fault.LostResponse());

        step(rotation, token, RotationStep.FINISH_SECRET);

        assertThat(currentVersionId()).isEqualTo(token);
        assertThat(standIns.secretsManager().counters().count("UpdateSecretVersionStage")).isGreaterThan(1);
    }

    @Test
    void revokePrevious_aFinishRetriedAfterTheRevokeFailed_revokesThePreviousKey() {
        String token = heldRotation();
        KeyRotation rotation = rotation(settings(true));
        step(rotation, token, RotationStep.CREATE_SECRET);
        step(rotation, token, RotationStep.SET_SECRET);
        step(rotation, token, RotationStep.TEST_SECRET);
        // The revoke signs in after AWSCURRENT has moved: that login fails once.
        standIns.snowflake().faults().failNext(SnowflakeStandIn.LOGIN, 1,
                new Fault.Error("390100", "Incorrect username or password was specified."));

        assertThatThrownBy(() -> step(rotation, token, RotationStep.FINISH_SECRET))
                .isInstanceOf(SnowflakeLoginException.class)
                .hasMessageContaining("390100");
        assertThat(currentVersionId()).isEqualTo(token);
        assertThat(slot(1)).as("the previous key is still valid").contains(key.fingerprint());

        step(rotation, token, RotationStep.FINISH_SECRET);

        assertThat(slot(1)).isEmpty();
        assertThat(loginCode(key)).isEqualTo(394304);
        step(rotation, token, RotationStep.FINISH_SECRET);
        assertThat(slot(2)).as("a further retry changes nothing").contains(fingerprintOf(current()));
    }

    @Test
    void rotation_ofAUserWhoseLoginNameIsNotItsName_setsAndRevokesThatUsersKeys() throws Exception {
        // The secret's user is what Snowflake signs in by, the LOGIN_NAME; DESC USER and ALTER USER take the name.
        asAdmin(adminUser(), "ALTER USER " + LocalDeployment.USER + " SET LOGIN_NAME = 'SVC_LOGIN'");
        client.putSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID).secretString(deployment.secretJson(key)
                .replace("\"user\":\"" + LocalDeployment.USER + "\"", "\"user\":\"svc_login\"")));
        standIns.secretsManager().rotationHook(hook(rotation(settings(true))));

        RotationAttempt attempt = rotateSecret();

        assertThat(attempt.succeeded()).as(attempt.failure()).isTrue();
        assertThat(slot(2)).contains(fingerprintOf(current()));
        assertThat(slot(1)).as("the previous key, revoked").isEmpty();
        KeyCheck check = new KeyVerifier(Clock.systemUTC(), log).verify(
                new AwsSecretSource(client), LocalDeployment.SECRET_ID, Optional.empty(),
                Optional.of(snowflakeUrl()), deadline(), false);
        assertThat(check.describeErrorCode()).as("verify finds the user's slots too").isEmpty();
        assertThat(check.slot()).contains(KeySlot.SECOND);
    }

    @Test
    void withAnAdminSecret_aUserWhoseLoginNameIsNotItsName_hasItsKeysSetAndRevoked()
            throws Exception {
        UserKey adminKey = adminUser();
        client.createSecret(r -> r.name("snowgate/admin").secretString(deployment.secretJson(adminKey)
                .replace("\"user\":\"" + LocalDeployment.USER + "\"", "\"user\":\"" + ADMIN + "\"")));
        asAdmin(adminKey, "ALTER USER " + LocalDeployment.USER + " SET LOGIN_NAME = 'SVC_LOGIN'");
        client.putSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID).secretString(deployment.secretJson(key)
                .replace("\"user\":\"" + LocalDeployment.USER + "\"", "\"user\":\"svc_login\"")));
        standIns.secretsManager().rotationHook(hook(rotation(new RotationSettings(Optional.empty(),
                Optional.of("snowgate/admin"), true, Optional.of(snowflakeUrl())))));

        RotationAttempt attempt = rotateSecret();

        assertThat(attempt.succeeded()).as(attempt.failure()).isTrue();
        assertThat(slot(2)).contains(fingerprintOf(current()));
        assertThat(slot(1)).as("the previous key, revoked").isEmpty();
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"signedInWith\":\"admin secret\"");
    }

    @Test
    void passphraseInASeparateSecret_newKeyIsEncryptedWithThatUnchangedPassphrase() {
        String passphraseId = "snowgate/passphrase";
        client.createSecret(r -> r.name(passphraseId).secretString(FIRST_PASSPHRASE));
        client.putSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID)
                .secretString(deployment.secretJson(key).replace(",\"private_key_passphrase\":\""
                        + FIRST_PASSPHRASE + "\"", "")));
        assertThat(current()).doesNotContain("private_key_passphrase");
        standIns.secretsManager().rotationHook(hook(rotation(new RotationSettings(Optional.of(passphraseId),
                Optional.empty(), false, Optional.of(snowflakeUrl())))));

        RotationAttempt attempt = rotateSecret();

        assertThat(attempt.succeeded()).as(attempt.failure()).isTrue();
        assertThat(client.listSecretVersionIds(r -> r.secretId(passphraseId)).versions()).hasSize(1);
        String rotated = current();
        assertThat(rotated).doesNotContain("private_key_passphrase");
        String fingerprint = ((KeyPairAuthentication) SnowflakeSecrets.parse(LocalDeployment.SECRET_ID, rotated,
                passphraseId, FIRST_PASSPHRASE).authentication(new PrivateKeyReader())).keyPair().fingerprint();
        assertThat(fingerprint).isNotEqualTo(key.fingerprint());
        assertThat(slot(2)).contains(fingerprint);
    }

    @Test
    void managedRotationLayout_keepsPrivateKeyPublicKeyAndPassphraseFields() throws Exception {
        String managed = json.writeValueAsString(Map.of(
                "account", standIns.snowflake().clientAccount(),
                "username", LocalDeployment.USER,
                "privateKey", key.encryptedPem(),
                "publicKey", key.publicPem(),
                "passphrase", FIRST_PASSPHRASE));
        client.putSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID).secretString(managed));
        String token = heldRotation();
        KeyRotation rotation = rotation(settings(false));

        step(rotation, token, RotationStep.CREATE_SECRET);

        JsonNode pending = json.readTree(version(token));
        assertThat(pending.get("privateKey").textValue()).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(pending.get("publicKey").textValue()).startsWith("-----BEGIN PUBLIC KEY-----")
                .isNotEqualTo(key.publicPem());
        assertThat(pending.get("passphrase").textValue()).isNotEqualTo(FIRST_PASSPHRASE);
        var pendingKey = new PrivateKeyReader().readPrivateKey(pending.get("privateKey").textValue(),
                Passphrase.of(pending.get("passphrase").textValue()));
        assertThat(pendingKey.publicKey()).isEqualTo(new PrivateKeyReader().readPublicKey(
                pending.get("publicKey").textValue()));
    }

    @Test
    void secretSharedWithAthena_holdingTwoNamesForTheKeyAndThePassphrase_rotates_andEveryNameHoldsTheNewKey()
            throws Exception {
        ObjectNode shared = (ObjectNode) json.readTree(deployment.secretJson(key));
        shared.put("pem_private_key", key.body()).put("passphrase", FIRST_PASSPHRASE);
        client.putSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID).secretString(shared.toString()));
        standIns.secretsManager().rotationHook(hook(rotation(settings(false))));

        RotationAttempt attempt = rotateSecret();

        assertThat(attempt.succeeded()).as(attempt.failure()).isTrue();
        assertThat(currentVersionId()).isEqualTo(attempt.clientRequestToken());
        assertThat(client.describeSecret(r -> r.secretId(LocalDeployment.SECRET_ID)).versionIdsToStages().values())
                .as("no unfinished AWSPENDING version left behind")
                .noneMatch(stages -> stages.contains("AWSPENDING") && !stages.contains("AWSCURRENT"));
        JsonNode rotated = json.readTree(current());
        assertThat(rotated.get("pem_private_key")).isEqualTo(rotated.get("private_key"));
        assertThat(rotated.get("passphrase")).isEqualTo(rotated.get("private_key_passphrase"));
        assertThat(rotated.get("private_key").textValue()).isNotEqualTo(key.body());
        assertThat(rotated.get("passphrase").textValue()).isNotEqualTo(FIRST_PASSPHRASE);
        String newFingerprint = fingerprintOf(current());
        assertThat(newFingerprint).isNotEqualTo(key.fingerprint());
        assertThat(slot(2)).contains(newFingerprint);
    }

    /**
     * RotateSecret with RotateImmediately=false, as the stack's rotation schedule is created: testSecret alone, on a
     * copy of the current value; the check's last attempt once the stand-in has finished it.
     */
    private RotationAttempt checkConfiguration() {
        String token = UUID.randomUUID().toString();
        client.rotateSecret(r -> r.secretId(LocalDeployment.SECRET_ID).rotationLambdaARN(ROTATION_LAMBDA)
                .rotateImmediately(false).clientRequestToken(token));
        return lastAttempt(token);
    }

    @Test
    void configurationCheck_withTheRealKey_signsInWithIt_andLeavesTheSecretAsItWas() {
        standIns.secretsManager().rotationHook(hook(rotation(settings(false))));
        String before = current();

        RotationAttempt attempt = checkConfiguration();

        assertThat(attempt.succeeded()).isTrue();
        assertThat(attempt.completedSteps()).containsExactly(RotationHook.TEST_SECRET);
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"outcome\":\"tested\"")
                .contains("\"fingerprint\":\"" + key.fingerprint() + "\"");
        assertThat(standIns.snowflake().queries()).extracting(q -> q.sqlText()).contains("SELECT 1");
        assertThat(current()).isEqualTo(before);
        assertThat(client.describeSecret(r -> r.secretId(LocalDeployment.SECRET_ID)).versionIdsToStages())
                .hasSize(1);
    }

    @Test
    void configurationCheck_beforeTheKeyIsPutIn_passesUntested_soTheFirstDeployRaisesNoAlarm() {
        standIns.secretsManager().rotationHook(hook(rotation(settings(false))));
        client.putSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID).secretString(
                "{\"account\":\"REPLACE_ME\",\"user\":\"REPLACE_ME\",\"private_key\":\"REPLACE_ME\","
                        + "\"warehouse\":\"REPLACE_ME\",\"database\":\"REPLACE_ME\",\"schema\":\"REPLACE_ME\","
                        + "\"role\":\"REPLACE_ME\"}"));
        int queriesBefore = standIns.snowflake().queries().size();

        RotationAttempt attempt = checkConfiguration();

        assertThat(attempt.succeeded()).isTrue();
        assertThat(logged.toString(StandardCharsets.UTF_8))
                .contains("\"outcome\":\"not tested: the secret still holds the deployment's placeholders\"")
                .doesNotContain("rotation_step_failed");
        assertThat(standIns.snowflake().queries()).hasSize(queriesBefore);
    }

    @Test
    void configurationCheck_withTheKeyInButAFieldLeftAtItsPlaceholder_failsNamingThatField() throws Exception {
        standIns.secretsManager().rotationHook(hook(rotation(settings(false))));
        ObjectNode secret = (ObjectNode) json.readTree(current());
        secret.put("warehouse", "REPLACE_ME");
        client.putSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID).secretString(secret.toString()));

        RotationAttempt attempt = checkConfiguration();

        assertThat(attempt.succeeded()).isFalse();
        assertThat(attempt.failedStep()).isEqualTo(RotationHook.TEST_SECRET);
        assertThat(attempt.failure()).contains("field 'warehouse': still holds the placeholder");
    }

    @Test
    void createSecret_onASecretStillHoldingThePlaceholders_failsSayingSo() {
        client.putSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID).secretString(
                "{\"account\":\"REPLACE_ME\",\"user\":\"REPLACE_ME\",\"private_key\":\"REPLACE_ME\"}"));
        String token = heldRotation();

        assertThatThrownBy(() -> step(rotation(settings(false)), token, RotationStep.CREATE_SECRET))
                .hasMessageContaining("field 'account': still holds the placeholder");
    }

    @Test
    void aSecretWithoutRotationEnabled_isRefused() {
        KeyRotation rotation = rotation(settings(false));

        assertThatThrownBy(() -> step(rotation, currentVersionId(), RotationStep.CREATE_SECRET))
                .isInstanceOf(RotationException.class)
                .hasMessageContaining("does not have rotation enabled");
    }

    @Test
    void aTokenThatIsNoVersion_orNotPending_isRefused() {
        standIns.secretsManager().rotationHook(hook(rotation(settings(false))));
        String previousVersion = currentVersionId();
        assertThat(rotateSecret().succeeded()).isTrue();
        KeyRotation rotation = rotation(settings(false));

        assertThatThrownBy(() -> step(rotation, "00000000-0000-0000-0000-000000000000", RotationStep.SET_SECRET))
                .isInstanceOf(RotationException.class)
                .hasMessageContaining("is not a version of secret");
        assertThatThrownBy(() -> step(rotation, previousVersion, RotationStep.SET_SECRET))
                .isInstanceOf(RotationException.class)
                .hasMessageContaining("is not staged AWSPENDING");
    }

    @Test
    void setSecret_beforeCreateSecret_failsNamingTheMissingValue() {
        String token = heldRotation();

        assertThatThrownBy(() -> step(rotation(settings(false)), token, RotationStep.SET_SECRET))
                .isInstanceOf(RotationException.class)
                .hasMessageContaining("createSecret has not run");
        assertThat(slot(2)).isEmpty();
    }

    @Test
    void setSecret_withAnAdminSecret_setsTheKey_whenTheUserMayNotSetItsOwnKeys() throws Exception {
        UserKey adminKey = adminUser();
        client.createSecret(r -> r.name("snowgate/admin").secretString(deployment.secretJson(adminKey)
                .replace("\"user\":\"" + LocalDeployment.USER + "\"", "\"user\":\"" + ADMIN + "\"")));
        asAdmin(adminKey, "REVOKE MODIFY PROGRAMMATIC AUTHENTICATION METHODS ON USER " + LocalDeployment.USER
                + " FROM ROLE " + LocalDeployment.USER + "_ROLE");
        standIns.secretsManager().rotationHook(hook(rotation(settings(false))));

        RotationAttempt refused = rotateSecret();

        assertThat(refused.failedStep()).isEqualTo(RotationHook.SET_SECRET);
        assertThat(refused.failure()).contains("user " + LocalDeployment.USER + " cannot have its keys set",
                "MODIFY PROGRAMMATIC AUTHENTICATION METHODS", FunctionEnvironment.ROTATION_ADMIN_SECRET_ID);
        assertThat(slot(2)).isEmpty();

        KeyRotation withAdmin = rotation(new RotationSettings(Optional.empty(), Optional.of("snowgate/admin"), false,
                Optional.of(snowflakeUrl())));
        String token = refused.clientRequestToken();
        long userSessions = sessionsOf(LocalDeployment.USER);
        step(withAdmin, token, RotationStep.SET_SECRET);
        // DESC USER by the login name shows that LOGIN_NAME: the user is found without signing in as it.
        assertThat(sessionsOf(LocalDeployment.USER)).as("sessions signed in as the user").isEqualTo(userSessions);
        step(withAdmin, token, RotationStep.TEST_SECRET);
        step(withAdmin, token, RotationStep.FINISH_SECRET);

        assertThat(currentVersionId()).isEqualTo(token);
        assertThat(slot(2)).contains(fingerprintOf(current()));
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"signedInWith\":\"admin secret\"");
    }

    @Test
    void handler_readsTheEventSecretsManagerSends_andRunsThatStep() throws Exception {
        String token = heldRotation();
        KeyRotationHandler handler = new KeyRotationHandler(rotation(settings(false)), Clock.systemUTC());
        var event = (ObjectNode) json.readTree(
                Path.of("src/test/resources/events/rotation-create-secret.json").toFile());
        event.put("SecretId", arn()).put("ClientRequestToken", token);

        handler.handleRequest(new ByteArrayInputStream(json.writeValueAsBytes(event)),
                new ByteArrayOutputStream(), new LocalContext("rotation", Duration.ofSeconds(60), Clock.systemUTC()));

        assertThat(fingerprintOf(version(token))).isNotEqualTo(key.fingerprint());
    }

    /**
     * Lambda's runtime logs an exception a handler throws with printStackTrace, causes included, and returns its trace
     * to Secrets Manager: a failed step must leave it the message alone.
     */
    @Test
    void handler_aFailedStep_reachesLambdaAsItsMessageAlone_withoutCauseOrStackTrace() throws Exception {
        String token = heldRotation();
        ObjectNode secret = (ObjectNode) json.readTree(current());
        secret.put("private_key_passphrase", "not-the-passphrase");
        client.putSecretValue(r -> r.secretId(LocalDeployment.SECRET_ID).secretString(secret.toString()));
        KeyRotationHandler handler = new KeyRotationHandler(rotation(settings(false)), Clock.systemUTC());
        var event = (ObjectNode) json.readTree(
                Path.of("src/test/resources/events/rotation-create-secret.json").toFile());
        event.put("SecretId", arn()).put("ClientRequestToken", token);

        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(json.writeValueAsBytes(event)),
                new ByteArrayOutputStream(), new LocalContext("rotation", Duration.ofSeconds(60), Clock.systemUTC())))
                .hasMessageContaining("field 'private_key': the passphrase does not decrypt the private key")
                .hasNoCause()
                .satisfies(e -> {
                    StringWriter printed = new StringWriter();
                    e.printStackTrace(new PrintWriter(printed));
                    assertThat(printed.toString().strip()).isEqualTo(e.toString())
                            .doesNotContain("not-the-passphrase", FIRST_PASSPHRASE);
                });
    }

    @Test
    void handler_anEventWithoutStep_orWithAnUnknownStep_isRefusedNamingTheField() {
        KeyRotationHandler handler = new KeyRotationHandler(rotation(settings(false)), Clock.systemUTC());
        LocalContext context = new LocalContext("rotation", Duration.ofSeconds(60), Clock.systemUTC());

        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(
                "{\"SecretId\":\"s\",\"ClientRequestToken\":\"t\"}".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), context))
                .isInstanceOf(RotationStepFailedException.class)
                .hasMessage("Step is missing from the rotation event");
        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(
                "{\"SecretId\":\"s\",\"ClientRequestToken\":\"t\",\"Step\":\"dropSecret\"}"
                        .getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), context))
                .isInstanceOf(RotationStepFailedException.class)
                .hasMessageContaining("'dropSecret'; expected createSecret");
    }

    @Test
    void handler_anEventOfTheWrongShape_isRefusedWithoutQuotingIt() {
        KeyRotationHandler handler = new KeyRotationHandler(rotation(settings(false)), Clock.systemUTC());
        LocalContext context = new LocalContext("rotation", Duration.ofSeconds(60), Clock.systemUTC());

        for (String event : List.of("{\"SecretId\":{\"private_key\":\"MIIEvQ-canary\"},\"Step\":\"createSecret\"}",
                "MIIEvQ-canary", "null")) {
            assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(
                    event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), context))
                    .as(event)
                    .isInstanceOf(RotationStepFailedException.class)
                    .hasMessageStartingWith("event ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("canary"));
        }
    }

    private String field(String secretString, String name) {
        try {
            return json.readTree(secretString).get(name).textValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
