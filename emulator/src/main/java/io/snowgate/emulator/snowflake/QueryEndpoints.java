package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.server.Exchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Query endpoints (notes §2.3-2.5, 2.10, 2.11): query-request, result by id (333333 polling, async results,
 * multi-statement children), abort-request, query monitoring and result chunks. Statements run on the
 * {@link QueryRegistry}'s executor; the HTTP thread only waits up to the first-response window.
 */
final class QueryEndpoints {

    static final String QUERY_IN_PROGRESS = "333333";
    static final String QUERY_IN_PROGRESS_ASYNC = "333334";
    static final String TOO_MANY_CONCURRENT_REQUESTS = "000610";
    static final String NOT_EXECUTING = "000605";
    /**
     * A warehouse that ran nothing for this long is suspended: CREATE WAREHOUSE's default AUTO_SUSPEND (docs:
     * sql/create-warehouse).
     */
    static final Duration AUTO_SUSPEND = Duration.ofMinutes(10);
    /** What a 333333 answer tells the driver about when the statement would be aborted. */
    static final Duration QUERY_ABORTS_AFTER = Duration.ofMinutes(5);

    static final Pattern RESULT_PATH = Pattern.compile("/queries/([0-9a-fA-F-]{36})/result");
    static final Pattern MONITORING_PATH = Pattern.compile("/monitoring/queries/([0-9a-fA-F-]{36})");
    static final Pattern CHUNK_PATH = Pattern.compile("/chunks/([0-9a-fA-F-]{36})/(\\d+)");

    private final ObjectMapper json;
    private final SnowflakeStandIn.Config config;
    private final SqlEngine engine;
    private final QueryRegistry queries;
    private final SessionEndpoints sessionEndpoints;
    /** When each warehouse last finished a statement (absent: suspended). */
    private final Map<String, java.time.Instant> warehouseLastUsed = new java.util.concurrent.ConcurrentHashMap<>();
    /** How long a suspended warehouse takes to resume; zero: warehouses never suspend. */
    private volatile Duration warehouseResumeTime;

    QueryEndpoints(ObjectMapper json, SnowflakeStandIn.Config config, SqlEngine engine, QueryRegistry queries,
                   SessionEndpoints sessionEndpoints) {
        this.json = json;
        this.config = config;
        this.engine = engine;
        this.queries = queries;
        this.sessionEndpoints = sessionEndpoints;
        this.warehouseResumeTime = config.warehouseResumeTime();
    }

    /** Every warehouse is suspended from now, and takes {@code resume} to start again. */
    void suspendWarehouses(Duration resume) {
        warehouseResumeTime = resume;
        warehouseLastUsed.clear();
    }

