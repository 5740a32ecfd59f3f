package io.snowgate.lambda.key;

import java.io.InputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ntt.NTTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.CamelliaEngine;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.io.CipherInputStream;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.operator.InputDecryptor;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.bc.BcPKCS12PBEInputDecryptorProviderBuilder;

/**
 * Decrypts encrypted PKCS#8 with BouncyCastle's lightweight API, no JCA provider: PBES2 (RFC 8018) with PBKDF2
 * (HMAC-SHA1 or SHA-2) or scrypt, and AES, 3DES, DES or Camellia in CBC mode, which covers every scheme
 * {@code openssl pkcs8 -topk8} writes by default or by name; and PKCS#12 PBE with 3DES ({@code -v1 PBE-SHA1-3DES}).
 * Any other scheme goes to {@code otherSchemes} (BouncyCastle's provider-based decryptor).
 *
 * <p>Why not the provider for everything: building BouncyCastle's JCA provider registers hundreds of algorithms from
 * a signed jar, about a second of CPU in a fresh JVM on one vCPU, and an on-demand cold start pays all of it to use
 * one cipher (measured by {@code ./snowgate bench --cold}).
 */
final class LightweightPkcs8Decryption implements InputDecryptorProvider {

    /** PBES2's CBC ciphers handled here, by OID, and their key lengths in bytes. */
    private static final Map<ASN1ObjectIdentifier, Integer> PBES2_CIPHER_KEY_BYTES = Map.of(
            NISTObjectIdentifiers.id_aes128_CBC, 16,
            NISTObjectIdentifiers.id_aes192_CBC, 24,
            NISTObjectIdentifiers.id_aes256_CBC, 32,
            PKCSObjectIdentifiers.des_EDE3_CBC, 24,
            OIWObjectIdentifiers.desCBC, 8,
            NTTObjectIdentifiers.id_camellia128_cbc, 16,
            NTTObjectIdentifiers.id_camellia192_cbc, 24,
            NTTObjectIdentifiers.id_camellia256_cbc, 32);

    /** PBKDF2's pseudo-random functions handled here; RFC 8018 makes HMAC-SHA1 the default when none is named. */
    private static final Set<ASN1ObjectIdentifier> PBKDF2_PRFS = Set.of(
            PKCSObjectIdentifiers.id_hmacWithSHA1, PKCSObjectIdentifiers.id_hmacWithSHA224,
            PKCSObjectIdentifiers.id_hmacWithSHA256, PKCSObjectIdentifiers.id_hmacWithSHA384,
            PKCSObjectIdentifiers.id_hmacWithSHA512);

    /** OpenSSL's own ceiling on scrypt's memory (SCRYPT_MAX_MEM): a key past it is refused, not an out-of-memory. */
    static final long MAX_SCRYPT_BYTES = 32L * 1024 * 1024;

    private static final Set<ASN1ObjectIdentifier> PKCS12_SCHEMES = Set.of(
            PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
            PKCSObjectIdentifiers.pbeWithSHAAnd2_KeyTripleDES_CBC);

    private final char[] passphrase;
    private final OtherSchemes otherSchemes;

    /** The decryptor for schemes not handled here. */
    @FunctionalInterface
    interface OtherSchemes {
        InputDecryptorProvider build() throws OperatorCreationException;
    }

    /**
     * @param passphrase   read, not copied: the caller clears it after decrypting
     * @param otherSchemes the decryptor for schemes not handled here, built only if one is met
     */
    LightweightPkcs8Decryption(char[] passphrase, OtherSchemes otherSchemes) {
        this.passphrase = passphrase;
        this.otherSchemes = otherSchemes;
    }

    @Override
    public InputDecryptor get(AlgorithmIdentifier scheme) throws OperatorCreationException {
        ASN1ObjectIdentifier algorithm = scheme.getAlgorithm();
        if (PKCS12_SCHEMES.contains(algorithm)) {
            return new BcPKCS12PBEInputDecryptorProviderBuilder().build(passphrase).get(scheme);
        }
        if (PKCSObjectIdentifiers.id_PBES2.equals(algorithm)) {
            PBES2Parameters pbes2 = PBES2Parameters.getInstance(scheme.getParameters());
            AlgorithmIdentifier encryption = AlgorithmIdentifier.getInstance(pbes2.getEncryptionScheme());
            AlgorithmIdentifier kdf = AlgorithmIdentifier.getInstance(pbes2.getKeyDerivationFunc());
            Integer keyBytes = PBES2_CIPHER_KEY_BYTES.get(encryption.getAlgorithm());
            if (keyBytes != null && isSupported(kdf)) {
                // A length the cipher cannot take (a corrupted field, say) must not size the derivation.
                BigInteger declared = declaredKeyLength(kdf);
                if (declared != null && !declared.equals(BigInteger.valueOf(keyBytes))) {
                    throw new OperatorCreationException("the key derivation's key length of " + declared
                            + " bytes does not fit the cipher's " + keyBytes);
                }
                return pbes2(scheme, kdf, encryption, keyBytes);
            }
        }
        return otherSchemes.build().get(scheme);
    }

