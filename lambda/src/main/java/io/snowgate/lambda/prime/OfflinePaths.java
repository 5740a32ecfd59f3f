package io.snowgate.lambda.prime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.contract.secret.SecretField;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.key.RsaKeyGenerator;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.secret.SnowflakeSecret;
import io.snowgate.lambda.secret.SnowflakeSecrets;
import io.snowgate.lambda.snowflake.DriverTimeouts;
import io.snowgate.lambda.snowflake.KeyPairAuthentication;
import io.snowgate.lambda.snowflake.SnowflakeConnectionSpec;
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
    /** snowflake-jdbc's relocated Apache HttpClient loader of the public suffix list (a cached singleton). */
    static final String DRIVER_PUBLIC_SUFFIXES =
            "net.snowflake.client.jdbc.internal.apache.http.conn.util.PublicSuffixMatcherLoader";
    /** Signatures made while priming: enough for the JIT to compile RSA's arithmetic before the snapshot. */
    private static final int SIGNATURES = 16;

    private OfflinePaths() {
    }

    /**
     * What a first invocation does between reading the secret and calling the driver, on a made-up secret: the
     * secret's JSON parsed by {@link SnowflakeSecrets} (every field a real one has), its key decoded by the key
     * reader's whole path (PKCS#8 with PBES2: PBKDF2, AES, the RSA key factory) from a throwaway key made here and
     * encrypted as users encrypt theirs, the connection spec built (JDBC URL and properties), then RS256 signatures
     * as the login JWT is signed. The key is made for priming alone, registered nowhere and dropped; no key
     * material ships in the package.
     */
    public static void signInPath(PrivateKeyReader reader, ObjectMapper json) {
        String pem = new KeyPem().privateKeyPkcs8(RsaKeyGenerator.generate(), Passphrase.of(PRIMING_KEY_PASSPHRASE));
        ObjectNode secret = json.createObjectNode()
                .put(SecretField.ACCOUNT.names().getFirst(), "snowgate-priming")
                .put(SecretField.USER.names().getFirst(), "SNOWGATE_PRIMING")
                .put(SecretField.PRIVATE_KEY.names().getFirst(), pem)
                .put(SecretField.PASSPHRASE.names().getFirst(), PRIMING_KEY_PASSPHRASE)
                .put(SecretField.HOST.names().getFirst(), "snowgate-priming.invalid")
                .put(SecretField.WAREHOUSE.names().getFirst(), "PRIMING")
                .put(SecretField.DATABASE.names().getFirst(), "PRIMING")
                .put(SecretField.SCHEMA.names().getFirst(), "PRIMING")
                .put(SecretField.ROLE.names().getFirst(), "PRIMING");
        SnowflakeSecret parsed = SnowflakeSecrets.parse("snowgate-priming", secret.toString());
        RsaKeyPair pair = parsed.keyPair(reader);
        SnowflakeConnectionSpec spec = parsed.connection(new KeyPairAuthentication(pair))
                .timeouts(DriverTimeouts.DEFAULTS).build();
        if (spec.jdbcUrl().isEmpty() || spec.properties().isEmpty()) {
            throw new IllegalStateException("priming built no connection spec");
        }
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
     * What snowflake-jdbc builds on its first connection and keeps for the JVM's life, where it needs no network and
     * starts no thread: the public suffix list its HTTPS host name verifier parses from its own jar (tens of
     * milliseconds on a cold JVM). Its HTTP client is not built here: building it starts a connection evictor thread.
     * Returns whether the driver had the class (a driver without it has nothing to prime there).
     */
    public static boolean driverCaches(ClassLoader loader) {
        try {
            Class.forName(DRIVER_PUBLIC_SUFFIXES, true, loader).getMethod("getDefault").invoke(null);
            return true;
        } catch (ReflectiveOperationException | LinkageError e) {
            // Another driver version, without that class or method: priming is an optimisation, never a failure.
            return false;
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
