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
 * {@code ACCOUNT.USER.SHA256:fp} and {@code sub} = {@code ACCOUNT.USER} naming the logging-in user by its
 * {@code LOGIN_NAME} and this account; the fingerprint must be one of the user's two key slots and the signature must
 * verify with that slot's key; {@code iat}/{@code exp} (seconds, or milliseconds as the Node.js driver sends them)
 * must span at most {@link #MAX_LIFETIME}, {@code exp} must not have passed and {@code iat} must lie within
 * {@link #ISSUE_TIME_WINDOW} before now (with {@link #CLOCK_SKEW} into the future). A user that passes all of it but
 * is disabled is refused with 390101.
 */
final class JwtVerifier {

    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    static final Duration MAX_LIFETIME = Duration.ofHours(1);
    /**
     * Snowflake refuses a JWT it receives more than 60 seconds after its issue time (JWT_TOKEN_INVALID_ISSUE_TIME,
     * docs: functions/system_get_login_failure_details).
     */
    static final Duration ISSUE_TIME_WINDOW = Duration.ofSeconds(60);
    /** Larger {@code iat}/{@code exp} values are milliseconds: 10^11 seconds is past the year 5000. */
    static final long LARGEST_SECONDS = 100_000_000_000L;
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
        if (marker < 0) {
            throw invalid(LoginFailureReason.MALFORMED_TOKEN);
        }
        if (!claims.path("iat").isNumber() || !claims.path("exp").isNumber()) {
            throw invalid(LoginFailureReason.MISSING_ISSUE_OR_EXPIRATION_TIME);
        }
        String issuerSubject = iss.substring(0, marker);
        String fingerprint = "SHA256:" + iss.substring(marker + FINGERPRINT_MARKER.length());
        // The JWT names the user as the client typed it: its login name (drivers upper-case the user property).
        String login = loginName.toUpperCase(Locale.ROOT);
        String userSuffix = "." + login;
        if (!issuerSubject.equalsIgnoreCase(sub) || !sub.toUpperCase(Locale.ROOT).endsWith(userSuffix)
                || sub.length() == userSuffix.length()) {
            throw invalid(LoginFailureReason.SUBJECT_MISMATCH);
        }
        String jwtAccount = sub.substring(0, sub.length() - userSuffix.length());
        if (!account.matches(jwtAccount)) {
            throw invalid(LoginFailureReason.WRONG_ACCOUNT);
        }
        String user = directory.userByLoginName(login).orElseThrow(() -> invalid(LoginFailureReason.UNKNOWN_USER));
        PublicKeys.RegisteredKey[] keys = directory.read(user, u -> u.keys.clone());
        int slot = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && keys[i].fingerprint().equals(fingerprint)) {
                slot = i + 1;
            }
        }
        if (slot == 0) {
            throw new LoginRejectedException(fingerprintMismatchCode, LoginFailureReason.FINGERPRINT_NOT_REGISTERED, user);
        }
        if (!signatureHolds(parts, keys[slot - 1])) {
            throw invalid(LoginFailureReason.BAD_SIGNATURE, user);
        }
        long iat = epochSeconds(claims.get("iat"));
        long exp = epochSeconds(claims.get("exp"));
        long nowSeconds = now.getEpochSecond();
        if (exp - iat > MAX_LIFETIME.toSeconds()) {
            throw invalid(LoginFailureReason.LIFETIME_TOO_LONG, user);
        }
        if (exp <= iat || exp < nowSeconds - CLOCK_SKEW.toSeconds()) {
            throw invalid(LoginFailureReason.EXPIRED, user);
        }
        if (iat > nowSeconds + CLOCK_SKEW.toSeconds()) {
            throw invalid(LoginFailureReason.ISSUED_IN_FUTURE, user);
        }
        if (nowSeconds - iat > ISSUE_TIME_WINDOW.toSeconds()) {
            throw invalid(LoginFailureReason.ISSUED_TOO_LONG_AGO, user);
        }
        if (directory.read(user, u -> u.disabled)) {
            throw new LoginRejectedException(LoginRejectedException.USER_ACCESS_DISABLED, LoginFailureReason.USER_DISABLED,
                    user);
        }
        return new Verified(jwtAccount, user, slot);
    }

    /**
     * A time claim in epoch seconds. The official Node.js driver signs {@code iat} and {@code exp} in milliseconds
     * ({@code Date.now()}, snowflake-sdk {@code dist/lib/authentication/auth_keypair.js}) and Snowflake accepts it; a
     * value above {@value #LARGEST_SECONDS} cannot be seconds (it is past the year 5000), so it is read as
     * milliseconds, and the same rules apply to it.
     */
    static long epochSeconds(JsonNode claim) {
        long value = claim.isIntegralNumber() ? claim.longValue() : (long) Math.floor(claim.doubleValue());
        return value > LARGEST_SECONDS ? Math.floorDiv(value, 1000L) : value;
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
        return invalid(reason, null);
    }

    private static LoginRejectedException invalid(LoginFailureReason reason, String user) {
        return new LoginRejectedException(LoginRejectedException.JWT_TOKEN_INVALID, reason, user);
    }
}
