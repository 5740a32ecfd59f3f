package io.snowgate.lambda.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.lambda.key.KeyDecodingException.Reason;
import io.snowgate.lambda.testing.KeyFixtures;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

class LightweightPkcs8DecryptionTest {

    static final List<String> ENCRYPTED = KeyFixtures.ENCRYPTED;

    /**
     * The cold-start saving is real only if no key users make ever builds BouncyCastle's provider: each encrypted
     * fixture is read in a class loader of its own (Snowgate's classes and BouncyCastle's jars, nothing else), which
     * is then asked whether it ever loaded the provider class.
     */
    @ParameterizedTest
    @FieldSource("ENCRYPTED")
    void readPrivateKey_decryptsOpenSslKeys_withoutBuildingBouncyCastlesProvider(String fixture) throws Exception {
        try (IsolatedLoader loader = new IsolatedLoader()) {
            Class<?> passphrases = loader.loadClass(Passphrase.class.getName());
            Object passphrase = passphrases.getMethod("of", String.class).invoke(null, KeyFixtures.PASSPHRASE);
            Class<?> readers = loader.loadClass(PrivateKeyReader.class.getName());
            Object pair = readers.getMethod("readPrivateKey", String.class, passphrases)
                    .invoke(readers.getConstructor().newInstance(), KeyFixtures.text(fixture), passphrase);

            assertThat(pair.getClass().getClassLoader()).isSameAs(loader);
            assertThat(loader.loaded(BouncyCastleProvider.class.getName())).as("BouncyCastleProvider loaded").isFalse();
        }
    }

    @Test
    void readPrivateKey_refusesScryptParametersPastOpenSslsMemoryLimit_insteadOfExhaustingMemory() throws IOException {
        // N = 2^20, r = 8: a gigabyte of memory; OpenSSL itself stops at 32 MiB.
        ScryptParams greedy = new ScryptParams(new byte[16], BigInteger.valueOf(1 << 20), BigInteger.valueOf(8),
                BigInteger.ONE, BigInteger.valueOf(32));
        PBES2Parameters pbes2 = new PBES2Parameters(
                new KeyDerivationFunc(MiscObjectIdentifiers.id_scrypt, greedy),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(new byte[16])));

