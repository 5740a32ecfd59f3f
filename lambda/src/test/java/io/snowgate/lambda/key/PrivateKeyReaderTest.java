package io.snowgate.lambda.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.lambda.key.KeyDecodingException.Reason;
import io.snowgate.lambda.testing.KeyFixtures;
import io.snowgate.lambda.testing.OpenSsl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrivateKeyReaderTest {

    private static String opensslFingerprint;

    private final PrivateKeyReader reader = new PrivateKeyReader();

    @BeforeAll
    static void fingerprintFromOpenSsl(@TempDir Path dir) {
        opensslFingerprint = OpenSsl.fingerprint(KeyFixtures.copy(KeyFixtures.PUBLIC_KEY, dir));
    }

    static final List<String> encrypted = KeyFixtures.ENCRYPTED;
    static final List<String> unencrypted = KeyFixtures.UNENCRYPTED;

    @ParameterizedTest
    @FieldSource("encrypted")
    void readPrivateKey_decryptsEveryEncryptedForm_toOpenSslsFingerprint(String fixture) {
        RsaKeyPair pair = reader.readPrivateKey(KeyFixtures.text(fixture), Passphrase.of(KeyFixtures.PASSPHRASE));

        assertThat(pair.fingerprint()).isEqualTo(opensslFingerprint);
        assertThat(pair.bits()).isEqualTo(2048);
    }

    @ParameterizedTest
    @FieldSource("unencrypted")
    void readPrivateKey_readsEveryUnencryptedForm_toOpenSslsFingerprint(String fixture) {
        assertThat(reader.readPrivateKey(KeyFixtures.text(fixture), Passphrase.none()).fingerprint())
                .isEqualTo(opensslFingerprint);
    }

    @ParameterizedTest
    @FieldSource("unencrypted")
    void readPrivateKey_ignoresAPassphrase_whenTheKeyIsNotEncrypted(String fixture) {
        assertThat(reader.readPrivateKey(KeyFixtures.text(fixture), Passphrase.of("unused")).fingerprint())
                .isEqualTo(opensslFingerprint);
    }

    @Test
    void readPrivateKey_readsPemWhoseLineBreaksWereCollapsedToSpaces() {
        String collapsed = KeyFixtures.text("pkcs1-aes256.pem").replace('\n', ' ');

        assertThat(reader.readPrivateKey(collapsed, Passphrase.of(KeyFixtures.PASSPHRASE)).fingerprint())
                .isEqualTo(opensslFingerprint);
    }

    /**
     * A PEM pasted into a one-line field (the Secrets Manager console's key/value editor in Chrome) loses its line
     * breaks: a legacy encrypted key's DEK-Info IV then runs straight into its base64 body, which may begin with hex
     * digits (the -hexstart fixtures do).
     */
    @ParameterizedTest
    @FieldSource("encrypted")
    void readPrivateKey_readsEveryEncryptedForm_whenItsLineBreaksWereRemoved(String fixture) {
        String oneLine = KeyFixtures.text(fixture).replace("\n", "");

        assertThat(reader.readPrivateKey(oneLine, Passphrase.of(KeyFixtures.PASSPHRASE)).fingerprint())
                .isEqualTo(opensslFingerprint);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkcs1-aes256.pem", "pkcs1-des3.pem"})
    void readPrivateKey_reportsADekInfoIvShorterThanItsCiphersBlock_asDamaged_notAsAWrongPassphrase(String fixture) {
        String shortIv = KeyFixtures.text(fixture).replaceFirst("(DEK-Info: [A-Z0-9-]+,)[0-9A-F]{2}", "$1");

        assertThatThrownBy(() -> reader.readPrivateKey(shortIv, Passphrase.of(KeyFixtures.PASSPHRASE)))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_KEY))
                .hasMessageContaining("DEK-Info");
    }

    @Test
    void readPrivateKey_readsBase64OfAWholePemFile() {
        String wholeFile = Base64.getEncoder().encodeToString(KeyFixtures.bytes("pkcs8-des3.p8"));

        assertThat(reader.readPrivateKey(wholeFile, Passphrase.of(KeyFixtures.PASSPHRASE)).fingerprint())
                .isEqualTo(opensslFingerprint);
    }

    @Test
    void readPrivateKey_readsBinaryDer() {
        byte[] der = Base64.getDecoder().decode(KeyFixtures.text("pkcs8-des3.der.b64").strip());

        assertThat(reader.readPrivateKey(der, Passphrase.of(KeyFixtures.PASSPHRASE)).fingerprint())
                .isEqualTo(opensslFingerprint);
    }

    @Test
    void readPrivateKey_givesTheJdksCrtKey_thatSignsWhatThePublicKeyVerifies() throws Exception {
        RsaKeyPair pair = reader.readPrivateKey(KeyFixtures.text("pkcs8-des3.p8"),
                Passphrase.of(KeyFixtures.PASSPHRASE));
        byte[] message = "header.payload".getBytes(StandardCharsets.US_ASCII);

        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.privateKey());
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(pair.publicKey());
        verifier.update(message);

        assertThat(pair.privateKey()).isInstanceOf(RSAPrivateCrtKey.class);
        assertThat(pair.privateKey().getClass().getName()).doesNotContain("bouncycastle");
        assertThat(verifier.verify(signature)).isTrue();
    }

    @ParameterizedTest
    @FieldSource("encrypted")
    void readPrivateKey_asksForAPassphrase_whenEncryptedAndNoneGiven(String fixture) {
        assertThatThrownBy(() -> reader.readPrivateKey(KeyFixtures.text(fixture), Passphrase.none()))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PASSPHRASE_REQUIRED))
                .hasMessage("the private key is encrypted and no passphrase was given");
    }

    @ParameterizedTest
    @FieldSource("encrypted")
    void readPrivateKey_reportsAWrongPassphrase_withoutEchoingIt(String fixture) {
        assertThatThrownBy(() -> reader.readPrivateKey(KeyFixtures.text(fixture), Passphrase.of("not-the-one")))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSPHRASE))
                .hasMessage("the passphrase does not decrypt the private key (wrong passphrase)");
    }

    @Test
    void readPrivateKey_reportsACorruptKey() {
        assertThatThrownBy(() -> reader.readPrivateKey(KeyFixtures.text(KeyFixtures.CORRUPT), Passphrase.none()))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_KEY))
                .hasMessageStartingWith("not a private key in a supported form, or corrupt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello world", "{\"private_key\": 1}", "-----BEGIN PRIVATE KEY-----\nMIIE",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "   "})
    void readPrivateKey_reportsTextThatIsNoKey(String text) {
        assertThatThrownBy(() -> reader.readPrivateKey(text, Passphrase.none()))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = {KeyFixtures.EC_SEC1, KeyFixtures.EC_PKCS8})
    void readPrivateKey_refusesEcKeys(String fixture) {
        assertThatThrownBy(() -> reader.readPrivateKey(KeyFixtures.text(fixture), Passphrase.none()))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_RSA))
                .hasMessage("the key is EC, not RSA; Snowflake key-pair authentication needs an RSA key");
    }

    @Test
    void readPrivateKey_refusesRsaKeysBelow2048Bits() {
        assertThatThrownBy(() -> reader.readPrivateKey(KeyFixtures.text(KeyFixtures.RSA_1024), Passphrase.none()))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.KEY_TOO_SMALL))
                .hasMessage("the RSA key has 1024 bits; Snowflake requires at least 2048");
    }

    @Test
    void readPrivateKey_saysSo_whenGivenAPublicKey() {
        assertThatThrownBy(() -> reader.readPrivateKey(KeyFixtures.text(KeyFixtures.PUBLIC_KEY), Passphrase.none()))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PUBLIC_KEY_GIVEN));
    }

    @Test
    void errorMessages_neverContainKeyMaterial() {
        String body = KeyFixtures.text("pkcs8-des3.body-oneline");
        String damaged = body.substring(0, 400) + "!!" + body.substring(400);

        assertThatThrownBy(() -> reader.readPrivateKey(damaged, Passphrase.of(KeyFixtures.PASSPHRASE)))
                .isInstanceOf(KeyDecodingException.class)
                .satisfies(e -> {
                    for (int i = 0; i + 16 <= body.length(); i += 16) {
                        assertThat(e.getMessage()).doesNotContain(body.substring(i, i + 16));
                    }
                    assertThat(e.getMessage()).doesNotContain(KeyFixtures.PASSPHRASE);
                });
    }

    @Test
    void readPublicKey_andPublicKeyOf_giveTheSameFingerprintAsOpenSsl() {
        assertThat(Fingerprints.of(reader.readPublicKey(KeyFixtures.text(KeyFixtures.PUBLIC_KEY))))
                .isEqualTo(opensslFingerprint);
        assertThat(Fingerprints.of(reader.publicKeyOf(KeyFixtures.bytes(KeyFixtures.PUBLIC_KEY), Passphrase.none())))
                .isEqualTo(opensslFingerprint);
        assertThat(Fingerprints.of(reader.publicKeyOf(KeyFixtures.bytes("pkcs1-des3.pem"),
                Passphrase.of(KeyFixtures.PASSPHRASE)))).isEqualTo(opensslFingerprint);
    }

    @Test
    void readPublicKey_readsPkcs1RsaPublicKeyPem(@TempDir Path dir) throws Exception {
        Path pub = KeyFixtures.copy(KeyFixtures.PUBLIC_KEY, dir);
        OpenSsl.run(dir, Map.of(), "rsa", "-pubin", "-in", pub.toString(), "-RSAPublicKey_out",
                "-out", "pkcs1.pub");
        String pkcs1 = Files.readString(dir.resolve("pkcs1.pub"));

        assertThat(pkcs1).startsWith("-----BEGIN RSA PUBLIC KEY-----");
        assertThat(Fingerprints.of(reader.readPublicKey(pkcs1))).isEqualTo(opensslFingerprint);
    }

    @Test
    void reading_neverRegistersBouncyCastleAsAJvmProvider() {
        reader.readPrivateKey(KeyFixtures.text("pkcs8-v1-sha1-3des.p8"), Passphrase.of(KeyFixtures.PASSPHRASE));

        // snowflake-jdbc may register its own relocated copy as "BC" from its threads; the reader's own must never be.
        assertThat(Security.getProviders()).noneMatch(provider ->
                provider.getClass() == org.bouncycastle.jce.provider.BouncyCastleProvider.class);
    }

    @Test
    void rsaKeyPair_toStringShowsOnlySizeAndFingerprint() {
        RsaKeyPair pair = reader.readPrivateKey(KeyFixtures.text("pkcs8-plain.p8"), Passphrase.none());

        assertThat(pair.toString()).isEqualTo("RsaKeyPair[2048 bits, " + opensslFingerprint + "]");
        assertThat(Passphrase.of("secret").toString()).isEqualTo("Passphrase[***]");
    }

}