    private static BlockCipher engine(ASN1ObjectIdentifier cipher) {
        if (NISTObjectIdentifiers.id_aes128_CBC.equals(cipher) || NISTObjectIdentifiers.id_aes192_CBC.equals(cipher)
                || NISTObjectIdentifiers.id_aes256_CBC.equals(cipher)) {
            return AESEngine.newInstance();
        }
        if (PKCSObjectIdentifiers.des_EDE3_CBC.equals(cipher)) {
            return new DESedeEngine();
        }
        if (OIWObjectIdentifiers.desCBC.equals(cipher)) {
            return new DESEngine();
        }
        return new CamelliaEngine();
    }

    private static Digest digest(ASN1ObjectIdentifier prf) {
        if (PKCSObjectIdentifiers.id_hmacWithSHA256.equals(prf)) {
            return new SHA256Digest();
        }
        if (PKCSObjectIdentifiers.id_hmacWithSHA1.equals(prf)) {
            return new SHA1Digest();
        }
        if (PKCSObjectIdentifiers.id_hmacWithSHA224.equals(prf)) {
            return new SHA224Digest();
        }
        if (PKCSObjectIdentifiers.id_hmacWithSHA384.equals(prf)) {
            return new SHA384Digest();
        }
        return new SHA512Digest();
    }

    private static boolean isSupported(AlgorithmIdentifier kdf) throws OperatorCreationException {
        if (MiscObjectIdentifiers.id_scrypt.equals(kdf.getAlgorithm())) {
            ScryptParams scrypt = ScryptParams.getInstance(kdf.getParameters());
            long blockSize = scrypt.getBlockSize().longValueExact();
            long bytes = 128L * blockSize * (scrypt.getCostParameter().longValueExact()
                    + scrypt.getParallelizationParameter().longValueExact());
            if (bytes > MAX_SCRYPT_BYTES) {
                throw new OperatorCreationException("scrypt parameters needing " + bytes
                        + " bytes, past OpenSSL's own limit of " + MAX_SCRYPT_BYTES);
            }
            return true;
        }
        return PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())
                && PBKDF2_PRFS.contains(PBKDF2Params.getInstance(kdf.getParameters()).getPrf().getAlgorithm());
    }

    private static BigInteger declaredKeyLength(AlgorithmIdentifier kdf) {
        return MiscObjectIdentifiers.id_scrypt.equals(kdf.getAlgorithm())
                ? ScryptParams.getInstance(kdf.getParameters()).getKeyLength()
                : PBKDF2Params.getInstance(kdf.getParameters()).getKeyLength();
    }

    private InputDecryptor pbes2(AlgorithmIdentifier scheme, AlgorithmIdentifier kdf, AlgorithmIdentifier encryption,
            int keyBytes) {
        byte[] iv = ASN1OctetString.getInstance(encryption.getParameters()).getOctets();
        byte[] key = deriveKey(kdf, keyBytes);
        PaddedBufferedBlockCipher decrypting = new PaddedBufferedBlockCipher(
                CBCBlockCipher.newInstance(engine(encryption.getAlgorithm())), new PKCS7Padding());
        try {
            decrypting.init(false, new ParametersWithIV(new KeyParameter(key), iv));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return new InputDecryptor() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return scheme;
            }

            @Override
            public InputStream getInputStream(InputStream encrypted) {
                return new CipherInputStream(encrypted, decrypting);
            }
        };
    }

    /** PBKDF2 or scrypt over the passphrase's UTF-8 bytes, as OpenSSL derives them. */
    private byte[] deriveKey(AlgorithmIdentifier kdf, int keyBytes) {
        byte[] password = PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(passphrase);
        try {
            if (MiscObjectIdentifiers.id_scrypt.equals(kdf.getAlgorithm())) {
                ScryptParams scrypt = ScryptParams.getInstance(kdf.getParameters());
                return SCrypt.generate(password, scrypt.getSalt(), scrypt.getCostParameter().intValueExact(),
                        scrypt.getBlockSize().intValueExact(), scrypt.getParallelizationParameter().intValueExact(),
                        keyBytes);
            }
            PBKDF2Params pbkdf2 = PBKDF2Params.getInstance(kdf.getParameters());
            PKCS5S2ParametersGenerator generator =
                    new PKCS5S2ParametersGenerator(digest(pbkdf2.getPrf().getAlgorithm()));
            generator.init(password, pbkdf2.getSalt(), pbkdf2.getIterationCount().intValueExact());
            return ((KeyParameter) generator.generateDerivedParameters(keyBytes * 8)).getKey();
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }
}
