package io.snowgate.lambda.key;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Writes keys as PEM that openssl and Snowflake read: the private key as PKCS#8, encrypted with PBES2
 * (PBKDF2-HMAC-SHA256, AES-256-CBC) when a passphrase is given; the public key as SubjectPublicKeyInfo.
 */
public final class KeyPem {

    /** PBKDF2 iterations; OpenSSL's own default, so decryption stays quick on a cold Lambda start. */
    static final int PBKDF2_ITERATIONS = 2048;

    /** {@code BEGIN ENCRYPTED PRIVATE KEY} when the passphrase is present, else {@code BEGIN PRIVATE KEY}. */
    public String privateKeyPkcs8(RsaKeyPair keyPair, Passphrase passphrase) {
        // The JDK encodes an RSA private key as unencrypted PKCS#8 DER.
        byte[] pkcs8 = keyPair.privateKey().getEncoded();
        if (!passphrase.isPresent()) {
            return pem(new PemObject("PRIVATE KEY", pkcs8));
        }
        char[] chars = passphrase.chars();
        try {
            OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(BouncyCastleJca.provider())
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(PBKDF2_ITERATIONS)
                    .setPassword(chars)
                    .build();
            return pem(new PKCS8Generator(PrivateKeyInfo.getInstance(pkcs8), encryptor).generate());
        } catch (OperatorCreationException | PemGenerationException e) {
            throw new IllegalStateException("AES-256 PKCS#8 encryption is unavailable", e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** {@code BEGIN PUBLIC KEY} PEM, what {@code openssl rsa -pubout} writes. */
    public String publicKey(PublicKey publicKey) {
        return pem(new PemObject("PUBLIC KEY", publicKey.getEncoded()));
    }

    /** The public key as one line of base64 DER, the form {@code ALTER USER ... SET RSA_PUBLIC_KEY} takes. */
    public static String publicKeyBody(PublicKey publicKey) {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /**
     * The base64 body of a PEM text without its {@code -----BEGIN/END-----} lines, line breaks kept: the form the
     * Glue recipe stores a private key in.
     */
    public static String body(String pem) {
        return pem.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("-----"))
                .collect(Collectors.joining("\n"));
    }

    private static String pem(PemObject object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