    void query(Exchange exchange) throws IOException {
        Optional<SnowflakeSession> found = sessionEndpoints.authenticate(exchange);
        if (found.isEmpty()) {
            return;
        }
        SnowflakeSession session = found.get();
        Optional<JsonNode> body = sessionEndpoints.readBody(exchange);
        if (body.isEmpty()) {
            return;
        }
        Wire.QueryRequest request = Wire.QueryRequest.from(body.get());
        if (request.sqlText() == null || request.sqlText().isBlank()) {
            exchange.respondJson(200, Wire.failure("390142", SessionEndpoints.INVALID_PAYLOAD, null));
            return;
        }
        // The statement's format: its own parameter, else the session's, else Snowflake's default (Arrow).
        Object format = request.parameters().containsKey(SessionParameters.RESULT_FORMAT)
                ? SessionParameters.fromJson(request.parameters().get(SessionParameters.RESULT_FORMAT))
                : session.parameters.get(SessionParameters.RESULT_FORMAT);
        sessionEndpoints.noteResultFormat(session, format == null ? SessionParameters.DEFAULT_RESULT_FORMAT : format);
        if (config.userConcurrencyLimit() > 0 && queries.running(session.user) >= config.userConcurrencyLimit()) {
            // As Snowflake answers it (snowflake-connector-nodejs test/unit/mock/mock_http_client.js): no data, no
            // SQL state, so the code reaches the client as the vendor code.
            exchange.respondJson(200, Wire.failure(TOO_MANY_CONCURRENT_REQUESTS, "Exceeded number of allowed"
                    + " concurrent requests per user. You may try again later. If the problem persists, contact your"
                    + " local administrator.", null));
            return;
        }
        // No de-duplication by requestId: Snowflake documents none for this endpoint, so a re-post after a network
        // failure (same requestId, with retryCount/retryReason) runs the statement again, the worst case.
        String warehouse = request.describeOnly() ? null : warehouseNeeded(session, request);
        boolean resume = warehouse != null && suspended(warehouse);
        QueryRegistry.Query query = queries.submit(UUID.randomUUID().toString(), exchange.queryParameter("requestId"),
                session, request.sqlText(), queryTag(session, request), statementTimeout(session, request), resume,
                q -> run(session, request, q, warehouse));
        if (request.asyncExec()) {
            exchange.respondJson(200, inProgress(query, QUERY_IN_PROGRESS_ASYNC,
                    "Asynchronous execution in progress. Use provided query id to perform query monitoring and management."));
            return;
        }
        respondWhenDone(exchange, session, query, request);
    }

