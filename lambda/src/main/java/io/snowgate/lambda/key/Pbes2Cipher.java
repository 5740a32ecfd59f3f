package io.snowgate.lambda.key;

import static io.snowgate.lambda.key.CipherAlgorithm.AES;
import static io.snowgate.lambda.key.CipherAlgorithm.ARIA;
import static io.snowgate.lambda.key.CipherAlgorithm.BLOWFISH;
import static io.snowgate.lambda.key.CipherAlgorithm.CAMELLIA;
import static io.snowgate.lambda.key.CipherAlgorithm.CAST5;
import static io.snowgate.lambda.key.CipherAlgorithm.DES;
import static io.snowgate.lambda.key.CipherAlgorithm.DES_EDE;
import static io.snowgate.lambda.key.CipherAlgorithm.RC2;
import static io.snowgate.lambda.key.CipherAlgorithm.RC4;
import static io.snowgate.lambda.key.CipherAlgorithm.SEED;
import static io.snowgate.lambda.key.CipherAlgorithm.SM4;
import static io.snowgate.lambda.key.Pbes2Cipher.Mode.CBC;
import static io.snowgate.lambda.key.Pbes2Cipher.Mode.CFB;
import static io.snowgate.lambda.key.Pbes2Cipher.Mode.CTR;
import static io.snowgate.lambda.key.Pbes2Cipher.Mode.ECB;
import static io.snowgate.lambda.key.Pbes2Cipher.Mode.OFB;
import static io.snowgate.lambda.key.Pbes2Cipher.Mode.STREAM;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.RC2CBCParameter;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.engines.RC4Engine;
import org.bouncycastle.crypto.modes.CFBBlockCipher;
import org.bouncycastle.crypto.modes.OFBBlockCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.crypto.params.RC2Parameters;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * A cipher of PBES2 (RFC 8018 section 6.2) decrypted with BouncyCastle's lightweight API: every one
 * {@code openssl pkcs8 -topk8 -v2 NAME} writes (OpenSSL 3, with its legacy provider for DES, Blowfish, CAST5, RC2,
 * RC4 and SEED), by the OID it writes. OpenSSL encrypts with the cipher that OID names, so {@code -v2 aes-128-cfb8}
 * is written, and read back, as aes-128-cfb, {@code -v2 des-ede3-cfb} as des-cfb and {@code -v2 rc4-40} as rc4.
 *
 * @param name     OpenSSL's name, for messages
 * @param keyBytes the key length OpenSSL uses (the cipher's default; RC2's comes from its parameters instead)
 */
record Pbes2Cipher(String name, CipherAlgorithm algorithm, Mode mode, int keyBytes) {

    /** How the cipher runs, as OpenSSL runs it: CBC and ECB with PKCS#7 padding, CFB and OFB over a whole block. */
    enum Mode {
        CBC, ECB, CFB, OFB, CTR, STREAM
    }

    /** What the encryption scheme's parameters hold: the key length and the IV (empty for ECB and RC4). */
    record Parameters(int keyBytes, byte[] iv) {
    }

