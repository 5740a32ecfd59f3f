package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.junit5.StandInExtension;
import io.snowgate.emulator.server.Fault;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.secret.SnowflakeSecret;
import io.snowgate.lambda.secret.SnowflakeSecrets;
import io.snowgate.lambda.snowflake.KeyPairAuthentication;
import io.snowgate.lambda.testing.KeyFixtures;
import io.snowgate.lambda.testing.UserKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** {@code secret put} in-process, through the real SDK built from the standard chains, against the stand-in. */
class SecretPutCommandTest {

    private static final String SECRET_ID = "snowgate/snowflake";
    private static final String PASSPHRASE = "put-passphrase";

    @RegisterExtension
    final StandInExtension<SecretsManagerStandIn> secretsManager =
            StandInExtension.of(SecretsManagerStandIn.class, () -> new SecretsManagerStandIn().start());

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private AwsSdkProperties sdk;
    private SecretsManagerClient client;
    private UserKey key;
    private Path keyFile;

    @BeforeEach
    void setUp() throws IOException {
        sdk = new AwsSdkProperties(secretsManager.get().endpoint());
        client = LocalUpTest.client(secretsManager.get().endpoint());
        key = UserKey.generate(dir.resolve("key"), PASSPHRASE);
        keyFile = dir.resolve("key").resolve("rsa_key.p8");
    }

    @AfterEach
    void tearDown() {
        client.close();
        sdk.close();
    }

    private CliRun put(String... extra) {
        List<String> args = new ArrayList<>(List.of("secret", "put", "--secret-id", SECRET_ID,
                "--key", keyFile.toString()));
        args.addAll(List.of(extra));
        return CliRun.run(Map.of("KEY_PASSPHRASE", PASSPHRASE, "WRONG", "not-it"), args.toArray(String[]::new));
    }

    private String stored(String id) {
        return client.getSecretValue(r -> r.secretId(id)).secretString();
    }

    private static String fingerprintOf(SnowflakeSecret secret) {
        return ((KeyPairAuthentication) secret.authentication(new PrivateKeyReader())).keyPair().fingerprint();
    }

