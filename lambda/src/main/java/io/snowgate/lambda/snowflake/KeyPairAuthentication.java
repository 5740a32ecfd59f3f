package io.snowgate.lambda.snowflake;

import io.snowgate.lambda.key.RsaKeyPair;
import java.util.Map;
import java.util.Objects;

/**
 * Key-pair (JWT) authentication: the driver gets the decoded {@code PrivateKey} object itself (not a string, so it
 * never re-parses the key with its relocated BouncyCastle) and signs its JWTs with it.
 */
public record KeyPairAuthentication(RsaKeyPair keyPair) implements SnowflakeAuthentication {

    static final String AUTHENTICATOR = "SNOWFLAKE_JWT";

    public KeyPairAuthentication {
        Objects.requireNonNull(keyPair, "keyPair");
    }

    @Override
    public Map<String, Object> driverProperties() {
        return Map.of(
                SnowflakeConnectionSpec.AUTHENTICATOR, AUTHENTICATOR,
                SnowflakeConnectionSpec.PRIVATE_KEY, keyPair.privateKey());
    }

    @Override
    public String description() {
        return "key pair " + keyPair.fingerprint();
    }

    @Override
    public String credentialId() {
        return keyPair.fingerprint();
    }

    @Override
    public String toString() {
        return "KeyPairAuthentication[" + keyPair.fingerprint() + "]";
    }
}
