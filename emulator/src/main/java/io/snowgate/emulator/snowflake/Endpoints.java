package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.server.Exchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The HTTP side of the Snowflake v1 protocol the JDBC driver speaks (notes §2): login, query, result by id, heartbeat,
 * token renewal, telemetry and session close. Every answer is HTTP 200 with the envelope; logical failures carry
 * {@code success:false} and a {@code code}.
 */
final class Endpoints {

    static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(45);
    static final String SESSION_GONE = "390111";
    static final String SESSION_UNKNOWN = "390104";
    static final String MASTER_TOKEN_NOT_FOUND = "390113";
    static final String SESSION_TOKEN_EXPIRED = "390112";
    static final String MASTER_TOKEN_EXPIRED = "390114";
    static final String QUERY_IN_PROGRESS = "333333";
    static final String QUERY_IN_PROGRESS_ASYNC = "333334";
    /** What a 333333 answer tells the driver about when the statement would be aborted. */
    static final Duration QUERY_ABORTS_AFTER = Duration.ofMinutes(5);
    static final String NON_JSON_SESSIONS = "nonJsonResultFormatSession";

    private static final Pattern TOKEN_HEADER = Pattern.compile("Snowflake\\s+Token=\"([^\"]*)\"");
    private static final Pattern RESULT_PATH = Pattern.compile("/queries/([0-9a-fA-F-]{36})/result");
    private static final Pattern MONITORING_PATH = Pattern.compile("/monitoring/queries/([0-9a-fA-F-]{36})");
    private static final Pattern CHUNK_PATH = Pattern.compile("/chunks/([0-9a-fA-F-]{36})/(\\d+)");

    private final ObjectMapper json;
    private final SnowflakeStandIn.Config config;
    private final SnowflakeAccount account;
    private final Directory directory;
    private final Sessions sessions;
    private final SqlEngine engine;
    private final QueryRegistry queries;
    private final JwtVerifier verifier;
    private final Runnable nonJsonSessionCounter;
    private final Map<String, LoginFailure> loginFailures = new ConcurrentHashMap<>();

    Endpoints(ObjectMapper json, SnowflakeStandIn.Config config, Directory directory, Sessions sessions,
              SqlEngine engine, QueryRegistry queries, JwtVerifier verifier, Runnable nonJsonSessionCounter) {
        this.json = json;
        this.config = config;
        this.account = config.account();
        this.directory = directory;
        this.sessions = sessions;
        this.engine = engine;
        this.queries = queries;
        this.verifier = verifier;
        this.nonJsonSessionCounter = nonJsonSessionCounter;
    }

    /** The request kind used for counters and faults, or null for a route this stand-in does not serve. */
    static String kindOf(Exchange exchange) {
        String path = exchange.path();
        return switch (path) {
            case "/session/v1/login-request" -> "login";
            case "/queries/v1/query-request" -> "query";
            case "/session" -> "close";
            case "/session/heartbeat" -> "heartbeat";
            case "/session/token-request" -> "token";
            case "/telemetry/send" -> "telemetry";
            case "/queries/v1/abort-request" -> "abort";
            default -> RESULT_PATH.matcher(path).matches() ? "result"
                    : MONITORING_PATH.matcher(path).matches() ? "monitoring"
                    : CHUNK_PATH.matcher(path).matches() ? "chunk" : null;
        };
    }

    void serve(String kind, Exchange exchange) throws IOException {
        switch (kind == null ? "" : kind) {
            case "login" -> login(exchange);
            case "query" -> query(exchange);
            case "result" -> result(exchange);
            case "close" -> close(exchange);
            case "heartbeat" -> heartbeat(exchange);
            case "token" -> renew(exchange);
            case "telemetry" -> telemetry(exchange);
            case "abort" -> abort(exchange);
            case "monitoring" -> monitoring(exchange);
            case "chunk" -> chunk(exchange);
            default -> exchange.respondJson(404, Wire.failure("390404", "Unknown endpoint " + exchange.path(), null));
        }
    }

    Optional<LoginFailure> loginFailure(String id) {
        return Optional.ofNullable(loginFailures.get(id));
    }

    Map<String, LoginFailure> loginFailures() {
        return Map.copyOf(loginFailures);
    }

