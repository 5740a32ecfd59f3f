package io.snowgate.lambda.key;

import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ntt.NTTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.CamelliaEngine;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The CBC ciphers decrypted with BouncyCastle's lightweight API: PBES2's in encrypted PKCS#8
 * ({@link LightweightPkcs8Decryption}) and OpenSSL's traditional PEM ones ({@link LegacyPemDecryption}); OID, key
 * length and engine in one place.
 */
enum CbcCipher {
    AES_128(NISTObjectIdentifiers.id_aes128_CBC, 16),
    AES_192(NISTObjectIdentifiers.id_aes192_CBC, 24),
    AES_256(NISTObjectIdentifiers.id_aes256_CBC, 32),
    DES_EDE3(PKCSObjectIdentifiers.des_EDE3_CBC, 24),
    DES(OIWObjectIdentifiers.desCBC, 8),
    CAMELLIA_128(NTTObjectIdentifiers.id_camellia128_cbc, 16),
    CAMELLIA_192(NTTObjectIdentifiers.id_camellia192_cbc, 24),
    CAMELLIA_256(NTTObjectIdentifiers.id_camellia256_cbc, 32);

    final ASN1ObjectIdentifier oid;
    final int keyBytes;

    CbcCipher(ASN1ObjectIdentifier oid, int keyBytes) {
        this.oid = oid;
        this.keyBytes = keyBytes;
    }

    // A switch, not a constructor reference per constant: no lambda class to spin on a cold start.
    BlockCipher engine() {
        return switch (this) {
            case AES_128, AES_192, AES_256 -> AESEngine.newInstance();
            case DES_EDE3 -> new DESedeEngine();
            case DES -> new DESEngine();
            case CAMELLIA_128, CAMELLIA_192, CAMELLIA_256 -> new CamelliaEngine();
        };
    }

    /** A decrypting CBC cipher with PKCS#7 padding over {@link #engine()}; clears {@code key}. */
    PaddedBufferedBlockCipher decrypting(byte[] key, byte[] iv) {
        return decrypting(engine(), key, iv);
    }

    /** A decrypting CBC cipher with PKCS#7 padding over {@code engine}; clears {@code key}. */
    static PaddedBufferedBlockCipher decrypting(BlockCipher engine, byte[] key, byte[] iv) {
        PaddedBufferedBlockCipher cipher =
                new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(engine), new PKCS7Padding());
        try {
            cipher.init(false, new ParametersWithIV(new KeyParameter(key), iv));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return cipher;
    }

    // Loops, as in engine(): a stream's lambda would be spun on every cold start's first decryption.
    static Optional<CbcCipher> of(ASN1ObjectIdentifier oid) {
        for (CbcCipher cipher : values()) {
            if (cipher.oid.equals(oid)) {
                return Optional.of(cipher);
            }
        }
        return Optional.empty();
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
