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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keys made by openssl during the test, with each command users run, so the fixtures cannot go stale: the defaults
 * (decrypted by the JDK's ciphers) and the choices only BouncyCastle's provider decrypts (scrypt, Camellia).
 */
class OpenSslFreshKeysTest {

    private static final String PASS = "fresh-test-only";
    private static final Map<String, String> ENV = Map.of("PASS", PASS);

    @TempDir
    static Path dir;
    private static String opensslFingerprint;

    private final PrivateKeyReader reader = new PrivateKeyReader();

    @BeforeAll
    static void makeKey() {
        OpenSsl.run(dir, Map.of(), "genrsa", "-out", "plain.p8", "2048");
        opensslFingerprint = OpenSsl.fingerprint(OpenSsl.publicKeyOf(dir.resolve("plain.p8"), null,
                dir.resolve("rsa_key.pub")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            pkcs8 -topk8 -v2 des3 -in plain.p8 -passout env:PASS             | true
            pkcs8 -topk8 -v2 aes-256-cbc -in plain.p8 -passout env:PASS      | true
            pkcs8 -topk8 -v1 PBE-SHA1-3DES -in plain.p8 -passout env:PASS    | true
            pkcs8 -topk8 -v2 aes-128-cbc -v2prf hmacWithSHA512 -in plain.p8 -passout env:PASS | true
            pkcs8 -topk8 -scrypt -in plain.p8 -passout env:PASS              | true
            # OWASP's highest recommended PBKDF2 count (for HMAC-SHA1), under Snowgate's ceiling of iterations
            pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA1 -iter 1300000 -in plain.p8 -passout env:PASS | true
            pkcs8 -topk8 -v2 camellia-256-cbc -in plain.p8 -passout env:PASS | true
            pkcs8 -topk8 -nocrypt -in plain.p8                                 | false
            rsa -traditional -in plain.p8                                      | false
            rsa -traditional -aes256 -in plain.p8 -passout env:PASS          | true
            rsa -traditional -des3 -in plain.p8 -passout env:PASS            | true
            """)
    void readPrivateKey_readsWhatOpenSslWrites(String command, boolean encrypted) throws IOException {
        Path out = dir.resolve("key-" + Math.abs(command.hashCode()) + ".pem");
        OpenSsl.run(dir, ENV, (command + " -out " + out).split(" "));
        String pem = Files.readString(out, StandardCharsets.US_ASCII);
        Passphrase passphrase = encrypted ? Passphrase.of(PASS) : Passphrase.none();

        assertThat(reader.readPrivateKey(pem, passphrase).fingerprint()).isEqualTo(opensslFingerprint);
        if (encrypted) {
            assertThatThrownBy(() -> reader.readPrivateKey(pem, Passphrase.of("wrong")))
                    .isInstanceOfSatisfying(KeyDecodingException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSPHRASE));
        }
    }
}
