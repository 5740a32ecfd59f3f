package io.snowgate.emulator.secretsmanager;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks that a request carries a well-formed SigV4 {@code Authorization} header scoped to Secrets Manager, and
 * refuses it the way AWS's front end does when it does not. The signature itself is not verified: the stand-in has
 * no credential store, and any access key signs validly, as with static test credentials.
 */
final class SigV4Header {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String SERVICE = "secretsmanager";

    private SigV4Header() {
    }

    /** Throws the front end's error for a missing or malformed {@code Authorization} header. */
    static void check(String authorization, String amzDate) {
        // An absent header, or one that is not AWS4 at all, is "missing" to AWS, not "incomplete".
        if (authorization == null || !authorization.trim().startsWith("AWS4-")) {
            throw new AwsErrorException(AwsErrorException.MISSING_AUTHENTICATION_TOKEN,
                    "Request is missing Authentication Token");
        }
        String trimmed = authorization.trim();
        int space = trimmed.indexOf(' ');
        String algorithm = space < 0 ? trimmed : trimmed.substring(0, space);
        if (!algorithm.equals(ALGORITHM)) {
            throw new AwsErrorException(AwsErrorException.INCOMPLETE_SIGNATURE,
                    "Unsupported AWS 'algorithm': '" + algorithm + "' (only " + ALGORITHM + " for now). ");
        }
        Map<String, String> parameters = new HashMap<>();
        for (String part : (space < 0 ? "" : trimmed.substring(space + 1)).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parameters.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        StringBuilder missing = new StringBuilder();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            if (parameters.getOrDefault(required, "").isEmpty()) {
                missing.append("Authorization header requires '").append(required).append("' parameter. ");
            }
        }
        if (amzDate == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) {
            throw new AwsErrorException(AwsErrorException.INCOMPLETE_SIGNATURE, missing + "Authorization=" + algorithm);
        }
        String[] scope = parameters.get("Credential").split("/");
        if (scope.length != 5) {
            throw new AwsErrorException(AwsErrorException.INCOMPLETE_SIGNATURE, "Credential must have exactly 5"
                    + " slash-delimited elements, e.g. keyid/date/region/service/term, got '" + scope.length + "'");
        }
        if (!scope[3].equals(SERVICE) || !scope[4].equals("aws4_request")) {
            throw new AwsErrorException(AwsErrorException.INVALID_SIGNATURE,
                    "Credential should be scoped to correct service: '" + SERVICE + "'. ");
        }
        if (!List.of(parameters.get("SignedHeaders").toLowerCase(Locale.ROOT).split(";")).contains("host")) {
            throw new AwsErrorException(AwsErrorException.INVALID_SIGNATURE,
                    "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
    }
}
