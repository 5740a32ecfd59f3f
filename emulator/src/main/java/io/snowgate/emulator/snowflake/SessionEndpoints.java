package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.server.Exchange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Session endpoints (notes §2.2, 2.6-2.9): key-pair login, close, heartbeat, token renewal and telemetry, plus the
 * session-token check every later request goes through. Every answer is HTTP 200 with the envelope; logical failures
 * carry {@code success:false} and a {@code code}.
 */
final class SessionEndpoints {

    static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(45);
    static final String SESSION_GONE = "390111";
    static final String SESSION_UNKNOWN = "390104";
    static final String SESSION_TOKEN_EXPIRED = "390112";
    static final String MASTER_TOKEN_NOT_FOUND = "390113";
    static final String MASTER_TOKEN_EXPIRED = "390114";
    static final String INVALID_PAYLOAD = "Incoming request does not contain a valid payload.";
    /** The counter of sessions that asked for a result format other than JSON. */
    static final String NON_JSON_SESSIONS = "nonJsonResultFormatSession";

    private static final Pattern TOKEN_HEADER = Pattern.compile("Snowflake\\s+Token=\"([^\"]*)\"");

    private final ObjectMapper json;
    private final SnowflakeStandIn.Config config;
    private final SnowflakeAccount account;
    private final Directory directory;
    private final Sessions sessions;
    private final SqlEngine engine;
    private final JwtVerifier verifier;
    private final WorkloadIdentityVerifier workloadIdentities;
    private final Runnable nonJsonSessionCounter;
    private final LoginFailures loginFailures;
    private final Predicate<SnowflakeSession> endSession;

    /**
     * @param endSession ends a session with its running statements, false when it had already ended (the stand-in's
     *                   own, so a logout ends a session as an administrator's abort does)
     */
    SessionEndpoints(ObjectMapper json, SnowflakeStandIn.Config config, Directory directory, Sessions sessions,
                     SqlEngine engine, JwtVerifier verifier, WorkloadIdentityVerifier workloadIdentities,
                     LoginFailures loginFailures, Runnable nonJsonSessionCounter,
                     Predicate<SnowflakeSession> endSession) {
        this.json = json;
        this.config = config;
        this.account = config.account();
        this.directory = directory;
        this.sessions = sessions;
        this.engine = engine;
        this.verifier = verifier;
        this.workloadIdentities = workloadIdentities;
        this.loginFailures = loginFailures;
        this.nonJsonSessionCounter = nonJsonSessionCounter;
        this.endSession = endSession;
    }

    void login(Exchange exchange) throws IOException {
        Optional<JsonNode> body = readBody(exchange);
        if (body.isEmpty()) {
            return;
        }
        Wire.LoginRequest request = Wire.LoginRequest.from(body.get());
        try {
            String jwtAccount;
            String user;
            if ("WORKLOAD_IDENTITY".equalsIgnoreCase(request.authenticator())) {
                if (request.accountName() == null || !accountMatches(request.accountName())) {
                    throw new LoginRejectedException(LoginRejectedException.JWT_TOKEN_INVALID,
                            LoginFailureReason.WRONG_ACCOUNT);
                }
                // Drivers sign with the system clock: attestations are checked against it, as JWTs are.
                user = workloadIdentities.verify(request, Instant.now()).user();
                jwtAccount = request.accountName();
            } else if ("SNOWFLAKE_JWT".equalsIgnoreCase(request.authenticator())) {
                // Drivers sign with the system clock: the JWT is checked against it, not against a clock a test moves.
                JwtVerifier.Verified verified = verifier.verify(request.token(), request.loginName(), Instant.now());
                user = verified.user();
                jwtAccount = verified.account();
            } else {
                throw new LoginRejectedException(LoginRejectedException.INCORRECT_USERNAME_OR_PASSWORD,
                        LoginFailureReason.UNSUPPORTED_AUTHENTICATOR);
            }
            if (request.accountName() != null && !accountMatches(request.accountName())) {
                throw new LoginRejectedException(LoginRejectedException.JWT_TOKEN_INVALID, LoginFailureReason.WRONG_ACCOUNT);
            }
            SnowflakeSession session = open(jwtAccount, user, request, exchange);
            exchange.respondJson(200, Wire.success(loginData(session)));
        } catch (LoginRejectedException e) {
            String failureId = UUID.randomUUID().toString();
            loginFailures.add(new LoginFailure(failureId, request.loginName(), e.userName(), e.code(), e.reason(),
                    LoginFailures.clientType(request.clientAppId()), request.clientAppVersion(), exchange.remoteAddress(),
                    config.clock().instant()));
            // Snowflake hands out a failure id for key-pair (JWT) failures only, for SYSTEM$GET_LOGIN_FAILURE_DETAILS.
            String message = loginMessage(e, exchange) + (e.reason().hasFailureDetails() ? " [" + failureId + "]" : "");
            exchange.respondJson(200, Wire.failure(Integer.toString(e.code()), message, null));
        }
    }

