package io.snowgate.lambda.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.lambda.key.KeyDecodingException.Reason;
import io.snowgate.lambda.testing.KeyFixtures;
import io.snowgate.lambda.testing.OpenSshKeys;
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
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /** A .p12/.pfx bundle made as users make one, stored as its base64 or given as the file: named, not "not DER". */
    @Test
    void readPrivateKey_namesAPkcs12Bundle_storedAsBase64OrGivenAsTheFile(@TempDir Path dir) throws Exception {
        byte[] p12 = OpenSsl.pkcs12(KeyFixtures.copy("pkcs8-plain.p8", dir), "p12-test-only");
        String base64 = Base64.getEncoder().encodeToString(p12);

        for (ThrowingCallable read : List.<ThrowingCallable>of(
                () -> reader.readPrivateKey(base64, Passphrase.none()),
                () -> reader.readPrivateKey(p12, Passphrase.of("p12-test-only")))) {
            assertThatThrownBy(read)
                    .isInstanceOfSatisfying(KeyDecodingException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_KEY))
                    .hasMessageContaining("a PKCS#12 (.p12/.pfx) bundle")
                    .hasMessageContaining("openssl pkcs12")
                    .message().doesNotContain(base64.substring(100, 140)).doesNotContain("p12-test-only");
        }
    }

    /** Binary bytes that reached a secret as text (a .p12 or DER file read as text): said so, not "not base64". */
    @Test
    void readPrivateKey_saysTextHoldingBinaryBytes_isABinaryFileReadAsText() {
        byte[] der = Base64.getDecoder().decode(KeyFixtures.text("pkcs8-plain.der.b64").strip());

        for (String text : List.of(new String(der, StandardCharsets.UTF_8),
                new String(der, StandardCharsets.ISO_8859_1))) {
            assertThatThrownBy(() -> reader.readPrivateKey(text, Passphrase.none()))
                    .isInstanceOfSatisfying(KeyDecodingException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_KEY))
                    .hasMessageContaining("binary bytes, not text");
        }
    }

    /** The public half of an ssh-keygen key (its .pub line, or the base64 alone) where the private key belongs. */
    @Test
    void readPrivateKey_saysAnOpenSshPublicKey_isAPublicKey() {
        String blob = OpenSshKeys.publicKeyBase64(reader.readPublicKey(KeyFixtures.text(KeyFixtures.PUBLIC_KEY)));

        for (String text : List.of("ssh-rsa " + blob + " someone@laptop", "ssh-rsa " + blob, blob)) {
            assertThatThrownBy(() -> reader.readPrivateKey(text, Passphrase.none()))
                    .isInstanceOfSatisfying(KeyDecodingException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.PUBLIC_KEY_GIVEN))
                    .hasMessageStartingWith("this is an OpenSSH public key (ssh-rsa), not a private key")
                    .message().doesNotContain(blob.substring(20, 60)).doesNotContain("someone");
        }
    }

    /** Four bytes that read as a length beyond a byte's sign (0x80 and up) must not be taken as a name's length. */
    @Test
    void readPrivateKey_refusesBase64WhoseFirstBytesLookLikeAnOverlongOpenSshName_asNotAKey() {
        String text = Base64.getEncoder().encodeToString(new byte[] {0, 0, 0, (byte) 0x80, 's', 's', 'h', '-', 0, 0});

        assertThatThrownBy(() -> reader.readPrivateKey(text, Passphrase.none()))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_KEY));
    }

    /** ssh-keygen's own private key format, its armour lost (the base64 body alone): named as in its PEM form. */
    @Test
    void readPrivateKey_namesAnOpenSshPrivateKey_storedAsItsBodyAlone() {
        String body = Base64.getEncoder().encodeToString(
                "openssh-key-v1\0\0\0\0\4none\0\0\0\4none".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> reader.readPrivateKey(body, Passphrase.none()))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_KEY))
                .hasMessageContaining("an OpenSSH private key");
    }

    /** What PowerShell's {@code >} and {@code Out-File} write (UTF-16LE with a BOM), and UTF-16BE, as file or text. */
    @ParameterizedTest
    @CsvSource({"UTF-16LE, true", "UTF-16BE, true", "UTF-16LE, false"})
    void readPrivateKey_saysUtf16Text_isUtf16(String charset, boolean byteOrderMark) {
        String pem = KeyFixtures.text("pkcs8-plain.p8");
        byte[] bytes = ((byteOrderMark ? "\uFEFF" : "") + pem).getBytes(java.nio.charset.Charset.forName(charset));

        for (ThrowingCallable read : List.<ThrowingCallable>of(
                () -> reader.readPrivateKey(bytes, Passphrase.none()),
                () -> reader.readPrivateKey(new String(bytes, StandardCharsets.ISO_8859_1), Passphrase.none()),
                () -> reader.readPrivateKey(new String(bytes, StandardCharsets.UTF_8), Passphrase.none()))) {
            assertThatThrownBy(read)
                    .isInstanceOfSatisfying(KeyDecodingException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_KEY))
                    .hasMessageContaining("UTF-16");
        }
    }

    /** A UTF-8 byte order mark (Notepad's "UTF-8 with BOM") is invisible to the user: it is skipped. */
    @ParameterizedTest
    @ValueSource(strings = {"pkcs8-plain.p8", "pkcs8-plain.der.b64", "pkcs1-plain.pem"})
    void readPrivateKey_skipsAUtf8ByteOrderMark(String fixture) {
        String withBom = "\uFEFF" + KeyFixtures.text(fixture);

        assertThat(reader.readPrivateKey(withBom, Passphrase.none()).fingerprint()).isEqualTo(opensslFingerprint);
        assertThat(reader.readPrivateKey(withBom.getBytes(StandardCharsets.UTF_8), Passphrase.none()).fingerprint())
                .isEqualTo(opensslFingerprint);
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