    @Test
    void put_createsTheSecretInTheRecipeLayout_thatParsesBackToTheSameFingerprint() throws IOException {
        CliRun run = put("--passphrase-env", "KEY_PASSPHRASE", "--user", "SVC_SNOWGATE", "--account", "myorg-acct",
                "--warehouse", "COMPUTE_WH", "--database", "ANALYTICS", "--schema", "PUBLIC", "--role", "REPORTER");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode secret = json.readTree(stored(SECRET_ID));
        List<String> names = new ArrayList<>();
        secret.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("user", "account", "warehouse",
                "database", "schema", "role", "private_key", "private_key_passphrase");
        assertThat(secret.get("private_key").textValue()).isEqualTo(key.body());
        assertThat(secret.get("private_key_passphrase").textValue()).isEqualTo(PASSPHRASE);
        assertThat(fingerprintOf(SnowflakeSecrets.parse(SECRET_ID, stored(SECRET_ID)))).isEqualTo(key.fingerprint());
        assertThat(run.out()).startsWith("fingerprint " + key.fingerprint() + System.lineSeparator())
                .contains("secret " + SECRET_ID + " created, version ")
                .doesNotContain(PASSPHRASE).doesNotContain(key.body().lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void put_onAnExistingSecret_storesANewCurrentVersion() {
        client.createSecret(r -> r.name(SECRET_ID).secretString("{\"old\":\"value\"}"));

        CliRun run = put("--passphrase-env", "KEY_PASSPHRASE", "--user", "SVC", "--account", "ACCT");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("secret " + SECRET_ID + " updated, version ");
        assertThat(fingerprintOf(SnowflakeSecrets.parse(SECRET_ID, stored(SECRET_ID)))).isEqualTo(key.fingerprint());
        assertThat(client.listSecretVersionIds(r -> r.secretId(SECRET_ID)).versions()).hasSize(2);
    }

    @Test
    void put_withPassphraseSecretId_keepsThePassphraseOutOfTheMainSecret() throws IOException {
        CliRun run = put("--passphrase-env", "KEY_PASSPHRASE", "--passphrase-secret-id", "snowgate/passphrase",
                "--user", "SVC", "--account", "ACCT");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode secret = json.readTree(stored(SECRET_ID));
        assertThat(secret.has("private_key_passphrase")).isFalse();
        assertThat(json.readTree(stored("snowgate/passphrase")).get("private_key_passphrase").textValue())
                .isEqualTo(PASSPHRASE);
        assertThat(fingerprintOf(SnowflakeSecrets.parse(SECRET_ID, stored(SECRET_ID), "snowgate/passphrase",
                stored("snowgate/passphrase")))).isEqualTo(key.fingerprint());
        assertThat(run.out()).contains("secret snowgate/passphrase created").doesNotContain(PASSPHRASE);
    }

    @Test
    void put_fromJson_takesTheConnectionFieldsFromTheFile() throws IOException {
        Path fields = dir.resolve("fields.json");
        Files.writeString(fields, "{\"user\":\"SVC_JSON\",\"account\":\"ACCT\",\"warehouse\":\"WH\"}");

        CliRun run = put("--passphrase-env", "KEY_PASSPHRASE", "--from-json", fields.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        SnowflakeSecret parsed = SnowflakeSecrets.parse(SECRET_ID, stored(SECRET_ID));
        assertThat(parsed.user()).isEqualTo("SVC_JSON");
        assertThat(parsed.warehouse()).contains("WH");
        assertThat(fingerprintOf(parsed)).isEqualTo(key.fingerprint());
    }

    @Test
    void put_fromJsonHoldingAKey_isRefused() throws IOException {
        Path fields = dir.resolve("fields.json");
        Files.writeString(fields, "{\"user\":\"SVC\",\"account\":\"ACCT\",\"private_key\":\"x\"}");

        CliRun run = put("--passphrase-env", "KEY_PASSPHRASE", "--from-json", fields.toString());

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.err()).contains("holds 'private_key'");
        assertSecretMissing();
    }

    @Test
    void put_whileSecretsManagerAnswersABare503_failsSayingHttp503() {
        client.createSecret(r -> r.name(SECRET_ID).secretString("{}"));
        secretsManager.get().faults().failNext("PutSecretValue", 10, new Fault.Status(503));

        CliRun run = put("--passphrase-env", "KEY_PASSPHRASE", "--user", "SVC", "--account", "ACCT");

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.err()).isEqualTo("snowgate: secret " + SECRET_ID
                + ": Secrets Manager refused the write (HTTP 503)" + System.lineSeparator());
    }

    @Test
    void put_withTheWrongPassphrase_failsAndWritesNothing() {
        CliRun run = put("--passphrase-env", "WRONG", "--user", "SVC", "--account", "ACCT");

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.err()).contains("wrong passphrase").doesNotContain("not-it");
        assertThat(run.out()).isEmpty();
        assertSecretMissing();
    }

    @Test
    void put_encryptedKeyWithoutPassphrase_namesTheOption() {
        CliRun run = put("--user", "SVC", "--account", "ACCT");

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.err()).contains("no passphrase was given; give --passphrase-env VAR");
        assertSecretMissing();
    }

    @Test
    void put_aKeyBelow2048Bits_isRefused() {
        keyFile = KeyFixtures.copy(KeyFixtures.RSA_1024, dir);

        CliRun run = put("--user", "SVC", "--account", "ACCT");

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.err()).contains("1024 bits; Snowflake requires at least 2048");
        assertSecretMissing();
    }

    @Test
    void put_anInvalidAccount_failsBeforeWriting() {
        CliRun run = put("--passphrase-env", "KEY_PASSPHRASE", "--user", "SVC", "--account", "not an account!");

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.err()).contains("account");
        assertSecretMissing();
    }

    private void assertSecretMissing() {
        assertThatThrownBy(() -> stored(SECRET_ID)).isInstanceOf(ResourceNotFoundException.class);
    }
}
