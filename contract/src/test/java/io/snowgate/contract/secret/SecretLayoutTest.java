package io.snowgate.contract.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretLayoutTest {

    private static final String KEY_BODY = "MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI";

    @Test
    void write_usesTheRecipesNamesInTheRecipesOrder_andLeavesAbsentFieldsOut() {
        Map<SecretField, String> fields = new EnumMap<>(SecretField.class);
        fields.put(SecretField.PASSPHRASE, "pass phrase");
        fields.put(SecretField.PRIVATE_KEY, KEY_BODY);
        fields.put(SecretField.ROLE, "");
        fields.put(SecretField.ACCOUNT, "myorg-myaccount");
        fields.put(SecretField.USER, "SVC_REPORTING");

        assertThat(SecretLayout.write(fields)).isEqualTo("{\"user\":\"SVC_REPORTING\",\"account\":\"myorg-myaccount\","
                + "\"role\":\"\",\"private_key\":\"" + KEY_BODY + "\",\"private_key_passphrase\":\"pass phrase\"}");
    }

    @ParameterizedTest
    @EnumSource(SecretField.class)
    void everyFieldWritten_isReadBackUnderEveryOneOfItsNames(SecretField field) {
        for (String name : field.names()) {
            String secret = "{\"" + name + "\":\" value \"}";

            SecretLayout layout = SecretLayout.read("s", secret);

            assertThat(layout.raw(field)).contains(new SecretLayout.Field(name, " value "));
            assertThat(layout.optional(field)).contains(new SecretLayout.Field(name, "value"));
        }
        String written = SecretLayout.write(Map.of(field, "v"));
        assertThat(SecretLayout.read("s", written).required(field).value()).isEqualTo("v");
    }

    @Test
    void namesMatchIgnoringCase() {
        assertThat(SecretLayout.read("s", "{\"SFUSER\":\"u\"}").required(SecretField.USER))
                .isEqualTo(new SecretLayout.Field("SFUSER", "u"));
    }

    @Test
    void twoNamesOfOneFieldWithDifferentValues_areRefusedNamingBothNeverTheValues() {
        SecretLayout layout = SecretLayout.read("prod/sf", "{\"user\":\"alice-secret\",\"username\":\"bob-secret\"}");

        assertThatThrownBy(() -> layout.required(SecretField.USER))
                .isInstanceOf(SecretFormatException.class)
                .hasMessage("secret 'prod/sf' field 'user': has a different value than field 'username'; keep one of "
                        + "them");
    }

    @ParameterizedTest
    @EnumSource(SecretField.class)
    void aFieldStillHoldingTheDeploymentsPlaceholder_isRefusedAsSuch_notReadAsAValue(SecretField field) {
        SecretLayout layout = SecretLayout.read("prod/sf", "{\"" + field.canonicalName() + "\":\" REPLACE_ME\"}");

        assertThat(layout.holdsPlaceholder(field)).isTrue();
        assertThatThrownBy(() -> layout.optional(field))
                .isInstanceOf(SecretFormatException.class)
                .hasMessage("secret 'prod/sf' field '" + field.canonicalName() + "': still holds the placeholder the"
                        + " deployment created the secret with; put the real value in (README: Deploy to AWS,"
                        + " step 4)");
    }

    @Test
    void thePlaceholderInAPassphraseSecret_isRefusedAsSuch_notTakenForAWrongPassphrase() {
        assertThatThrownBy(() -> SecretLayout.readPassphraseSecret("prod/pass",
                SecretLayout.writePassphraseSecret(SecretLayout.PLACEHOLDER)))
                .hasMessageStartingWith("secret 'prod/pass' field 'private_key_passphrase': still holds the placeholder");
        SecretLayout real = SecretLayout.read("prod/sf", "{\"user\":\"REPLACE_ME_LATER\",\"role\":\"\"}");
        assertThat(real.holdsPlaceholder(SecretField.USER)).isFalse();
        assertThat(real.holdsPlaceholder(SecretField.ROLE)).isFalse();
        assertThat(real.required(SecretField.USER).value()).isEqualTo("REPLACE_ME_LATER");
    }

    @Test
    void missingField_namesEveryAcceptedName() {
        assertThatThrownBy(() -> SecretLayout.read("s", "{}").required(SecretField.PRIVATE_KEY))
                .hasMessage("secret 's' field 'private_key': is missing or empty (accepted names: private_key, "
                        + "privateKey, pem_private_key)")
                .satisfies(e -> assertThat(((SecretFormatException) e).field()).contains("private_key"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json MIIEvQIBADANBgkqhkiG9w0", "[1,2]", "{\"a\":1,\"a\":2}"})
    void unusableSecret_isRefusedWithoutQuotingIt(String secret) {
        assertThatThrownBy(() -> SecretLayout.read("s", secret))
                .isInstanceOf(SecretFormatException.class)
                .hasMessageStartingWith("secret 's': ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("MIIEvQ"));
    }

    @Test
    void nonStringValue_isRefusedNamingTheField() {
        assertThatThrownBy(() -> SecretLayout.read("s", "{\"warehouse\":42}").optional(SecretField.WAREHOUSE))
                .hasMessage("secret 's' field 'warehouse': must be a string");
    }

    @Test
    void withNewKey_keepsEveryOtherFieldAndTheKeysForm() {
        String recipe = "{\"user\":\"u\",\"private_key\":\"OLDBODY\",\"note\":\"kept\",\"passphrase\":\"old\"}";
        String managed = "{\"privateKey\":\"-----BEGIN PRIVATE KEY-----\\nOLD\\n-----END PRIVATE KEY-----\","
                + "\"publicKey\":\"old public\",\"user\":\"u\"}";
        SecretLayout.NewKey key = new SecretLayout.NewKey("-----BEGIN PRIVATE KEY-----\nNEW\n-----END PRIVATE KEY-----",
                "NEW");

        assertThat(SecretLayout.read("s", recipe).withNewKey(key, "new public", Optional.of("fresh")))
                .isEqualTo("{\"user\":\"u\",\"private_key\":\"NEW\",\"note\":\"kept\",\"passphrase\":\"fresh\"}");
        assertThat(SecretLayout.read("s", managed).withNewKey(key, "new public", Optional.empty()))
                .isEqualTo("{\"privateKey\":\"-----BEGIN PRIVATE KEY-----\\nNEW\\n-----END PRIVATE KEY-----\","
                        + "\"publicKey\":\"new public\",\"user\":\"u\"}");
    }

    @Test
    void withNewKey_writesTheNewValuesUnderEveryNamePresent_soTheSecretStillReads() {
        // A secret shared with Glue (private_key, private_key_passphrase) and Athena or managed rotation
        // (pem_private_key, passphrase, publicKey, public_key): each field twice, with one value.
        String shared = "{\"user\":\"u\",\"private_key\":\"OLDBODY\",\"pem_private_key\":\"OLDBODY\","
                + "\"private_key_passphrase\":\"old\",\"PASSPHRASE\":\"old\",\"publicKey\":\"old public\","
                + "\"public_key\":\"old public\",\"key_passphrase\":\"\"}";
        SecretLayout.NewKey key = new SecretLayout.NewKey("-----BEGIN PRIVATE KEY-----\nNEW\n-----END PRIVATE KEY-----",
                "NEW");

        String rotated = SecretLayout.read("s", shared).withNewKey(key, "new public", Optional.of("fresh"));

        assertThat(rotated).isEqualTo("{\"user\":\"u\",\"private_key\":\"NEW\",\"pem_private_key\":\"NEW\","
                + "\"private_key_passphrase\":\"fresh\",\"PASSPHRASE\":\"fresh\",\"publicKey\":\"new public\","
                + "\"public_key\":\"new public\",\"key_passphrase\":\"\"}");
        SecretLayout read = SecretLayout.read("s", rotated);
        assertThat(read.required(SecretField.PRIVATE_KEY).value()).isEqualTo("NEW");
        assertThat(read.raw(SecretField.PASSPHRASE).orElseThrow().value()).isEqualTo("fresh");
        assertThat(read.raw(SecretField.PUBLIC_KEY).orElseThrow().value()).isEqualTo("new public");
    }

    @Test
    void withNewKey_andAPassphraseButNoFieldForIt_isRefused() {
        assertThatThrownBy(() -> SecretLayout.read("s", "{\"private_key\":\"OLD\"}")
                .withNewKey(new SecretLayout.NewKey("PEM", "BODY"), "pub", Optional.of("p")))
                .hasMessageContaining("field 'private_key_passphrase': is missing");
    }

    @Test
    void withKey_addsTheKeyToConnectionFieldsAsWritten_andRefusesKeyMaterialInThem() {
        assertThat(SecretLayout.withKey("fields.json", "{\"sfUser\":\"u\",\"account\":\"a\"}", KEY_BODY,
                Optional.of("p"))).isEqualTo("{\"sfUser\":\"u\",\"account\":\"a\",\"private_key\":\"" + KEY_BODY
                        + "\",\"private_key_passphrase\":\"p\"}");
        assertThatThrownBy(() -> SecretLayout.withKey("fields.json", "{\"user\":\"u\",\"PEM_PRIVATE_KEY\":\"x\"}",
                KEY_BODY, Optional.empty()))
                .hasMessage("secret 'fields.json': holds 'PEM_PRIVATE_KEY', which is key material; keep it out of the "
                        + "connection fields");
    }

    /**
     * A passphrase secret that is one JSON string, quotes and all, as {@code jq} without {@code -r} or
     * {@code --secret-string '"..."'} stores it, is read as JSON, as an object is; text that only starts and ends with
     * a quote stays as it is.
     */
    @Test
    void passphraseSecret_thatIsAJsonString_isReadAsThatString() {
        assertThat(SecretLayout.readPassphraseSecret("p", "\"my pass\"")).isEqualTo("my pass");
        assertThat(SecretLayout.readPassphraseSecret("p", "\"my \\\"quoted\\\" pass\"\n"))
                .isEqualTo("my \"quoted\" pass");
        assertThat(SecretLayout.readPassphraseSecret("p", "\"one\" \"two\"")).isEqualTo("\"one\" \"two\"");
        assertThat(SecretLayout.readPassphraseSecret("p", "\"")).isEqualTo("\"");
    }

    @Test
    void storedPassphrase_printsTheFieldItCameFrom_neverThePassphrase() {
        SecretLayout.StoredPassphrase fromJson = SecretLayout.readPassphrase("p",
                "{\"private_key_passphrase\":\"canary-passphrase\"}");
        SecretLayout.StoredPassphrase plain = SecretLayout.readPassphrase("p", "canary-passphrase\n");

        assertThat(fromJson.value()).isEqualTo("canary-passphrase");
        assertThat(fromJson.toString()).doesNotContain("canary").contains("private_key_passphrase");
        assertThat(plain.toString()).doesNotContain("canary");
    }

    @Test
    void passphraseSecret_roundTrips_andAcceptsPlainTextWithATrailingLineBreak() {
        assertThat(SecretLayout.readPassphraseSecret("p", SecretLayout.writePassphraseSecret(" spaced {pass} ")))
                .isEqualTo(" spaced {pass} ");
        assertThat(SecretLayout.readPassphraseSecret("p", "plain\n")).isEqualTo("plain");
        assertThat(SecretLayout.readPassphraseSecret("p", "{not json")).isEqualTo("{not json");
        assertThatThrownBy(() -> SecretLayout.readPassphraseSecret("p", "{\"other\":\"x\"}"))
                .hasMessageContaining("has none of the fields");
    }
}