    private void login(Exchange exchange) throws IOException {
        Wire.LoginRequest request;
        try {
            request = Wire.LoginRequest.from(json.readTree(exchange.body()));
        } catch (IOException e) {
            exchange.respondJson(200, Wire.failure("390142", "Incoming request does not contain a valid payload.", null));
            return;
        }
        try {
            if (!"SNOWFLAKE_JWT".equalsIgnoreCase(request.authenticator())) {
                throw new LoginRejectedException(LoginRejectedException.INCORRECT_USERNAME_OR_PASSWORD,
                        LoginFailureReason.UNSUPPORTED_AUTHENTICATOR);
            }
            JwtVerifier.Verified verified = verifier.verify(request.token(), request.loginName(), Instant.now());
            if (request.accountName() != null && !account.matches(request.accountName())
                    && !account.matches(request.accountName().split("\\.", 2)[0])) {
                throw new LoginRejectedException(LoginRejectedException.JWT_TOKEN_INVALID, LoginFailureReason.WRONG_ACCOUNT);
            }
            SnowflakeSession session = open(verified, request, exchange);
            exchange.respondJson(200, Wire.success(loginData(session)));
        } catch (LoginRejectedException e) {
            String failureId = UUID.randomUUID().toString();
            loginFailures.put(failureId, new LoginFailure(failureId, request.loginName(), e.code(), e.reason(), Instant.now()));
            exchange.respondJson(200, Wire.failure(Integer.toString(e.code()), loginMessage(e, exchange) + " [" + failureId + "]", null));
        }
    }

    private static String loginMessage(LoginRejectedException e, Exchange exchange) {
        return switch (e.code()) {
            case LoginRejectedException.JWT_FINGERPRINT_MISMATCH ->
                    "JWT token is invalid. The public key fingerprint in the token does not match any public key registered for the user.";
            case LoginRejectedException.INCORRECT_USERNAME_OR_PASSWORD -> "Incorrect username or password was specified.";
            case LoginRejectedException.ROLE_NOT_GRANTED -> "Role '" + Identifiers.normalize(exchange.queryParameter("roleName"))
                    + "' specified in the connect string is not granted to this user. Contact your local system"
                    + " administrator, or attempt to login with another role, e.g. PUBLIC.";
            default -> "JWT token is invalid.";
        };
    }

