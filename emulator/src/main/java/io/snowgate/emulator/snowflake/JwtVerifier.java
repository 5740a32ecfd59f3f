package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * Verifies a key-pair login JWT as Snowflake does: {@code alg} RS256 only; {@code iss} =
 * {@code ACCOUNT.USER.SHA256:fp} and {@code sub} = {@code ACCOUNT.USER} naming the logging-in user and this account;
 * the fingerprint must be one of the user's two key slots and the signature must verify with that slot's key;
 * {@code iat}/{@code exp} must hold now (with {@link #CLOCK_SKEW}) and span at most {@link #MAX_LIFETIME}.
 */
final class JwtVerifier {

    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    static final Duration MAX_LIFETIME = Duration.ofHours(1);
    private static final String FINGERPRINT_MARKER = ".SHA256:";

    /** A verified login: who, for which account (as the JWT spelled it), through which key slot (1 or 2). */
    record Verified(String account, String user, int slot) {
    }

    private final ObjectMapper json;
    private final Directory directory;
    private final SnowflakeAccount account;
    private final int fingerprintMismatchCode;

    JwtVerifier(ObjectMapper json, Directory directory, SnowflakeAccount account, int fingerprintMismatchCode) {
        this.json = json;
        this.directory = directory;
        this.account = account;
        this.fingerprintMismatchCode = fingerprintMismatchCode;
    }

    Verified verify(String token, String loginName, Instant now) throws LoginRejectedException {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3 || loginName == null || loginName.isBlank()) {
            throw invalid(LoginFailureReason.MALFORMED_TOKEN);
        }
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        if (!"RS256".equals(header.path("alg").asText())) {
            throw invalid(LoginFailureReason.UNSUPPORTED_ALGORITHM);
        }
        String iss = claims.path("iss").asText("");
        String sub = claims.path("sub").asText("");
        int marker = iss.lastIndexOf(FINGERPRINT_MARKER);
        if (marker < 0 || !claims.path("iat").isNumber() || !claims.path("exp").isNumber()) {
            throw invalid(LoginFailureReason.MALFORMED_TOKEN);
        }
        String issuerSubject = iss.substring(0, marker);
        String fingerprint = "SHA256:" + iss.substring(marker + FINGERPRINT_MARKER.length());
        String user = loginName.toUpperCase(Locale.ROOT);
        String userSuffix = "." + user;
        if (!issuerSubject.equalsIgnoreCase(sub) || !sub.toUpperCase(Locale.ROOT).endsWith(userSuffix)
                || sub.length() == userSuffix.length()) {
            throw invalid(LoginFailureReason.SUBJECT_MISMATCH);
        }
        String jwtAccount = sub.substring(0, sub.length() - userSuffix.length());
        if (!account.matches(jwtAccount)) {
            throw invalid(LoginFailureReason.WRONG_ACCOUNT);
        }
        Directory.User found = directory.user(user).orElseThrow(() -> invalid(LoginFailureReason.UNKNOWN_USER));
        PublicKeys.RegisteredKey[] keys = directory.read(found.name, u -> u.keys.clone());
        if (directory.read(found.name, u -> u.disabled)) {
            throw new LoginRejectedException(LoginRejectedException.INCORRECT_USERNAME_OR_PASSWORD,
                    LoginFailureReason.USER_DISABLED);
        }
        int slot = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && keys[i].fingerprint().equals(fingerprint)) {
                slot = i + 1;
            }
        }
        if (slot == 0) {
            throw new LoginRejectedException(fingerprintMismatchCode, LoginFailureReason.FINGERPRINT_NOT_REGISTERED);
        }
        if (!signatureHolds(parts, keys[slot - 1])) {
            throw invalid(LoginFailureReason.BAD_SIGNATURE);
        }
        long iat = claims.get("iat").asLong();
        long exp = claims.get("exp").asLong();
        long nowSeconds = now.getEpochSecond();
        if (exp - iat > MAX_LIFETIME.toSeconds()) {
            throw invalid(LoginFailureReason.LIFETIME_TOO_LONG);
        }
        if (iat > nowSeconds + CLOCK_SKEW.toSeconds()) {
            throw invalid(LoginFailureReason.ISSUED_IN_FUTURE);
        }
        if (exp <= iat || exp < nowSeconds - CLOCK_SKEW.toSeconds()) {
            throw invalid(LoginFailureReason.EXPIRED);
        }
        return new Verified(jwtAccount, found.name, slot);
    }

    private static boolean signatureHolds(String[] parts, PublicKeys.RegisteredKey key) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key.key());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private JsonNode decode(String part) throws LoginRejectedException {
        try {
            JsonNode node = json.readTree(Base64.getUrlDecoder().decode(part));
            if (node == null || !node.isObject()) {
                throw invalid(LoginFailureReason.MALFORMED_TOKEN);
            }
            return node;
        } catch (IOException | IllegalArgumentException e) {
            throw invalid(LoginFailureReason.MALFORMED_TOKEN);
        }
    }

    private static LoginRejectedException invalid(LoginFailureReason reason) {
        return new LoginRejectedException(LoginRejectedException.JWT_TOKEN_INVALID, reason);
    }
}
