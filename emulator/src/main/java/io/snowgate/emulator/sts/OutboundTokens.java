package io.snowgate.emulator.sts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * The signing keys of the stand-in's outbound web identity federation, as AWS STS signs the JWTs
 * {@code GetWebIdentityToken} returns: {@code ES384} (ECDSA P-384) or {@code RS256} (RSA 2048), each key named by a
 * {@code kid} and published in the issuer's JWKS. Keys live in memory, one pair per stand-in.
 */
final class OutboundTokens {

    static final String ES384 = "ES384";
    static final String RS256 = "RS256";
    /** ES384's signature is R and S, 48 bytes each, in JWS (RFC 7518, 3.4). */
    private static final int ES384_PART = 48;
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final ObjectMapper json = new ObjectMapper();
    private final KeyPair ec;
    private final KeyPair rsa;
    private final String ecKid = "ec-" + UUID.randomUUID();
    private final String rsaKid = "rsa-" + UUID.randomUUID();

    OutboundTokens() {
        try {
            KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
            ecGenerator.initialize(new ECGenParameterSpec("secp384r1"));
            this.ec = ecGenerator.generateKeyPair();
            KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
            rsaGenerator.initialize(2048);
            this.rsa = rsaGenerator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make EC P-384 or RSA keys", e);
        }
    }

    /** A compact JWS of {@code claims}, signed with {@code algorithm} ({@value #ES384} or {@value #RS256}). */
    String sign(String algorithm, Map<String, Object> claims) {
        boolean elliptic = algorithm.equals(ES384);
        Map<String, Object> header = Map.of("alg", algorithm, "typ", "JWT", "kid", elliptic ? ecKid : rsaKid);
        try {
            String input = URL.encodeToString(json.writeValueAsBytes(header)) + "."
                    + URL.encodeToString(json.writeValueAsBytes(claims));
            Signature signer = Signature.getInstance(elliptic ? "SHA384withECDSA" : "SHA256withRSA");
            signer.initSign(elliptic ? ec.getPrivate() : rsa.getPrivate());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            byte[] signature = signer.sign();
            return input + "." + URL.encodeToString(elliptic ? joseFromDer(signature) : signature);
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot sign a web identity token", e);
        }
    }

    /** The JWKS document: both public keys with their {@code kid}, {@code alg} and {@code use}. */
    ObjectNode jwks() {
        ObjectNode document = json.createObjectNode();
        ArrayNode keys = document.putArray("keys");
        ECPublicKey ecPublic = (ECPublicKey) ec.getPublic();
        ObjectNode ecKey = keys.addObject();
        ecKey.put("kty", "EC").put("crv", "P-384").put("use", "sig").put("alg", ES384).put("kid", ecKid)
                .put("x", URL.encodeToString(fixed(ecPublic.getW().getAffineX(), ES384_PART)))
                .put("y", URL.encodeToString(fixed(ecPublic.getW().getAffineY(), ES384_PART)));
        RSAPublicKey rsaPublic = (RSAPublicKey) rsa.getPublic();
        ObjectNode rsaKey = keys.addObject();
        rsaKey.put("kty", "RSA").put("use", "sig").put("alg", RS256).put("kid", rsaKid)
                .put("n", URL.encodeToString(unsigned(rsaPublic.getModulus())))
                .put("e", URL.encodeToString(unsigned(rsaPublic.getPublicExponent())));
        return document;
    }

    /** The JDK's DER {@code SEQUENCE { r INTEGER, s INTEGER }} as JWS's fixed-length R || S. */
    private static byte[] joseFromDer(byte[] der) {
        int offset = 2;
        if ((der[1] & 0xff) == 0x81) {
            offset = 3;
        }
        int rLength = der[offset + 1];
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(der, offset + 2, offset + 2 + rLength));
        int sAt = offset + 2 + rLength;
        int sLength = der[sAt + 1];
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(der, sAt + 2, sAt + 2 + sLength));
        byte[] jose = new byte[2 * ES384_PART];
        System.arraycopy(fixed(r, ES384_PART), 0, jose, 0, ES384_PART);
        System.arraycopy(fixed(s, ES384_PART), 0, jose, ES384_PART, ES384_PART);
        return jose;
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] bytes = unsigned(value);
        byte[] out = new byte[length];
        System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
        return out;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