        assertThatThrownBy(() -> new PrivateKeyReader().readPrivateKey(encryptedPem(pbes2), Passphrase.of("anything")))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ENCRYPTION));
    }

    @ParameterizedTest
    @CsvSource({"73786976294838206464, 8, 1", "16384, -8, -1", "0, 8, 1"})
    void readPrivateKey_refusesScryptParametersPastALongOrNotPositive_asUnsupported(String cost, String blockSize,
            String parallelization) throws IOException {
        // N = 2^66 would overflow a long; negatives would multiply to a small positive memory figure.
        ASN1Sequence params = new DERSequence(new ASN1Encodable[] {new DEROctetString(new byte[16]),
                new ASN1Integer(new BigInteger(cost)), new ASN1Integer(new BigInteger(blockSize)),
                new ASN1Integer(new BigInteger(parallelization)), new ASN1Integer(32)});
        PBES2Parameters pbes2 = new PBES2Parameters(
                new KeyDerivationFunc(MiscObjectIdentifiers.id_scrypt, params),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(new byte[16])));

        assertThatThrownBy(() -> new PrivateKeyReader().readPrivateKey(encryptedPem(pbes2), Passphrase.of("anything")))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ENCRYPTION));
    }

    @Test
    void readPrivateKey_refusesAKeyLengthTheCipherCannotTake_insteadOfDerivingIt() throws IOException {
        // A gigabyte of derived key for AES-256: a corrupted field must not size an allocation.
        PBES2Parameters pbes2 = new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new org.bouncycastle.asn1.pkcs.PBKDF2Params(
                        new byte[16], 2048, 1 << 30, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256,
                        org.bouncycastle.asn1.DERNull.INSTANCE))),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(new byte[16])));

        assertThatThrownBy(() -> new PrivateKeyReader().readPrivateKey(encryptedPem(pbes2), Passphrase.of("anything")))
                .isInstanceOfSatisfying(KeyDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ENCRYPTION));
    }

    /** PBKDF2 PRFs openssl cannot write, which BouncyCastle's provider decrypted before PBES2 was decided here. */
    static final List<AlgorithmIdentifier> PROVIDER_PRFS = List.of(PKCS8Generator.PRF_HMACSHA3_224,
            PKCS8Generator.PRF_HMACSHA3_256, PKCS8Generator.PRF_HMACSHA3_384, PKCS8Generator.PRF_HMACSHA3_512,
            PKCS8Generator.PRF_HMACGOST3411);

    @ParameterizedTest
    @FieldSource("PROVIDER_PRFS")
    void readPrivateKey_decryptsPbes2KeysBouncyCastleWritesWithPrfsOpenSslLacks(AlgorithmIdentifier prf)
            throws Exception {
        RsaKeyPair pair = new PrivateKeyReader().readPrivateKey(KeyFixtures.text("pkcs8-plain.p8"), Passphrase.none());
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider()).setPRF(prf).setPassword("s3cret".toCharArray()).build();
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(new PKCS8Generator(PrivateKeyInfo.getInstance(pair.privateKey().getEncoded()),
                    encryptor));
        }

        assertThat(new PrivateKeyReader().readPrivateKey(pem.toString(), Passphrase.of("s3cret")).fingerprint())
                .isEqualTo(pair.fingerprint());
    }

    @Test
    void readPrivateKey_refusesAPbes2CipherItDoesNotKnow_asUnsupportedNamingIt() throws IOException {
        // AES-256-GCM: openssl pkcs8 refuses AEAD ciphers, so no key users make has it; BouncyCastle's provider failed
        // on it with "no key size for algorithm", which read as a wrong passphrase.
        PBES2Parameters pbes2 = new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new org.bouncycastle.asn1.pkcs.PBKDF2Params(
                        new byte[16], 2048, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256,
                        org.bouncycastle.asn1.DERNull.INSTANCE))),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_GCM, new DEROctetString(new byte[12])));

        assertThatThrownBy(() -> new PrivateKeyReader().readPrivateKey(encryptedPem(pbes2), Passphrase.of("s3cret")))
                .isInstanceOfSatisfying(KeyDecodingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ENCRYPTION);
                    assertThat(e.getMessage()).contains(NISTObjectIdentifiers.id_aes256_GCM.getId())
                            .doesNotContain("s3cret");
                });
    }

    @Test
    void readPrivateKey_refusesAPbkdf2PrfItDoesNotKnow_asUnsupportedNamingIt() throws IOException {
        // HMAC-SM3 (GB/T 35276), which neither openssl pkcs8 nor BouncyCastle's provider takes as PBKDF2's PRF.
        AlgorithmIdentifier hmacSm3 = new AlgorithmIdentifier(
                new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.156.10197.1.401.3.1"),
                org.bouncycastle.asn1.DERNull.INSTANCE);
        PBES2Parameters pbes2 = new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2,
                        new org.bouncycastle.asn1.pkcs.PBKDF2Params(new byte[16], 2048, hmacSm3)),
                new EncryptionScheme(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.410.200046.1.1.12"),
                        new DEROctetString(new byte[16])));

        assertThatThrownBy(() -> new PrivateKeyReader().readPrivateKey(encryptedPem(pbes2), Passphrase.of("s3cret")))
                .isInstanceOfSatisfying(KeyDecodingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ENCRYPTION);
                    assertThat(e.getMessage()).contains("1.2.156.10197.1.401.3.1").doesNotContain("s3cret");
                });
    }

    /** Counts a mistyped or damaged field carries: one past the ceiling, one past an int, none. */
    static final List<BigInteger> UNRUNNABLE_ITERATIONS = List.of(
            BigInteger.valueOf(LightweightPkcs8Decryption.MAX_ITERATIONS + 1L), BigInteger.ONE.shiftLeft(40),
            BigInteger.ZERO);

    @ParameterizedTest
    @FieldSource("UNRUNNABLE_ITERATIONS")
    void readPrivateKey_refusesAnIterationCountOutsideItsRange_namingIt_inEachSchemeThatIterates(BigInteger count)
            throws IOException {
        // PBKDF2 (PBES2), PBKDF1 (PBES1) and PKCS#12's derivation all take a salt and a count as their parameters.
        ASN1Sequence saltAndCount = new DERSequence(new ASN1Encodable[] {
                new DEROctetString(new byte[8]), new ASN1Integer(count)});
        List<AlgorithmIdentifier> schemes = List.of(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(
                        new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, saltAndCount),
                        new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(new byte[16])))),
                new AlgorithmIdentifier(PKCSObjectIdentifiers.pbeWithSHA1AndDES_CBC, saltAndCount),
                new AlgorithmIdentifier(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC, saltAndCount));

        for (AlgorithmIdentifier scheme : schemes) {
            assertThatThrownBy(() -> new PrivateKeyReader().readPrivateKey(encryptedPem(scheme), Passphrase.of("s3cret")))
                    .as(scheme.getAlgorithm().getId())
                    .isInstanceOfSatisfying(KeyDecodingException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ENCRYPTION);
                        assertThat(e.getMessage()).contains(count + " iterations").doesNotContain("s3cret");
                    });
        }
    }

    private static String encryptedPem(PBES2Parameters pbes2) throws IOException {
        return encryptedPem(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, pbes2));
    }

    private static String encryptedPem(AlgorithmIdentifier scheme) throws IOException {
        byte[] der = new EncryptedPrivateKeyInfo(scheme, new byte[1232]).getEncoded();
        return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
    }

    @Test
    void get_handsSchemesItDoesNotKnowToTheOtherDecryptor() throws Exception {
        // PKCS#12 PBE with RC4: old, rare (OpenSSL 3 writes it only with its legacy provider), left to BouncyCastle's
        // provider.
        AlgorithmIdentifier rc4 = new AlgorithmIdentifier(PKCSObjectIdentifiers.pbeWithSHAAnd128BitRC4,
                new org.bouncycastle.asn1.pkcs.PKCS12PBEParams(new byte[8], 2048));
        List<AlgorithmIdentifier> handedOn = new ArrayList<>();
        var decryption = new LightweightPkcs8Decryption("pass".toCharArray(), () -> scheme -> {
            handedOn.add(scheme);
            return null;
        });

        decryption.get(rc4);
        PKCS8EncryptedPrivateKeyInfo openSslDefault = (PKCS8EncryptedPrivateKeyInfo)
                new PEMParser(new StringReader(KeyFixtures.text("pkcs8-aes256.p8"))).readObject();
        decryption.get(openSslDefault.getEncryptionAlgorithm());
        // PBES2 is decided here even when refused: the provider would fail on its cipher as if on a wrong passphrase.
        AlgorithmIdentifier aesGcm = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new org.bouncycastle.asn1.pkcs.PBKDF2Params(
                        new byte[16], 2048)),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_GCM, new DEROctetString(new byte[12]))));
        assertThatThrownBy(() -> decryption.get(aesGcm)).isInstanceOf(LightweightPkcs8Decryption.Unsupported.class);

        assertThat(handedOn).containsExactly(rc4);
    }

    /** Child-first over Snowgate's classes and BouncyCastle's jars; parent is the platform loader (the JDK only). */
    private static final class IsolatedLoader extends URLClassLoader {

        IsolatedLoader() throws URISyntaxException, IOException {
            super(urls(PrivateKeyReader.class, BouncyCastleProvider.class, PKCS8EncryptedPrivateKeyInfo.class,
                    org.bouncycastle.asn1.cms.ContentInfo.class), ClassLoader.getPlatformClassLoader());
        }

        boolean loaded(String name) {
            return findLoadedClass(name) != null;
        }

        private static URL[] urls(Class<?>... from) throws URISyntaxException, IOException {
            List<URL> urls = new ArrayList<>();
            for (Class<?> type : from) {
                URL url = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL();
                if (!urls.contains(url)) {
                    urls.add(url);
                }
            }
            return urls.toArray(URL[]::new);
        }
    }
}
