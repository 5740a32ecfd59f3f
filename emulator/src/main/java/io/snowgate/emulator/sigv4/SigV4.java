package io.snowgate.emulator.sigv4;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, header form, as AWS checks it (IAM user guide, "Create a signed AWS API request" and
 * "Elements of an AWS API request signature"): the canonical request (method, URI-encoded path, sorted
 * URI-encoded query, the signed headers lower-cased with trimmed values, the signed header list, the payload's
 * SHA-256), the string to sign ({@code AWS4-HMAC-SHA256}, the request time, the credential scope, the canonical
 * request's hash) and the HMAC-SHA256 chain from {@code "AWS4" + secret key} over date, region, service and
 * {@code aws4_request}. Pure functions: no I/O, no clock.
 */
final class SigV4 {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String TERMINATOR = "aws4_request";
    static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {
    }

    /**
     * The parts of an {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}
     * header.
     *
     * @param accessKeyId   the credential's access key id
     * @param date          the scope's date, {@code yyyyMMdd}
     * @param region        the scope's region
     * @param service       the scope's service
     * @param terminator    the scope's last element, {@value #TERMINATOR} when well formed
     * @param signedHeaders the signed header names, lower-case, in the order given
     * @param signature     the hex signature
     */
    record Authorization(String accessKeyId, String date, String region, String service, String terminator,
                         List<String> signedHeaders, String signature) {

        String scope() {
            return date + "/" + region + "/" + service + "/" + terminator;
        }
    }

    /**
     * Reads an {@code Authorization} header, with the request's date header (the front end names every missing part
     * at once).
     *
     * @throws SigV4Exception {@code MISSING_AUTHENTICATION_TOKEN} without one, or one that is not AWS4 at all;
     *                        {@code INCOMPLETE_SIGNATURE} for a malformed one
     */
    static Authorization parse(String header, String amzDate) {
        if (header == null || !header.strip().startsWith("AWS4-")) {
            throw new SigV4Exception(SigV4Exception.Reason.MISSING_AUTHENTICATION_TOKEN,
                    "Request is missing Authentication Token");
        }
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        String algorithm = space < 0 ? trimmed : trimmed.substring(0, space);
        if (!algorithm.equals(ALGORITHM)) {
            throw new SigV4Exception(SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                    "Unsupported AWS 'algorithm': '" + algorithm + "' (only " + ALGORITHM + " for now). ");
        }
        Map<String, String> parameters = new TreeMap<>();
        for (String part : (space < 0 ? "" : trimmed.substring(space + 1)).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parameters.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
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
            throw new SigV4Exception(SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                    missing + "Authorization=" + algorithm);
        }
        String[] credential = parameters.get("Credential").split("/", -1);
        if (credential.length != 5) {
            throw new SigV4Exception(SigV4Exception.Reason.INCOMPLETE_SIGNATURE, "Credential must have exactly 5"
                    + " slash-delimited elements, e.g. keyid/date/region/service/term, got '" + credential.length + "'");
        }
        List<String> signed = List.of(parameters.get("SignedHeaders").toLowerCase(Locale.ROOT).split(";"));
        return new Authorization(credential[0], credential[1], credential[2], credential[3], credential[4], signed,
                parameters.get("Signature").toLowerCase(Locale.ROOT));
    }

    /** {@code X-Amz-Date}'s time. @throws SigV4Exception {@code INCOMPLETE_SIGNATURE} when malformed */
    static Instant requestTime(String amzDate) {
        try {
            return Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw new SigV4Exception(SigV4Exception.Reason.INCOMPLETE_SIGNATURE,
                    "Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'. See"
                            + " http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    /**
     * The signature AWS computes for a request.
     *
     * @param headers every header of the request, names in any case; only the signed ones are used
     * @throws SigV4Exception {@code INVALID_SIGNATURE} when a signed header is missing
     */
    static String signature(String secretAccessKey, Authorization authorization, String amzDate, String method,
                            String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] payload) {
        String canonical = canonicalRequest(method, rawPath, rawQuery, headers, authorization.signedHeaders(),
                payload);
        String toSign = ALGORITHM + "\n" + amzDate + "\n" + authorization.scope() + "\n"
                + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), authorization.date());
        key = hmac(key, authorization.region());
        key = hmac(key, authorization.service());
        key = hmac(key, authorization.terminator());
        return HEX.formatHex(hmac(key, toSign));
    }

    /** Whether two hex signatures are equal, compared in constant time. */
    static boolean same(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    static String canonicalRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                                   List<String> signedHeaders, byte[] payload) {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = lower.get(name);
            if (values == null) {
                throw new SigV4Exception(SigV4Exception.Reason.INVALID_SIGNATURE,
                        SigV4Exception.SIGNATURE_DOES_NOT_MATCH + " Signed header '" + name
                                + "' is missing from the request.");
            }
            canonicalHeaders.append(name).append(':')
                    .append(String.join(",", values.stream().map(SigV4::trimAll).toList())).append('\n');
        }
        return method.toUpperCase(Locale.ROOT) + "\n"
                + canonicalPath(rawPath) + "\n"
                + canonicalQuery(rawQuery) + "\n"
                + canonicalHeaders + "\n"
                + String.join(";", signedHeaders) + "\n"
                + HEX.formatHex(sha256(payload));
    }

    /** Each segment of the (already encoded) path encoded once more, as every service but S3 expects. */
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(encode(segment));
        }
        return String.join("/", segments);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            pairs.add(new String[] {encode(name), encode(value)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> joined = new ArrayList<>();
        pairs.forEach(p -> joined.add(p[0] + "=" + p[1]));
        return String.join("&", joined);
    }

    /** RFC 3986 percent-encoding: only {@code A-Z a-z 0-9 - _ . ~} stay as they are. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX.withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String trimAll(String value) {
        return value.strip().replaceAll("\\s+", " ");
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
