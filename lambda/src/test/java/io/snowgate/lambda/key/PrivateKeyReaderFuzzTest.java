package io.snowgate.lambda.key;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzzes the key reader with whatever bytes a secret or a key file may hold: nothing but
 * {@link KeyDecodingException} may escape, and a key that decodes is a real RSA key of at least 2048 bits.
 *
 * <p>An input is a passphrase line and the key file after it: the bytes before the first {@code \n} are the
 * passphrase (none when the line is empty), the rest is the file. The committed inputs under
 * {@code src/test/resources/io/snowgate/lambda/key/PrivateKeyReaderFuzzTestInputs/} are the openssl fixtures in this
 * form plus every crash fuzzing has found; {@code ./snowgate test} replays them, {@code JAZZER_FUZZ=1} fuzzes.
 */
class PrivateKeyReaderFuzzTest {

    private final PrivateKeyReader reader = new PrivateKeyReader();

    @FuzzTest
    void readPrivateKey_throwsOnlyKeyDecodingException(byte[] input) {
        FuzzedKey key = FuzzedKey.of(input);
        try {
            assertUsable(reader.readPrivateKey(key.file(), key.passphrase()));
        } catch (KeyDecodingException expected) {
            assertThat(expected.reason()).isNotNull();
        }
        try {
            assertUsable(reader.readPrivateKey(new String(key.file(), StandardCharsets.UTF_8), key.passphrase()));
        } catch (KeyDecodingException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    @FuzzTest
    void publicKeyOf_throwsOnlyKeyDecodingException(byte[] input) {
        FuzzedKey key = FuzzedKey.of(input);
        try {
            assertThat(reader.publicKeyOf(key.file(), key.passphrase()).getModulus().bitLength())
                    .isGreaterThanOrEqualTo(PrivateKeyReader.MIN_RSA_BITS);
        } catch (KeyDecodingException expected) {
            assertThat(expected.reason()).isNotNull();
        }
        try {
            assertThat(reader.readPublicKey(new String(key.file(), StandardCharsets.UTF_8)).getModulus().bitLength())
                    .isGreaterThanOrEqualTo(PrivateKeyReader.MIN_RSA_BITS);
        } catch (KeyDecodingException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    private static void assertUsable(RsaKeyPair pair) {
        assertThat(pair.bits()).isGreaterThanOrEqualTo(PrivateKeyReader.MIN_RSA_BITS);
        assertThat(pair.publicKey().getModulus()).isEqualTo(pair.privateKey().getModulus());
        assertThat(pair.fingerprint()).startsWith("SHA256:");
    }

    /** The passphrase line and the key file of one fuzz input. */
    record FuzzedKey(Passphrase passphrase, byte[] file) {

        static FuzzedKey of(byte[] input) {
            int newline = indexOf(input, (byte) '\n');
            if (newline < 0) {
                return new FuzzedKey(Passphrase.none(), input);
            }
            String passphrase = new String(input, 0, newline, StandardCharsets.UTF_8);
            return new FuzzedKey(Passphrase.of(passphrase), Arrays.copyOfRange(input, newline + 1, input.length));
        }

        private static int indexOf(byte[] bytes, byte wanted) {
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == wanted) {
                    return i;
                }
            }
            return -1;
        }
    }
}
