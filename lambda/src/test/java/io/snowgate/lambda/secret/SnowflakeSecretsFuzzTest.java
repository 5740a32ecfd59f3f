package io.snowgate.lambda.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.snowgate.contract.secret.SecretFormatException;
import io.snowgate.contract.secret.SecretLayout;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.testing.KeyFixtures;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fuzzes what the function does with a {@code SecretString}: {@link SnowflakeSecrets#parse} (through
 * {@link SecretLayout#read}), decoding the key it holds, and a rotation's {@link SnowflakeSecrets#withNewKey}; and
 * what it does with a passphrase secret. Nothing but {@link SecretFormatException} may escape. Inputs are UTF-8 text;
 * the committed ones (every layout the README lists, and every crash found) are under
 * {@code src/test/resources/io/snowgate/lambda/secret/SnowflakeSecretsFuzzTestInputs/}.
 */
class SnowflakeSecretsFuzzTest {

    private static final String ID = "fuzz/snowflake";
    private static final RsaKeyPair NEW_KEY = new PrivateKeyReader()
            .readPrivateKey(KeyFixtures.text("pkcs8-plain.p8"), Passphrase.none());
    private static final String NEW_PEM = new KeyPem().privateKeyPkcs8(NEW_KEY, Passphrase.none());
    private static final String NEW_PUBLIC = new KeyPem().publicKey(NEW_KEY.publicKey());
    /** A good secret whose key needs a passphrase, for the passphrase secret to decrypt. */
    private static final String ENCRYPTED_SECRET = "{\"account\":\"myorg-myacct\",\"user\":\"SVC\",\"private_key\":"
            + "\"" + KeyFixtures.text("pkcs8-des3.body-oneline").strip() + "\"}";

    private final PrivateKeyReader reader = new PrivateKeyReader();

    @FuzzTest
    void parse_throwsOnlySecretFormatException(byte[] input) {
        String secretString = new String(input, StandardCharsets.UTF_8);
        SnowflakeSecret secret;
        try {
            secret = SnowflakeSecrets.parse(ID, secretString);
        } catch (SecretFormatException expected) {
            assertThat(expected.secretId()).isEqualTo(ID);
            return;
        }
        assertThat(secret.toString()).startsWith("SnowflakeSecret[" + ID);
        try {
            assertThat(secret.keyPair(reader).bits()).isGreaterThanOrEqualTo(PrivateKeyReader.MIN_RSA_BITS);
        } catch (SecretFormatException expected) {
            assertThat(expected.field()).contains(secret.credentials().keyField());
        }
        String rotated;
        try {
            rotated = SnowflakeSecrets.withNewKey(ID, secretString, NEW_PEM, NEW_PUBLIC, Optional.empty());
        } catch (SecretFormatException expected) {
            return;
        }
        // A rotated copy is a secret the function reads, holding the new key.
        assertThat(SnowflakeSecrets.parse(ID, rotated).keyPair(reader).fingerprint())
                .isEqualTo(NEW_KEY.fingerprint());
    }

    @FuzzTest
    void passphraseSecret_throwsOnlySecretFormatException(byte[] input) {
        String passphraseSecret = new String(input, StandardCharsets.UTF_8);
        try {
            SecretLayout.readPassphraseSecret("fuzz/passphrase", passphraseSecret);
            SnowflakeSecrets.parse(ID, ENCRYPTED_SECRET, "fuzz/passphrase", passphraseSecret).keyPair(reader);
        } catch (SecretFormatException expected) {
            assertThat(expected.secretId()).isIn(ID, "fuzz/passphrase");
        }
    }
}
