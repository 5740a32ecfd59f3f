package io.snowgate.lambda.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.lambda.key.KeyDecodingException.Reason;
import io.snowgate.lambda.testing.KeyFixtures;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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

    private static String encryptedPem(PBES2Parameters pbes2) throws IOException {
        byte[] der = new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, pbes2),
                new byte[1232]).getEncoded();
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