    /** Runs on the registry's executor, holding the session so its statements run one at a time. */
    private Wire.QueryResult run(SnowflakeSession session, Wire.QueryRequest request, QueryRegistry.Query query,
                                 String warehouse) {
        // Outside the session's lock: its other statements (a monitoring query, say) need not wait for the resume.
        awaitResume(query);
        synchronized (session) {
            if (session.ended()) {
                // Ended between the request and its turn: Snowflake aborts the session's queries with it, so the
                // history shows it aborted (000604), never failed without a code; the caller still hears 390111.
                query.cancel(QueryRegistry.Stop.CANCELED);
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
            // Only now is it RUNNING: a test (or a monitoring poll) that sees RUNNING and ends the session meets a
            // statement Snowflake aborts mid-run, never one refused before it started.
            query.markExecuting();
            try {
                SessionParameters.validateStatementParameters(request.parameters());
                if (request.describeOnly()) {
                    return engine.describe(session, request);
                }
                List<String> statements = SqlEngine.statements(request.sqlText());
                int expected = multiStatementCount(session, request);
                if (statements.size() > 1 || expected > 1) {
                    if (expected != 0 && expected != statements.size()) {
                        throw new StandInSqlException("000008", "0A000", "Actual statement count "
                                + statements.size() + " did not match the desired statement count " + expected + ".");
                    }
                    if (statements.size() > 1) {
                        return runChildren(session, request, query, statements);
                    }
                }
                return engine.execute(session, request);
            } catch (RuntimeException e) {
                throw query.stop() != null ? stopped(query) : e;
            } finally {
                if (warehouse != null) {
                    warehouseLastUsed.put(warehouse, config.clock().instant());
                }
                if (!request.describeOnly()) {
                    session.recordQuery(query.id);
                }
                sessionEndpoints.noteResultFormat(session, session.parameters.get(SessionParameters.RESULT_FORMAT));
            }
        }
    }

    /** The session's warehouse when the statement needs compute (null otherwise: it then fails with 000606 or needs none). */
    private static String warehouseNeeded(SnowflakeSession session, Wire.QueryRequest request) {
        try {
            boolean needsOne = SqlEngine.statements(request.sqlText()).stream().map(SqlLexer::significant)
                    .anyMatch(tokens -> !tokens.isEmpty() && WarehouseCommands.needsWarehouse(tokens));
            return needsOne ? session.warehouse : null;
        } catch (StandInSqlException e) {
            // Text that does not even lex fails when it runs, before any warehouse would be asked for.
            return null;
        }
    }

    /** Whether the warehouse has run nothing for {@link #AUTO_SUSPEND}, or ever, with resuming modelled at all. */
    private boolean suspended(String warehouse) {
        java.time.Instant lastUsed = warehouseLastUsed.get(warehouse);
        return !warehouseResumeTime.isZero()
                && (lastUsed == null || config.clock().instant().isAfter(lastUsed.plus(AUTO_SUSPEND)));
    }

    /**
     * A statement submitted to a suspended warehouse first waits the warehouse's resume time
     * as RESUMING_WAREHOUSE (a status snowflake-jdbc's {@code QueryStatus} counts as still running); decided when it
     * was submitted, so monitoring never shows it RUNNING before.
     */
    private void awaitResume(QueryRegistry.Query query) {
        if (!query.resuming) {
            return;
        }
        try {
            Thread.sleep(warehouseResumeTime.toMillis());
        } catch (InterruptedException e) {
            // A cancel or timeout interrupts the wait as it would the statement.
            throw stopped(query);
        } finally {
            query.resuming = false;
        }
    }

    /**
     * Runs each statement of a multi-statement request as its own query, registered so the driver can fetch it by
     * id; the parent answers with their ids and types. The first failure ends the run, as in Snowflake.
     */
    private Wire.QueryResult runChildren(SnowflakeSession session, Wire.QueryRequest request, QueryRegistry.Query parent,
                                         List<String> statements) {
        List<String> ids = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (String statement : statements) {
            String childId = UUID.randomUUID().toString();
            Wire.QueryRequest child = new Wire.QueryRequest(statement, java.util.Map.of(), request.parameters(), false,
                    false);
            try {
                Wire.QueryResult result = engine.execute(session, child);
                queries.recordFinished(childId, session, statement, parent.queryTag, result, null);
                ids.add(childId);
                types.add(result.statementTypeId());
            } catch (StandInSqlException e) {
                queries.recordFinished(childId, session, statement, parent.queryTag, null, e);
                throw e;
            } finally {
                session.recordQuery(childId);
            }
        }
        Wire.QueryResult summary = SqlEngine.status(StatementTypes.SELECT, "Multiple statements executed successfully.");
        return new Wire.QueryResult(summary.rowtype(), summary.rowset(), StatementTypes.MULTI_STATEMENT, ids, types);
    }

    /** {@code MULTI_STATEMENT_COUNT} of the statement, else of the session: 1 by default, 0 for any number. */
    private static int multiStatementCount(SnowflakeSession session, Wire.QueryRequest request) {
        Object value = request.parameters().containsKey(SessionParameters.MULTI_STATEMENT_COUNT)
                ? SessionParameters.fromJson(request.parameters().get(SessionParameters.MULTI_STATEMENT_COUNT))
                : session.parameters.get(SessionParameters.MULTI_STATEMENT_COUNT);
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static StandInSqlException stopped(QueryRegistry.Query query) {
        return query.stop() == QueryRegistry.Stop.TIMED_OUT
                ? new StandInSqlException("000630", "57014",
                        "Statement reached its statement or warehouse timeout and was canceled.")
                : new StandInSqlException("000604", "57014", "SQL execution canceled");
    }

    /** The {@code QUERY_TAG} the statement runs under: its own parameter, else the session's. */
    private static String queryTag(SnowflakeSession session, Wire.QueryRequest request) {
        Object tag = request.parameters().containsKey(SessionParameters.QUERY_TAG)
                ? SessionParameters.fromJson(request.parameters().get(SessionParameters.QUERY_TAG))
                : session.parameters.get(SessionParameters.QUERY_TAG);
        return tag == null ? "" : String.valueOf(tag);
    }

    /** {@code STATEMENT_TIMEOUT_IN_SECONDS} of the statement, else of the session; zero for none. */
    private static Duration statementTimeout(SnowflakeSession session, Wire.QueryRequest request) {
        Object value = request.parameters().containsKey(SessionParameters.STATEMENT_TIMEOUT)
                ? SessionParameters.fromJson(request.parameters().get(SessionParameters.STATEMENT_TIMEOUT))
                : session.parameters.get(SessionParameters.STATEMENT_TIMEOUT);
        long seconds = value instanceof Number number ? number.longValue() : 0;
        return seconds > 0 ? Duration.ofSeconds(seconds) : Duration.ZERO;
    }

    void result(Exchange exchange) throws IOException {
        Optional<SnowflakeSession> found = sessionEndpoints.authenticate(exchange);
        if (found.isEmpty()) {
            return;
        }
        Matcher m = RESULT_PATH.matcher(exchange.path());
        m.matches();
        Optional<QueryRegistry.Query> query = queries.find(m.group(1)).filter(q -> q.user.equals(found.get().user));
        if (query.isEmpty()) {
            exchange.respondJson(200, Wire.statementFailure(new StandInSqlException("000709", "02000",
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
                case StandInSqlException failure ->
                        exchange.respondJson(200, Wire.statementFailure(failure, query.id));
                case SessionGoneException gone -> SessionEndpoints.respondSessionGone(exchange);
                default -> exchange.respondJson(200, Wire.statementFailure(new StandInSqlException("000603", "XX000",
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

    void abort(Exchange exchange) throws IOException {
        if (sessionEndpoints.authenticate(exchange).isEmpty()) {
            return;
        }
        Optional<JsonNode> body = sessionEndpoints.readBody(exchange);
        if (body.isEmpty()) {
            return;
        }
        String requestId = body.get().path("requestId").asText("");
        Optional<QueryRegistry.Query> running = queries.byRequestId(requestId);
        if (running.isEmpty() || !running.get().cancel(QueryRegistry.Stop.CANCELED)) {
            // Snowflake's answer for a statement that is not running (any more, or ever), as the Node.js driver's
            // tests record it (test/unit/mock/mock_http_client.js): the driver reports vendor code 605.
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("age", 0);
            data.put("errorCode", NOT_EXECUTING);
            data.put("internalError", false);
            data.put("queryId", null);
            data.put("sqlState", "01000");
            exchange.respondJson(200, Wire.failure(NOT_EXECUTING,
                    "Identified SQL statement is not currently executing.", data));
            return;
        }
        exchange.respondJson(200, Wire.success(null));
    }

    void monitoring(Exchange exchange) throws IOException {
        Optional<SnowflakeSession> found = sessionEndpoints.authenticate(exchange);
        if (found.isEmpty()) {
            return;
        }
        Matcher m = MONITORING_PATH.matcher(exchange.path());
        m.matches();
        List<Map<String, Object>> entries = new ArrayList<>();
        java.time.Instant now = config.clock().instant();
        queries.find(m.group(1)).filter(q -> q.user.equals(found.get().user))
                // Right after a statement starts, Snowflake's monitoring may not know it yet and answers no data.
                .filter(q -> !now.isBefore(q.startedAt.plus(config.monitoringVisibilityLag())))
                .ifPresent(query -> {
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
    void chunk(Exchange exchange) throws IOException {
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
        if (!result.childIds().isEmpty()) {
            // Comma-separated strings of equal length, or the driver reports mismatched sizes.
            data.put("resultIds", String.join(",", result.childIds()));
            data.put("resultTypes", String.join(",", result.childTypes().stream().map(String::valueOf).toList()));
        }
        // A JSON number: the driver reads it with longValue(), and TIMESTAMP_TZ decoding needs 1.
        data.put("version", 1);
        data.put("sendResultTime", System.currentTimeMillis());
        data.put("queryResultFormat", "json");
        return data;
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

    /** The session ended while a statement waited for it. */
    static final class SessionGoneException extends RuntimeException {
        SessionGoneException() {
            super("session ended", null, false, false);
        }
    }
}
