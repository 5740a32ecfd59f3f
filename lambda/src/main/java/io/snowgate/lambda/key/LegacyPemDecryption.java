package io.snowgate.lambda.key;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.generators.OpenSSLPBEParametersGenerator;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Decrypts OpenSSL's traditional encrypted PEM ({@code Proc-Type: 4,ENCRYPTED} with {@code DEK-Info}), as
 * {@code openssl genrsa -traditional -aes256} and {@code openssl rsa -traditional -aes256} write it.
 *
 * <p>OpenSSL derives the key with {@code EVP_BytesToKey} (MD5, one round, the IV's first 8 bytes as salt) over the
 * passphrase's bytes as typed, UTF-8 in a UTF-8 terminal or file. BouncyCastle's own PEM decryptor
 * ({@code BcPEMDecryptorProvider}) keeps only the low 8 bits of each character, so a passphrase beyond ASCII, such as
 * {@code pässwörd}, never decrypted what OpenSSL encrypted with it.
 */
final class LegacyPemDecryption {

    /** {@code PKCS5_SALT_LEN}: how much of the IV OpenSSL's PEM code uses as the salt. */
    private static final int SALT_BYTES = 8;

    private LegacyPemDecryption() {
    }

    /**
     * The decrypted DER.
     *
     * @param passphrase read, not copied: the caller clears it
     * @throws InvalidCipherTextException when the padding is wrong, nearly always a wrong passphrase
     */
    static byte[] decrypt(CbcCipher cipher, byte[] iv, byte[] encrypted, char[] passphrase)
            throws InvalidCipherTextException {
        byte[] password = PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(passphrase);
        byte[] key;
        try {
            OpenSSLPBEParametersGenerator generator = new OpenSSLPBEParametersGenerator();
            generator.init(password, Arrays.copyOf(iv, SALT_BYTES));
            key = ((KeyParameter) generator.generateDerivedParameters(cipher.keyBytes * 8)).getKey();
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        PaddedBufferedBlockCipher decrypting = cipher.decrypting(key, iv);
        byte[] out = new byte[decrypting.getOutputSize(encrypted.length)];
        try {
            int length = decrypting.processBytes(encrypted, 0, encrypted.length, out, 0);
            length += decrypting.doFinal(out, length);
            return Arrays.copyOf(out, length);
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }
}
