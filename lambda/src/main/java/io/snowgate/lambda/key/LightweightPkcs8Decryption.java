package io.snowgate.lambda.key;

import java.io.InputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
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

    /** PBES2's CBC ciphers handled here: OID, key length and engine, in one place. */
    private enum CbcCipher {
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

        // Loops, as in engine(): a stream's lambda would be spun on every cold start's first decryption.
        static Optional<CbcCipher> of(ASN1ObjectIdentifier oid) {
            for (CbcCipher cipher : values()) {
                if (cipher.oid.equals(oid)) {
                    return Optional.of(cipher);
                }
            }
            return Optional.empty();
        }
    }

    /** PBKDF2's pseudo-random functions handled here; RFC 8018 makes HMAC-SHA1 the default when none is named. */
    private enum Prf {
        HMAC_SHA1(PKCSObjectIdentifiers.id_hmacWithSHA1),
        HMAC_SHA224(PKCSObjectIdentifiers.id_hmacWithSHA224),
        HMAC_SHA256(PKCSObjectIdentifiers.id_hmacWithSHA256),
        HMAC_SHA384(PKCSObjectIdentifiers.id_hmacWithSHA384),
        HMAC_SHA512(PKCSObjectIdentifiers.id_hmacWithSHA512);

        final ASN1ObjectIdentifier oid;

        Prf(ASN1ObjectIdentifier oid) {
            this.oid = oid;
        }

        Digest digest() {
            return switch (this) {
                case HMAC_SHA1 -> new SHA1Digest();
                case HMAC_SHA224 -> new SHA224Digest();
                case HMAC_SHA256 -> new SHA256Digest();
                case HMAC_SHA384 -> new SHA384Digest();
                case HMAC_SHA512 -> new SHA512Digest();
            };
        }

        static Optional<Prf> of(ASN1ObjectIdentifier oid) {
            for (Prf prf : values()) {
                if (prf.oid.equals(oid)) {
                    return Optional.of(prf);
                }
            }
            return Optional.empty();
        }
    }

    /** A key derivation handled here, its parameters parsed once. */
    private sealed interface Kdf {
        /** The key length the parameters state, if they state one. */
        BigInteger declaredKeyLength();

        /** The key, over the passphrase's UTF-8 bytes, as OpenSSL derives it. */
        byte[] derive(byte[] password, int keyBytes);
    }

    private record Pbkdf2(PBKDF2Params params, Prf prf) implements Kdf {
        @Override
        public BigInteger declaredKeyLength() {
            return params.getKeyLength();
        }

        @Override
        public byte[] derive(byte[] password, int keyBytes) {
            PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(prf.digest());
            generator.init(password, params.getSalt(), params.getIterationCount().intValueExact());
            return ((KeyParameter) generator.generateDerivedParameters(keyBytes * 8)).getKey();
        }
    }

    private record Scrypt(ScryptParams params) implements Kdf {
        @Override
        public BigInteger declaredKeyLength() {
            return params.getKeyLength();
        }

        @Override
        public byte[] derive(byte[] password, int keyBytes) {
            return SCrypt.generate(password, params.getSalt(), params.getCostParameter().intValueExact(),
                    params.getBlockSize().intValueExact(), params.getParallelizationParameter().intValueExact(),
                    keyBytes);
        }
    }

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
            Optional<CbcCipher> cipher = CbcCipher.of(encryption.getAlgorithm());
            Optional<Kdf> kdf = kdf(AlgorithmIdentifier.getInstance(pbes2.getKeyDerivationFunc()));
            if (cipher.isPresent() && kdf.isPresent()) {
                // A length the cipher cannot take (a corrupted field, say) must not size the derivation.
                BigInteger declared = kdf.get().declaredKeyLength();
                int keyBytes = cipher.get().keyBytes;
                if (declared != null && !declared.equals(BigInteger.valueOf(keyBytes))) {
                    throw new OperatorCreationException("the key derivation's key length of " + declared
                            + " bytes does not fit the cipher's " + keyBytes);
                }
                return pbes2(scheme, kdf.get(), cipher.get(), encryption);
            }
        }
        return otherSchemes.build().get(scheme);
    }

    /** PBKDF2 with a PRF handled here, or scrypt within OpenSSL's memory limit; empty for anything else. */
    private static Optional<Kdf> kdf(AlgorithmIdentifier kdf) throws OperatorCreationException {
        if (MiscObjectIdentifiers.id_scrypt.equals(kdf.getAlgorithm())) {
            ScryptParams scrypt = ScryptParams.getInstance(kdf.getParameters());
            long blockSize = scrypt.getBlockSize().longValueExact();
            long bytes = 128L * blockSize * (scrypt.getCostParameter().longValueExact()
                    + scrypt.getParallelizationParameter().longValueExact());
            if (bytes > MAX_SCRYPT_BYTES) {
                throw new OperatorCreationException("scrypt parameters needing " + bytes
                        + " bytes, past OpenSSL's own limit of " + MAX_SCRYPT_BYTES);
            }
            return Optional.of(new Scrypt(scrypt));
        }
        if (!PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
            return Optional.empty();
        }
        PBKDF2Params pbkdf2 = PBKDF2Params.getInstance(kdf.getParameters());
        Optional<Prf> prf = Prf.of(pbkdf2.getPrf().getAlgorithm());
        return prf.isPresent() ? Optional.of(new Pbkdf2(pbkdf2, prf.get())) : Optional.empty();
    }

    private InputDecryptor pbes2(AlgorithmIdentifier scheme, Kdf kdf, CbcCipher cipher,
            AlgorithmIdentifier encryption) {
        byte[] iv = ASN1OctetString.getInstance(encryption.getParameters()).getOctets();
        byte[] password = PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(passphrase);
        byte[] key;
        try {
            key = kdf.derive(password, cipher.keyBytes);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        PaddedBufferedBlockCipher decrypting =
                new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(cipher.engine()), new PKCS7Padding());
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
}