    private boolean accountMatches(String accountName) {
        return account.matches(accountName) || account.matches(accountName.split("\\.", 2)[0]);
    }

    private static String loginMessage(LoginRejectedException e, Exchange exchange) {
        if (e.reason().name().startsWith("WORKLOAD_IDENTITY_")) {
            // The stand-in's wording: Snowflake tells a workload no more than that its attestation was refused.
            return "Failed to authenticate with workload identity: the attestation was not accepted.";
        }
        return switch (e.code()) {
            case LoginRejectedException.JWT_FINGERPRINT_MISMATCH ->
                    "JWT token is invalid. The public key fingerprint in the token does not match any public key registered for the user.";
            case LoginRejectedException.INCORRECT_USERNAME_OR_PASSWORD -> "Incorrect username or password was specified.";
            case LoginRejectedException.USER_ACCESS_DISABLED -> "User access disabled. Contact your local system administrator.";
            case LoginRejectedException.ROLE_NOT_GRANTED -> "Role '" + Identifiers.normalize(exchange.queryParameter("roleName"))
                    + "' specified in the connect string is not granted to this user. Contact your local system"
                    + " administrator, or attempt to login with another role, e.g. PUBLIC.";
            default -> "JWT token is invalid.";
        };
    }

    private SnowflakeSession open(String jwtAccount, String user, Wire.LoginRequest request, Exchange exchange)
            throws LoginRejectedException {
        String defaultRole = directory.read(user, u -> u.defaultRole);
        String defaultWarehouse = directory.read(user, u -> u.defaultWarehouse);
        String defaultNamespace = directory.read(user, u -> u.defaultNamespace);
        String role;
        String requestedRole = exchange.queryParameter("roleName");
        if (requestedRole != null && !requestedRole.isBlank()) {
            role = Identifiers.normalize(requestedRole);
            if (!directory.mayUseRole(user, role)) {
                throw new LoginRejectedException(LoginRejectedException.ROLE_NOT_GRANTED, LoginFailureReason.ROLE_NOT_GRANTED);
            }
        } else {
            role = defaultRole != null && directory.mayUseRole(user, defaultRole) ? defaultRole : Directory.PUBLIC;
        }
        String[] namespace = defaultNamespace == null ? new String[0] : defaultNamespace.split("\\.", 2);
        String database = firstNonBlank(exchange.queryParameter("databaseName"), namespace.length > 0 ? namespace[0] : null);
        String schema = firstNonBlank(exchange.queryParameter("schemaName"), namespace.length > 1 ? namespace[1] : null);
        String warehouse = firstNonBlank(exchange.queryParameter("warehouse"), defaultWarehouse);

        SnowflakeSession session = new SnowflakeSession(sessions.nextId(), user, account.currentAccount(jwtAccount),
                sessions.newToken("sgtok-"), sessions.newToken("sgmst-"), engine.openConnection(), config.clock().instant(),
                config.sessionTokenValidity(), config.masterTokenValidity());
        session.role = role;
        // A warehouse that does not exist (asked for, or the user's DEFAULT_WAREHOUSE) does not fail the login: the
        // session starts with none, and the first statement that needs one fails with 000606 (snowflake-jdbc's
        // ConnectionIT#testNoValidateDefaultParameters; snowflakedb/snowpark-python#695).
        String wanted = warehouse == null ? null : Identifiers.normalize(warehouse);
        // One the role may not use (no USAGE, not owned) is treated alike: no current warehouse.
        session.warehouse = directory.mayUseWarehouse(role, wanted) ? wanted : null;
        // Snowflake logs in without a database or schema that does not exist, and says so only through getCatalog();
        // one the role has no USAGE on is left out alike.
        String db = database == null ? null : Identifiers.normalize(database);
        if (db != null && db.equals(engine.database()) && directory.mayUseNamespace(role, db, null)) {
            session.database = db;
            String sc = schema == null ? "PUBLIC" : Identifiers.normalize(schema);
            session.schema = engine.schemaExists(sc) && directory.mayUseNamespace(role, db, sc) ? sc : null;
        }
        // The account's own defaults first (ALTER ACCOUNT SET), then what the client asks for at login.
        directory.accountParameters().forEach(session.parameters::set);
        request.sessionParameters().forEach((name, value) -> {
            try {
                session.parameters.set(name, SessionParameters.fromJson(value));
            } catch (StandInSqlException ignored) {
                // An unknown name or invalid value keeps the default and the login: the driver sends every
                // connection property it does not know itself as a session parameter (SFSession#addSFSessionProperty);
                // Snowflake documents no refusal of a login for one.
            }
        });
        noteResultFormat(session, session.parameters.get(SessionParameters.RESULT_FORMAT));
        engine.attach(session);
        sessions.add(session);
        return session;
    }