    // By dotted OID, so that looking one up builds no OID objects; the OIDs are OpenSSL's (crypto/objects/objects.txt).
    private static final Map<String, Pbes2Cipher> BY_OID = Map.ofEntries(
            cipher("2.16.840.1.101.3.4.1.1", "aes-128-ecb", AES, ECB, 16),
            cipher("2.16.840.1.101.3.4.1.2", "aes-128-cbc", AES, CBC, 16),
            cipher("2.16.840.1.101.3.4.1.3", "aes-128-ofb", AES, OFB, 16),
            cipher("2.16.840.1.101.3.4.1.4", "aes-128-cfb", AES, CFB, 16),
            cipher("2.16.840.1.101.3.4.1.21", "aes-192-ecb", AES, ECB, 24),
            cipher("2.16.840.1.101.3.4.1.22", "aes-192-cbc", AES, CBC, 24),
            cipher("2.16.840.1.101.3.4.1.23", "aes-192-ofb", AES, OFB, 24),
            cipher("2.16.840.1.101.3.4.1.24", "aes-192-cfb", AES, CFB, 24),
            cipher("2.16.840.1.101.3.4.1.41", "aes-256-ecb", AES, ECB, 32),
            cipher("2.16.840.1.101.3.4.1.42", "aes-256-cbc", AES, CBC, 32),
            cipher("2.16.840.1.101.3.4.1.43", "aes-256-ofb", AES, OFB, 32),
            cipher("2.16.840.1.101.3.4.1.44", "aes-256-cfb", AES, CFB, 32),
            cipher("1.2.410.200046.1.1.1", "aria-128-ecb", ARIA, ECB, 16),
            cipher("1.2.410.200046.1.1.2", "aria-128-cbc", ARIA, CBC, 16),
            cipher("1.2.410.200046.1.1.3", "aria-128-cfb", ARIA, CFB, 16),
            cipher("1.2.410.200046.1.1.4", "aria-128-ofb", ARIA, OFB, 16),
            cipher("1.2.410.200046.1.1.5", "aria-128-ctr", ARIA, CTR, 16),
            cipher("1.2.410.200046.1.1.6", "aria-192-ecb", ARIA, ECB, 24),
            cipher("1.2.410.200046.1.1.7", "aria-192-cbc", ARIA, CBC, 24),
            cipher("1.2.410.200046.1.1.8", "aria-192-cfb", ARIA, CFB, 24),
            cipher("1.2.410.200046.1.1.9", "aria-192-ofb", ARIA, OFB, 24),
            cipher("1.2.410.200046.1.1.10", "aria-192-ctr", ARIA, CTR, 24),
            cipher("1.2.410.200046.1.1.11", "aria-256-ecb", ARIA, ECB, 32),
            cipher("1.2.410.200046.1.1.12", "aria-256-cbc", ARIA, CBC, 32),
            cipher("1.2.410.200046.1.1.13", "aria-256-cfb", ARIA, CFB, 32),
            cipher("1.2.410.200046.1.1.14", "aria-256-ofb", ARIA, OFB, 32),
            cipher("1.2.410.200046.1.1.15", "aria-256-ctr", ARIA, CTR, 32),
            cipher("1.2.392.200011.61.1.1.1.2", "camellia-128-cbc", CAMELLIA, CBC, 16),
            cipher("1.2.392.200011.61.1.1.1.3", "camellia-192-cbc", CAMELLIA, CBC, 24),
            cipher("1.2.392.200011.61.1.1.1.4", "camellia-256-cbc", CAMELLIA, CBC, 32),
            cipher("0.3.4401.5.3.1.9.1", "camellia-128-ecb", CAMELLIA, ECB, 16),
            cipher("0.3.4401.5.3.1.9.3", "camellia-128-ofb", CAMELLIA, OFB, 16),
            cipher("0.3.4401.5.3.1.9.4", "camellia-128-cfb", CAMELLIA, CFB, 16),
            cipher("0.3.4401.5.3.1.9.9", "camellia-128-ctr", CAMELLIA, CTR, 16),
            cipher("0.3.4401.5.3.1.9.21", "camellia-192-ecb", CAMELLIA, ECB, 24),
            cipher("0.3.4401.5.3.1.9.23", "camellia-192-ofb", CAMELLIA, OFB, 24),
            cipher("0.3.4401.5.3.1.9.24", "camellia-192-cfb", CAMELLIA, CFB, 24),
            cipher("0.3.4401.5.3.1.9.29", "camellia-192-ctr", CAMELLIA, CTR, 24),
            cipher("0.3.4401.5.3.1.9.41", "camellia-256-ecb", CAMELLIA, ECB, 32),
            cipher("0.3.4401.5.3.1.9.43", "camellia-256-ofb", CAMELLIA, OFB, 32),
            cipher("0.3.4401.5.3.1.9.44", "camellia-256-cfb", CAMELLIA, CFB, 32),
            cipher("0.3.4401.5.3.1.9.49", "camellia-256-ctr", CAMELLIA, CTR, 32),
            cipher("1.2.156.10197.1.104.1", "sm4-ecb", SM4, ECB, 16),
            cipher("1.2.156.10197.1.104.2", "sm4-cbc", SM4, CBC, 16),
            cipher("1.2.156.10197.1.104.3", "sm4-ofb", SM4, OFB, 16),
            cipher("1.2.156.10197.1.104.4", "sm4-cfb", SM4, CFB, 16),
            cipher("1.2.156.10197.1.104.7", "sm4-ctr", SM4, CTR, 16),
            cipher("1.2.410.200004.1.3", "seed-ecb", SEED, ECB, 16),
            cipher("1.2.410.200004.1.4", "seed-cbc", SEED, CBC, 16),
            cipher("1.2.410.200004.1.5", "seed-cfb", SEED, CFB, 16),
            cipher("1.2.410.200004.1.6", "seed-ofb", SEED, OFB, 16),
            cipher("1.3.14.3.2.6", "des-ecb", DES, ECB, 8),
            cipher("1.3.14.3.2.7", "des-cbc", DES, CBC, 8),
            cipher("1.3.14.3.2.8", "des-ofb", DES, OFB, 8),
            cipher("1.3.14.3.2.9", "des-cfb", DES, CFB, 8),
            // Two-key triple DES in ECB mode, despite the name.
            cipher("1.3.14.3.2.17", "des-ede", DES_EDE, ECB, 16),
            cipher("1.2.840.113549.3.7", "des-ede3-cbc", DES_EDE, CBC, 24),
            cipher("1.3.6.1.4.1.3029.1.2", "bf-cbc", BLOWFISH, CBC, 16),
            cipher("1.2.840.113533.7.66.10", "cast5-cbc", CAST5, CBC, 16),
            cipher("1.2.840.113549.3.2", "rc2-cbc", RC2, CBC, 16),
            cipher("1.2.840.113549.3.4", "rc4", RC4, STREAM, 16));

