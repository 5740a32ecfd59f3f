package io.snowgate.lambda.prime;

import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.key.RsaKeyGenerator;
import io.snowgate.lambda.key.RsaKeyPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Signature;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The parts of a first invocation that priming can run for real before a SnapStart snapshot without the network,
 * and without leaving a socket, a thread or a secret behind.
 */
public final class OfflinePaths {

    private static final String PRIMING_KEY_PASSPHRASE = "snowgate-priming";
    /** Signatures made while priming: enough for the JIT to compile RSA's arithmetic before the snapshot. */
    private static final int SIGNATURES = 16;

    private OfflinePaths() {
    }

    /**
     * The key reader's whole path (PKCS#8 with PBES2: PBKDF2, AES, the RSA key factory) on a throwaway key made here
     * and encrypted as users encrypt theirs, then RS256 signatures as the login JWT is signed. The key is made for
     * priming alone, registered nowhere and dropped; no key material ships in the package.
     */
    public static void keyPath(PrivateKeyReader reader) {
        String pem = new KeyPem().privateKeyPkcs8(RsaKeyGenerator.generate(), Passphrase.of(PRIMING_KEY_PASSPHRASE));
        RsaKeyPair pair = reader.readPrivateKey(pem, Passphrase.of(PRIMING_KEY_PASSPHRASE));
        try {
            for (int i = 0; i < SIGNATURES; i++) {
                Signature rs256 = Signature.getInstance("SHA256withRSA");
                rs256.initSign(pair.privateKey());
                rs256.update(new byte[512]);
                rs256.sign();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RS256 is not available", e);
        }
    }

    /**
     * TLS as the first HTTPS call needs it: the default context with its trust store, and a client hello produced by
     * an engine (handed to no socket).
     */
    public static void tls() {
        try {
            SSLEngine engine = SSLContext.getDefault().createSSLEngine("snowgate-priming.invalid", 443);
            engine.setUseClientMode(true);
            engine.beginHandshake();
            ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), hello);
            engine.closeOutbound();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("TLS could not be primed", e);
        }
    }
}
