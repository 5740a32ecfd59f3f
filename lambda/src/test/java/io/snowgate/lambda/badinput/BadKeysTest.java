package io.snowgate.lambda.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.lambda.key.KeyDecodingException;
import io.snowgate.lambda.key.KeyDecodingException.Reason;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.testing.KeyFixtures;
import io.snowgate.lambda.testing.OpenSshKeys;
import io.snowgate.lambda.testing.OpenSsl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad private keys, as the text a secret holds and as the bytes of a key file: each is refused with its
 * {@link Reason}, and no canary (the real key's lines, the passphrase given, a value inside) appears in the
 * exception, its causes or its stack trace. The keys are the openssl-made fixtures, damaged where a case says so.
 */
class BadKeysTest {

    /** Where openssl writes the PKCS#12 bundle the cases are built from; JUnit deletes it after the class. */
    @TempDir
    static Path workDir;

    private static final String PASS = KeyFixtures.PASSPHRASE;

    private final PrivateKeyReader reader = new PrivateKeyReader();

    record Case(String name, String key, String passphrase, Reason reason, List<String> canaries) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badKeys() {
        String encrypted = KeyFixtures.text("pkcs8-des3.p8");
        String plain = KeyFixtures.text("pkcs8-plain.p8");
        List<String> encryptedLines = KeyText.linesAndPassphrase("pkcs8-des3.p8");
        List<String> plainLines = KeyText.lines("pkcs8-plain.p8");
        String plainDerBase64 = KeyFixtures.text("pkcs8-plain.der.b64").strip();
        byte[] der = Base64.getDecoder().decode(plainDerBase64);
        String pkcs12Base64 = Base64.getEncoder().encodeToString(
                OpenSsl.pkcs12(KeyFixtures.copy("pkcs8-plain.p8", workDir), "CANARY-p12-pass"));
        String sshBlob = OpenSshKeys.publicKeyBase64(
                new PrivateKeyReader().readPublicKey(KeyFixtures.text(KeyFixtures.PUBLIC_KEY)));
        return Stream.of(
                new Case("empty", "", null, Reason.NOT_A_KEY, List.of(PASS)),
                new Case("only whitespace", " \n\t ", PASS, Reason.NOT_A_KEY, List.of(PASS)),
                new Case("text that is neither PEM nor base64", "CANARY-free-text!", null, Reason.NOT_A_KEY,
                        List.of("CANARY-free-text")),
                new Case("base64 of text", Base64.getEncoder().encodeToString(
                        "CANARY-base64-text".getBytes(StandardCharsets.UTF_8)), null, Reason.NOT_A_KEY,
                        List.of("CANARY-base64-text", "Q0FOQVJZLWJhc2U2NC10ZXh0")),
                new Case("BEGIN without END", plain.substring(0, plain.indexOf("-----END")), null, Reason.NOT_A_KEY,
                        plainLines),
                new Case("a truncated PEM body", plain.substring(0, plain.length() / 2) + "\n-----END PRIVATE KEY-----\n",
                        null, Reason.NOT_A_KEY, plainLines.subList(0, plainLines.size() / 2 - 1)),
                new Case("a truncated DER in base64", Base64.getEncoder().encodeToString(Arrays.copyOf(der,
                        der.length - 40)), null, Reason.NOT_A_KEY, List.of(plainDerBase64.substring(0, 60))),
                new Case("a corrupted PEM body", KeyFixtures.text("corrupt.p8"), null, Reason.NOT_A_KEY,
                        KeyText.lines("corrupt.p8")),
                new Case("a certificate", "-----BEGIN CERTIFICATE-----\n" + plainDerBase64
                        + "\n-----END CERTIFICATE-----\n", null, Reason.NOT_A_KEY,
                        List.of(plainDerBase64.substring(0, 60))),
                new Case("an OpenSSH private key", "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                        + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABQ0FOQVJZ\n"
                        + "-----END OPENSSH PRIVATE KEY-----\n", null, Reason.NOT_A_KEY,
                        List.of("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ")),
                new Case("Proc-Type without DEK-Info", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\n"
                        + KeyText.lines("pkcs1-plain.pem").get(0) + "\n-----END RSA PRIVATE KEY-----\n", null,
                        Reason.NOT_A_KEY, KeyText.lines("pkcs1-plain.pem").subList(0, 1)),
                new Case("a DEK-Info IV of odd length", KeyFixtures.text("pkcs1-aes256.pem")
                        .replaceFirst("(DEK-Info: AES-256-CBC,)([0-9A-F]+)", "$1$2A"), PASS, Reason.NOT_A_KEY,
                        KeyText.linesAndPassphrase("pkcs1-aes256.pem")),
                new Case("an unsupported legacy cipher", KeyFixtures.text("pkcs1-aes256.pem")
                        .replace("AES-256-CBC", "BF-CBC"), PASS, Reason.UNSUPPORTED_ENCRYPTION,
                        KeyText.linesAndPassphrase("pkcs1-aes256.pem")),
                new Case("the public key", KeyFixtures.text("rsa_key.pub"), null, Reason.PUBLIC_KEY_GIVEN,
                        KeyText.lines("rsa_key.pub")),
                new Case("an EC key (SEC1)", KeyFixtures.text("ec-sec1.pem"), null, Reason.NOT_RSA,
                        KeyText.lines("ec-sec1.pem")),
                new Case("an EC key (PKCS#8)", KeyFixtures.text("ec-pkcs8.p8"), null, Reason.NOT_RSA,
                        KeyText.lines("ec-pkcs8.p8")),
                new Case("a 1024-bit RSA key", KeyFixtures.text("rsa-1024.p8"), null, Reason.KEY_TOO_SMALL,
                        KeyText.lines("rsa-1024.p8")),
                new Case("encrypted PKCS#8 without a passphrase", encrypted, null, Reason.PASSPHRASE_REQUIRED,
                        encryptedLines),
                new Case("encrypted PKCS#8 with the wrong passphrase", encrypted, "CANARY-wrong-pass",
                        Reason.WRONG_PASSPHRASE, with(encryptedLines, "CANARY-wrong-pass")),
                new Case("encrypted PKCS#8 with the passphrase in upper case", encrypted, PASS.toUpperCase(),
                        Reason.WRONG_PASSPHRASE, with(encryptedLines, PASS.toUpperCase())),
                new Case("PBES1 PKCS#8 with the wrong passphrase", KeyFixtures.text("pkcs8-v1-sha1-3des.p8"),
                        "CANARY-v1-wrong", Reason.WRONG_PASSPHRASE,
                        with(KeyText.linesAndPassphrase("pkcs8-v1-sha1-3des.p8"), "CANARY-v1-wrong")),
                new Case("legacy AES PKCS#1 with the wrong passphrase", KeyFixtures.text("pkcs1-aes256.pem"),
                        "CANARY-legacy-aes", Reason.WRONG_PASSPHRASE,
                        with(KeyText.linesAndPassphrase("pkcs1-aes256.pem"), "CANARY-legacy-aes")),
                new Case("legacy 3DES PKCS#1 without a passphrase", KeyFixtures.text("pkcs1-des3.pem"), null,
                        Reason.PASSPHRASE_REQUIRED, KeyText.linesAndPassphrase("pkcs1-des3.pem")),
                new Case("an escaped PEM with the wrong passphrase", KeyFixtures.text("pkcs8-des3.escaped"),
                        "CANARY-escaped-wrong", Reason.WRONG_PASSPHRASE, with(encryptedLines, "CANARY-escaped-wrong")),
                new Case("a PKCS#12 bundle in base64", pkcs12Base64, "CANARY-p12-pass", Reason.NOT_A_KEY,
                        List.of(pkcs12Base64.substring(0, 60), pkcs12Base64.substring(600, 660), "CANARY-p12-pass")),
                new Case("an OpenSSH public key line", "ssh-rsa " + sshBlob + " CANARY@laptop", null,
                        Reason.PUBLIC_KEY_GIVEN, List.of(sshBlob.substring(0, 60), sshBlob.substring(200, 260),
                                "CANARY@laptop")),
                new Case("the PEM saved as UTF-16 (PowerShell)", new String(("\uFEFF" + plain)
                        .getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1), null, Reason.NOT_A_KEY,
                        plainLines));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeys")
    void badKeyText_isRefusedWithItsReason_andNoCanaryIsInTheError(Case bad) {
        assertRefused(() -> reader.readPrivateKey(bad.key(), Passphrase.of(bad.passphrase())), bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeys")
    void badKeyFile_isRefusedWithItsReason_andNoCanaryIsInTheError(Case bad) {
        assertRefused(() -> reader.readPrivateKey(bad.key().getBytes(StandardCharsets.UTF_8),
                Passphrase.of(bad.passphrase())), bad);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable read, Case bad) {
        assertThatThrownBy(read).isInstanceOfSatisfying(KeyDecodingException.class, e -> {
            assertThat(e.reason()).isEqualTo(bad.reason());
            try (Captured captured = new Captured()) {
                captured.add(e).assertNoCanary(bad.canaries());
            }
        });
    }

    private static List<String> with(List<String> canaries, String more) {
        List<String> all = new ArrayList<>(canaries);
        all.add(more);
        return all;
    }
}
