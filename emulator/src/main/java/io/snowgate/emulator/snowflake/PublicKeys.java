package io.snowgate.emulator.snowflake;

import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * RSA public keys as Snowflake accepts them in {@code RSA_PUBLIC_KEY}: a {@code BEGIN PUBLIC KEY} PEM or just its
 * base64 body (X.509 SubjectPublicKeyInfo), and their {@code SHA256:} fingerprints.
 */
final class PublicKeys {

    /** Snowflake refuses smaller keys for key-pair authentication. */
    static final int MIN_RSA_BITS = 2048;

    private PublicKeys() {
    }

    /** A parsed key with its fingerprint and its base64 body, as {@code DESC USER} shows it. */
    record RegisteredKey(RSAPublicKey key, String fingerprint, String body) {
    }

    /** Parses a PEM or bare base64 key; throws {@link IllegalArgumentException} naming what is wrong. */
    static RegisteredKey parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the public key is empty");
        }
        String body = text.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replace("\\n", "")
                .replaceAll("\\s", "");
        if (text.contains("PRIVATE KEY") || text.contains("BEGIN RSA PUBLIC KEY")) {
            throw new IllegalArgumentException("the public key must be an X.509 SubjectPublicKeyInfo (BEGIN PUBLIC KEY)");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the public key is not valid base64");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("the public key is not an RSA SubjectPublicKeyInfo");
        }
        RSAPublicKey rsa = (RSAPublicKey) key;
        if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new IllegalArgumentException("the RSA key has fewer than " + MIN_RSA_BITS + " bits");
        }
        return new RegisteredKey(rsa, fingerprint(rsa), Base64.getEncoder().encodeToString(der));
    }

    /** {@code SHA256:} + base64 of SHA-256 over the DER SubjectPublicKeyInfo, exactly as {@code RSA_PUBLIC_KEY_FP}. */
    static String fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "SHA256:" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
