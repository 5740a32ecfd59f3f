package io.snowgate.lambda.key;

import java.io.InputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.pkcs.PBEParameter;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.PBEParametersGenerator;
import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.digests.GOST3411Digest;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.digests.SHA512tDigest;
import org.bouncycastle.crypto.engines.RC2Engine;
import org.bouncycastle.crypto.generators.PKCS12ParametersGenerator;
import org.bouncycastle.crypto.generators.PKCS5S1ParametersGenerator;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.io.CipherInputStream;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.operator.InputDecryptor;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Decrypts encrypted PKCS#8 with BouncyCastle's lightweight API, no JCA provider: PBES2 (RFC 8018) with PBKDF2
 * (HMAC with SHA-1, SHA-2, SHA-3, MD5 or GOST R 34.11-94) or scrypt, and every cipher
 * {@code openssl pkcs8 -topk8 -v2} writes ({@link Pbes2Cipher}); PKCS#12 PBE with 3DES ({@code -v1 PBE-SHA1-3DES});
 * and PKCS#5 v1.5 PBES1 with MD5 or SHA-1 and DES or RC2 ({@code -v1 PBE-MD5-DES} and its kin). A PBES2 scheme
 * beyond these is refused as {@link Unsupported}; any other scheme goes to {@code otherSchemes} (BouncyCastle's
 * provider-based decryptor).
 *
 * <p>Keys are derived from the passphrase as OpenSSL derives them, so a passphrase beyond ASCII decrypts what OpenSSL
 * encrypted with it: PBKDF1, PBKDF2 and scrypt over its UTF-8 bytes, PKCS#12 over its BMPString.
 *
 * <p>Why not the provider for everything: building BouncyCastle's JCA provider registers hundreds of algorithms from
 * a signed jar, about a second of CPU in a fresh JVM on one vCPU, and an on-demand cold start pays all of it to use
 * one cipher (measured by {@code ./snowgate bench --cold}).
 */
final class LightweightPkcs8Decryption implements InputDecryptorProvider {

    /** PKCS#5 v1.5 PBES1 schemes (RFC 8018 section 6.1): PBKDF1's digest and the 64-bit cipher, by OID. */
    private enum Pbes1 {
        MD5_DES(PKCSObjectIdentifiers.pbeWithMD5AndDES_CBC),
        MD5_RC2(PKCSObjectIdentifiers.pbeWithMD5AndRC2_CBC),
        SHA1_DES(PKCSObjectIdentifiers.pbeWithSHA1AndDES_CBC),
        SHA1_RC2(PKCSObjectIdentifiers.pbeWithSHA1AndRC2_CBC);

        final ASN1ObjectIdentifier oid;

        Pbes1(ASN1ObjectIdentifier oid) {
            this.oid = oid;
        }

        Digest digest() {
            return switch (this) {
                case MD5_DES, MD5_RC2 -> new MD5Digest();
                case SHA1_DES, SHA1_RC2 -> new SHA1Digest();
            };
        }

        // RC2 with a 64-bit key, whose effective key bits RFC 8018 fixes at 64: RC2Engine's default for 8 bytes.
        BlockCipher engine() {
            return switch (this) {
                case MD5_DES, SHA1_DES -> CipherAlgorithm.DES.engine();
                case MD5_RC2, SHA1_RC2 -> new RC2Engine();
            };
        }

