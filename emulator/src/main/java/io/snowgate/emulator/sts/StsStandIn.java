package io.snowgate.emulator.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.emulator.server.Exchange;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.server.StandInServer;
import io.snowgate.emulator.sigv4.AccessKeys;
import io.snowgate.emulator.sigv4.SigV4Exception;
import io.snowgate.emulator.sigv4.SigV4Verifier;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local AWS Security Token Service for the identities of local workloads, over STS's AWS Query protocol
 * ({@code POST /} with {@code Action=...&Version=2011-06-15} in the query or a form body, XML answers), so the
 * unmodified AWS SDK, the AWS CLI and snowflake-jdbc's workload identity code work against it.
 *
 * <ul>
 *   <li>{@link #issueRoleCredentials} makes temporary credentials bound to a role ARN, as {@code aws sts assume-role}
 *       would: the access key id, secret key and session token a workload then signs with.</li>
 *   <li>Every action is authenticated as AWS authenticates it: the SigV4 signature is recomputed with the secret key
 *       of the credentials the access key id names, over the request as received; the scope must name this region and
 *       {@code sts}; the signing time must lie within {@link SigV4Verifier#SIGNATURE_WINDOW} of now; the session token must be the
 *       one issued with the key; expired credentials are refused with {@code ExpiredToken}.</li>
 *   <li>{@code GetCallerIdentity} answers the session's ARN ({@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}),
 *       what Snowflake learns when it replays a workload's signed request.</li>
 *   <li>{@code GetWebIdentityToken} (outbound web identity federation) answers a JWT signed with {@code ES384} or
 *       {@code RS256} whose {@code iss} is {@link #issuer()}, {@code sub} the role's ARN and {@code aud} the requested
 *       audiences; the issuer serves {@code /.well-known/openid-configuration} and {@code /.well-known/jwks.json}.
 *       Refused with {@code OutboundWebIdentityFederationDisabledException} while federation is off for the account
 *       ({@link #outboundFederation}), and with {@code AccessDenied} for a role denied the action.</li>
 * </ul>
 * Request kinds for faults and counters: the action names, {@value #DISCOVERY} and {@value #JWKS}.
 */
public final class StsStandIn extends StandInServer {

    public static final String GET_CALLER_IDENTITY = "GetCallerIdentity";
    public static final String GET_WEB_IDENTITY_TOKEN = "GetWebIdentityToken";
    public static final String DISCOVERY = "openid-configuration";
    public static final String JWKS = "jwks";
    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    public static final String JWKS_PATH = "/.well-known/jwks.json";
    static final String API_VERSION = "2011-06-15";
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    /** How long issued credentials last unless asked otherwise: a working day, so a local session outlives a task. */
    public static final Duration DEFAULT_SESSION_VALIDITY = Duration.ofHours(12);
    /** {@code GetWebIdentityToken}'s default and bounds for {@code DurationSeconds} (API reference). */
    static final int DEFAULT_TOKEN_SECONDS = 300;
    static final int MIN_TOKEN_SECONDS = 60;
    static final int MAX_TOKEN_SECONDS = 3600;
    private static final Set<String> ACTIONS = Set.of(GET_CALLER_IDENTITY, GET_WEB_IDENTITY_TOKEN);
    private static final String DEFAULT_SESSION_NAME = "snowgate-local";
    private static final char[] KEY_ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final String region;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final OutboundTokens tokens = new OutboundTokens();
    private final Map<String, LocalAwsCredentials> credentials = new ConcurrentHashMap<>();
    private final SigV4Verifier verifier;
    private final Set<String> deniedWebIdentityToken = ConcurrentHashMap.newKeySet();
    private volatile boolean outboundFederation = true;

    /** On a free port in {@code us-east-1}, on the system clock. */
    public StsStandIn() {
        this(0, "us-east-1", Clock.systemUTC());
    }

    /**
     * @param port   the port to bind on 127.0.0.1; 0 picks a free one
     * @param region the region this STS endpoint is in: requests must be signed for it
     * @param clock  the time signatures, credentials and tokens are checked and stamped with
     */
    public StsStandIn(int port, String region, Clock clock) {
        super("sts", port);
        if (!region.matches("([a-z]+-)+\\d+")) {
            throw new IllegalArgumentException("region must be an AWS region id such as eu-west-1");
        }
        this.region = region;
        this.clock = clock;
        this.verifier = new SigV4Verifier("sts", region, clock, issuedKeys());
    }

    @Override
    public synchronized StsStandIn start() {
        super.start();
        return this;
    }

    public String region() {
        return region;
    }

    /**
     * The issuer of its web identity tokens, {@code http://127.0.0.1:PORT}: what a Snowflake user's {@code ISSUER}
     * names, and where the OIDC discovery document is served. (AWS's are {@code https://<id>.tokens.sts.global.api.aws}.)
     */
    public String issuer() {
        return endpoint().toString();
    }

    /** Credentials for a session of {@code roleArn} named {@value #DEFAULT_SESSION_NAME}, valid for 12 hours. */
    public LocalAwsCredentials issueRoleCredentials(String roleArn) {
        return issueRoleCredentials(roleArn, DEFAULT_SESSION_NAME, DEFAULT_SESSION_VALIDITY);
    }

    /**
     * Temporary credentials for a session of {@code roleArn}, as {@code AssumeRole} would return them.
     *
     * @throws IllegalArgumentException when {@code roleArn} is not an IAM role ARN
     */
    public LocalAwsCredentials issueRoleCredentials(String roleArn, String sessionName, Duration validity) {
        AwsArn role = AwsArn.parse(roleArn).filter(arn -> arn.kind() == AwsArn.Kind.ROLE)
                .orElseThrow(() -> new IllegalArgumentException("not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME): "
                        + roleArn));
        if (!sessionName.matches("[\\w+=,.@-]{2,64}")) {
            throw new IllegalArgumentException("a role session name is 2 to 64 of [\\w+=,.@-]: " + sessionName);
        }
        String keyId = "ASIA" + randomKeyId(16);
        byte[] secret = new byte[30];
        random.nextBytes(secret);
        byte[] token = new byte[120];
        random.nextBytes(token);
        LocalAwsCredentials issued = new LocalAwsCredentials(keyId, Base64.getEncoder().encodeToString(secret),
                Base64.getEncoder().encodeToString(token), role, role.session(sessionName),
                clock.instant().plus(validity));
        credentials.put(keyId, issued);
        return issued;
    }

    /** Turns the account's outbound web identity federation on (the stand-in's default) or off. */
    public StsStandIn outboundFederation(boolean enabled) {
        this.outboundFederation = enabled;
        return this;
    }

    /** Refuses {@code GetWebIdentityToken} to sessions of {@code roleArn}, as a role without the permission is. */
    public StsStandIn denyWebIdentityToken(String roleArn) {
        deniedWebIdentityToken.add(roleArn);
        return this;
    }

    @Override
    protected String kindOf(Exchange exchange) {
        if (exchange.method().equals("GET") && exchange.path().equals(DISCOVERY_PATH)) {
            return DISCOVERY;
        }
        if (exchange.method().equals("GET") && exchange.path().equals(JWKS_PATH)) {
            return JWKS;
        }
        String action = parameters(exchange).get("Action");
        return action != null && ACTIONS.contains(action) ? action : null;
    }

    @Override
    protected void handle(Exchange exchange) throws IOException {
        String kind = kindOf(exchange);
        if (DISCOVERY.equals(kind)) {
            exchange.respondJson(200, discovery());
            return;
        }
        if (JWKS.equals(kind)) {
            exchange.respondJson(200, tokens.jwks());
            return;
        }
        try {
            Map<String, String> parameters = parameters(exchange);
            if (kind == null) {
                throw new StsErrorException(StsErrorException.INVALID_ACTION, 400, "Could not find operation "
                        + parameters.getOrDefault("Action", "(none)") + " for version "
                        + parameters.getOrDefault("Version", "(none)"));
            }
            if (!exchange.method().equals("POST") && !exchange.method().equals("GET")) {
                throw new StsErrorException(StsErrorException.INVALID_ACTION, 400,
                        "STS answers GET and POST only, not " + exchange.method());
            }
            LocalAwsCredentials caller = authenticate(exchange);
            String result = switch (kind) {
                case GET_CALLER_IDENTITY -> callerIdentity(caller);
                case GET_WEB_IDENTITY_TOKEN -> webIdentityToken(caller, parameters);
                default -> throw new IllegalStateException(kind);
            };
            respondXml(exchange, 200, "<" + kind + "Response xmlns=\"" + NAMESPACE + "\"><" + kind + "Result>"
                    + result + "</" + kind + "Result>" + responseMetadata() + "</" + kind + "Response>");
        } catch (StsErrorException e) {
            respondError(exchange, e.httpStatus(), e.type(), e.code(), e.getMessage());
        }
    }

    @Override
    protected void respondWithError(Exchange exchange, Fault.Error error) throws IOException {
        int status = switch (error.code()) {
            case "InternalFailure" -> 500;
            case "ServiceUnavailable" -> 503;
            default -> 400;
        };
        respondError(exchange, status, status < 500 ? "Sender" : "Receiver", error.code(),
                error.message() == null ? error.code() : error.message());
    }

    @Override
    protected boolean handleAdmin(String command, JsonNode body, Exchange exchange) throws IOException {
        switch (command) {
            case "credentials" -> {
                String roleArn = body.path("roleArn").asText("");
                LocalAwsCredentials issued = issueRoleCredentials(roleArn,
                        body.path("sessionName").asText(DEFAULT_SESSION_NAME),
                        Duration.ofSeconds(body.path("validitySeconds").asLong(DEFAULT_SESSION_VALIDITY.toSeconds())));
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("AccessKeyId", issued.accessKeyId());
                answer.put("SecretAccessKey", issued.secretAccessKey());
                answer.put("SessionToken", issued.sessionToken());
                answer.put("Expiration", issued.expiration().toString());
                answer.put("Arn", issued.session().toString());
                exchange.respondJson(200, answer);
                return true;
            }
            case "outbound-federation" -> {
                outboundFederation(body.path("enabled").asBoolean(true));
                exchange.respondJson(200, Map.of("enabled", outboundFederation));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Checks the request's SigV4 signature as AWS does; returns whose credentials signed it. */
    private LocalAwsCredentials authenticate(Exchange exchange) {
        try {
            return credentials.get(verifier.verify(exchange).accessKeyId());
        } catch (SigV4Exception e) {
            // STS's codes for the front end's refusals (AWS Query protocol): 400 only for a malformed header.
            throw switch (e.reason()) {
                case MISSING_AUTHENTICATION_TOKEN -> new StsErrorException(
                        StsErrorException.MISSING_AUTHENTICATION_TOKEN, 403, e.getMessage());
                case INCOMPLETE_SIGNATURE -> new StsErrorException(StsErrorException.INCOMPLETE_SIGNATURE, 400,
                        e.getMessage());
                case INVALID_SIGNATURE -> new StsErrorException(StsErrorException.SIGNATURE_DOES_NOT_MATCH, 403,
                        e.getMessage());
                case UNRECOGNIZED_CLIENT -> new StsErrorException(StsErrorException.INVALID_CLIENT_TOKEN_ID, 403,
                        e.getMessage());
                case EXPIRED_TOKEN -> new StsErrorException(StsErrorException.EXPIRED_TOKEN, 403, e.getMessage());
            };
        }
    }

    private String callerIdentity(LocalAwsCredentials caller) {
        return "<Arn>" + xml(caller.session().toString()) + "</Arn><UserId>" + roleId(caller.role()) + ":"
                + xml(caller.session().sessionName().orElseThrow()) + "</UserId><Account>" + caller.role().account()
                + "</Account>";
    }

    private String webIdentityToken(LocalAwsCredentials caller, Map<String, String> parameters) {
        List<String> audiences = new ArrayList<>();
        for (int n = 1; parameters.containsKey("Audience.member." + n); n++) {
            audiences.add(parameters.get("Audience.member." + n));
        }
        if (audiences.isEmpty() || audiences.size() > 10 || audiences.stream().anyMatch(a -> a.isEmpty()
                || a.length() > 1000)) {
            throw new StsErrorException(StsErrorException.VALIDATION_ERROR, 400,
                    "1 validation error detected: Value at 'audience' failed to satisfy constraint: Member must have"
                            + " length between 1 and 10 of strings of 1 to 1000 characters");
        }
        String algorithm = parameters.get("SigningAlgorithm");
        if (!OutboundTokens.ES384.equals(algorithm) && !OutboundTokens.RS256.equals(algorithm)) {
            throw new StsErrorException(StsErrorException.VALIDATION_ERROR, 400,
                    "1 validation error detected: Value '" + algorithm + "' at 'signingAlgorithm' failed to satisfy"
                            + " constraint: Member must satisfy enum value set: [RS256, ES384]");
        }
        int seconds = DEFAULT_TOKEN_SECONDS;
        if (parameters.containsKey("DurationSeconds")) {
            try {
                seconds = Integer.parseInt(parameters.get("DurationSeconds"));
            } catch (NumberFormatException e) {
                seconds = -1;
            }
            if (seconds < MIN_TOKEN_SECONDS || seconds > MAX_TOKEN_SECONDS) {
                throw new StsErrorException(StsErrorException.VALIDATION_ERROR, 400, "1 validation error detected:"
                        + " Value at 'durationSeconds' failed to satisfy constraint: Member must have value between "
                        + MIN_TOKEN_SECONDS + " and " + MAX_TOKEN_SECONDS);
            }
        }
        if (!outboundFederation) {
            throw new StsErrorException(StsErrorException.FEDERATION_DISABLED, 403, "Outbound web identity federation"
                    + " is not enabled for this account. Enable it with aws iam enable-outbound-web-identity-federation.");
        }
        if (deniedWebIdentityToken.contains(caller.role().toString())) {
            throw new StsErrorException(StsErrorException.ACCESS_DENIED, 403, "User: " + caller.session()
                    + " is not authorized to perform: sts:GetWebIdentityToken");
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant expires = now.plusSeconds(seconds);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer());
        claims.put("sub", caller.role().toString());
        claims.put("aud", audiences.size() == 1 ? audiences.get(0) : audiences);
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", expires.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("https://sts.amazonaws.com/", Map.of("aws_account", caller.role().account(),
                "principal_id", caller.role().toString(), "source_region", region));
        return "<WebIdentityToken>" + tokens.sign(algorithm, claims) + "</WebIdentityToken><Expiration>"
                + expires + "</Expiration>";
    }

    private ObjectNode discovery() {
        ObjectNode document = json.createObjectNode();
        document.put("issuer", issuer());
        document.put("jwks_uri", issuer() + JWKS_PATH);
        document.putArray("response_types_supported").add("id_token");
        document.putArray("subject_types_supported").add("public");
        document.putArray("id_token_signing_alg_values_supported").add(OutboundTokens.ES384).add(OutboundTokens.RS256);
        return document;
    }

    /** The query's parameters and, for a form POST, the body's (which win). */
    private static Map<String, String> parameters(Exchange exchange) {
        Map<String, String> parameters = new TreeMap<>();
        parse(exchange.uri().getRawQuery(), parameters);
        String contentType = exchange.header("Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            parse(exchange.bodyText(), parameters);
        }
        return parameters;
    }

    private static void parse(String encoded, Map<String, String> into) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (pair.isEmpty()) {
                continue;
            }
            into.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
    }

    /** A stable role id ({@code AROA} and 17 characters) for a role, as IAM gives each role one. */
    private static String roleId(AwsArn role) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(role.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        StringBuilder id = new StringBuilder("AROA");
        for (int i = 0; i < 17; i++) {
            id.append(KEY_ID_CHARACTERS[(digest[i] & 0xff) % KEY_ID_CHARACTERS.length]);
        }
        return id.toString();
    }

    private String randomKeyId(int length) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(KEY_ID_CHARACTERS[random.nextInt(KEY_ID_CHARACTERS.length)]);
        }
        return id.toString();
    }

    private static String responseMetadata() {
        return "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>";
    }

    private static void respondError(Exchange exchange, int status, String type, String code, String message)
            throws IOException {
        respondXml(exchange, status, "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>" + type + "</Type><Code>"
                + xml(code) + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>" + UUID.randomUUID()
                + "</RequestId></ErrorResponse>");
    }

    private static void respondXml(Exchange exchange, int status, String document) throws IOException {
        exchange.respond(status, "text/xml", document.getBytes(StandardCharsets.UTF_8));
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** The credentials issued for {@code accessKeyId}, if any. */
    public Optional<LocalAwsCredentials> credentials(String accessKeyId) {
        return Optional.ofNullable(credentials.get(accessKeyId));
    }

    /**
     * The keys of every credential issued, now and later: what another stand-in of this local AWS accepts, as every
     * AWS service accepts what STS issued (session token and expiry included).
     */
    public AccessKeys issuedKeys() {
        return accessKeyId -> credentials(accessKeyId).map(LocalAwsCredentials::accessKey);
    }
}
