package io.snowgate.lambda.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.lambda.key.KeyDecodingException.Reason;
import io.snowgate.lambda.testing.OpenSsl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every PBES2 scheme {@code openssl pkcs8 -topk8 -v2 CIPHER} writes (OpenSSL 3; it refuses ciphers without an OID, such
 * as aes-256-ctr, des-ede3-ofb and chacha20, and AEAD ones, and writes id-aes*-wrap-pad with parameters that are not
 * DER, left out here), one row per cipher OID, and the PRFs {@code -v2prf} takes. Each key is made by openssl during the test and must decrypt to the key openssl itself reads from it; a wrong
 * passphrase must still say so. These keys used to be reported as a wrong passphrase with the right one.
 */
class OpenSslPbes2CiphersTest {

    private static final String PASS = "pbes2-test-only";

    /**
     * The arguments after {@code openssl pkcs8 -topk8}; {@code LEGACY} marks ciphers OpenSSL 3 keeps in its legacy
     * provider (DES, Blowfish, CAST5, RC2, RC4, SEED), which users must load to write them.
     */
    static final List<String> SCHEMES = List.of(
            "-v2 aes-128-ecb", "-v2 aes-192-ecb", "-v2 aes-256-ecb",
            "-v2 aes-128-cfb", "-v2 aes-192-cfb", "-v2 aes-256-cfb",
            "-v2 aes-128-ofb", "-v2 aes-192-ofb", "-v2 aes-256-ofb",
            // cfb1 and cfb8 have no OID of their own: openssl writes, and encrypts with, the full-block CFB's.
            "-v2 aes-256-cfb8", "-v2 aes-128-cfb1",
            "-v2 aria-128-cbc", "-v2 aria-192-cbc", "-v2 aria-256-cbc",
            "-v2 aria-128-ecb", "-v2 aria-192-ecb", "-v2 aria-256-ecb",
            "-v2 aria-128-cfb", "-v2 aria-192-cfb", "-v2 aria-256-cfb",
            "-v2 aria-128-ofb", "-v2 aria-192-ofb", "-v2 aria-256-ofb",
            "-v2 aria-128-ctr", "-v2 aria-192-ctr", "-v2 aria-256-ctr",
            "-v2 camellia-128-cbc", "-v2 camellia-192-cbc", "-v2 camellia-256-cbc",
            "-v2 camellia-128-ecb", "-v2 camellia-192-ecb", "-v2 camellia-256-ecb",
            "-v2 camellia-128-cfb", "-v2 camellia-192-cfb", "-v2 camellia-256-cfb",
            "-v2 camellia-128-ofb", "-v2 camellia-192-ofb", "-v2 camellia-256-ofb",
            "-v2 camellia-128-ctr", "-v2 camellia-192-ctr", "-v2 camellia-256-ctr",
            "-v2 sm4-cbc", "-v2 sm4-ecb", "-v2 sm4-cfb", "-v2 sm4-ofb", "-v2 sm4-ctr",
            "LEGACY -v2 seed-cbc", "LEGACY -v2 seed-ecb", "LEGACY -v2 seed-cfb", "LEGACY -v2 seed-ofb",
            "LEGACY -v2 des-cbc", "LEGACY -v2 des-ecb", "LEGACY -v2 des-cfb", "LEGACY -v2 des-ofb",
            // des-ede3-cfb writes des-cfb's OID, so it is single DES in CFB mode, as openssl reads it back.
            "LEGACY -v2 des-ede3-cfb",
            "-v2 des-ede", "-v2 des-ede3-cbc",
            "LEGACY -v2 bf-cbc", "LEGACY -v2 cast5-cbc",
            // RC2's key length is its parameters' (40, 64 or 128 bits); RC4's is always 128 (-v2 rc4-40 too).
            "LEGACY -v2 rc2-40-cbc", "LEGACY -v2 rc2-64-cbc", "LEGACY -v2 rc2", "LEGACY -v2 rc4", "LEGACY -v2 rc4-40",
            "-v2 aes-256-cbc -v2prf hmacWithMD5",
            "-v2 aes-256-cbc -v2prf hmacWithSHA512-224",
            "-v2 aes-256-cbc -v2prf hmacWithSHA512-256",
            "-v2 aria-256-ofb -v2prf hmacWithSHA1",
            "-scrypt -v2 sm4-cbc");

    private static final List<String> LEGACY = List.of("-provider", "legacy", "-provider", "default");

    @TempDir
    static Path dir;
    private static String publicKey;
    private static String opensslFingerprint;

    /** Each scheme's key file, made once for both tests. */
    private static final Map<String, Path> KEYS = new ConcurrentHashMap<>();

    private final PrivateKeyReader reader = new PrivateKeyReader();

    @BeforeAll
    static void makeKey() throws IOException {
        OpenSsl.run(dir, Map.of(), "genrsa", "-out", "plain.pem", "2048");
        OpenSsl.run(dir, Map.of(), "pkey", "-in", "plain.pem", "-pubout", "-out", "plain.pub");
        publicKey = Files.readString(dir.resolve("plain.pub"), StandardCharsets.US_ASCII);
        opensslFingerprint = OpenSsl.fingerprint(dir.resolve("plain.pub"));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SCHEMES")
    void readPrivateKey_decryptsEveryPbes2SchemeOpenSslWrites_toTheKeyOpenSslReads(String scheme) throws IOException {
        Path key = key(scheme);
        // openssl reads the file back as the key it encrypted, whose fingerprint openssl computed once.
        Path pub = dir.resolve(key.getFileName() + ".pub");
        openssl(scheme, "pkey", "-in", key.toString(), "-passin", "env:PASS", "-pubout", "-out", pub.toString());
        assertThat(Files.readString(pub, StandardCharsets.US_ASCII)).isEqualTo(publicKey);

        assertThat(reader.readPrivateKey(Files.readString(key, StandardCharsets.US_ASCII), Passphrase.of(PASS))
                .fingerprint()).isEqualTo(opensslFingerprint);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SCHEMES")
    void readPrivateKey_saysWrongPassphrase_forEveryPbes2SchemeOpenSslWrites(String scheme) throws IOException {
        String pem = Files.readString(key(scheme), StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> reader.readPrivateKey(pem, Passphrase.of("not-" + PASS)))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSPHRASE));
    }

    private static Path key(String scheme) {
        return KEYS.computeIfAbsent(scheme, s -> {
            Path out = dir.resolve("key-" + Integer.toHexString(s.hashCode()) + ".p8");
            List<String> args = new ArrayList<>(List.of("pkcs8", "-topk8", "-in", "plain.pem", "-passout", "env:PASS",
                    "-out", out.toString()));
            args.addAll(List.of(s.replace("LEGACY ", "").split(" ")));
            openssl(s, args.toArray(String[]::new));
            return out;
        });
    }

    /** Runs openssl with the passphrase in {@code PASS}, loading the legacy provider when the scheme needs it. */
    private static void openssl(String scheme, String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        if (scheme.startsWith("LEGACY ")) {
            command.addAll(1, LEGACY);
        }
        OpenSsl.run(dir, Map.of("PASS", PASS), command.toArray(String[]::new));
    }
}
