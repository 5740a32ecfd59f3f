package io.snowgate.lambda.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.schedule.ScheduledRunFailedException;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.secret.SecretsManagerClients;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.testing.KeyFixtures;
import io.snowgate.lambda.testing.LocalDeployment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Bad secrets, each stored in the Secrets Manager stand-in and read by the function through the real AWS SDK when a
 * scheduled run signs in: every one fails the run with {@code SECRET_INVALID} naming the field at fault (or none, when
 * the secret as a whole is unusable), and no canary it carries (a value, a real key's lines, a passphrase) appears in
 * the error, the log and metric stream or anything java.util.logging received.
 */
class BadSecretsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final String PASS = KeyFixtures.PASSPHRASE;
    private static final String ENCRYPTED_BODY = KeyFixtures.text("pkcs8-des3.body");
    private static final String PLAIN_PEM = KeyFixtures.text("pkcs8-plain.p8");

    private static SecretsManagerStandIn secretsManager;
    private static SnowflakeStandIn snowflake;
    private static SecretsManagerClient client;

    @BeforeAll
    static void startStandIns() {
        secretsManager = new SecretsManagerStandIn().start();
        snowflake = new SnowflakeStandIn().start();
        client = SecretsManagerClients.forLocalStandIn(secretsManager.endpoint(), secretsManager.region());
    }

    @AfterAll
    static void stopStandIns() {
        client.close();
        snowflake.close();
        secretsManager.close();
    }

    /**
     * One bad secret.
     *
     * @param field            the field the error must name, or null when the secret as a whole is unusable
     * @param passphraseSecret a second secret holding the passphrase, when the case needs one
     */
    record Case(String name, String secret, String field, Optional<String> passphraseSecret, List<String> canaries) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badSecrets() {
        List<String> keyLines = KeyText.linesAndPassphrase("pkcs8-des3.p8");
        List<String> plainLines = KeyText.lines("pkcs8-plain.p8");
        return Stream.of(
                whole("not JSON", "CANARY-not-json {\"account\":", "CANARY-not-json"),
                whole("a JSON array", "[\"CANARY-in-array\"]", "CANARY-in-array"),
                whole("a JSON string", "\"CANARY-json-string\"", "CANARY-json-string"),
                whole("a JSON number", "4711000815", "4711000815"),
                whole("truncated JSON holding a key", "{\"account\":\"a\",\"private_key\":\"" + ENCRYPTED_BODY
                        .replace("\n", ""), keyLines),
                whole("a repeated field", "{\"account\":\"a\",\"user\":\"u\",\"private_key\":\"CANARY-first\","
                        + "\"private_key\":\"CANARY-second\"}", "CANARY-first", "CANARY-second"),
                field("no field at all but unknown ones", secret("note", "CANARY-unknown-field"), "account",
                        "CANARY-unknown-field"),
                field("no user", secret("account", "xy12345", "private_key", ENCRYPTED_BODY,
                        "private_key_passphrase", PASS), "user", keyLines),
                field("a blank user", secret("account", "xy12345", "user", "   ", "private_key", ENCRYPTED_BODY,
                        "private_key_passphrase", PASS), "user", keyLines),
                field("no private key", secret("account", "xy12345", "user", "u", "private_key_passphrase",
                        "CANARY-lonely-passphrase"), "private_key", "CANARY-lonely-passphrase"),
                field("a null private key", secret("account", "xy12345", "user", "u", "private_key", null,
                        "passphrase", "CANARY-null-key-pass"), "private_key", "CANARY-null-key-pass"),
                field("an account that is a number", secret("account", 4711, "user", "u", "private_key",
                        "CANARY-key-beside-number"), "account", "CANARY-key-beside-number"),
                field("a private key that is an object", secret("account", "xy12345", "user", "u", "private_key",
                        JSON.createObjectNode().put("pem", "CANARY-key-in-object")), "private_key",
                        "CANARY-key-in-object"),
                field("a passphrase that is a number", secret("account", "xy12345", "user", "u", "private_key",
                        ENCRYPTED_BODY, "private_key_passphrase", 31415926535L), "private_key_passphrase",
                        lines(keyLines, "31415926535")),
                field("a role that is a list", secret("account", "xy12345", "user", "u", "private_key",
                        ENCRYPTED_BODY, "private_key_passphrase", PASS, "role",
                        JSON.createArrayNode().add("CANARY-role")), "role", lines(keyLines, "CANARY-role")),
                field("an account with a passphrase pasted into it", secret("account", "CANARY pasted passphrase!",
                        "user", "u", "private_key", ENCRYPTED_BODY, "private_key_passphrase", PASS), "account",
                        lines(keyLines, "CANARY pasted passphrase!")),
                field("an account URL of another domain", secret("account", "https://canary-evil.example.com",
                        "user", "u", "private_key", ENCRYPTED_BODY, "private_key_passphrase", PASS), "account",
                        lines(keyLines, "canary-evil")),
                field("an account with an unknown region", secret("account", "xy12345.canary-region-9.aws.extra",
                        "user", "u", "private_key", ENCRYPTED_BODY, "private_key_passphrase", PASS), "account",
                        lines(keyLines, "canary-region-9")),
                field("a host URL with credentials in it", secret("account", "xy12345", "user", "u", "host",
                        "https://svc:CANARY-host-password@xy12345.snowflakecomputing.com", "private_key",
                        ENCRYPTED_BODY, "private_key_passphrase", PASS), "host",
                        lines(keyLines, "CANARY-host-password")),
                field("a plain http host that is not loopback", secret("account", "xy12345", "user", "u", "host",
                        "http://canary-plain.snowflakecomputing.com", "private_key", ENCRYPTED_BODY,
                        "private_key_passphrase", PASS), "host", lines(keyLines, "canary-plain")),
                field("two key names that disagree", secret("account", "xy12345", "user", "u", "private_key",
                        ENCRYPTED_BODY, "pem_private_key", "CANARY-other-key", "private_key_passphrase", PASS),
                        "private_key", lines(keyLines, "CANARY-other-key")),
                field("two passphrase names that disagree", secret("account", "xy12345", "user", "u",
                        "private_key", ENCRYPTED_BODY, "private_key_passphrase", PASS, "passphrase",
                        "CANARY-other-passphrase"), "private_key_passphrase",
                        lines(keyLines, "CANARY-other-passphrase")),
                field("two user names that disagree", secret("account", "xy12345", "user", "CANARY_USER_ONE",
                        "sfUser", "CANARY_USER_TWO", "private_key", ENCRYPTED_BODY, "private_key_passphrase", PASS),
                        "user", lines(keyLines, "CANARY_USER_ONE", "CANARY_USER_TWO")),
                field("a key that is not a key", secret("account", "xy12345", "user", "u", "private_key",
                        "CANARY-not-a-key-at-all"), "private_key", "CANARY-not-a-key-at-all"),
                field("an encrypted key without its passphrase", secret("account", "xy12345", "user", "u",
                        "private_key", ENCRYPTED_BODY), "private_key", keyLines),
                field("an encrypted key with the wrong passphrase", secret("account", "xy12345", "user", "u",
                        "private_key", ENCRYPTED_BODY, "private_key_passphrase", "CANARY-wrong-passphrase"),
                        "private_key", lines(keyLines, "CANARY-wrong-passphrase")),
                field("a passphrase with a trailing space", secret("account", "xy12345", "user", "u",
                        "private_key", ENCRYPTED_BODY, "private_key_passphrase", PASS + " "), "private_key",
                        keyLines),
                field("a truncated key", secret("account", "xy12345", "user", "u", "private_key",
                        PLAIN_PEM.substring(0, PLAIN_PEM.length() / 2)), "private_key",
                        plainLines.subList(0, plainLines.size() / 2 - 1)),
                field("the public key instead of the private one", secret("account", "xy12345", "user", "u",
                        "private_key", KeyFixtures.text("rsa_key.pub")), "private_key",
                        KeyText.lines("rsa_key.pub")),
                field("an EC key", secret("account", "xy12345", "user", "u", "private_key",
                        KeyFixtures.text("ec-pkcs8.p8")), "private_key", KeyText.lines("ec-pkcs8.p8")),
                field("a 1024-bit RSA key", secret("account", "xy12345", "user", "u", "private_key",
                        KeyFixtures.text("rsa-1024.p8")), "private_key", KeyText.lines("rsa-1024.p8")),
                field("a legacy encrypted key with the wrong passphrase", secret("account", "xy12345", "user", "u",
                        "private_key", KeyFixtures.text("pkcs1-aes256.pem"), "passphrase", "CANARY-legacy-wrong"),
                        "private_key", lines(KeyText.linesAndPassphrase("pkcs1-aes256.pem"), "CANARY-legacy-wrong")),
                new Case("a passphrase secret with the wrong passphrase", secret("account", "xy12345", "user", "u",
                        "private_key", ENCRYPTED_BODY), "private_key", Optional.of("CANARY-second-secret-wrong"),
                        lines(keyLines, "CANARY-second-secret-wrong")),
                new Case("a passphrase secret that is JSON without a passphrase", secret("account", "xy12345",
                        "user", "u", "private_key", ENCRYPTED_BODY), null,
                        Optional.of("{\"password\":\"CANARY-misnamed-passphrase\"}"),
                        lines(keyLines, "CANARY-misnamed-passphrase")),
                new Case("a passphrase secret whose two names disagree", secret("account", "xy12345", "user", "u",
                        "private_key", ENCRYPTED_BODY), "private_key_passphrase",
                        Optional.of("{\"private_key_passphrase\":\"" + PASS + "\",\"passphrase\":\"CANARY-pp-2\"}"),
                        lines(keyLines, "CANARY-pp-2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSecrets")
    void badSecret_failsTheRunWithSecretInvalid_namingTheField_andNoCanaryIsWritten(Case bad) throws Exception {
        String id = "bad/secret-" + IDS.incrementAndGet();
        client.createSecret(r -> r.name(id).secretString(bad.secret()));
        Optional<String> passphraseId = bad.passphraseSecret().map(value -> {
            client.createSecret(r -> r.name(id + "-passphrase").secretString(value));
            return id + "-passphrase";
        });
        SnowgateConfig config = SnowgateConfig.of(id, passphraseId, Optional.of(Path.of(LocalDeployment.TEST_CATALOG)
                .toString()), Duration.ofMinutes(5), Optional.of(new SnowflakeEndpoint("http", "127.0.0.1",
                snowflake.port())));

        try (Captured captured = new Captured();
                QueryFunction function = QueryFunction.create(config, new AwsSecretSource(client), Clock.systemUTC(),
                        Duration.ZERO, captured.logs())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ScheduledQueryHandler handler = new ScheduledQueryHandler(function);

            assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(
                    "{\"query\":\"current_version\"}".getBytes(StandardCharsets.UTF_8)), out,
                    new LocalContext("bad-secret", Duration.ofSeconds(30), Clock.systemUTC())))
                    .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                        captured.add(e).add(out.toString(StandardCharsets.UTF_8));
                        assertThat(e.failure().code()).isEqualTo("SECRET_INVALID");
                        if (bad.field() == null) {
                            assertThat(e.getMessage()).doesNotContain("field '");
                        } else {
                            assertThat(e.getMessage()).contains("field '" + bad.field() + "'");
                        }
                    });
            assertThat(captured.logText()).contains("\"code\":\"SECRET_INVALID\"");
            captured.assertNoCanary(bad.canaries());
        }
    }

    private static Case whole(String name, String secret, String... canaries) {
        return new Case(name, secret, null, Optional.empty(), List.of(canaries));
    }

    private static Case whole(String name, String secret, List<String> canaries) {
        return new Case(name, secret, null, Optional.empty(), canaries);
    }

    private static Case field(String name, String secret, String field, String... canaries) {
        return new Case(name, secret, field, Optional.empty(), List.of(canaries));
    }

    private static Case field(String name, String secret, String field, List<String> canaries) {
        return new Case(name, secret, field, Optional.empty(), canaries);
    }

    private static List<String> lines(List<String> canaries, String... more) {
        List<String> all = new ArrayList<>(canaries);
        all.addAll(List.of(more));
        return all;
    }

    /** A secret's JSON from name/value pairs; values are text, numbers, JSON nodes or null. */
    private static String secret(Object... pairs) {
        ObjectNode secret = JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            secret.set((String) pairs[i], JSON.valueToTree(pairs[i + 1]));
        }
        return secret.toString();
    }
}
