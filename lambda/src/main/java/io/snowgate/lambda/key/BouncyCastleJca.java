package io.snowgate.lambda.key;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The key package's one BouncyCastle JCA provider, built on first use and shared. Building it registers some thousand
 * classes, about a second of a fresh JVM's CPU, so only what needs the JCA uses it (writing an encrypted PKCS#8 key,
 * decrypting a rare PKCS#8 scheme); reading the keys users make does not. It is never added to {@code Security} nor
 * looked up by the name "BC" (snowflake-jdbc registers a relocated BouncyCastle under it; name clashes have broken
 * users).
 */
final class BouncyCastleJca {

    private BouncyCastleJca() {
    }

    private static final class Holder {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    static Provider provider() {
        return Holder.PROVIDER;
    }
}
