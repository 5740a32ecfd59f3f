package io.snowgate.lambda.key;

import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

/**
 * A decoded RSA private key with its public half. The private key is the JDK's {@link RSAPrivateCrtKey}, the type
 * snowflake-jdbc's {@code privateKey} property expects. {@link #toString()} shows only the fingerprint and size.
 */
public record RsaKeyPair(RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {

    public RsaKeyPair {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /** Snowflake's fingerprint of the public key, {@code SHA256:<base64>}, as {@code DESC USER} shows it. */
    public String fingerprint() {
        return Fingerprints.of(publicKey);
    }

    public int bits() {
        return publicKey.getModulus().bitLength();
    }

    @Override
    public String toString() {
        return "RsaKeyPair[" + bits() + " bits, " + fingerprint() + "]";
    }
}
