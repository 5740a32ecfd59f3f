package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.sts.AwsArn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies a {@code WORKLOAD_IDENTITY} login with {@code PROVIDER = AWS} as Snowflake does, by the attestation's form
 * (snowflake-jdbc 4.4.1, {@code AwsIdentityAttestationCreator}):
 *
 * <ul>
 *   <li><b>A signed {@code GetCallerIdentity} request</b>: base64 of {@code {"url","method","headers"}}. The URL must
 *       be the trusted STS endpoint and its query {@code Action=GetCallerIdentity}; {@code X-Snowflake-Audience:
 *       snowflakecomputing.com} must be present and, like {@code host}, among the signed headers; the signing time
 *       ({@code X-Amz-Date}) must be within {@link #ATTESTATION_WINDOW} of now. The request is then replayed to STS,
 *       which checks the signature with the credentials' secret key and answers the caller's ARN.</li>
 *   <li><b>A JWT from {@code GetWebIdentityToken}</b>: its {@code iss} must be the trusted issuer, its signature must
 *       verify with the key the issuer's JWKS publishes under its {@code kid} ({@code ES384} or {@code RS256}), its
 *       {@code aud} must include {@value #AUDIENCE}, it must not have expired; its {@code sub} is the role's ARN, and
 *       the matching identity must name that issuer ({@code ISSUER}).</li>
 * </ul>
 * The principal is then matched against the user's workload identities ({@link AwsArn#admits}: partition, account and
 * role name; a role session's ARN carries no path). Every failure is a {@link LoginRejectedException} with 390144
 * and its reason kept for {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS}; a disabled user is 390101.
 */
final class WorkloadIdentityVerifier {

    static final String AUDIENCE = "snowflakecomputing.com";
    static final String AUDIENCE_HEADER = "x-snowflake-audience";
    /**
     * A signed request older (or newer) than this is refused before it is replayed: STS itself refuses a signature
     * more than five minutes from its time ("Signature expired", IAM user guide on request signatures).
     */
    static final Duration ATTESTATION_WINDOW = Duration.ofMinutes(5);
    /** Leeway for a JWT's {@code exp}, {@code iat} and {@code nbf}. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(5);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern XML_ARN = Pattern.compile("<Arn>([^<]*)</Arn>");
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");
    /** What {@link HttpClient} sets itself and refuses from a caller. */
    private static final Set<String> NOT_REPLAYED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    /** A verified login: the user it signs in, and through which workload identity. */
    record Verified(String user, String identity) {
    }

    private final ObjectMapper json;
    private final Directory directory;
    private final Optional<SnowflakeStandIn.AwsFederation> aws;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROVIDER_TIMEOUT).build();

    WorkloadIdentityVerifier(ObjectMapper json, Directory directory, Optional<SnowflakeStandIn.AwsFederation> aws) {
        this.json = json;
        this.directory = directory;
        this.aws = aws;
    }

    Verified verify(Wire.LoginRequest request, Instant now) throws LoginRejectedException {
        if (!"AWS".equalsIgnoreCase(request.provider())) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_UNSUPPORTED_PROVIDER, null);
        }
        String token = request.token();
        if (token == null || token.isBlank()) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_MALFORMED, null);
        }
        Presented presented = token.split("\\.", -1).length == 3 ? fromJwt(token, now) : fromSignedRequest(token, now);
        String user = user(request.loginName(), presented.principal());
        Map<String, WorkloadIdentity> identities = directory.read(user, u -> new java.util.LinkedHashMap<>(u.workloadIdentities));
        if (identities.isEmpty()) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_NOT_FEDERATED, user);
        }
        List<WorkloadIdentity> admitting = identities.values().stream()
                .filter(identity -> identity.arn().admits(presented.principal())).toList();
        if (admitting.isEmpty()) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_ARN_MISMATCH, user);
        }
        WorkloadIdentity matched = presented.issuer().isEmpty() ? admitting.get(0) : admitting.stream()
                .filter(identity -> identity.issuer().equals(presented.issuer())).findFirst()
                .orElseThrow(() -> invalid(LoginFailureReason.WORKLOAD_IDENTITY_ISSUER_MISMATCH, user));
        if (directory.read(user, u -> u.disabled)) {
            throw new LoginRejectedException(LoginRejectedException.USER_ACCESS_DISABLED,
                    LoginFailureReason.USER_DISABLED, user);
        }
        directory.update(user, u -> u.workloadIdentities.put(matched.name(), matched.used(now)));
        return new Verified(user, matched.name());
    }

    /** Who the attestation proves the workload is, and for a JWT which issuer said so. */
    private record Presented(AwsArn principal, Optional<String> issuer) {
    }

    private String user(String loginName, AwsArn principal) throws LoginRejectedException {
        if (loginName != null && !loginName.isBlank()) {
            return directory.userByLoginName(loginName)
                    .orElseThrow(() -> invalid(LoginFailureReason.WORKLOAD_IDENTITY_UNKNOWN_USER, null));
        }
        List<String> candidates = directory.usersAdmitting(principal);
        if (candidates.size() != 1) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_UNKNOWN_USER, null);
        }
        return candidates.get(0);
    }

    private Presented fromSignedRequest(String token, Instant now) throws LoginRejectedException {
        JsonNode attestation;
        try {
            attestation = json.readTree(Base64.getDecoder().decode(token));
        } catch (IOException | IllegalArgumentException e) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_MALFORMED, null);
        }
        if (attestation == null || !attestation.path("url").isTextual() || !attestation.path("headers").isObject()) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_MALFORMED, null);
        }
        URI url;
        try {
            url = URI.create(attestation.get("url").asText());
        } catch (IllegalArgumentException e) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_MALFORMED, null);
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        attestation.get("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));

        if (aws.isEmpty() || !trustedStsHost(url, aws.get().stsEndpoint())
                || !url.getRawAuthority().equalsIgnoreCase(headers.getOrDefault("host", ""))) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_UNTRUSTED_HOST, null);
        }
        Map<String, String> query = query(url.getRawQuery());
        if (!"POST".equalsIgnoreCase(attestation.path("method").asText())
                || !"GetCallerIdentity".equals(query.get("Action")) || !query.containsKey("Version")) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_WRONG_ACTION, null);
        }
        List<String> signed = signedHeaders(headers.get("authorization"));
        if (!AUDIENCE.equals(headers.get(AUDIENCE_HEADER)) || !signed.contains(AUDIENCE_HEADER)
                || !signed.contains("host")) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_WRONG_AUDIENCE, null);
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(headers.getOrDefault("x-amz-date", "")));
        } catch (DateTimeParseException e) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_MALFORMED, null);
        }
        if (signedAt.isBefore(now.minus(ATTESTATION_WINDOW)) || signedAt.isAfter(now.plus(ATTESTATION_WINDOW))) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_STALE, null);
        }
        return new Presented(replay(url, headers), Optional.empty());
    }

    /** Sends the signed request to STS as it was signed, with no body; the caller's ARN, or why STS refused. */
    private AwsArn replay(URI url, Map<String, String> headers) throws LoginRejectedException {
        URI target = url.getRawPath() == null || url.getRawPath().isEmpty()
                ? URI.create(url.getScheme() + "://" + url.getRawAuthority() + "/"
                        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()))
                : url;
        HttpRequest.Builder replay = HttpRequest.newBuilder(target).timeout(PROVIDER_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody());
        headers.forEach((name, value) -> {
            if (!NOT_REPLAYED.contains(name.toLowerCase(Locale.ROOT))) {
                replay.header(name, value);
            }
        });
        HttpResponse<String> answer;
        try {
            answer = http.send(replay.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_PROVIDER_UNREACHABLE, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_PROVIDER_UNREACHABLE, null);
        }
        if (answer.statusCode() == 200) {
            Matcher arn = XML_ARN.matcher(answer.body());
            if (arn.find()) {
                Optional<AwsArn> parsed = AwsArn.parse(arn.group(1));
                if (parsed.isPresent()) {
                    return parsed.get();
                }
            }
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_PROVIDER_UNREACHABLE, null);
        }
        String code = first(XML_CODE, answer.body());
        String message = first(XML_MESSAGE, answer.body());
        throw switch (code) {
            case "SignatureDoesNotMatch" -> invalid(message.startsWith("Signature expired")
                    || message.startsWith("Signature not yet current")
                    ? LoginFailureReason.WORKLOAD_IDENTITY_STALE : LoginFailureReason.WORKLOAD_IDENTITY_BAD_SIGNATURE,
                    null);
            case "InvalidClientTokenId", "ExpiredToken" ->
                    invalid(LoginFailureReason.WORKLOAD_IDENTITY_CREDENTIALS_REFUSED, null);
            case "IncompleteSignature", "MissingAuthenticationToken" ->
                    invalid(LoginFailureReason.WORKLOAD_IDENTITY_MALFORMED, null);
            default -> invalid(LoginFailureReason.WORKLOAD_IDENTITY_PROVIDER_UNREACHABLE, null);
        };
    }

    private Presented fromJwt(String token, Instant now) throws LoginRejectedException {
        String[] parts = token.split("\\.", -1);
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        String algorithm = header.path("alg").asText("");
        if (!algorithm.equals("ES384") && !algorithm.equals("RS256")) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_MALFORMED, null);
        }
        String issuer = claims.path("iss").asText("");
        if (aws.isEmpty() || !issuer.equals(aws.get().issuer())) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_ISSUER_MISMATCH, null);
        }
        PublicKey key = issuerKey(issuer, header.path("kid").asText(""), algorithm);
        if (!signatureHolds(parts, algorithm, key)) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_BAD_SIGNATURE, null);
        }
        JsonNode audience = claims.path("aud");
        boolean forSnowflake = audience.isTextual() ? audience.asText().equals(AUDIENCE)
                : audience.isArray() && audience.valueStream().anyMatch(a -> a.asText().equals(AUDIENCE));
        if (!forSnowflake) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_WRONG_AUDIENCE, null);
        }
        long nowSeconds = now.getEpochSecond();
        if (!claims.path("exp").isNumber() || claims.path("exp").asLong() < nowSeconds - CLOCK_SKEW.toSeconds()
                || claims.path("iat").asLong(0) > nowSeconds + CLOCK_SKEW.toSeconds()
                || claims.path("nbf").asLong(0) > nowSeconds + CLOCK_SKEW.toSeconds()) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_STALE, null);
        }
        AwsArn subject = AwsArn.parse(claims.path("sub").asText(""))
                .orElseThrow(() -> invalid(LoginFailureReason.WORKLOAD_IDENTITY_MALFORMED, null));
        return new Presented(subject, Optional.of(issuer));
    }

    /** The issuer's key named {@code kid}, from the JWKS its OIDC discovery document points at. */
    private PublicKey issuerKey(String issuer, String kid, String algorithm) throws LoginRejectedException {
        JsonNode discovery = fetch(URI.create(issuer + "/.well-known/openid-configuration"));
        String jwksUri = discovery.path("jwks_uri").asText("");
        if (!discovery.path("issuer").asText().equals(issuer) || !jwksUri.startsWith(issuer + "/")) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_ISSUER_MISMATCH, null);
        }
        for (JsonNode key : fetch(URI.create(jwksUri)).path("keys")) {
            if (key.path("kid").asText().equals(kid)) {
                try {
                    return algorithm.equals("ES384") && key.path("kty").asText().equals("EC")
                            ? KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                                    new ECPoint(unsigned(key.path("x").asText()), unsigned(key.path("y").asText())),
                                    P384.parameters()))
                            : KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                                    unsigned(key.path("n").asText()), unsigned(key.path("e").asText())));
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_BAD_SIGNATURE, null);
                }
            }
        }
        throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_BAD_SIGNATURE, null);
    }

    private JsonNode fetch(URI uri) throws LoginRejectedException {
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(uri).timeout(PROVIDER_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_PROVIDER_UNREACHABLE, null);
            }
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_PROVIDER_UNREACHABLE, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_PROVIDER_UNREACHABLE, null);
        }
    }

    private static boolean signatureHolds(String[] parts, String algorithm, PublicKey key) {
        try {
            byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
            Signature verifier = Signature.getInstance(algorithm.equals("ES384") ? "SHA384withECDSA" : "SHA256withRSA");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(algorithm.equals("ES384") ? derFromJose(signature) : signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** JWS's fixed-length R || S as the JDK's DER {@code SEQUENCE { INTEGER r, INTEGER s }}. */
    private static byte[] derFromJose(byte[] jose) {
        if (jose.length != 96) {
            throw new IllegalArgumentException("an ES384 signature is 96 bytes");
        }
        byte[] r = new BigInteger(1, Arrays.copyOfRange(jose, 0, 48)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(jose, 48, 96)).toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x02);
        body.write(r.length);
        body.writeBytes(r);
        body.write(0x02);
        body.write(s.length);
        body.writeBytes(s);
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        der.write(0x30);
        if (body.size() > 127) {
            der.write(0x81);
        }
        der.write(body.size());
        der.writeBytes(body.toByteArray());
        return der.toByteArray();
    }

    private static BigInteger unsigned(String base64Url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url));
    }

    /** Whether {@code url} names the trusted STS: same scheme and port, and the same host or both loopback. */
    private static boolean trustedStsHost(URI url, URI trusted) {
        if (url.getScheme() == null || url.getHost() == null || !url.getScheme().equalsIgnoreCase(trusted.getScheme())
                || url.getPort() != trusted.getPort()) {
            return false;
        }
        Set<String> loopback = Set.of("127.0.0.1", "localhost");
        String host = url.getHost().toLowerCase(Locale.ROOT);
        return host.equals(trusted.getHost()) || (loopback.contains(host) && loopback.contains(trusted.getHost()));
    }

    private static List<String> signedHeaders(String authorization) {
        if (authorization == null) {
            return List.of();
        }
        Matcher signed = Pattern.compile("SignedHeaders=([^,\\s]+)").matcher(authorization);
        return signed.find() ? List.of(signed.group(1).toLowerCase(Locale.ROOT).split(";")) : List.of();
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new TreeMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return parameters;
    }

    private JsonNode decode(String part) throws LoginRejectedException {
        try {
            JsonNode node = json.readTree(Base64.getUrlDecoder().decode(part));
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException | IllegalArgumentException e) {
            // Answered below.
        }
        throw invalid(LoginFailureReason.WORKLOAD_IDENTITY_MALFORMED, null);
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static LoginRejectedException invalid(LoginFailureReason reason, String user) {
        return new LoginRejectedException(LoginRejectedException.JWT_TOKEN_INVALID, reason, user);
    }

    /** Stops the client that replays to STS and fetches issuer keys. */
    void close() {
        http.close();
    }

    /** The NIST P-384 curve, for a JWKS key given by its point. */
    private static final class P384 {
        private static java.security.spec.ECParameterSpec parameters() throws GeneralSecurityException {
            java.security.AlgorithmParameters parameters = java.security.AlgorithmParameters.getInstance("EC");
            parameters.init(new java.security.spec.ECGenParameterSpec("secp384r1"));
            return parameters.getParameterSpec(java.security.spec.ECParameterSpec.class);
        }
    }
}
