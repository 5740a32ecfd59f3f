package io.snowgate.lambda.secret;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.contract.secret.SecretField;
import io.snowgate.contract.secret.SecretFormatException;
import io.snowgate.lambda.key.KeyDecodingException.Reason;
import io.snowgate.lambda.key.KeyDecodingException;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.snowflake.KeyPairAuthentication;
import io.snowgate.lambda.snowflake.SnowflakeConnectionSpec;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.testing.KeyFixtures;
import io.snowgate.lambda.testing.OpenSsl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnowflakeSecretsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "prod/snowflake";
    private static final String PASS = KeyFixtures.PASSPHRASE;

    private final PrivateKeyReader reader = new PrivateKeyReader();
    private final String expectedFingerprint =
            reader.readPrivateKey(KeyFixtures.text("pkcs8-plain.p8"), Passphrase.none()).fingerprint();

    @Test
    void parse_readsTheGlueRecipeSecret_withEmptyRoleAsNone() {
        String json = json("user", "svc_user", "account", "myorg-my_acct", "warehouse", "WH", "database", "DB",
                "schema", "PUBLIC", "role", "", "private_key", KeyFixtures.text("pkcs8-des3.body-oneline"),
                "private_key_passphrase", PASS);

        SnowflakeSecret secret = SnowflakeSecrets.parse(ID, json);

        assertThat(secret.user()).isEqualTo("svc_user");
        assertThat(secret.account().jwtIdentifier()).isEqualTo("MYORG-MY_ACCT");
        assertThat(secret.warehouse()).contains("WH");
        assertThat(secret.database()).contains("DB");
        assertThat(secret.schema()).contains("PUBLIC");
        assertThat(secret.role()).isEmpty();
        assertThat(secret.host()).isEmpty();
        assertThat(fingerprint(secret)).isEqualTo(expectedFingerprint);
    }

    @Test
    void parse_readsTheManagedRotationType() {
        String json = json("account", "xy12345.us-east-1", "user", "svc", "privateKey",
                KeyFixtures.text("pkcs8-aes256.p8"), "passphrase", PASS, "publicKey", KeyFixtures.text("rsa_key.pub"));

        SnowflakeSecret secret = SnowflakeSecrets.parse(ID, json);

        assertThat(secret.publicKey()).contains(KeyFixtures.text("rsa_key.pub").strip());
        assertThat(secret.user()).isEqualTo("svc");
        assertThat(secret.account().jwtIdentifier()).isEqualTo("XY12345");
        assertThat(fingerprint(secret)).isEqualTo(expectedFingerprint);
    }

    @ParameterizedTest(name = "{0}/{1}/{2}/{3}")
    @CsvSource({
        "sfUser,   pem_private_key, pem_private_key_passphrase, pkcs1-aes256.pem",
        "username, private_key,     key_passphrase,             pkcs8-des3.escaped",
        "USER,     PRIVATE_KEY,     private_key_pwd,            pkcs8-v1-sha1-3des.p8",
        "user,     privateKey,      Private_Key_Passphrase,     pkcs8-des3.der.b64"})
    void parse_acceptsEveryAliasOfUserKeyAndPassphrase(String userField, String keyField, String passField,
            String fixture) {
        String json = json("account", "xy12345", userField, "u", keyField, KeyFixtures.text(fixture), passField, PASS);

        assertThat(fingerprint(SnowflakeSecrets.parse(ID, json))).isEqualTo(expectedFingerprint);
    }

    @Test
    void parse_readsLiteralBackslashNEscapesInsideJson() {
        // The JSON text holds backslash-n pairs inside the string, not newlines.
        String json = "{\"account\":\"xy12345\",\"user\":\"u\",\"private_key\":\""
                + KeyFixtures.text("pkcs8-des3.escaped").replace("\\n", "\\\\n") + "\",\"passphrase\":\"" + PASS + "\"}";

        assertThat(fingerprint(SnowflakeSecrets.parse(ID, json))).isEqualTo(expectedFingerprint);
    }

    /**
     * A PEM pasted into the console's Plaintext tab between the quotes keeps its line breaks raw inside the JSON
     * string: strict JSON forbids them, but the key is plainly there.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n"})
    void parse_readsAPemWhoseLineBreaksArePastedRawIntoTheJsonString(String lineBreak) {
        String json = "{\n  \"account\": \"xy12345\",\n  \"user\": \"u\",\n  \"private_key\": \""
                + KeyFixtures.text("pkcs8-des3.p8").replace("\n", lineBreak) + "\",\n  \"passphrase\": \"" + PASS
                + "\"\n}";

        assertThat(fingerprint(SnowflakeSecrets.parse(ID, json))).isEqualTo(expectedFingerprint);
    }

    @Test
    void parse_readsSfWarehouseAndAHostOverride() {
        String json = json("account", "myorg-myacct", "user", "u", "private_key", KeyFixtures.text("pkcs8-plain.p8"),
                "sfWarehouse", "WH2", "host", "http://127.0.0.1:41234");

        SnowflakeSecret secret = SnowflakeSecrets.parse(ID, json);

        assertThat(secret.warehouse()).contains("WH2");
        assertThat(secret.host()).contains(new SnowflakeEndpoint("http", "127.0.0.1", 41234));
    }

    @Test
    void connection_buildsDriverPropertiesFromTheSecret() {
        SnowflakeSecret secret = SnowflakeSecrets.parse(ID, json("account", "myorg.myacct", "user", "svc",
                "private_key", KeyFixtures.text("pkcs8-plain.der.b64"), "role", "", "warehouse", "WH"));

        SnowflakeConnectionSpec spec = secret.connection(secret.authentication(reader)).build();

        assertThat(spec.jdbcUrl()).isEqualTo("jdbc:snowflake://myorg-myacct.snowflakecomputing.com:443");
        assertThat(spec.properties()).containsEntry("account", "MYORG-MYACCT").containsEntry("warehouse", "WH")
                .doesNotContainKey("role");
    }

    @ParameterizedTest
    @CsvSource({"account, account", "user, user", "private_key, private_key"})
    void parse_namesAMissingFieldAndItsAliases(String dropped, String named) {
        ObjectNode node = node("account", "xy12345", "user", "u", "private_key", "MIIB");
        node.remove(dropped);

        assertThatThrownBy(() -> SnowflakeSecrets.parse(ID, node.toString()))
                .isInstanceOfSatisfying(SecretFormatException.class, e -> {
                    assertThat(e.secretId()).isEqualTo(ID);
                    assertThat(e.field()).contains(named);
                })
                .hasMessageStartingWith("secret 'prod/snowflake' field '" + named + "': is missing or empty");
    }

    @Test
    void parse_refusesAliasesThatDisagree() {
        String json = json("account", "xy12345", "user", "a", "username", "b", "private_key", "MIIB");

        assertThatThrownBy(() -> SnowflakeSecrets.parse(ID, json))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("field 'user': has a different value than field 'username'");
    }

    @Test
    void parse_refusesNonStringValues() {
        String json = "{\"account\":\"xy12345\",\"user\":\"u\",\"private_key\":\"MIIB\",\"warehouse\":42}";

        assertThatThrownBy(() -> SnowflakeSecrets.parse(ID, json))
                .isInstanceOf(SecretFormatException.class)
                .hasMessage("secret 'prod/snowflake' field 'warehouse': must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "[1,2]",
        "{\"private_key\":\"MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\",\"private_key\":\"x\"}"})
    void parse_refusesWhatIsNoJsonObject_withoutQuotingIt(String secretString) {
        assertThatThrownBy(() -> SnowflakeSecrets.parse(ID, secretString))
                .isInstanceOfSatisfying(SecretFormatException.class, e -> assertThat(e.field()).isEmpty())
                .hasMessageStartingWith("secret 'prod/snowflake': ")
                .message().doesNotContain("MIIEvQ");
    }

    @Test
    void parse_namesTheAccountField_whenTheIdentifierIsInvalid() {
        assertThatThrownBy(() -> SnowflakeSecrets.parse(ID,
                json("account", "a.b.c", "user", "u", "private_key", "MIIB")))
                .isInstanceOfSatisfying(SecretFormatException.class, e -> assertThat(e.field()).contains("account"))
                .hasMessageContaining("is not a Snowflake account identifier");
    }

    @Test
    void parse_refusesAPlainHttpHostThatIsNotLoopback() {
        assertThatThrownBy(() -> SnowflakeSecrets.parse(ID, json("account", "xy12345", "user", "u",
                "private_key", "MIIB", "host", "http://xy12345.snowflakecomputing.com")))
                .isInstanceOfSatisfying(SecretFormatException.class, e -> assertThat(e.field()).contains("host"))
                .hasMessageContaining("plain http only for a loopback host");
    }

    @Test
    void parse_neverQuotesAnInvalidAccountOrHost_whichMayHoldAPastedSecret() {
        assertThatThrownBy(() -> SnowflakeSecrets.parse(ID, json("account", "pasted passphrase s3cr3t!", "user", "u",
                "private_key", "MIIB")))
                .isInstanceOfSatisfying(SecretFormatException.class, e -> assertThat(e.field()).contains("account"))
                .hasMessageNotContainingAny("s3cr3t", "pasted");
        assertThatThrownBy(() -> SnowflakeSecrets.parse(ID, json("account", "xy12345", "user", "u",
                "private_key", "MIIB", "host", "https://svc:s3cr3t@xy12345.snowflakecomputing.com")))
                .isInstanceOfSatisfying(SecretFormatException.class, e -> assertThat(e.field()).contains("host"))
                .hasMessageNotContaining("s3cr3t");
    }

    @ParameterizedTest
    @ValueSource(strings = {PASS, PASS + "\n", "\"" + PASS + "\"", "\"" + PASS + "\"\n",
        "{\"passphrase\":\"" + PASS + "\"}", "{\"private_key_passphrase\":\"" + PASS + "\",\"note\":\"x\"}"})
    void parse_takesThePassphraseFromASecondSecret_plainOrJsonStringOrObject(String passphraseSecret) {
        String json = json("account", "xy12345", "user", "u", "private_key", KeyFixtures.text("pkcs8-des3.body"),
                "private_key_passphrase", "stale-and-wrong");

        SnowflakeSecret secret = SnowflakeSecrets.parse(ID, json, "prod/snowflake-passphrase", passphraseSecret);

        assertThat(secret.credentials().passphraseSource()).isEqualTo("secret 'prod/snowflake-passphrase'");
        assertThat(fingerprint(secret)).isEqualTo(expectedFingerprint);
    }

    @Test
    void parse_refusesAJsonPassphraseSecretWithoutAPassphraseField() {
        String json = json("account", "xy12345", "user", "u", "private_key", "MIIB");

        assertThatThrownBy(() -> SnowflakeSecrets.parse(ID, json, "pp", "{\"password\":\"x\"}"))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageStartingWith("secret 'pp': the passphrase secret is JSON but has none of the fields");
    }

    @Test
    void parse_saysASecretStillHoldsTheDeploymentsPlaceholders_ratherThanCallingThemABadAccountOrKey() {
        String created = json("account", "REPLACE_ME", "user", "REPLACE_ME", "private_key", "REPLACE_ME",
                "warehouse", "REPLACE_ME", "database", "REPLACE_ME", "schema", "REPLACE_ME", "role", "REPLACE_ME");
        String keyPutInWithoutItsPassphrase = json("account", "xy12345", "user", "u",
                "private_key", KeyFixtures.text("pkcs8-des3.body"));

        assertThatThrownBy(() -> SnowflakeSecrets.parse(ID, created))
                .isInstanceOf(SecretFormatException.class)
                .hasMessage("secret 'prod/snowflake' field 'account': still holds the placeholder the deployment"
                        + " created the secret with; put the real value in (README: Deploy to AWS, step 4)");
        assertThatThrownBy(() -> SnowflakeSecrets.parse(ID, keyPutInWithoutItsPassphrase, "prod/pass",
                "{\"private_key_passphrase\":\"REPLACE_ME\"}"))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageStartingWith("secret 'prod/pass' field 'private_key_passphrase': still holds the"
                        + " placeholder");
    }

    @Test
    void authentication_reportsAWrongPassphrase_namingSecretFieldAndSource_butNoValue() {
        SnowflakeSecret secret = SnowflakeSecrets.parse(ID, json("account", "xy12345", "user", "u",
                "pem_private_key", KeyFixtures.text("pkcs8-des3.p8"), "key_passphrase", "WrongPassphrase123"));

        assertThatThrownBy(() -> secret.authentication(reader))
                .isInstanceOf(SecretFormatException.class)
                .hasMessage("secret 'prod/snowflake' field 'pem_private_key': the passphrase does not decrypt the "
                        + "private key (wrong passphrase) (passphrase from field 'key_passphrase')")
                .cause().isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSPHRASE));
    }

    @Test
    void authentication_saysWhereAPassphraseCanGo_whenTheKeyIsEncryptedAndNoneIsGiven() {
        SnowflakeSecret secret = SnowflakeSecrets.parse(ID, json("account", "xy12345", "user", "u",
                "private_key", KeyFixtures.text("pkcs8-des3.body")));

        assertThatThrownBy(() -> secret.authentication(reader))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("field 'private_key': the private key is encrypted and no passphrase was given")
                .hasMessageContaining("private_key_passphrase");
    }

    /** An empty passphrase field is there to be filled in: say which one, rather than ask for a field to be added. */
    @Test
    void authentication_namesTheEmptyPassphraseFieldToFill_whenTheKeyIsEncrypted() {
        SnowflakeSecret secret = SnowflakeSecrets.parse(ID, json("account", "xy12345", "user", "u",
                "private_key", KeyFixtures.text("pkcs8-des3.body"), "pem_private_key_passphrase", ""));

        assertThatThrownBy(() -> secret.authentication(reader))
                .isInstanceOf(SecretFormatException.class)
                .hasMessage("secret 'prod/snowflake' field 'private_key': the private key is encrypted and no "
                        + "passphrase was given (field 'pem_private_key_passphrase' is empty: put the key's passphrase"
                        + " there)");
    }

    /**
     * openssl encrypts with an empty passphrase after {@code -passout pass:} (or Enter at its prompt): a secret with
     * no passphrase, or an empty passphrase field, opens such a key.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "private_key_passphrase"})
    void authentication_readsAKeyEncryptedWithAnEmptyPassphrase_givenNoPassphraseOrAnEmptyField(String emptyField,
            @TempDir Path dir) throws Exception {
        OpenSsl.run(dir, Map.of(), "genrsa", "-out", "plain.pem", "2048");
        OpenSsl.run(dir, Map.of(), "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "plain.pem", "-passout", "pass:",
                "-out", "empty.p8");
        String plainFingerprint = reader.readPrivateKey(Files.readString(dir.resolve("plain.pem")), Passphrase.none())
                .fingerprint();
        ObjectNode secret = node("account", "xy12345", "user", "u", "private_key",
                Files.readString(dir.resolve("empty.p8")));
        if (!emptyField.isEmpty()) {
            secret.put(emptyField, "");
        }

        assertThat(SnowflakeSecrets.parse(ID, secret.toString()).keyPair(reader).fingerprint())
                .isEqualTo(plainFingerprint);
        // The same in a passphrase secret: its JSON's empty field, or a line break alone.
        for (String passphraseSecret : List.of("{\"passphrase\":\"\"}", "\n")) {
            assertThat(SnowflakeSecrets.parse(ID, secret.toString(), "pp", passphraseSecret).keyPair(reader)
                    .fingerprint()).isEqualTo(plainFingerprint);
        }
    }

    /**
     * The same passphrase secret, empty or holding a wrong passphrase: two messages, one asking for the passphrase to
     * be put in that secret, the other saying the one there is wrong; neither quoting it.
     */
    @Test
    void authentication_tellsAnEmptyPassphraseSecretFromAWrongPassphraseInIt() {
        String json = json("account", "xy12345", "user", "u", "private_key", KeyFixtures.text("pkcs8-des3.body"));

        assertThatThrownBy(() -> SnowflakeSecrets.parse(ID, json, "pp", "\n").authentication(reader))
                .isInstanceOfSatisfying(SecretFormatException.class, e -> assertThat(e.getCause())
                        .isInstanceOfSatisfying(KeyDecodingException.class,
                                d -> assertThat(d.reason()).isEqualTo(Reason.PASSPHRASE_REQUIRED)))
                .hasMessageEndingWith("the private key is encrypted and no passphrase was given (secret 'pp' is"
                        + " empty: put the key's passphrase there)");
        assertThatThrownBy(() -> SnowflakeSecrets.parse(ID, json, "pp", "CANARY-wrong\n").authentication(reader))
                .isInstanceOfSatisfying(SecretFormatException.class, e -> assertThat(e.getCause())
                        .isInstanceOfSatisfying(KeyDecodingException.class,
                                d -> assertThat(d.reason()).isEqualTo(Reason.WRONG_PASSPHRASE)))
                .hasMessageEndingWith("the passphrase does not decrypt the private key (wrong passphrase) (passphrase"
                        + " from secret 'pp')")
                .message().doesNotContain("CANARY");
    }

    /**
     * A passphrase secret meant as JSON but broken (a quote or brace missing) is read as the passphrase itself, since
     * a passphrase may start with '{': when that does not decrypt the key, the message says so and why, rather than
     * only "wrong passphrase", which sends the operator looking for another passphrase.
     */
    @Test
    void authentication_saysABrokenJsonPassphraseSecretWasReadAsPlainText_whenItDoesNotDecryptTheKey() {
        String json = json("account", "xy12345", "user", "u", "private_key", KeyFixtures.text("pkcs8-des3.body"));

        assertThatThrownBy(() -> SnowflakeSecrets.parse(ID, json, "pp", "{\"private_key_passphrase\": \"" + PASS
                + "\"\n").authentication(reader))
                .isInstanceOfSatisfying(SecretFormatException.class, e -> assertThat(e.getCause())
                        .isInstanceOfSatisfying(KeyDecodingException.class,
                                d -> assertThat(d.reason()).isEqualTo(Reason.WRONG_PASSPHRASE)))
                .hasMessageEndingWith("the passphrase does not decrypt the private key (wrong passphrase) (passphrase"
                        + " from secret 'pp', read as plain text: it starts with '{' but is not valid JSON)")
                .message().doesNotContain(PASS);
    }

    /**
     * An empty field in a JSON passphrase secret counts as no passphrase, as an empty field in the secret does: the
     * empty passphrase is tried, and when it fails that field of that secret is named as the one to fill in.
     */
    @Test
    void authentication_namesTheEmptyFieldOfAJsonPassphraseSecret_whenTheKeyNeedsAPassphrase() {
        String json = json("account", "xy12345", "user", "u", "private_key", KeyFixtures.text("pkcs8-des3.body"));
        SnowflakeSecret secret = SnowflakeSecrets.parse(ID, json, "pp", "{\"Passphrase\":\"\"}");

        assertThatThrownBy(() -> secret.authentication(reader))
                .isInstanceOf(SecretFormatException.class)
                .hasMessage("secret 'prod/snowflake' field 'private_key': the private key is encrypted and no"
                        + " passphrase was given (field 'Passphrase' of secret 'pp' is empty: put the key's passphrase"
                        + " there)");
    }

    @Test
    void toString_neverShowsKeyMaterialOrPassphrase() {
        String body = KeyFixtures.text("pkcs8-des3.body-oneline");
        SnowflakeSecret secret = SnowflakeSecrets.parse(ID, json("account", "xy12345", "user", "u",
                "private_key", body, "private_key_passphrase", PASS));

        String text = secret.toString() + secret.credentials() + secret.authentication(reader);

        assertThat(text).doesNotContain(PASS).doesNotContain(body.substring(100, 140)).contains("private_key");
    }

    private String fingerprint(SnowflakeSecret secret) {
        return ((KeyPairAuthentication) secret.authentication(reader)).keyPair().fingerprint();
    }

    @Test
    void withNewKey_keepsTheRecipeLayout_storingTheBodyAndTheNewPassphrase() throws Exception {
        String current = json("user", "svc_user", "account", "ACCT", "warehouse", "WH", "role", "",
                "private_key", KeyFixtures.text("pkcs8-des3.body-oneline"), "private_key_passphrase", "old");
        String newKey = KeyFixtures.text("pkcs8-aes256.p8");

        String rotated = SnowflakeSecrets.withNewKey(ID, current, newKey, KeyFixtures.text("rsa_key.pub"),
                Optional.of(PASS));

        ObjectNode node = (ObjectNode) JSON.readTree(rotated);
        assertThat(JSON.readTree(current).properties().stream().map(Map.Entry::getKey).toList())
                .isEqualTo(node.properties().stream().map(Map.Entry::getKey).toList());
        assertThat(node.get("private_key").textValue()).doesNotContain("-----")
                .isEqualTo(KeyPem.body(newKey));
        assertThat(node.get("private_key_passphrase").textValue()).isEqualTo(PASS);
        assertThat(node.get("warehouse").textValue()).isEqualTo("WH");
        assertThat(((KeyPairAuthentication) SnowflakeSecrets.parse(ID, rotated).authentication(reader)).keyPair()
                .fingerprint()).isEqualTo(expectedFingerprint);
    }

    @Test
    void withNewKey_keepsTheManagedLayout_storingWholePemAndThePublicKey() throws Exception {
        String current = json("account", "ACCT", "username", "svc_user",
                "privateKey", KeyFixtures.text("pkcs8-plain.p8"), "publicKey", "old public key");

        String rotated = SnowflakeSecrets.withNewKey(ID, current, KeyFixtures.text("pkcs8-plain.p8"),
                KeyFixtures.text("rsa_key.pub"), Optional.empty());

        ObjectNode node = (ObjectNode) JSON.readTree(rotated);
        assertThat(node.get("privateKey").textValue()).isEqualTo(KeyFixtures.text("pkcs8-plain.p8"));
        assertThat(node.get("publicKey").textValue()).isEqualTo(KeyFixtures.text("rsa_key.pub"));
        assertThat(node.has("passphrase")).isFalse();
    }

    @Test
    void withNewKey_aPassphraseWithNoFieldToHoldIt_isRefusedNamingTheField() {
        String current = json("user", "u", "account", "ACCT", "private_key", KeyFixtures.text("pkcs8-plain.p8"));

        assertThatThrownBy(() -> SnowflakeSecrets.withNewKey(ID, current, KeyFixtures.text("pkcs8-aes256.p8"),
                KeyFixtures.text("rsa_key.pub"), Optional.of(PASS)))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageContaining("private_key_passphrase")
                .hasMessageNotContaining(PASS);
    }

    private static String json(String... pairs) {
        return node(pairs).toString();
    }

    private static ObjectNode node(String... pairs) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.put(pairs[i], pairs[i + 1]);
        }
        return node;
    }
}
