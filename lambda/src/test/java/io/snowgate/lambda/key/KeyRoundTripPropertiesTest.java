package io.snowgate.lambda.key;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.contract.secret.SecretField;
import io.snowgate.contract.secret.SecretLayout;
import io.snowgate.lambda.secret.SnowflakeSecrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What {@link KeyPem} writes (PKCS#8, encrypted with any passphrase or not), {@link PrivateKeyReader} reads back to
 * the same key in every form a user may store it; and a key stored in a secret with any passphrase is the key the
 * function signs in with. RSA generation is slow, so a few keys are made once and the passphrase and encoding vary.
 */
class KeyRoundTripPropertiesTest {

    private static final List<RsaKeyPair> KEYS = List.of(RsaKeyGenerator.generate(), RsaKeyGenerator.generate(3072));

    /** The storage forms the README lists, made from a PEM text. */
    enum Storage {
        PEM(pem -> pem),
        BODY(KeyPem::body),
        BODY_ONE_LINE(pem -> KeyPem.body(pem).replace("\n", "")),
        ESCAPED_NEWLINES(pem -> pem.replace("\n", "\\n")),
        CRLF(pem -> pem.replace("\n", "\r\n")),
        BASE64_OF_PEM(pem -> Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)));

        private final Function<String, String> store;

        Storage(Function<String, String> store) {
            this.store = store;
        }
    }

    private final KeyPem pem = new KeyPem();
    private final PrivateKeyReader reader = new PrivateKeyReader();

    @Property(tries = 60)
    void encryptedPkcs8_withAnyPassphrase_readsBackToTheSameKey_inEveryStorageForm(@ForAll("keys") RsaKeyPair key,
            @ForAll("passphrases") String passphrase, @ForAll Storage storage) {
        String written = pem.privateKeyPkcs8(key, Passphrase.of(passphrase));

        RsaKeyPair read = reader.readPrivateKey(storage.store.apply(written), Passphrase.of(passphrase));

        assertThat(read.privateKey()).isEqualTo(key.privateKey());
        assertThat(read.fingerprint()).isEqualTo(key.fingerprint());
    }

    @Property(tries = 30)
    void encryptedPkcs8_asBinaryDer_readsBackToTheSameKey(@ForAll("keys") RsaKeyPair key,
            @ForAll("passphrases") String passphrase) {
        byte[] der = Base64.getMimeDecoder().decode(KeyPem.body(pem.privateKeyPkcs8(key, Passphrase.of(passphrase))));

        assertThat(reader.readPrivateKey(der, Passphrase.of(passphrase)).fingerprint()).isEqualTo(key.fingerprint());
        assertThat(reader.publicKeyOf(der, Passphrase.of(passphrase))).isEqualTo(key.publicKey());
    }

    @Property(tries = 30)
    void unencryptedPkcs8_readsBackToTheSameKey_inEveryStorageForm_whateverPassphraseIsGiven(
            @ForAll("keys") RsaKeyPair key, @ForAll Storage storage, @ForAll("passphrases") String unused) {
        String written = pem.privateKeyPkcs8(key, Passphrase.none());

        assertThat(reader.readPrivateKey(storage.store.apply(written), Passphrase.none()).privateKey())
                .isEqualTo(key.privateKey());
        assertThat(reader.readPrivateKey(storage.store.apply(written), Passphrase.of(unused)).privateKey())
                .isEqualTo(key.privateKey());
    }

    @Property(tries = 40)
    void aKeyInASecret_withAnyPassphrase_isTheKeyTheFunctionSignsInWith(@ForAll("keys") RsaKeyPair key,
            @ForAll("passphrases") String passphrase, @ForAll boolean bodyOnly) {
        String written = pem.privateKeyPkcs8(key, Passphrase.of(passphrase));
        String secret = SecretLayout.write(Map.of(SecretField.ACCOUNT, "myorg-myacct", SecretField.USER, "SVC",
                SecretField.PRIVATE_KEY, bodyOnly ? KeyPem.body(written) : written,
                SecretField.PASSPHRASE, passphrase));

        assertThat(SnowflakeSecrets.parse("s", secret).keyPair(reader).fingerprint()).isEqualTo(key.fingerprint());
    }

    @Provide
    Arbitrary<RsaKeyPair> keys() {
        return Arbitraries.of(KEYS);
    }

    /**
     * Any text a person can type or paste, spaces at either end included: well-formed Unicode (a lone surrogate is no
     * character and cannot be typed or stored as UTF-8).
     */
    @Provide
    Arbitrary<String> passphrases() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(64)
                .filter(s -> new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s));
    }
}
