package io.snowgate.lambda.key;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

/** Makes new RSA key pairs of the size Snowflake requires, with the JDK's own generator. */
public final class RsaKeyGenerator {

    private RsaKeyGenerator() {
    }

    public static RsaKeyPair generate() {
        return generate(PrivateKeyReader.MIN_RSA_BITS);
    }

    /** @throws IllegalArgumentException below {@link PrivateKeyReader#MIN_RSA_BITS} */
    public static RsaKeyPair generate(int bits) {
        if (bits < PrivateKeyReader.MIN_RSA_BITS) {
            throw new IllegalArgumentException("RSA keys for Snowflake need at least " + PrivateKeyReader.MIN_RSA_BITS
                    + " bits, not " + bits);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            KeyPair pair = generator.generateKeyPair();
            return new RsaKeyPair((RSAPrivateCrtKey) pair.getPrivate(), (RSAPublicKey) pair.getPublic());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no RSA key pair generator", e);
        }
    }
}
