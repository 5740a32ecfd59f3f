package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.StandInExtension;
import io.snowgate.emulator.junit5.SystemProperties;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.server.Fault;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.key.KeyDecodingException;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.secret.SecretCache;
import io.snowgate.lambda.secret.SnowflakeSecret;
import io.snowgate.lambda.secret.SnowflakeSecrets;
import io.snowgate.lambda.snowflake.KeyPairAuthentication;
import io.snowgate.lambda.testing.KeyFixtures;
import io.snowgate.lambda.testing.OpenSsl;
import io.snowgate.lambda.testing.UserKey;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** {@code secret put} in-process, through the real SDK built from the standard chains, against the stand-in. */
class SecretPutCommandTest {

    private static final String SECRET_ID = "snowgate/snowflake";
    private static final String PASSPHRASE = "put-passphrase";
    private static final String PASSPHRASE_ID = "snowgate/passphrase";
    private static final String NEXT_PASSPHRASE = "next-passphrase";
    private static final Map<String, String> ENV = Map.of("KEY_PASSPHRASE", PASSPHRASE, "WRONG", "not-it",
            "NEXT_PASSPHRASE", NEXT_PASSPHRASE);

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
        sdk = new AwsSdkProperties(secretsManager.get());
        client = LocalUpTest.client(secretsManager.get());
        key = UserKey.generate(dir.resolve("key"), PASSPHRASE);
        keyFile = dir.resolve("key").resolve("rsa_key.p8");
    }

    @AfterEach
    void tearDown() {
        client.close();
        sdk.close();
    }

    private CliRun put(String... extra) {
        return CliRun.run(ENV, args(extra));
    }

    /** {@code secret put} through a client that plans {@code fault} once a call matching {@code after} completed. */
    private CliRun putFaulting(Predicate<SdkRequest> after, String kind, int times, Fault fault, String... extra) {
        return putCalling(after, () -> secretsManager.get().faults().failNext(kind, times, fault), extra);
    }

    /** {@code secret put} through a client that runs {@code then} once, when a call matching {@code after} completed. */
    private CliRun putCalling(Predicate<SdkRequest> after, Runnable then, String... extra) {
        ExecutionInterceptor interceptor = new ExecutionInterceptor() {
            private boolean done;

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (!done && after.test(context.request())) {
                    done = true;
                    then.run();
                }
            }
        };
        Supplier<SecretsManagerClient> clients = () -> SecretsManagerClient.builder()
                .endpointOverride(secretsManager.get().endpoint())
                .region(Region.of(secretsManager.get().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID, SecretsManagerStandIn.DEFAULT_SECRET_ACCESS_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor))
                .build();
        return CliRun.runWithClient(ENV, clients, args(extra));
    }

    private String[] args(String... extra) {
        List<String> args = new ArrayList<>(List.of("secret", "put", "--secret-id", SECRET_ID,
                "--key", keyFile.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static Predicate<SdkRequest> putOf(String secretId) {
        return request -> request instanceof PutSecretValueRequest put && put.secretId().equals(secretId);
    }

    /** The key the function decodes from both secrets now, read as its SecretCache reads them. */
    private String functionFingerprint() {
        SecretCache cache = new SecretCache(new AwsSecretSource(client), SECRET_ID, Optional.of(PASSPHRASE_ID),
                Duration.ZERO, Duration.ZERO, Clock.systemUTC(), new PrivateKeyReader(),
                new JsonLog(System.err, new ObjectMapper(), Clock.systemUTC()));
        return cache.refresh(Deadline.in(Duration.ofSeconds(30), Clock.systemUTC())).authentication().credentialId();
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

    /** Both secrets written by a put of {@link #key}, then {@link #keyFile} pointed at a new key, {@code next}. */
    private UserKey pairInPlace_thenANewKey() {
        assertThat(put("--passphrase-env", "KEY_PASSPHRASE", "--passphrase-secret-id", PASSPHRASE_ID,
                "--user", "SVC", "--account", "ACCT").exitCode()).isZero();
        UserKey next = UserKey.generate(dir.resolve("next"), NEXT_PASSPHRASE);
        keyFile = dir.resolve("next").resolve("rsa_key.p8");
        return next;
    }

    /** Each labelled version of the secret with its labels (versions with none left out). */
    private Map<String, List<String>> labelled(String secretId) {
        return client.describeSecret(r -> r.secretId(secretId)).versionIdsToStages().entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    private List<List<String>> stages(String secretId) {
        return List.copyOf(client.describeSecret(r -> r.secretId(secretId)).versionIdsToStages().values());
    }

    @Test
    void put_withPassphraseSecretId_whoseKeyWriteFails_leavesBothSecretsAsTheyWere_andTheFunctionStillDecrypts() {
        UserKey next = pairInPlace_thenANewKey();
        String secretBefore = stored(SECRET_ID);
        String passphraseBefore = stored(PASSPHRASE_ID);

        CliRun run = putFaulting(putOf(PASSPHRASE_ID), "PutSecretValue", 1,
                new Fault.Error("AccessDeniedException", "not allowed"), "--passphrase-env", "NEXT_PASSPHRASE",
                "--passphrase-secret-id", PASSPHRASE_ID, "--user", "SVC", "--account", "ACCT");

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(stored(SECRET_ID)).isEqualTo(secretBefore);
        assertThat(stored(PASSPHRASE_ID)).isEqualTo(passphraseBefore);
        assertThat(functionFingerprint()).isEqualTo(key.fingerprint()).isNotEqualTo(next.fingerprint());
        assertThat(run.err()).contains("secret " + SECRET_ID + ": Secrets Manager refused the write "
                + "(AccessDeniedException)", "nothing was changed")
                .doesNotContain(NEXT_PASSPHRASE);
    }

    @Test
    void put_withPassphraseSecretId_whosePassphraseCannotBeMadeCurrent_rollsTheKeyBack_andTheFunctionStillDecrypts() {
        UserKey next = pairInPlace_thenANewKey();
        String secretBefore = stored(SECRET_ID);
        String passphraseBefore = stored(PASSPHRASE_ID);
        Map<String, List<String>> labelsBefore = labelled(SECRET_ID);

        CliRun run = putFaulting(putOf(SECRET_ID), "UpdateSecretVersionStage", 1,
                new Fault.Error("AccessDeniedException", "not allowed"), "--passphrase-env", "NEXT_PASSPHRASE",
                "--passphrase-secret-id", PASSPHRASE_ID, "--user", "SVC", "--account", "ACCT");

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(stored(SECRET_ID)).isEqualTo(secretBefore);
        assertThat(stored(PASSPHRASE_ID)).isEqualTo(passphraseBefore);
        assertThat(functionFingerprint()).isEqualTo(key.fingerprint()).isNotEqualTo(next.fingerprint());
        assertThat(stages(PASSPHRASE_ID)).noneMatch(labels -> labels.contains(SecretsManagerWrites.STAGED));
        // AWSPREVIOUS too: Secrets Manager put it on the rejected version when AWSCURRENT moved back, and a later
        // roll back to AWSPREVIOUS would have restored the key this command refused to leave in place.
        assertThat(labelled(SECRET_ID)).isEqualTo(labelsBefore);
        assertThat(run.err()).contains("secret " + PASSPHRASE_ID + ": Secrets Manager refused to make the new "
                + "passphrase current (AccessDeniedException); secret " + SECRET_ID + " was rolled back to version ",
                "so both secrets are as they were")
                .doesNotContain(NEXT_PASSPHRASE);
    }

    @Test
    void put_withPassphraseSecretId_whoseKeyWriteGetsNoAnswer_looksAgain_andLeavesBothAsTheyWere() {
        pairInPlace_thenANewKey();
        String secretBefore = stored(SECRET_ID);
        String passphraseBefore = stored(PASSPHRASE_ID);

        // More dropped connections than the SDK makes attempts: the call ends without an answer.
        CliRun run = putFaulting(putOf(PASSPHRASE_ID), "PutSecretValue", 10, new Fault.Drop(),
                "--passphrase-env", "NEXT_PASSPHRASE", "--passphrase-secret-id", PASSPHRASE_ID,
                "--user", "SVC", "--account", "ACCT");

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(stored(SECRET_ID)).isEqualTo(secretBefore);
        assertThat(stored(PASSPHRASE_ID)).isEqualTo(passphraseBefore);
        assertThat(functionFingerprint()).isEqualTo(key.fingerprint());
        assertThat(run.err()).contains("secret " + SECRET_ID + ": no answer from Secrets Manager",
                "nothing was changed");
    }

    @Test
    void put_withPassphraseSecretId_overAPairInPlace_writesTheKeyFirst_thenMakesThePassphraseCurrent() {
        UserKey next = pairInPlace_thenANewKey();
        String passphraseBefore = stored(PASSPHRASE_ID);
        List<String> passphraseWhenKeyWritten = new ArrayList<>();

        CliRun run = putCalling(putOf(SECRET_ID), () -> passphraseWhenKeyWritten.add(stored(PASSPHRASE_ID)),
                "--passphrase-env", "NEXT_PASSPHRASE", "--passphrase-secret-id", PASSPHRASE_ID,
                "--user", "SVC", "--account", "ACCT");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(passphraseWhenKeyWritten).containsExactly(passphraseBefore);
        assertThat(functionFingerprint()).isEqualTo(next.fingerprint());
        assertThat(stages(PASSPHRASE_ID)).containsExactlyInAnyOrder(List.of("AWSCURRENT"), List.of("AWSPREVIOUS"));
        assertThat(run.out().lines().skip(1)).satisfiesExactly(
                line -> assertThat(line).startsWith("secret " + SECRET_ID + " updated, version "),
                line -> assertThat(line).startsWith("secret " + PASSPHRASE_ID + " updated, version "));
    }

    @Test
    void put_anUnencryptedPkcs8KeyWithAPassphrase_storesItEncryptedWithThatPassphrase() throws IOException {
        keyFile = KeyFixtures.copy("pkcs8-plain.p8", dir);
        String fingerprint = KeyFixtures.text("fingerprint.txt").strip();

        CliRun run = put("--passphrase-env", "KEY_PASSPHRASE", "--user", "SVC", "--account", "ACCT");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String storedKey = json.readTree(stored(SECRET_ID)).get("private_key").textValue();
        assertThatThrownBy(() -> new PrivateKeyReader().readPrivateKey(storedKey, Passphrase.none()))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(KeyDecodingException.Reason.PASSPHRASE_REQUIRED));
        assertThat(fingerprintOf(SnowflakeSecrets.parse(SECRET_ID, stored(SECRET_ID)))).isEqualTo(fingerprint);
        // openssl, as a Glue or Spark job would, reads it back with the passphrase.
        Path pem = Files.writeString(dir.resolve("stored.p8"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + storedKey
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n");
        OpenSsl.run(dir, Map.of("PASS", PASSPHRASE), "pkey", "-in", pem.toString(), "-passin", "env:PASS",
                "-pubout", "-out", "stored.pub");
        assertThat(OpenSsl.fingerprint(dir.resolve("stored.pub"))).isEqualTo(fingerprint);
        assertThat(run.err()).doesNotContain("unencrypted");
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
    void put_withTheWrongPassphrase_failsSayingSo_withoutTheKeyOrPassphrase_andWritesNothing() throws IOException {
        CliRun run = put("--passphrase-env", "WRONG", "--user", "SVC", "--account", "ACCT");

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.err()).isEqualTo("snowgate: " + keyFile + ": the passphrase does not decrypt the private key"
                + " (wrong passphrase)" + System.lineSeparator());
        KeyFingerprintCommandTest.assertNoKeyMaterial(run, Files.readString(keyFile));
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
    void put_anInvalidAccount_failsBeforeWriting_namingTheFieldButNoValueOrKey() throws IOException {
        CliRun run = put("--passphrase-env", "KEY_PASSPHRASE", "--user", "SVC", "--account", "not an account!");

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.err()).startsWith("snowgate: secret '" + SECRET_ID + "' field 'account': is not a Snowflake"
                + " account identifier").doesNotContain("not an account!").doesNotContain(PASSPHRASE);
        assertThat(run.err().lines()).as("one line, no stack trace").hasSize(1);
        KeyFingerprintCommandTest.assertNoKeyMaterial(run, Files.readString(keyFile));
        assertSecretMissing();
    }

    @Test
    void put_toASecretsManagerEndpointOverPlainHttpOffLoopback_isRefusedBeforeAnythingIsSent() throws IOException {
        // 0.0.0.0 is no loopback name, yet connecting to it reaches this machine: without the refusal the key would
        // land in the stand-in, nothing leaves the machine either way.
        String endpoint = "http://0.0.0.0:" + secretsManager.get().endpoint().getPort();
        CliRun run;
        try (SystemProperties plain = SystemProperties.set(Map.of("aws.endpointUrlSecretsManager", endpoint))) {
            run = put("--passphrase-env", "KEY_PASSPHRASE", "--user", "SVC", "--account", "ACCT");
        }

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.err()).startsWith("snowgate: the Secrets Manager endpoint (AWS_ENDPOINT_URL_SECRETS_MANAGER")
                .contains("is plain http to a host that is not loopback").doesNotContain(PASSPHRASE);
        KeyFingerprintCommandTest.assertNoKeyMaterial(run, Files.readString(keyFile));
        assertThat(secretsManager.get().counters().count("PutSecretValue")).isZero();
        assertThat(secretsManager.get().counters().count("CreateSecret")).isZero();
        assertSecretMissing();
    }

    private void assertSecretMissing() {
        assertThatThrownBy(() -> stored(SECRET_ID)).isInstanceOf(ResourceNotFoundException.class);
    }
}
