package io.snowgate.lambda.key;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;

/**
 * Snowflake's public key fingerprint: {@code SHA256:} and the padded base64 of SHA-256 over the DER
 * SubjectPublicKeyInfo. It equals {@code RSA_PUBLIC_KEY_FP} in {@code DESC USER} and the output of
 * {@code openssl rsa -pubin -in rsa_key.pub -outform DER | openssl dgst -sha256 -binary | openssl enc -base64}.
 */
public final class Fingerprints {

    public static final String PREFIX = "SHA256:";

    private Fingerprints() {
    }

    public static String of(PublicKey publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return PREFIX + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