    private SnowflakeSession open(JwtVerifier.Verified verified, Wire.LoginRequest request, Exchange exchange)
            throws LoginRejectedException {
        String user = verified.user();
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

        SnowflakeSession session = new SnowflakeSession(sessions.nextId(), user, account.currentAccount(verified.account()),
                sessions.newToken("sgtok-"), sessions.newToken("sgmst-"), engine.openConnection(), Instant.now(),
                config.sessionTokenValidity(), config.masterTokenValidity());
        session.role = role;
        session.warehouse = warehouse == null ? null : Identifiers.normalize(warehouse);
        // Snowflake logs in without a database or schema that does not exist, and says so only through getCatalog().
        String db = database == null ? null : Identifiers.normalize(database);
        if (db != null && db.equals(engine.database())) {
            session.database = db;
            String sc = schema == null ? "PUBLIC" : Identifiers.normalize(schema);
            session.schema = engine.schemaExists(sc) ? sc : null;
        }
        request.sessionParameters().forEach((name, value) -> {
            try {
                session.parameters.set(name, SessionParameters.fromJson(value));
            } catch (StatementFailedException ignored) {
                // An invalid value keeps the default, as Snowflake ignores unknown client-side parameters.
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

    private void query(Exchange exchange) throws IOException {
        Optional<SnowflakeSession> found = authenticate(exchange);
        if (found.isEmpty()) {
            return;
        }
        SnowflakeSession session = found.get();
        Wire.QueryRequest request = Wire.QueryRequest.from(json.readTree(exchange.body()));
        noteResultFormat(session, request.parameters().containsKey(SessionParameters.RESULT_FORMAT)
                ? SessionParameters.fromJson(request.parameters().get(SessionParameters.RESULT_FORMAT)) : null);
        QueryRegistry.Query query = queries.submit(UUID.randomUUID().toString(), exchange.queryParameter("requestId"),
                session, request.sqlText(), statementTimeout(session, request), q -> run(session, request, q));
        if (request.asyncExec()) {
            exchange.respondJson(200, inProgress(query, QUERY_IN_PROGRESS_ASYNC,
                    "Asynchronous execution in progress. Use provided query id to perform query monitoring and management."));
            return;
        }
        respondWhenDone(exchange, session, query, request);
    }

    /** Runs on the registry's executor, holding the session so its statements run one at a time. */
    private Wire.QueryResult run(SnowflakeSession session, Wire.QueryRequest request, QueryRegistry.Query query) {
        synchronized (session) {
            if (session.ended()) {
                throw new SessionGoneException();
            }
            if (query.stop() != null) {
                throw stopped(query);
            }
            query.onCancel(() -> {
                java.sql.Statement running = session.running;
                if (running != null) {
                    try {
                        running.cancel();
                    } catch (java.sql.SQLException e) {
                        // The statement already finished; the interrupt covers the rest.
                    }
                }
            });
            try {
                return request.describeOnly() ? engine.describe(session, request) : engine.execute(session, request);
            } catch (RuntimeException e) {
                throw query.stop() != null ? stopped(query) : e;
            } finally {
                if (!request.describeOnly()) {
                    session.recordQuery(query.id);
                }
                noteResultFormat(session, session.parameters.get(SessionParameters.RESULT_FORMAT));
            }
        }
    }

    private static StatementFailedException stopped(QueryRegistry.Query query) {
        return query.stop() == QueryRegistry.Stop.TIMED_OUT
                ? new StatementFailedException("000630", "57014",
                        "Statement reached its statement or warehouse timeout and was canceled.")
                : new StatementFailedException("000604", "57014", "SQL execution canceled");
    }

    /** {@code STATEMENT_TIMEOUT_IN_SECONDS} of the statement, else of the session; zero for none. */
    private static Duration statementTimeout(SnowflakeSession session, Wire.QueryRequest request) {
        Object value = request.parameters().containsKey(SessionParameters.STATEMENT_TIMEOUT)
                ? SessionParameters.fromJson(request.parameters().get(SessionParameters.STATEMENT_TIMEOUT))
                : session.parameters.get(SessionParameters.STATEMENT_TIMEOUT);
        long seconds = value instanceof Number number ? number.longValue() : 0;
        return seconds > 0 ? Duration.ofSeconds(seconds) : Duration.ZERO;
    }

    private void result(Exchange exchange) throws IOException {
        Optional<SnowflakeSession> found = authenticate(exchange);
        if (found.isEmpty()) {
            return;
        }
        Matcher m = RESULT_PATH.matcher(exchange.path());
        m.matches();
        Optional<QueryRegistry.Query> query = queries.find(m.group(1)).filter(q -> q.user.equals(found.get().user));
        if (query.isEmpty()) {
            exchange.respondJson(200, Wire.statementFailure(new StatementFailedException("000709", "02000",
                    "Statement " + m.group(1) + " not found"), m.group(1)));
            return;
        }
        respondWhenDone(exchange, found.get(), query.get(), null);
    }

    /** Answers with the outcome once the statement ends, or 333333 if it outlives the first-response window. */
    private void respondWhenDone(Exchange exchange, SnowflakeSession session, QueryRegistry.Query query,
                                 Wire.QueryRequest request) throws IOException {
        Wire.QueryResult result;
        try {
            result = query.outcome.get(config.firstResponseWindow().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.respondJson(200, inProgress(query, QUERY_IN_PROGRESS, "Query execution in progress"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the statement ran", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case StatementFailedException failure ->
                        exchange.respondJson(200, Wire.statementFailure(failure, query.id));
                case SessionGoneException gone -> respondSessionGone(exchange);
                default -> exchange.respondJson(200, Wire.statementFailure(new StatementFailedException("000603", "XX000",
                        "SQL execution internal error:\nProcessing aborted due to error 300002."), query.id));
            }
            return;
        }
        exchange.respondJson(200, Wire.success(queryData(exchange, session, query.id, result, request)));
    }

    private static Map<String, Object> inProgress(QueryRegistry.Query query, String code, String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("queryId", query.id);
        data.put("getResultUrl", "/queries/" + query.id + "/result");
        data.put("queryAbortsAfterSecs", QUERY_ABORTS_AFTER.toSeconds());
        data.put("progressDesc", null);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("data", data);
        envelope.put("code", code);
        envelope.put("message", message);
        envelope.put("success", true);
        return envelope;
    }

    private void abort(Exchange exchange) throws IOException {
        if (authenticate(exchange).isEmpty()) {
            return;
        }
        String requestId = json.readTree(exchange.body()).path("requestId").asText("");
        queries.byRequestId(requestId).ifPresent(query -> query.cancel(QueryRegistry.Stop.CANCELED));
        exchange.respondJson(200, Wire.success(null));
    }

    private void monitoring(Exchange exchange) throws IOException {
        Optional<SnowflakeSession> found = authenticate(exchange);
        if (found.isEmpty()) {
            return;
        }
        Matcher m = MONITORING_PATH.matcher(exchange.path());
        m.matches();
        List<Map<String, Object>> entries = new ArrayList<>();
        queries.find(m.group(1)).filter(q -> q.user.equals(found.get().user)).ifPresent(query -> {
            QueryInfo info = query.info();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", info.id());
            entry.put("status", info.status().name());
            entry.put("state", info.status().name());
            entry.put("errorCode", info.errorCode() == null ? 0 : Integer.parseInt(info.errorCode()));
            entry.put("errorMessage", info.errorMessage());
            entry.put("sqlText", info.sqlText());
            entry.put("startTime", info.startedAt().toEpochMilli());
            entry.put("endTime", info.endedAt() == null ? 0 : info.endedAt().toEpochMilli());
            entry.put("totalDuration", info.endedAt() == null ? 0
                    : Duration.between(info.startedAt(), info.endedAt()).toMillis());
            entry.put("sessionId", info.sessionId());
            entry.put("warehouseName", query.warehouse);
            entries.add(entry);
        });
        exchange.respondJson(200, Wire.success(Map.of("queries", entries)));
    }

    /** A result chunk, as the driver downloads it from cloud storage: no session token, gzip, rows without [ ]. */
    private void chunk(Exchange exchange) throws IOException {
        Matcher m = CHUNK_PATH.matcher(exchange.path());
        m.matches();
        Optional<Wire.QueryResult> result = queries.find(m.group(1))
                .filter(q -> q.outcome.isDone() && !q.outcome.isCompletedExceptionally())
                .map(q -> q.outcome.join());
        int index = Integer.parseInt(m.group(2));
        if (result.isEmpty() || index < 1 || (long) index * config.resultChunkRows() >= result.get().rowset().size()) {
            exchange.respond(404, "text/plain", "no such chunk".getBytes(StandardCharsets.UTF_8));
            return;
        }
        exchange.respond(200, "application/octet-stream", gzip(chunkBody(result.get(), index)),
                Map.of("Content-Encoding", "gzip"));
    }

    private Map<String, Object> queryData(Exchange exchange, SnowflakeSession session, String queryId,
                                          Wire.QueryResult result, Wire.QueryRequest request) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        // The full set, never a partial list: a non-empty list replaces the driver's map (notes pitfall 4).
        // It also carries CLIENT_RESULT_CHUNK_SIZE, without which a chunked result fails in the driver.
        data.put("parameters", session.parameters.asList());
        data.put("rowtype", result.rowtype());
        int chunkRows = config.resultChunkRows();
        int rows = result.rowset().size();
        data.put("rowset", rows > chunkRows ? result.rowset().subList(0, chunkRows) : result.rowset());
        if (rows > chunkRows) {
            List<Map<String, Object>> chunks = new ArrayList<>();
            for (int index = 1; (long) index * chunkRows < rows; index++) {
                byte[] body = chunkBody(result, index);
                Map<String, Object> chunk = new LinkedHashMap<>();
                chunk.put("url", "http://127.0.0.1:" + exchange.localPort() + "/chunks/" + queryId + "/" + index);
                chunk.put("rowCount", Math.min(chunkRows, rows - index * chunkRows));
                // Exact: under-reporting makes the driver re-download the chunk endlessly.
                chunk.put("uncompressedSize", body.length);
                chunk.put("compressedSize", gzip(body).length);
                chunks.add(chunk);
            }
            data.put("chunks", chunks);
        }
        data.put("total", result.rowset().size());
        data.put("returned", result.rowset().size());
        data.put("queryId", queryId);
        data.put("databaseProvider", null);
        data.put("finalDatabaseName", session.database);
        data.put("finalSchemaName", session.database == null ? null : session.schema);
        data.put("finalWarehouseName", session.warehouse);
        data.put("finalRoleName", session.role);
        data.put("numberOfBinds", request == null ? 0 : engine.bindCount(request.sqlText()));
        data.put("arrayBindSupported", false);
        data.put("statementTypeId", result.statementTypeId());
        // A JSON number: the driver reads it with longValue(), and TIMESTAMP_TZ decoding needs 1.
        data.put("version", 1);
        data.put("sendResultTime", System.currentTimeMillis());
        data.put("queryResultFormat", "json");
        return data;
    }

    private void close(Exchange exchange) throws IOException {
        Optional<SnowflakeSession> session = sessions.byToken(sessionToken(exchange));
        if (!"true".equalsIgnoreCase(exchange.queryParameter("delete"))) {
            exchange.respondJson(200, Wire.failure("390142", "Incoming request does not contain a valid payload.", null));
            return;
        }
        if (session.isEmpty() || session.get().ended()) {
            respondSessionGone(exchange);
            return;
        }
        synchronized (session.get()) {
            session.get().end();
        }
        exchange.respondJson(200, Wire.success(null));
    }

    private void heartbeat(Exchange exchange) throws IOException {
        if (authenticate(exchange).isPresent()) {
            exchange.respondJson(200, Wire.success(null));
        }
    }

    private void telemetry(Exchange exchange) throws IOException {
        if (authenticate(exchange).isPresent()) {
            exchange.respondJson(200, Wire.success(null));
        }
    }

    private void renew(Exchange exchange) throws IOException {
        Optional<SnowflakeSession> session = sessions.byMasterToken(sessionToken(exchange));
        if (session.isEmpty() || session.get().ended()) {
            exchange.respondJson(200, Wire.failure(MASTER_TOKEN_NOT_FOUND, "Master token not found.", null));
            return;
        }
        if (session.get().masterTokenExpired(Instant.now())) {
            synchronized (session.get()) {
                session.get().end();
            }
            exchange.respondJson(200, Wire.failure(MASTER_TOKEN_EXPIRED,
                    "Authentication token has expired.  The user must authenticate again.", null));
            return;
        }
        JsonNode body = json.readTree(exchange.body());
        if (!session.get().token().equals(body.path("oldSessionToken").asText())
                || !"RENEW".equalsIgnoreCase(body.path("requestType").asText())) {
            exchange.respondJson(200, Wire.failure("390116", "Session token invalid or not matching the master token.", null));
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sessionToken", sessions.renew(session.get(), Instant.now().plus(config.sessionTokenValidity())));
        data.put("validityInSeconds", config.sessionTokenValidity().toSeconds());
        data.put("masterToken", session.get().masterToken);
        data.put("masterValidityInSeconds", config.masterTokenValidity().toSeconds());
        data.put("sessionId", session.get().id);
        exchange.respondJson(200, Wire.success(data));
    }

    /** The live session the request's token names; otherwise answers for the driver and returns empty. */
    private Optional<SnowflakeSession> authenticate(Exchange exchange) throws IOException {
        Optional<SnowflakeSession> session = sessions.byToken(sessionToken(exchange));
        if (session.isEmpty()) {
            exchange.respondJson(200, Wire.failure(SESSION_UNKNOWN, "User must login again to access the service.", null));
            return Optional.empty();
        }
        if (session.get().ended()) {
            respondSessionGone(exchange);
            return Optional.empty();
        }
        if (session.get().tokenExpired(Instant.now())) {
            // No sqlState here: the code must reach the driver as the vendor code so it renews and retries.
            exchange.respondJson(200, Wire.failure(SESSION_TOKEN_EXPIRED, "Session token expired", null));
            return Optional.empty();
        }
        return session;
    }

    private static void respondSessionGone(Exchange exchange) throws IOException {
        exchange.respondJson(200, Wire.failure(SESSION_GONE,
                "Session no longer exists.  New login required to access the service.", null));
    }

    private void noteResultFormat(SnowflakeSession session, Object format) {
        if (SessionParameters.isNonJsonFormat(format) && session.markNonJsonResultFormat()) {
            nonJsonSessionCounter.run();
        }
    }

    private static String sessionToken(Exchange exchange) {
        String header = exchange.header("Authorization");
        if (header == null) {
            return null;
        }
        Matcher m = TOKEN_HEADER.matcher(header);
        return m.find() ? m.group(1) : null;
    }

    private byte[] chunkBody(Wire.QueryResult result, int index) throws IOException {
        int from = index * config.resultChunkRows();
        int to = Math.min(from + config.resultChunkRows(), result.rowset().size());
        StringBuilder body = new StringBuilder();
        for (int row = from; row < to; row++) {
            if (row > from) {
                body.append(',');
            }
            body.append(json.writeValueAsString(result.rowset().get(row)));
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    private static String firstNonBlank(String first, String second) {
        return first != null && !first.isBlank() ? first : second != null && !second.isBlank() ? second : null;
    }

    /** The session ended while a statement waited for it. */
    static final class SessionGoneException extends RuntimeException {
        SessionGoneException() {
            super("session ended", null, false, false);
        }
    }
}
