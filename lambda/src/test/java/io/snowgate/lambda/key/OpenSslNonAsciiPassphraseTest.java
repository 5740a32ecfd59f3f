package io.snowgate.lambda.key;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.lambda.testing.OpenSsl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keys encrypted by openssl with passphrases beyond ASCII, in each family of schemes openssl writes (traditional PEM,
 * PBES2, PKCS#12 PBE, PKCS#5 v1.5 PBES1): the reader must derive the key from the passphrase as openssl does. The passphrase reaches openssl as
 * UTF-8 bytes in a file ({@code -passout file:}), as a UTF-8 terminal or secret gives it, never through the
 * environment, whose encoding follows the JVM's locale.
 */
class OpenSslNonAsciiPassphraseTest {

    /** Latin-1 letters (one byte each if cut to 8 bits), CJK (not Latin-1 at all), and a character past UTF-16's BMP. */
    private static final List<String> PASSPHRASES = List.of("pässwörd", "密码", "🔑schlüssel");

    /**
     * openssl commands writing {@code OUT} encrypted with the passphrase in {@code PASS}; {@code LEGACY} marks DES and
     * RC2, which PKCS#5 v1.5 and some PKCS#12 schemes use and OpenSSL 3 keeps in its legacy provider.
     */
    private static final List<String> COMMANDS = List.of(
            // OpenSSL's traditional PEM: EVP_BytesToKey over the passphrase bytes
            "genrsa -traditional -aes256 -passout file:PASS -out OUT 2048",
            "rsa -traditional -aes256 -in plain.p8 -passout file:PASS -out OUT",
            "rsa -traditional -des3 -in plain.p8 -passout file:PASS -out OUT",
            "rsa LEGACY -traditional -des -in plain.p8 -passout file:PASS -out OUT",
            // PKCS#8 PBES2: PBKDF2 or scrypt over the passphrase bytes
            "pkcs8 -topk8 -v2 des3 -in plain.p8 -passout file:PASS -out OUT",
            "pkcs8 -topk8 -v2 aes-256-cbc -in plain.p8 -passout file:PASS -out OUT",
            "pkcs8 -topk8 -v2 aes-128-cbc -v2prf hmacWithSHA512 -in plain.p8 -passout file:PASS -out OUT",
            "pkcs8 -topk8 -scrypt -in plain.p8 -passout file:PASS -out OUT",
            // PKCS#8 PKCS#12 PBE: the passphrase as a BMPString
            "pkcs8 -topk8 -v1 PBE-SHA1-3DES -in plain.p8 -passout file:PASS -out OUT",
            "pkcs8 -topk8 -v1 PBE-SHA1-2DES -in plain.p8 -passout file:PASS -out OUT",
            "pkcs8 LEGACY -topk8 -v1 PBE-SHA1-RC4-128 -in plain.p8 -passout file:PASS -out OUT",
            // PKCS#8 PKCS#5 v1.5 PBES1: PBKDF1 over the passphrase bytes
            "pkcs8 LEGACY -topk8 -v1 PBE-MD5-DES -in plain.p8 -passout file:PASS -out OUT",
            "pkcs8 LEGACY -topk8 -v1 PBE-SHA1-DES -in plain.p8 -passout file:PASS -out OUT",
            "pkcs8 LEGACY -topk8 -v1 PBE-MD5-RC2-64 -in plain.p8 -passout file:PASS -out OUT",
            "pkcs8 LEGACY -topk8 -v1 PBE-SHA1-RC2-64 -in plain.p8 -passout file:PASS -out OUT");

    private static final String LEGACY = "-provider legacy -provider default";

    @TempDir
    static Path dir;

    private final PrivateKeyReader reader = new PrivateKeyReader();

    @BeforeAll
    static void makeKey() {
        OpenSsl.run(dir, Map.of(), "genrsa", "-out", "plain.p8", "2048");
    }

    static Stream<Arguments> encryptions() {
        List<Arguments> cases = new ArrayList<>();
        for (String command : COMMANDS) {
            for (String passphrase : PASSPHRASES) {
                cases.add(Arguments.of(command, passphrase));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("encryptions")
    void readPrivateKey_decryptsWithTheNonAsciiPassphraseOpenSslEncryptedWith(String command, String passphrase)
            throws IOException {
        String name = "key-" + Integer.toHexString((command + passphrase).hashCode());
        Path pass = dir.resolve(name + ".pass");
        Files.writeString(pass, passphrase + "\n", StandardCharsets.UTF_8);
        Path key = dir.resolve(name + ".pem");
        Path pub = dir.resolve(name + ".pub");
        openssl(command, pass, key);
        // openssl's own reading of the key with the same passphrase file gives the fingerprint to match.
        openssl((command.contains("LEGACY") ? "pkey LEGACY" : "pkey") + " -in OUT -passin file:PASS -pubout -out " + pub,
                pass, key);
        String pem = Files.readString(key, StandardCharsets.US_ASCII);

        assertThat(reader.readPrivateKey(pem, Passphrase.of(passphrase)).fingerprint())
                .isEqualTo(OpenSsl.fingerprint(pub));
    }

    /** Runs a command of {@link #COMMANDS}' form, its placeholders (whole words) filled in. */
    private static void openssl(String command, Path pass, Path out) {
        List<String> args = new ArrayList<>();
        for (String word : command.split(" ")) {
            switch (word) {
                case "LEGACY" -> args.addAll(List.of(LEGACY.split(" ")));
                case "file:PASS" -> args.add("file:" + pass);
                case "OUT" -> args.add(out.toString());
                default -> args.add(word);
            }
        }
        OpenSsl.run(dir, Map.of(), args.toArray(String[]::new));
    }
}
