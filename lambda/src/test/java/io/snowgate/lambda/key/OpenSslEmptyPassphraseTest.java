package io.snowgate.lambda.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.lambda.key.KeyDecodingException.Reason;
import io.snowgate.lambda.testing.OpenSsl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys openssl encrypts with an empty passphrase ({@code -passout pass:}, or Enter twice at its prompt): encrypted,
 * yet no passphrase opens them, so a secret with no passphrase (or an empty passphrase field) must read them. openssl
 * refuses to write the legacy form so ({@code rsa -traditional -aes256 -passout pass:}: "unable to write key"); its
 * {@code rsa -aes256} without {@code -traditional} writes encrypted PKCS#8, tested here.
 */
class OpenSslEmptyPassphraseTest {

    @TempDir
    static Path dir;
    private static String opensslFingerprint;

    private final PrivateKeyReader reader = new PrivateKeyReader();

    @BeforeAll
    static void makeKey() {
        OpenSsl.run(dir, Map.of(), "genrsa", "-out", "plain.pem", "2048");
        opensslFingerprint = OpenSsl.fingerprint(OpenSsl.publicKeyOf(dir.resolve("plain.pem"), null,
                dir.resolve("rsa_key.pub")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "pkcs8 -topk8 -v2 aes-256-cbc -in plain.pem -passout pass:",
        "pkcs8 -topk8 -v2 des3 -in plain.pem -passout pass:",
        "pkcs8 -topk8 -v1 PBE-SHA1-3DES -in plain.pem -passout pass:",
        "pkcs8 -topk8 -scrypt -in plain.pem -passout pass:",
        "rsa -aes256 -in plain.pem -passout pass:"})
    void readPrivateKey_readsAKeyEncryptedWithAnEmptyPassphrase_whenNoPassphraseIsGiven(String command)
            throws IOException {
        String pem = encrypt(command);

        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(reader.readPrivateKey(pem, Passphrase.none()).fingerprint()).isEqualTo(opensslFingerprint);
        assertThat(reader.readPrivateKey(pem.getBytes(StandardCharsets.US_ASCII), Passphrase.of("")).fingerprint())
                .isEqualTo(opensslFingerprint);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "pkcs8 -topk8 -v2 aes-256-cbc -in plain.pem -passout pass:",
        "pkcs8 -topk8 -v1 PBE-SHA1-3DES -in plain.pem -passout pass:"})
    void readPrivateKey_reportsAWrongPassphrase_whenOneIsGivenForAKeyWithAnEmptyPassphrase(String command)
            throws IOException {
        String pem = encrypt(command);

        assertThatThrownBy(() -> reader.readPrivateKey(pem, Passphrase.of("not-empty")))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSPHRASE));
    }

    private static String encrypt(String command) throws IOException {
        Path out = dir.resolve("key-" + Math.abs(command.hashCode()) + ".pem");
        OpenSsl.run(dir, Map.of(), (command + " -out " + out).split(" "));
        return Files.readString(out, StandardCharsets.US_ASCII);
    }
}