    private static Map.Entry<String, Pbes2Cipher> cipher(String oid, String name, CipherAlgorithm algorithm, Mode mode,
            int keyBytes) {
        return Map.entry(oid, new Pbes2Cipher(name, algorithm, mode, keyBytes));
    }

    static Optional<Pbes2Cipher> of(ASN1ObjectIdentifier oid) {
        return Optional.ofNullable(BY_OID.get(oid.getId()));
    }

    /**
     * Reads the encryption scheme's parameters: OpenSSL writes the IV as an OCTET STRING (an empty one for ECB and
     * RC4), and RC2-CBC-Parameter for RC2 (RFC 8018 appendix B.2.3), whose version gives the effective key bits
     * and, in OpenSSL, the key length too.
     *
     * @throws OperatorCreationException for an RC2 version OpenSSL does not take either
     * @throws IllegalArgumentException  for parameters of another form
     */
    Parameters parameters(ASN1Encodable encoded) throws OperatorCreationException {
        if (algorithm == RC2) {
            RC2CBCParameter rc2 = RC2CBCParameter.getInstance(encoded);
            BigInteger version = rc2.getRC2ParameterVersion();
            int bits = version == null || version.bitLength() > 8 ? 0 : switch (version.intValue()) {
                case 160 -> 40;
                case 120 -> 64;
                case 58 -> 128;
                default -> 0;
            };
            if (bits == 0) {
                throw new LightweightPkcs8Decryption.Unsupported(
                        name + " with the RC2 parameter version " + version + ", which OpenSSL does not take either");
            }
            return new Parameters(bits / 8, rc2.getIV());
        }
        byte[] iv = mode == ECB || mode == STREAM ? new byte[0] : ASN1OctetString.getInstance(encoded).getOctets();
        return new Parameters(keyBytes, iv);
    }

    /** Whether the mode pads (CBC, ECB): {@link #paddedDecrypting}, else {@link #streamDecrypting}. */
    boolean padded() {
        return mode == CBC || mode == ECB;
    }

    /** A decrypting CBC or ECB cipher with PKCS#7 padding; clears {@code key}. */
    PaddedBufferedBlockCipher paddedDecrypting(byte[] key, byte[] iv) {
        CipherParameters withKey = key(key);
        if (mode == CBC) {
            return CbcCipher.decrypting(algorithm.engine(), withKey, iv);
        }
        PaddedBufferedBlockCipher ecb = new PaddedBufferedBlockCipher(algorithm.engine(), new PKCS7Padding());
        ecb.init(false, withKey);
        return ecb;
    }

    /** A decrypting CFB, OFB or CTR mode, or RC4; clears {@code key}. */
    StreamCipher streamDecrypting(byte[] key, byte[] iv) {
        CipherParameters withKey = key(key);
        if (mode == STREAM) {
            StreamCipher rc4 = new RC4Engine();
            rc4.init(false, withKey);
            return rc4;
        }
        BlockCipher engine = algorithm.engine();
        int blockBits = engine.getBlockSize() * 8;
        StreamCipher stream = switch (mode) {
            case CFB -> CFBBlockCipher.newInstance(engine, blockBits);
            case OFB -> new OFBBlockCipher(engine, blockBits);
            case CTR -> SICBlockCipher.newInstance(engine);
            case CBC, ECB, STREAM -> throw new IllegalStateException(name + " is not run as a stream");
        };
        stream.init(false, new ParametersWithIV(withKey, iv));
        return stream;
    }

    /** The key as the cipher takes it, RC2's effective key bits being its whole key's as in OpenSSL; clears it. */
    private CipherParameters key(byte[] key) {
        try {
            return algorithm == RC2 ? new RC2Parameters(key, key.length * 8) : new KeyParameter(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