        static Optional<Pbes1> of(ASN1ObjectIdentifier oid) {
            for (Pbes1 scheme : values()) {
                if (scheme.oid.equals(oid)) {
                    return Optional.of(scheme);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * PBKDF2's pseudo-random functions handled here; RFC 8018 makes HMAC-SHA1 the default when none is named. All
     * {@code openssl pkcs8 -v2prf} takes, and the SHA-3 and GOST ones BouncyCastle's provider took before PBES2 was
     * decided here. The OIDs beyond PKCS#5's are written out so as not to load BouncyCastle's tables of them.
     */
    private enum Prf {
        HMAC_SHA1(PKCSObjectIdentifiers.id_hmacWithSHA1),
        HMAC_SHA224(PKCSObjectIdentifiers.id_hmacWithSHA224),
        HMAC_SHA256(PKCSObjectIdentifiers.id_hmacWithSHA256),
        HMAC_SHA384(PKCSObjectIdentifiers.id_hmacWithSHA384),
        HMAC_SHA512(PKCSObjectIdentifiers.id_hmacWithSHA512),
        HMAC_SHA512_224(PKCSObjectIdentifiers.id_hmacWithSHA512_224),
        HMAC_SHA512_256(PKCSObjectIdentifiers.id_hmacWithSHA512_256),
        // RFC 8018 appendix B.1.3 lists no MD5 PRF; OpenSSL's hmacWithMD5 is RSADSI's digestAlgorithm 6.
        HMAC_MD5(new ASN1ObjectIdentifier("1.2.840.113549.2.6")),
        HMAC_SHA3_224(new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.13")),
        HMAC_SHA3_256(new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.14")),
        HMAC_SHA3_384(new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.15")),
        HMAC_SHA3_512(new ASN1ObjectIdentifier("2.16.840.1.101.3.4.2.16")),
        HMAC_GOST3411(new ASN1ObjectIdentifier("1.2.643.2.2.10"));

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
                case HMAC_SHA512_224 -> new SHA512tDigest(224);
                case HMAC_SHA512_256 -> new SHA512tDigest(256);
                case HMAC_MD5 -> new MD5Digest();
                case HMAC_SHA3_224 -> new SHA3Digest(224);
                case HMAC_SHA3_256 -> new SHA3Digest(256);
                case HMAC_SHA3_384 -> new SHA3Digest(384);
                case HMAC_SHA3_512 -> new SHA3Digest(512);
                case HMAC_GOST3411 -> new GOST3411Digest();
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

    /** @param iterations the parameters' count, checked by {@link #iterations} */
    private record Pbkdf2(PBKDF2Params params, Prf prf, int iterations) implements Kdf {
        @Override
        public BigInteger declaredKeyLength() {
            return params.getKeyLength();
        }

        @Override
        public byte[] derive(byte[] password, int keyBytes) {
            PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(prf.digest());
            generator.init(password, params.getSalt(), iterations);
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

    /**
     * The most iterations of PBKDF1, PBKDF2 or PKCS#12's derivation this runs. OpenSSL sets none, but every cold start
     * pays the count: BouncyCastle's PBKDF2 with HMAC-SHA256 runs about a million iterations a second on one core,
     * and a 512 MB function has about a third of a vCPU, so a count of tens of millions (a typo, or a damaged field)
     * would time the function out before it logged why. This is about four times the highest count OWASP's Password
     * Storage Cheat Sheet recommends (1,300,000, for PBKDF2 with HMAC-SHA1); openssl writes 2048.
     */
    static final int MAX_ITERATIONS = 5_000_000;

    /** PBES1's DES and RC2 keys and IVs are 64 bits each. */
    private static final int PBES1_KEY_BITS = 64;

    private static final Set<ASN1ObjectIdentifier> PKCS12_SCHEMES = Set.of(
            PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC,
            PKCSObjectIdentifiers.pbeWithSHAAnd2_KeyTripleDES_CBC);

    private final char[] passphrase;
    private final OtherSchemes otherSchemes;

    /** A scheme, or a part of one, this refuses; the message names it, never anything secret. */
    static final class Unsupported extends OperatorCreationException {

        private static final long serialVersionUID = 1L;

        Unsupported(String scheme) {
            super(scheme);
        }

        Unsupported(String scheme, Throwable cause) {
            super(scheme, cause);
        }
    }

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
            return pkcs12(scheme);
        }
        Optional<Pbes1> pbes1 = Pbes1.of(algorithm);
        if (pbes1.isPresent()) {
            return pbes1(scheme, pbes1.get());
        }
        if (PKCSObjectIdentifiers.id_PBES2.equals(algorithm)) {
            // Decided here whatever its parts: BouncyCastle's provider takes PBES2 only with AES-CBC or 3DES-CBC (the
            // key sizes its PEMUtilities knows) and fails on any other cipher with an IllegalStateException ("no key
            // size for algorithm"), which read as a wrong passphrase.
            return pbes2(scheme);
        }
        return otherSchemes.build().get(scheme);
    }

    /** PBKDF2 with a PRF handled here, or scrypt within OpenSSL's memory limit. */
    private static Kdf kdf(AlgorithmIdentifier kdf) throws OperatorCreationException {
        if (MiscObjectIdentifiers.id_scrypt.equals(kdf.getAlgorithm())) {
            ScryptParams scrypt = ScryptParams.getInstance(kdf.getParameters());
            // In BigInteger: a damaged field past a long must be refused as one, not fail as a wrong passphrase.
            BigInteger bytes = BigInteger.valueOf(128).multiply(scrypt.getBlockSize())
                    .multiply(scrypt.getCostParameter().add(scrypt.getParallelizationParameter()));
            if (bytes.compareTo(BigInteger.valueOf(MAX_SCRYPT_BYTES)) > 0) {
                throw new Unsupported("scrypt parameters needing " + bytes
                        + " bytes, past OpenSSL's own limit of " + MAX_SCRYPT_BYTES);
            }
            if (scrypt.getCostParameter().signum() <= 0 || scrypt.getBlockSize().signum() <= 0
                    || scrypt.getParallelizationParameter().signum() <= 0) {
                throw new Unsupported("scrypt parameters that are not all positive");
            }
            return new Scrypt(scrypt);
        }
        if (!PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
            throw new Unsupported("PBES2 with the key derivation " + kdf.getAlgorithm().getId());
        }
        PBKDF2Params pbkdf2 = PBKDF2Params.getInstance(kdf.getParameters());
        ASN1ObjectIdentifier prfOid = pbkdf2.getPrf().getAlgorithm();
        Optional<Prf> prf = Prf.of(prfOid);
        if (prf.isEmpty()) {
            throw new Unsupported("PBES2 with PBKDF2 and the PRF " + prfOid.getId());
        }
        return new Pbkdf2(pbkdf2, prf.get(), iterations(pbkdf2.getIterationCount()));
    }

    /** An iteration count from a key's parameters, refused as {@link Unsupported} outside 1 to the ceiling. */
    private static int iterations(BigInteger count) throws Unsupported {
        if (count.signum() <= 0 || count.compareTo(BigInteger.valueOf(MAX_ITERATIONS)) > 0) {
            throw new Unsupported("a key derivation of " + count + " iterations, outside the 1 to " + MAX_ITERATIONS
                    + " Snowgate runs, as each cold start would wait on it");
        }
        return count.intValueExact();
    }

    private InputDecryptor pbes2(AlgorithmIdentifier scheme) throws OperatorCreationException {
        PBES2Parameters pbes2 = PBES2Parameters.getInstance(scheme.getParameters());
        AlgorithmIdentifier encryption = AlgorithmIdentifier.getInstance(pbes2.getEncryptionScheme());
        Optional<Pbes2Cipher> found = Pbes2Cipher.of(encryption.getAlgorithm());
        if (found.isEmpty()) {
            throw new Unsupported("PBES2 with the cipher " + encryption.getAlgorithm().getId());
        }
        Pbes2Cipher cipher = found.get();
        Kdf kdf = kdf(AlgorithmIdentifier.getInstance(pbes2.getKeyDerivationFunc()));
        Pbes2Cipher.Parameters parameters;
        try {
            parameters = cipher.parameters(encryption.getParameters());
        } catch (IllegalArgumentException e) {
            throw new Unsupported(cipher.name() + " with parameters of a form OpenSSL does not write", e);
        }
        // A length the cipher cannot take (a corrupted field, say) must not size the derivation.
        BigInteger declared = kdf.declaredKeyLength();
        if (declared != null && !declared.equals(BigInteger.valueOf(parameters.keyBytes()))) {
            throw new Unsupported("a key derivation's key length of " + declared + " bytes, which does not fit "
                    + cipher.name() + "'s " + parameters.keyBytes());
        }
        byte[] password = utf8(passphrase);
        byte[] key;
        try {
            key = kdf.derive(password, parameters.keyBytes());
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        return cipher.padded() ? new Decryptor(scheme, cipher.paddedDecrypting(key, parameters.iv()), null)
                : new Decryptor(scheme, null, cipher.streamDecrypting(key, parameters.iv()));
    }

    /**
     * PBKDF1 over the passphrase's UTF-8 bytes, as OpenSSL derives it (BouncyCastle's provider, which used to handle
     * these, keeps only each character's low 8 bits): 8 bytes of key, then 8 of IV.
     */
    private InputDecryptor pbes1(AlgorithmIdentifier scheme, Pbes1 pbes1) throws Unsupported {
        PBEParameter params = PBEParameter.getInstance(scheme.getParameters());
        int iterations = iterations(params.getIterationCount());
        byte[] password = utf8(passphrase);
        ParametersWithIV derived;
        try {
            PKCS5S1ParametersGenerator generator = new PKCS5S1ParametersGenerator(pbes1.digest());
            generator.init(password, params.getSalt(), iterations);
            derived = (ParametersWithIV) generator.generateDerivedParameters(PBES1_KEY_BITS, PBES1_KEY_BITS);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        byte[] key = ((KeyParameter) derived.getParameters()).getKey();
        return new Decryptor(scheme, CbcCipher.decrypting(pbes1.engine(), key, derived.getIV()), null);
    }

    /** PKCS#12 PBE with two- or three-key 3DES: key and IV derived with SHA-1 from the passphrase's BMPString. */
    private InputDecryptor pkcs12(AlgorithmIdentifier scheme) throws Unsupported {
        PKCS12PBEParams params = PKCS12PBEParams.getInstance(scheme.getParameters());
        int iterations = iterations(params.getIterations());
        int keyBits = PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC.equals(scheme.getAlgorithm()) ? 192 : 128;
        byte[] password = bmp(passphrase);
        ParametersWithIV derived;
        try {
            PKCS12ParametersGenerator generator = new PKCS12ParametersGenerator(new SHA1Digest());
            generator.init(password, params.getIV(), iterations);
            derived = (ParametersWithIV) generator.generateDerivedParameters(keyBits, PBES1_KEY_BITS);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        byte[] key = ((KeyParameter) derived.getParameters()).getKey();
        return new Decryptor(scheme, CbcCipher.decrypting(CipherAlgorithm.DES_EDE.engine(), key, derived.getIV()),
                null);
    }

    /**
     * The passphrase as OpenSSL gives it to PKCS#12's derivation: UTF-16 code units and a two-byte terminator. The
     * empty passphrase is the terminator alone; BouncyCastle's {@code PKCS12PasswordToBytes} gives no bytes for it,
     * so BouncyCastle's own decryptor never opened a key written with {@code -v1 PBE-SHA1-3DES -passout pass:}.
     */
    private static byte[] bmp(char[] passphrase) {
        return passphrase.length == 0 ? new byte[2] : PBEParametersGenerator.PKCS12PasswordToBytes(passphrase);
    }

    /** The passphrase's UTF-8 bytes: what OpenSSL's PBKDF1, PBKDF2 and scrypt run over. */
    private static byte[] utf8(char[] passphrase) {
        return PBEParametersGenerator.PKCS5PasswordToUTF8Bytes(passphrase);
    }

    /**
     * The encrypted stream read through a block cipher with padding or through a stream cipher, whichever is given (a
     * class, not a lambda: this runs in every cold start's key decryption, where a lambda is one more generated class).
     */
    private record Decryptor(AlgorithmIdentifier scheme, BufferedBlockCipher block, StreamCipher stream)
            implements InputDecryptor {

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return scheme;
        }

        @Override
        public InputStream getInputStream(InputStream encrypted) {
            return block != null ? new CipherInputStream(encrypted, block) : new CipherInputStream(encrypted, stream);
        }
    }
}