    private Map<String, Object> loginData(SnowflakeSession session) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("masterToken", session.masterToken);
        data.put("token", session.token());
        data.put("validityInSeconds", config.sessionTokenValidity().toSeconds());
        data.put("masterValidityInSeconds", config.masterTokenValidity().toSeconds());
        data.put("displayUserName", session.user);
        data.put("serverVersion", SqlEngine.VERSION);
        data.put("firstLogin", false);
        data.put("remMeToken", null);
        data.put("remMeValidityInSeconds", 0);
        data.put("healthCheckInterval", HEALTH_CHECK_INTERVAL.toSeconds());
        data.put("newClientForUpgrade", null);
        data.put("sessionId", session.id);
        data.put("parameters", session.parameters.asList());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("databaseName", session.database);
        info.put("schemaName", session.database == null ? null : session.schema);
        info.put("warehouseName", session.warehouse);
        info.put("roleName", session.role);
        data.put("sessionInfo", info);
        data.put("idToken", null);
        data.put("idTokenValidityInSeconds", 0);
        data.put("responseData", null);
        data.put("mfaToken", null);
        data.put("mfaTokenValidityInSeconds", 0);
        return data;
    }

    void close(Exchange exchange) throws IOException {
        Optional<SnowflakeSession> session = sessions.byToken(sessionToken(exchange));
        if (!"true".equalsIgnoreCase(exchange.queryParameter("delete"))) {
            exchange.respondJson(200, Wire.failure("390142", INVALID_PAYLOAD, null));
            return;
        }
        // Logging out aborts the session's running statements rather than waiting for them: snowflake-jdbc keeps a
        // session open while an asynchronous query runs in it (SFSession#isSafeToClose) because closing would abort it.
        if (session.isEmpty() || !endSession.test(session.get())) {
            respondSessionGone(exchange);
            return;
        }
        exchange.respondJson(200, Wire.success(null));
    }

    void heartbeat(Exchange exchange) throws IOException {
        if (authenticate(exchange).isPresent()) {
            exchange.respondJson(200, Wire.success(null));
        }
    }

    /**
     * {@code POST /telemetry/send} {@code {"logs":[...]}}, which drivers post while the session's
     * {@code CLIENT_TELEMETRY_ENABLED} is true (Snowflake's default): the request is counted (kind {@value SnowflakeStandIn#TELEMETRY}) and its logs dropped. A driver that
     * gets an HTTP error here silently stops its telemetry, so a failure would hide nothing but the traffic.
     */
    void telemetry(Exchange exchange) throws IOException {
        if (authenticate(exchange).isEmpty()) {
            return;
        }
        Optional<JsonNode> body = readBody(exchange);
        if (body.isEmpty()) {
            return;
        }
        if (!body.get().path("logs").isArray()) {
            exchange.respondJson(200, Wire.failure("390142", INVALID_PAYLOAD, null));
            return;
        }
        exchange.respondJson(200, Wire.success(null));
    }

    void renew(Exchange exchange) throws IOException {
        Optional<SnowflakeSession> session = sessions.byMasterToken(sessionToken(exchange));
        if (session.isEmpty() || session.get().ended()) {
            exchange.respondJson(200, Wire.failure(MASTER_TOKEN_NOT_FOUND, "Master token not found.", null));
            return;
        }
        Instant now = config.clock().instant();
        if (session.get().masterTokenExpired(now)) {
            // Answered at once, as Snowflake does: a statement still running in the session (an asynchronous one)
            // must not hold the answer up, so the session is marked ended first and gives back its connection
            // once that statement lets go of it.
            boolean ending = session.get().markEnded();
            exchange.respondJson(200, Wire.failure(MASTER_TOKEN_EXPIRED,
                    "Authentication token has expired.  The user must authenticate again.", null));
            if (ending) {
                synchronized (session.get()) {
                    session.get().end();
                }
            }
            return;
        }
        Optional<JsonNode> body = readBody(exchange);
        if (body.isEmpty()) {
            return;
        }
        if (!session.get().token().equals(body.get().path("oldSessionToken").asText())
                || !"RENEW".equalsIgnoreCase(body.get().path("requestType").asText())) {
            exchange.respondJson(200, Wire.failure("390116", "Session token invalid or not matching the master token.", null));
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        // A new session token every time (the driver reads the master token back too: SessionUtil#renewSession).
        session.get().touch(now);
        data.put("sessionToken", sessions.renew(session.get(), now.plus(config.sessionTokenValidity())));
        data.put("validityInSeconds", config.sessionTokenValidity().toSeconds());
        data.put("masterToken", session.get().masterToken);
        data.put("masterValidityInSeconds", config.masterTokenValidity().toSeconds());
        data.put("sessionId", session.get().id);
        exchange.respondJson(200, Wire.success(data));
    }

    /** The live session the request's token names; otherwise answers for the driver and returns empty. */
    Optional<SnowflakeSession> authenticate(Exchange exchange) throws IOException {
        Optional<SnowflakeSession> session = sessions.byToken(sessionToken(exchange));
        if (session.isEmpty()) {
            exchange.respondJson(200, Wire.failure(SESSION_UNKNOWN, "User must login again to access the service.", null));
            return Optional.empty();
        }
        if (session.get().ended()) {
            respondSessionGone(exchange);
            return Optional.empty();
        }
        Instant now = config.clock().instant();
        if (session.get().tokenExpired(now) || session.get().masterTokenExpired(now)) {
            // No sqlState here: the code must reach the driver as the vendor code so it renews and retries; a
            // session idle past its limit then fails that renewal with 390114.
            exchange.respondJson(200, Wire.failure(SESSION_TOKEN_EXPIRED, "Session token expired", null));
            return Optional.empty();
        }
        session.get().touch(now);
        return session;
    }

    static void respondSessionGone(Exchange exchange) throws IOException {
        exchange.respondJson(200, Wire.failure(SESSION_GONE,
                "Session no longer exists.  New login required to access the service.", null));
    }

    void noteResultFormat(SnowflakeSession session, Object format) {
        if (SessionParameters.isNonJsonFormat(format) && session.markNonJsonResultFormat()) {
            nonJsonSessionCounter.run();
        }
    }

    /** The request body as JSON; otherwise answers 390142 as Snowflake does and returns empty. */
    Optional<JsonNode> readBody(Exchange exchange) throws IOException {
        try {
            JsonNode body = json.readTree(exchange.body());
            if (body != null && body.isObject()) {
                return Optional.of(body);
            }
        } catch (IOException e) {
            // Answered below: a malformed body is the client's error, not a reason to drop the connection.
        }
        exchange.respondJson(200, Wire.failure("390142", INVALID_PAYLOAD, null));
        return Optional.empty();
    }

    private static String sessionToken(Exchange exchange) {
        String header = exchange.header("Authorization");
        if (header == null) {
            return null;
        }
        Matcher m = TOKEN_HEADER.matcher(header);
        return m.find() ? m.group(1) : null;
    }

    private static String firstNonBlank(String first, String second) {
        return first != null && !first.isBlank() ? first : second != null && !second.isBlank() ? second : null;
    }

}
