package io.snowgate.lambda.key;

import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The CBC ciphers of OpenSSL's traditional PEM ({@link LegacyPemDecryption}), by the name its {@code DEK-Info} gives,
 * and CBC decryption with PKCS#7 padding, which PBES1 and PBES2 ({@link LightweightPkcs8Decryption}) use too.
 */
enum CbcCipher {
    AES_128(CipherAlgorithm.AES, 16),
    AES_192(CipherAlgorithm.AES, 24),
    AES_256(CipherAlgorithm.AES, 32),
    DES_EDE3(CipherAlgorithm.DES_EDE, 24),
    DES(CipherAlgorithm.DES, 8);

    final CipherAlgorithm algorithm;
    final int keyBytes;

    CbcCipher(CipherAlgorithm algorithm, int keyBytes) {
        this.algorithm = algorithm;
        this.keyBytes = keyBytes;
    }

    /** The cipher's block size, which is also the length of its IV. */
    int blockBytes() {
        return algorithm.engine().getBlockSize();
    }

    /** A decrypting CBC cipher with PKCS#7 padding; clears {@code key}. */
    PaddedBufferedBlockCipher decrypting(byte[] key, byte[] iv) {
        return decrypting(algorithm.engine(), key, iv);
    }

    /** A decrypting CBC cipher with PKCS#7 padding over {@code engine}; clears {@code key}. */
    static PaddedBufferedBlockCipher decrypting(BlockCipher engine, byte[] key, byte[] iv) {
        KeyParameter withKey;
        try {
            withKey = new KeyParameter(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return decrypting(engine, withKey, iv);
    }

    /** A decrypting CBC cipher with PKCS#7 padding over {@code engine}, given the key as the engine takes it. */
    static PaddedBufferedBlockCipher decrypting(BlockCipher engine, CipherParameters key, byte[] iv) {
        PaddedBufferedBlockCipher cipher =
                new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(engine), new PKCS7Padding());
        cipher.init(false, new ParametersWithIV(key, iv));
        return cipher;
    }

    /**
     * The cipher a traditional PEM's {@code DEK-Info} names, for the ones {@code openssl rsa -traditional} users pick
     * ({@code -aes128}, {@code -aes192}, {@code -aes256}, {@code -des3}, {@code -des}).
     */
    static Optional<CbcCipher> ofDekInfo(String name) {
        return switch (name) {
            case "AES-128-CBC" -> Optional.of(AES_128);
            case "AES-192-CBC" -> Optional.of(AES_192);
            case "AES-256-CBC" -> Optional.of(AES_256);
            case "DES-EDE3-CBC" -> Optional.of(DES_EDE3);
            case "DES-CBC" -> Optional.of(DES);
            default -> Optional.empty();
        };
    }
}
