package io.snowgate.lambda.http;

import static io.snowgate.lambda.http.ApiGatewayEventFixtures.CALLER;
import static io.snowgate.lambda.http.ApiGatewayEventFixtures.OTHER_CALLER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.StandInExtension;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.snowflake.QueryInfo;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.http.ApiGatewayEventFixtures.Payload;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.query.QueryTag;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.UserKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The HTTP handler end to end through both payload versions: real AWS SDK and snowflake-jdbc against the stand-ins. */
class HttpQueryHandlerTest {

    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration VISIBILITY_LAG = Duration.ofMillis(700);
    /** Lambda's limit on a synchronous response. */
    private static final int LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;

    @RegisterExtension
    final StandInExtension<SecretsManagerStandIn> secretsManager =
            StandInExtension.of(SecretsManagerStandIn.class, () -> new SecretsManagerStandIn().start());
    @RegisterExtension
    final StandInExtension<SnowflakeStandIn> snowflake = StandInExtension.of(SnowflakeStandIn.class,
            () -> new SnowflakeStandIn(SnowflakeStandIn.Config.defaults().withResultChunkRows(1000)
                    // As Snowflake's monitoring can be, right after a start: every test that polls runs with it.
                    .withMonitoringVisibilityLag(VISIBILITY_LAG)).start());

    @TempDir
    Path keys;

    /** The function's own mapper, so that an answer's decimals are read as exactly as it wrote them. */
    private final ObjectMapper json = QueryFunction.jsonMapper();
    private LocalDeployment deployment;
    private UserKey key;
    private QueryFunction function;
    private HttpQueryHandler handler;

    @BeforeEach
    void deploy() {
        key = UserKey.generate(keys.resolve("key"), "http-passphrase");
        deployment = new LocalDeployment(secretsManager.get(), snowflake.get()).install(key);
        function = deployment.function(Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofMinutes(1));
        handler = new HttpQueryHandler(function);
    }

    @AfterEach
    void tearDown() {
        function.close();
        deployment.close();
    }

    /** The handler's answer: status, headers and the body parsed, plus its size as Lambda would return it. */
    record Answer(int status, JsonNode headers, JsonNode body, int size) {
        String error() {
            return body.path("error").path("code").asText();
        }
    }

    private Answer call(HttpQueryHandler target, Payload payload, String method, String path,
            Map<String, String> query, String body, String caller, Duration timeout) throws IOException {
        return invoke(target, ApiGatewayEventFixtures.event(payload, method, path, query, body, caller), timeout);
    }

    private Answer invoke(HttpQueryHandler target, String event, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        target.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("http", timeout, Clock.systemUTC()));
        JsonNode response = json.readTree(out.toByteArray());
        return new Answer(response.get("statusCode").asInt(), response.get("headers"),
                json.readTree(response.get("body").asText()), out.size());
    }

    private Answer post(Payload payload, String path, String body) throws IOException {
        return call(handler, payload, "POST", path, Map.of(), body, CALLER, INVOCATION_TIMEOUT);
    }

    private Answer get(HttpQueryHandler target, Payload payload, String path, String caller) throws IOException {
        return call(target, payload, "GET", path, Map.of(), null, caller, INVOCATION_TIMEOUT);
    }

    /** Polls as a client would, until the run is no longer running (each poll is a real call). */
    private Answer pollUntilDone(HttpQueryHandler target, Payload payload, String location) throws IOException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Answer answer = follow(target, payload, location, CALLER);
        while (answer.status() == 202 && System.nanoTime() < until) {
            answer = follow(target, payload, location, CALLER);
        }
        return answer;
    }

    /** GET of a {@code Location} the handler gave, as a caller follows it through API Gateway. */
    private Answer follow(HttpQueryHandler target, Payload payload, String location, String caller)
            throws IOException {
        return get(target, payload, ApiGatewayEventFixtures.routePath(payload, location), caller);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void post_answers200WithColumnsAndTypedRows(Payload payload) throws IOException {
        Answer answer = post(payload, "/queries/echo_text", "{\"params\":{\"text\":\"hello\",\"n\":3}}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().get("Content-Type").asText()).isEqualTo("application/json");
        JsonNode body = answer.body();
        assertThat(body.get("query").asText()).isEqualTo("echo_text");
        assertThat(body.get("queryId").asText()).matches("[0-9a-f-]{36}");
        assertThat(body.get("columns")).isEqualTo(json.readTree(
                "[{\"name\":\"ECHOED\",\"type\":\"varchar\"},{\"name\":\"N\",\"type\":\"number\"}]"));
        assertThat(body.get("rows")).isEqualTo(json.readTree("[{\"ECHOED\":\"hello\",\"N\":3}]"));
        assertThat(body.get("rowCount").asInt()).isEqualTo(1);
        assertThat(body.get("truncated").asBoolean()).isFalse();
        assertThat(body.get("elapsedMs").isIntegralNumber()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void run_recordsTheCallerInItsQueryTag(Payload payload) throws IOException {
        Answer answer = post(payload, "/queries/echo_text", "{\"params\":{\"text\":\"hello\"}}");

        QueryInfo run = snowflake.get().query(answer.body().get("queryId").asText()).orElseThrow();
        assertThat(QueryTag.fromJson(json, run.queryTag()).orElseThrow().caller()).contains(CALLER);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aCallerTooLongForSnowflakesQueryTag_stillRuns_taggedWithItsBeginningAndADigest(Payload payload)
            throws IOException {
        // The stand-in refuses a QUERY_TAG over Snowflake's 2000 characters, as Snowflake does: the tag must be cut.
        String caller = "arn:aws:iam::210987654321:user/" + "a-very-long-principal-".repeat(120);
        Answer answer = call(handler, payload, "POST", "/queries/echo_text", Map.of(), "{\"params\":{\"text\":\"hi\"}}",
                caller, INVOCATION_TIMEOUT);

        assertThat(answer.status()).isEqualTo(200);
        QueryInfo run = snowflake.get().query(answer.body().get("queryId").asText()).orElseThrow();
        assertThat(QueryTag.fromJson(json, run.queryTag()).orElseThrow().caller()).hasValueSatisfying(shown -> {
            assertThat(shown).startsWith("arn:aws:iam::210987654321:user/a-very-long-principal-");
            assertThat(shown).contains("...sha256:");
        });
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void unknownQuery_andQueryNotExposedOverHttp_answer404(Payload payload) throws IOException {
        Answer unknown = post(payload, "/queries/nope", null);
        Answer scheduledOnly = post(payload, "/queries/slow", "{\"params\":{\"seconds\":1}}");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("UNKNOWN_QUERY");
        assertThat(unknown.body().get("error").get("requestId").asText()).isNotBlank();
        assertThat(scheduledOnly.status()).isEqualTo(404);
        assertThat(scheduledOnly.error()).isEqualTo("UNKNOWN_QUERY");
        assertThat(snowflake.get().queries()).noneMatch(q -> q.sqlText().contains("SYSTEM$WAIT"));
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void rawSql_isRefusedWith400(Payload payload) throws IOException {
        Answer sql = post(payload, "/queries/current_version", "{\"sql\":\"DROP TABLE users\"}");
        Answer statement = post(payload, "/queries/current_version", "{\"statement\":\"SELECT 1\",\"params\":{}}");

        assertThat(sql.status()).isEqualTo(400);
        assertThat(sql.error()).isEqualTo("INVALID_REQUEST");
        assertThat(sql.body().get("error").get("message").asText()).contains("SQL is not accepted")
                .doesNotContain("DROP TABLE");
        assertThat(statement.status()).isEqualTo(400);
        assertThat(snowflake.get().queries()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void unknownMissingAndMistypedParameters_answer400NamingTheParameterNotTheValue(Payload payload)
            throws IOException {
        Answer unknown = post(payload, "/queries/echo_text", "{\"params\":{\"text\":\"a\",\"extra\":\"s3cr3t-v4lue\"}}");
        Answer missing = post(payload, "/queries/echo_text", "{\"params\":{\"n\":2}}");
        Answer mistyped = post(payload, "/queries/echo_text", "{\"params\":{\"text\":\"a\",\"n\":\"s3cr3t-v4lue\"}}");
        Answer nested = post(payload, "/queries/echo_text", "{\"params\":{\"text\":{\"a\":1}}}");

        for (Answer answer : java.util.List.of(unknown, missing, mistyped, nested)) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().toString()).doesNotContain("s3cr3t-v4lue");
        }
        // Every message of this query holds "echo_text": the parameter is checked as the message names it.
        for (Answer answer : java.util.List.of(unknown, missing, mistyped)) {
            assertThat(answer.error()).isEqualTo("INVALID_PARAMETER");
        }
        assertThat(unknown.body().get("error").get("message").asText())
                .isEqualTo("query 'echo_text', parameter 'extra': is not a parameter of this query");
        assertThat(missing.body().get("error").get("message").asText())
                .isEqualTo("query 'echo_text', parameter 'text': is required");
        assertThat(mistyped.body().get("error").get("message").asText())
                .startsWith("query 'echo_text', parameter 'n': ");
        assertThat(nested.error()).isEqualTo("INVALID_REQUEST");
        assertThat(snowflake.get().queries()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void bodyThatIsNotJson_answers400(Payload payload) throws IOException {
        Answer answer = post(payload, "/queries/echo_text", "text=hello");
        Answer array = post(payload, "/queries/echo_text", "[1,2]");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("error").get("message").asText()).contains("body must be JSON");
        assertThat(array.status()).isEqualTo(400);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void unknownRoute_answers404_andWrongMethod_answers405WithAllow(Payload payload) throws IOException {
        Answer route = call(handler, payload, "GET", "/tables/users", Map.of(), null, CALLER, INVOCATION_TIMEOUT);
        Answer getQuery = call(handler, payload, "GET", "/queries/echo_text", Map.of(), null, CALLER,
                INVOCATION_TIMEOUT);
        Answer deleteRun = call(handler, payload, "DELETE", "/queries/echo_text/runs/" + UUID.randomUUID(),
                Map.of(), null, CALLER, INVOCATION_TIMEOUT);

        assertThat(route.status()).isEqualTo(404);
        assertThat(route.error()).isEqualTo("NOT_FOUND");
        assertThat(getQuery.status()).isEqualTo(405);
        assertThat(getQuery.error()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(getQuery.headers().get("Allow").asText()).isEqualTo("POST");
        assertThat(deleteRun.status()).isEqualTo(405);
        assertThat(deleteRun.headers().get("Allow").asText()).isEqualTo("GET");
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void statementAValueFails_answers422WithItsCodeAndWithoutTheBoundValue(Payload payload) throws IOException {
        Answer answer = post(payload, "/queries/per_unit", "{\"params\":{\"units\":0}}");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.error()).isEqualTo("STATEMENT_FAILED");
        assertThat(answer.body().get("error").get("snowflakeCode").asText()).isEqualTo("100051/22012");
        assertThat(answer.body().toString()).doesNotContain("\tat ");
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void statementSnowflakeRefusesAsDeployed_answers502QueryMisconfigured_withTheDetailOnlyInTheLog(Payload payload)
            throws IOException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Answer answer;
        try (QueryFunction observed = functionLoggingTo(captured)) {
            answer = call(new HttpQueryHandler(observed), payload, "POST", "/queries/http_missing_table", Map.of(),
                    "{\"params\":{\"id\":\"customer-4711\"}}", CALLER, INVOCATION_TIMEOUT);
        }

        // A missing table (or grant, or warehouse) is the operator's to fix: a 5xx, which the API's alarm counts.
        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.error()).isEqualTo("QUERY_MISCONFIGURED");
        assertThat(answer.body().get("error").get("message").asText())
                .isEqualTo(HttpAnswers.PUBLIC_MESSAGES.get("QUERY_MISCONFIGURED"));
        assertThat(answer.body().get("error").get("snowflakeCode").asText()).startsWith("2003/");
        assertThat(answer.body().toString()).doesNotContain("customer-4711").doesNotContain("\tat ");
        String logged = captured.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("\"code\":\"QUERY_MISCONFIGURED\"", "Snowflake failed the statement with error 2003")
                .doesNotContain("customer-4711");
    }

    @Test
    void aFailedStatement_isLoggedWithTheQueryIdSnowflakeGaveIt_toLookUpInQueryHistory() throws IOException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (QueryFunction observed = functionLoggingTo(captured)) {
            HttpQueryHandler observedHandler = new HttpQueryHandler(observed);
            call(observedHandler, Payload.V2, "POST", "/queries/http_missing_table", Map.of(),
                    "{\"params\":{\"id\":\"customer-4711\"}}", CALLER, INVOCATION_TIMEOUT);
            call(observedHandler, Payload.V2, "POST", "/queries/per_unit", Map.of(), "{\"params\":{\"units\":0}}",
                    CALLER, INVOCATION_TIMEOUT);
            call(observedHandler, Payload.V2, "POST", "/queries/slow_http", Map.of(),
                    "{\"params\":{\"seconds\":20}}", CALLER, Duration.ofSeconds(4));
        }

        List<JsonNode> logged = captured.toString(StandardCharsets.UTF_8).lines().map(this::readJson)
                .filter(line -> "http_request".equals(line.path("event").asText())).toList();
        assertThat(logged).extracting(line -> line.path("code").asText())
                .containsExactly("QUERY_MISCONFIGURED", "STATEMENT_FAILED", "DEADLINE_EXCEEDED");
        // Each line names the statement Snowflake ran, as QUERY_HISTORY and the warehouse's own records know it.
        assertThat(logged.get(0).path("queryId").asText()).isEqualTo(queryIdOf("no_such_table"));
        assertThat(logged.get(1).path("queryId").asText()).isEqualTo(queryIdOf("100 / "));
        assertThat(logged.get(2).path("queryId").asText()).isEqualTo(queryIdOf("SYSTEM$WAIT"));
    }

    @Test
    void aStatementAbortedAsSnowflakeEndsItsSession_isLoggedWithItsQueryId() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (QueryFunction observed = functionLoggingTo(captured)) {
            HttpQueryHandler observedHandler = new HttpQueryHandler(observed);
            java.util.concurrent.CompletableFuture<Answer> answer = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return call(observedHandler, Payload.V2, "POST", "/queries/slow_http", Map.of(),
                                    "{\"params\":{\"seconds\":20}}", CALLER, INVOCATION_TIMEOUT);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            io.snowgate.emulator.junit5.Eventually.await("the statement to run", Duration.ofSeconds(10),
                    () -> snowflake.get().queries(), queries -> queries.stream().anyMatch(
                            q -> q.sqlText().contains("SYSTEM$WAIT") && q.status() == QueryInfo.Status.RUNNING));
            snowflake.get().endSessions(LocalDeployment.USER);
            assertThat(answer.get(20, java.util.concurrent.TimeUnit.SECONDS).error())
                    .isEqualTo("SNOWFLAKE_UNAVAILABLE");
        }

        JsonNode logged = captured.toString(StandardCharsets.UTF_8).lines().map(this::readJson)
                .filter(line -> "http_request".equals(line.path("event").asText())).findFirst().orElseThrow();
        assertThat(logged.path("code").asText()).isEqualTo("SNOWFLAKE_UNAVAILABLE");
        assertThat(logged.path("queryId").asText()).isEqualTo(queryIdOf("SYSTEM$WAIT"));
    }

    @Test
    void everyLineAnInvocationWrites_carriesItsRequestId_soOneSearchFindsTheWholeStory() throws IOException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (QueryFunction observed = functionLoggingTo(captured)) {
            HttpQueryHandler observedHandler = new HttpQueryHandler(observed);
            // A cold start (secret read, login), then a statement that finds its session ended (a new login).
            snowflake.get().faults().failNext(SnowflakeStandIn.QUERY, 1, new Fault.Error("390111",
                    "Session no longer exists.  New login required to access the service."));
            call(observedHandler, Payload.V2, "POST", "/queries/current_version", Map.of(), null, CALLER,
                    INVOCATION_TIMEOUT);
        }

        List<JsonNode> lines = captured.toString(StandardCharsets.UTF_8).lines().map(this::readJson)
                .filter(line -> line.has("event")).toList();
        String requestId = line(captured, "http_request").path("requestId").asText();
        assertThat(lines).extracting(line -> line.path("event").asText())
                .contains("secret_read", "snowflake_login", "snowflake_session_gone", "http_request");
        assertThat(lines).allSatisfy(line -> assertThat(line.path("requestId").asText())
                .as(line.toString()).isEqualTo(requestId));
    }

    /** The id of the one statement the stand-in ran whose text contains {@code sql}. */
    private String queryIdOf(String sql) {
        return snowflake.get().queries().stream().filter(q -> q.sqlText().contains(sql)).map(QueryInfo::id)
                .reduce((a, b) -> {
                    throw new AssertionError("more than one statement contains " + sql);
                }).orElseThrow(() -> new AssertionError("no statement contains " + sql));
    }

    private JsonNode readJson(String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void statementOnATableTheRoleHoldsNoGrantOn_answers502QueryMisconfigured_asForAMissingOne(Payload payload)
            throws Exception {
        // The table now exists, but another team's role made it: the function's role holds no SELECT on it.
        UserKey otherKey = UserKey.generate(keys.resolve("other"), "other-passphrase");
        snowflake.get().createServiceUser("OTHER_TEAM", otherKey.publicPem());
        as("OTHER_TEAM", otherKey, "CREATE TABLE NO_SUCH_TABLE (ID VARCHAR)");

        Answer answer = post(payload, "/queries/http_missing_table", "{\"params\":{\"id\":\"customer-4711\"}}");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.error()).isEqualTo("QUERY_MISCONFIGURED");
        assertThat(answer.body().get("error").get("snowflakeCode").asText()).startsWith("2003/");

        // The owner's grant is the operator's fix.
        as("OTHER_TEAM", otherKey, "GRANT SELECT ON TABLE NO_SUCH_TABLE TO ROLE " + LocalDeployment.USER + "_ROLE");
        Answer granted = post(payload, "/queries/http_missing_table", "{\"params\":{\"id\":\"customer-4711\"}}");
        assertThat(granted.status()).as(granted.body().toString()).isEqualTo(200);
        assertThat(granted.body().get("rows")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void deadline_stopsTheStatementInSnowflake_thenAnswers504(Payload payload) throws IOException {
        long start = System.nanoTime();

        Answer answer = call(handler, payload, "POST", "/queries/slow_http", Map.of(),
                "{\"params\":{\"seconds\":20}}", CALLER, Duration.ofSeconds(4));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.error()).isEqualTo("DEADLINE_EXCEEDED");
        // Stopped by Snowflake's own statement timeout or by the driver's cancel, whichever fires first: both are sent.
        assertThat(snowflake.get().queries()).filteredOn(q -> q.sqlText().contains("SYSTEM$WAIT"))
                .singleElement().satisfies(q -> assertThat(q.status()).isEqualTo(QueryInfo.Status.ABORTED));
    }

    @Test
    void aSlowLogin_leavesLessForTheStatement_andTheFunctionStillAnswersBeforeItsOwnTimeout() throws IOException {
        // Measured before the fix: a 5 s login on a 10 s invocation answered after 14.65 s, past Lambda's kill.
        snowflake.get().faults().delay(SnowflakeStandIn.LOGIN, Duration.ofSeconds(5));
        long start = System.nanoTime();

        Answer answer = call(handler, Payload.V2, "POST", "/queries/slow_http", Map.of(),
                "{\"params\":{\"seconds\":20}}", CALLER, Duration.ofSeconds(10));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.error()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(snowflake.get().queries()).filteredOn(q -> q.sqlText().contains("SYSTEM$WAIT"))
                .singleElement().satisfies(q -> assertThat(q.status()).isEqualTo(QueryInfo.Status.ABORTED));
        JsonNode sent = json.readTree(snowflake.get().requests(SnowflakeStandIn.QUERY).getLast().body());
        assertThat(sent.path("parameters").path("STATEMENT_TIMEOUT_IN_SECONDS").asInt())
                .as("Snowflake enforces the budget left after the login").isBetween(1, 5);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void queryAllowedLongerThanTheDeployedApiWaits_startsAsARunToPoll(Payload payload) throws IOException {
        // slow_http may run 25 s: within a 29 s API it answers synchronously, behind a 10 s API it must go async.
        SnowgateConfig base = deployment.config(Duration.ofMinutes(5));
        SnowgateConfig tenSecondApi = new SnowgateConfig(base.secretId(), base.passphraseSecretId(),
                base.catalogLocation(), base.secretTtl(), base.secretGrace(), base.snowflakeUrl(),
                Duration.ofSeconds(10));
        try (QueryFunction shortApi = deployment.function(tenSecondApi, Clock.systemUTC(), Duration.ofMinutes(1))) {
            HttpQueryHandler behindShortApi = new HttpQueryHandler(shortApi);

            Answer started = call(behindShortApi, payload, "POST", "/queries/slow_http", Map.of(),
                    "{\"params\":{\"seconds\":1}}", CALLER, Duration.ofSeconds(10));
            Answer sync = call(handler, payload, "POST", "/queries/slow_http", Map.of(),
                    "{\"params\":{\"seconds\":1}}", CALLER, Duration.ofSeconds(29));

            assertThat(started.status()).isEqualTo(202);
            assertThat(started.body().get("status").asText()).isEqualTo("RUNNING");
            assertThat(pollUntilDone(behindShortApi, payload, started.body().get("location").asText()).status())
                    .isEqualTo(200);
            assertThat(sync.status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void secretsManagerThrottling_answers502BeforeTheDeadline(Payload payload) throws IOException {
        secretsManager.get().faults().failNext("GetSecretValue", 20,
                new Fault.Error("ThrottlingException", "Rate exceeded"));
        long start = System.nanoTime();

        Answer answer = call(handler, payload, "POST", "/queries/current_version", Map.of(), null, CALLER,
                Duration.ofSeconds(10));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.error()).isEqualTo("SECRET_UNAVAILABLE");
        assertThat(answer.body().get("error").get("message").asText())
                .isEqualTo(HttpAnswers.PUBLIC_MESSAGES.get("SECRET_UNAVAILABLE"));
        assertThat(answer.body().toString()).doesNotContain(LocalDeployment.SECRET_ID);
        assertThat(secretsManager.get().counters().count("GetSecretValue")).isGreaterThan(1);
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.LOGIN)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void secretsManagerDown_answers502BeforeTheDeadline(Payload payload) throws IOException {
        secretsManager.get().faults().failNext("GetSecretValue", 20, new Fault.Status(503));
        Answer unavailable = call(handler, payload, "POST", "/queries/current_version", Map.of(), null, CALLER,
                Duration.ofSeconds(10));
        secretsManager.get().faults().clear();
        secretsManager.get().faults().failNext("GetSecretValue", 20, new Fault.Drop());
        long start = System.nanoTime();

        Answer dropped = call(handler, payload, "POST", "/queries/current_version", Map.of(), null, CALLER,
                Duration.ofSeconds(10));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(unavailable.status()).isEqualTo(502);
        assertThat(unavailable.error()).isEqualTo("SECRET_UNAVAILABLE");
        assertThat(dropped.status()).isEqualTo(502);
        assertThat(dropped.error()).isEqualTo("SECRET_UNAVAILABLE");
    }

    @Test
    void aDeadlineReachedWhileSigningIn_saysWhetherSecretsManagerOrTheSnowflakeLoginHeldIt() throws IOException {
        ByteArrayOutputStream slowSecret = new ByteArrayOutputStream();
        secretsManager.get().faults().delay("GetSecretValue", Duration.ofSeconds(8));
        Answer secretHeld;
        try (QueryFunction observed = functionLoggingTo(slowSecret)) {
            secretHeld = call(new HttpQueryHandler(observed), Payload.V2, "POST", "/queries/current_version",
                    Map.of(), null, CALLER, Duration.ofSeconds(3));
        }
        secretsManager.get().faults().clear();
        ByteArrayOutputStream slowLogin = new ByteArrayOutputStream();
        snowflake.get().faults().delay(SnowflakeStandIn.LOGIN, Duration.ofSeconds(8));
        Answer loginHeld;
        try (QueryFunction observed = functionLoggingTo(slowLogin)) {
            loginHeld = call(new HttpQueryHandler(observed), Payload.V2, "POST", "/queries/current_version",
                    Map.of(), null, CALLER, Duration.ofSeconds(3));
        }

        // Both are the same code to the caller; the operator's line says which service took the time.
        assertThat(secretHeld.error()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(loginHeld.error()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(line(slowSecret, "http_request").path("message").asText())
                .contains("reading the secret from Secrets Manager").doesNotContain("Snowflake login");
        assertThat(line(slowSecret, "snowflake_no_answer").path("during").asText())
                .contains("reading the secret from Secrets Manager");
        assertThat(line(slowLogin, "http_request").path("message").asText())
                .contains("the Snowflake login").doesNotContain("Secrets Manager");
        assertThat(line(slowLogin, "snowflake_no_answer").path("during").asText()).contains("the Snowflake login");
    }

    /** The first log line of that event. */
    private JsonNode line(ByteArrayOutputStream log, String event) {
        return log.toString(StandardCharsets.UTF_8).lines().map(this::readJson)
                .filter(line -> event.equals(line.path("event").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + event + " line in " + log));
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void snowflakeNotAnsweringTheStatement_answers502(Payload payload) throws IOException {
        post(payload, "/queries/current_version", null);
        snowflake.get().faults().failNext(SnowflakeStandIn.QUERY, 10, new Fault.Drop());

        Answer answer = post(payload, "/queries/current_version", null);

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.error()).isEqualTo("SNOWFLAKE_UNAVAILABLE");
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void keySnowflakeDoesNotKnow_answers502(Payload payload) throws IOException {
        snowflake.get().unsetPublicKey(LocalDeployment.USER, 1);

        Answer answer = post(payload, "/queries/current_version", null);

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.error()).isEqualTo("AUTHENTICATION_FAILED");
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void longQuery_startsARun_thatAFreshEnvironmentPollsToItsRows(Payload payload) throws IOException {
        Answer started = post(payload, "/queries/long_report", "{\"params\":{\"seconds\":0,\"n\":42}}");

        assertThat(started.status()).isEqualTo(202);
        String queryId = started.body().get("queryId").asText();
        String location = started.body().get("location").asText();
        // Under the stage the caller called: a REST API's (and a named HTTP API stage's) URLs start with it.
        assertThat(location).isEqualTo((payload == Payload.V1 ? ApiGatewayEventFixtures.REST_API_STAGE : "")
                + "/queries/long_report/runs/" + queryId);
        assertThat(started.headers().get("Location").asText()).isEqualTo(location);
        assertThat(started.body().get("status").asText()).isEqualTo("RUNNING");

        try (QueryFunction fresh = deployment.function(Clock.systemUTC(), Duration.ofMinutes(5),
                Duration.ofMinutes(1))) {
            Answer done = pollUntilDone(new HttpQueryHandler(fresh), payload, location);

            assertThat(done.status()).isEqualTo(200);
            assertThat(done.body().get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(done.body().get("queryId").asText()).isEqualTo(queryId);
            assertThat(done.body().get("rows").get(0).get("N").asInt()).isEqualTo(42);
            assertThat(done.body().get("columns").get(1).get("name").asText()).isEqualTo("N");
        }
        assertThat(snowflake.get().sessions()).hasSizeGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aPollOfAFinishedRun_asksMonitoringOnce_andReadsItsResultWithoutWaiting(Payload payload) throws IOException {
        Answer started = post(payload, "/queries/long_report", "{\"params\":{\"seconds\":0,\"n\":7}}");
        String location = started.body().get("location").asText();
        assertThat(pollUntilDone(handler, payload, location).status()).isEqualTo(200);
        snowflake.get().counters().reset();

        Answer again = follow(handler, payload, location, CALLER);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("rows").get(0).get("N").asInt()).isEqualTo(7);
        // snowflake-jdbc's result by query id (createResultSet) starts from an empty status, which counts as running:
        // it sleeps half a second and asks monitoring again before reading. The poll already knows the run succeeded.
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.MONITORING)).isEqualTo(1);
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.QUERY)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void behindACustomDomainsApiMapping_routesMatch_andTheRunsLocationKeepsTheMappingsPath(Payload payload)
            throws IOException {
        // API Gateway leaves the mapping's base path in the path it passes on; the route key (resource) is the API's.
        Answer started = invoke(handler, ApiGatewayEventFixtures.behindMapping(payload, "/snowgate/v1",
                ApiGatewayEventFixtures.event(payload, "POST", "/queries/long_report", Map.of(),
                        "{\"params\":{\"seconds\":0,\"n\":7}}", CALLER)), INVOCATION_TIMEOUT);

        assertThat(started.status()).isEqualTo(202);
        String location = started.body().get("location").asText();
        String runPath = "/queries/long_report/runs/" + started.body().get("queryId").asText();
        assertThat(location).isEqualTo("/snowgate/v1" + runPath);
        String poll = ApiGatewayEventFixtures.behindMapping(payload, "/snowgate/v1",
                ApiGatewayEventFixtures.event(payload, "GET", runPath, Map.of(), null, CALLER));
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Answer done = invoke(handler, poll, INVOCATION_TIMEOUT);
        while (done.status() == 202 && System.nanoTime() < until) {
            done = invoke(handler, poll, INVOCATION_TIMEOUT);
        }
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body().get("rows").get(0).get("N").asInt()).isEqualTo(7);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void asyncTrue_startsARunForAnyQuery(Payload payload) throws IOException {
        Answer started = call(handler, payload, "POST", "/queries/echo_text", Map.of("async", "true"),
                "{\"params\":{\"text\":\"later\"}}", CALLER, INVOCATION_TIMEOUT);
        Answer badFlag = call(handler, payload, "POST", "/queries/echo_text", Map.of("async", "yes"),
                "{\"params\":{\"text\":\"later\"}}", CALLER, INVOCATION_TIMEOUT);

        assertThat(started.status()).isEqualTo(202);
        Answer done = pollUntilDone(handler, payload, started.body().get("location").asText());
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body().get("rows").get(0).get("ECHOED").asText()).isEqualTo("later");
        assertThat(badFlag.status()).isEqualTo(400);
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void runStillGoing_answers202Running(Payload payload) throws IOException {
        // Long enough to be running at the poll; short because the stand-in's session close waits for it.
        Answer started = post(payload, "/queries/long_report", "{\"params\":{\"seconds\":4}}");

        // Another environment polls: the stand-in runs one statement per session at a time, Snowflake does not.
        Answer poll;
        try (QueryFunction other = deployment.function(Clock.systemUTC(), Duration.ofMinutes(5),
                Duration.ofMinutes(1))) {
            poll = follow(new HttpQueryHandler(other), payload,
                    started.body().get("location").asText(), CALLER);
        }

        assertThat(poll.status()).isEqualTo(202);
        assertThat(poll.body().get("status").asText()).isEqualTo("RUNNING");
        assertThat(poll.headers().get("Retry-After").asText()).isEqualTo("2");
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void runReadThroughAnotherQueryOrByAnotherCaller_answers403(Payload payload) throws IOException {
        Answer started = call(handler, payload, "POST", "/queries/echo_text", Map.of("async", "true"),
                "{\"params\":{\"text\":\"mine\"}}", CALLER, INVOCATION_TIMEOUT);
        String queryId = started.body().get("queryId").asText();

        Answer otherQuery = get(handler, payload, "/queries/current_version/runs/" + queryId, CALLER);
        Answer otherCaller = get(handler, payload, "/queries/echo_text/runs/" + queryId, OTHER_CALLER);
        Answer noCaller = get(handler, payload, "/queries/echo_text/runs/" + queryId, null);

        assertThat(otherQuery.status()).isEqualTo(403);
        assertThat(otherQuery.error()).isEqualTo("RUN_FORBIDDEN");
        assertThat(otherCaller.status()).isEqualTo(403);
        assertThat(otherCaller.error()).isEqualTo("RUN_FORBIDDEN");
        assertThat(noCaller.status()).isEqualTo(403);
        assertThat(otherCaller.body().toString()).doesNotContain("mine");
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void pollOfAQueryAnsweredAtOnce_answers403_sayingItIsNoRun(Payload payload) throws IOException {
        Answer answered = post(payload, "/queries/echo_text", "{\"params\":{\"text\":\"now\"}}");
        String queryId = answered.body().get("queryId").asText();
        // Until Snowflake's monitoring shows the statement (the stand-in's lag), the id is unknown, as for a run.
        long until = System.nanoTime() + VISIBILITY_LAG.multipliedBy(10).toNanos();
        Answer poll = get(handler, payload, "/queries/echo_text/runs/" + queryId, CALLER);
        while (poll.status() == 404 && System.nanoTime() < until) {
            poll = get(handler, payload, "/queries/echo_text/runs/" + queryId, CALLER);
        }

        assertThat(answered.status()).isEqualTo(200);
        assertThat(poll.status()).isEqualTo(403);
        assertThat(poll.error()).isEqualTo("RUN_FORBIDDEN");
        assertThat(poll.body().get("error").get("message").asText()).isEqualTo("run '" + queryId + "' may not be"
                + " read here: it is not a run of query 'echo_text' as deployed now (another query's statement, one"
                + " answered at once rather than started as a run, or a run started before the query's SQL changed)");
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void unknownRun_answers404_repeatingTheIdOnlyWhenItIsAQueryId(Payload payload) throws IOException {
        String neverIssued = UUID.randomUUID().toString();
        Answer unknown = get(handler, payload, "/queries/echo_text/runs/" + neverIssued, CALLER);
        Answer malformed = get(handler, payload, "/queries/echo_text/runs/not-a-query-id", CALLER);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("UNKNOWN_RUN");
        assertThat(unknown.body().path("error").path("message").asText()).contains(neverIssued);
        assertThat(malformed.status()).isEqualTo(404);
        assertThat(malformed.error()).isEqualTo("UNKNOWN_RUN");
        assertThat(malformed.body().path("error").path("message").asText())
                .isEqualTo("no such run: the path does not end in a Snowflake query id (a UUID, as the 202's location"
                        + " gives)");
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void failedRun_answersItsError(Payload payload) throws IOException {
        Answer started = call(handler, payload, "POST", "/queries/http_missing_table", Map.of("async", "true"),
                "{\"params\":{\"id\":\"customer-4711\"}}", CALLER, INVOCATION_TIMEOUT);

        Answer done = pollUntilDone(handler, payload, started.body().get("location").asText());

        assertThat(done.status()).isEqualTo(502);
        assertThat(done.error()).isEqualTo("QUERY_MISCONFIGURED");
        assertThat(done.body().get("status").asText()).isEqualTo("FAILED");
        assertThat(done.body().get("queryId").asText()).isEqualTo(started.body().get("queryId").asText());
        assertThat(done.body().toString()).doesNotContain("customer-4711");
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aSecretWhoseWarehouseDoesNotExist_failsCallsAndRunsThatNeedOne_sayingSo(Payload payload) throws Exception {
        createAllTypesTable();
        deployment.storeSecret(deployment.secretJson(key, true, Optional.of("NO_SUCH_WH")));

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Answer now;
        Answer done;
        try (QueryFunction observed = functionLoggingTo(captured)) {
            HttpQueryHandler observedHandler = new HttpQueryHandler(observed);
            now = call(observedHandler, payload, "POST", "/queries/all_types", Map.of(), "{}", CALLER,
                    INVOCATION_TIMEOUT);
            Answer started = call(observedHandler, payload, "POST", "/queries/all_types", Map.of("async", "true"),
                    "{}", CALLER, INVOCATION_TIMEOUT);
            done = started.status() == 202
                    ? pollUntilDone(observedHandler, payload, started.body().get("location").asText()) : started;
        }

        for (Answer answer : List.of(now, done)) {
            assertThat(answer.status()).isEqualTo(502);
            assertThat(answer.error()).isEqualTo("QUERY_MISCONFIGURED");
            assertThat(answer.body().get("error").get("snowflakeCode").asText()).startsWith("606");
            assertThat(answer.body().get("error").get("message").asText())
                    .isEqualTo(HttpAnswers.PUBLIC_MESSAGES.get("QUERY_MISCONFIGURED"));
        }
        assertThat(now.body().get("error").get("snowflakeCode").asText()).isEqualTo("606/57P03");
        // The operator's detail, in the function's log: which setting names the warehouse.
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("no current warehouse", "'warehouse' field");
    }

    /** A function of its own whose log lines go to {@code log}: the log takes {@code System.out} when it is built. */
    private QueryFunction functionLoggingTo(ByteArrayOutputStream log) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            return deployment.function(Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofMinutes(1));
        } finally {
            System.setOut(original);
        }
    }

    /** Runs statements as the service user, through the driver. */
    private void asServiceUser(String... statements) throws Exception {
        as(LocalDeployment.USER, key, statements);
    }

    /** Runs statements as {@code user} signed in with {@code userKey}, through the driver. */
    private void as(String user, UserKey userKey, String... statements) throws Exception {
        userKey.execute(snowflake.get(), user, statements);
    }

    /** A table with a column of every Snowflake type. */
    private void createAllTypesTable() throws Exception {
        asServiceUser("CREATE TABLE ALL_TYPES (N NUMBER(38,0), D NUMBER(10,2), BIG NUMBER(38,0),"
                + " PRECISE NUMBER(20,19), R FLOAT, T VARCHAR, B BOOLEAN, DT DATE, TM TIME, NTZ TIMESTAMP_NTZ,"
                + " LTZ TIMESTAMP_LTZ, TZ TIMESTAMP_TZ, V VARIANT, O OBJECT, A ARRAY, BIN BINARY)",
                "INSERT INTO ALL_TYPES VALUES (42, 1.50, 12345678901234567890123,"
                + " 0.1234567890123456789, 3.25, 'héllo ✓', TRUE, '2024-01-01', '12:34:56',"
                + " '2024-01-01 12:34:56.123456789', '2024-01-01 12:34:56.123456789+00:00',"
                + " '2024-01-01 13:34:56.123456789+01:00', PARSE_JSON('{\"a\":[1,2]}'), '{\"k\":\"v\"}',"
                + " '[1,\"x\"]', X'DEADBEEF')",
                "INSERT INTO ALL_TYPES (N) VALUES (NULL)");
    }

    /** The same query answered synchronously and as a polled run. */
    private record SyncAndPolled(Answer sync, Answer polled) {
    }

    private SyncAndPolled runSyncAndPolled(String query, String body) throws IOException {
        Answer sync = post(Payload.V2, "/queries/" + query, body);
        Answer started = call(handler, Payload.V2, "POST", "/queries/" + query, Map.of("async", "true"), body,
                CALLER, INVOCATION_TIMEOUT);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        return new SyncAndPolled(sync, pollUntilDone(handler, Payload.V2, started.body().get("location").asText()));
    }

    @Test
    void aDecimalInAVariant_isAnsweredWithEveryDigit() throws Exception {
        // PARSE_JSON keeps a decimal that fits a NUMBER exactly; the answer must not pass it through a double.
        createAllTypesTable();
        asServiceUser("INSERT INTO ALL_TYPES (N, V) VALUES (7, PARSE_JSON('{\"amount\": 12345678901234567890.123}'))");

        Answer answer = post(Payload.V2, "/queries/all_types", null);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode row = answer.body().get("rows").get(0);
        assertThat(row.get("N").asInt()).isEqualTo(7);
        assertThat(row.get("V").get("amount").decimalValue()).isEqualTo(new BigDecimal("12345678901234567890.123"));
    }

    @Test
    void decimalsWithManyPlaces_areWrittenInPlainNotation_asSnowflakeShowsThem() throws Exception {
        // BigDecimal's own text of a zero or a small value at a scale past 6 is 0E-19 or 1.000000000000E-7: valid
        // JSON, but not how Snowflake or any caller writes a NUMBER(20,19).
        createAllTypesTable();
        asServiceUser("DELETE FROM ALL_TYPES", "INSERT INTO ALL_TYPES (N, PRECISE) VALUES (1, 0), (2, 0.0000001)");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(ApiGatewayEventFixtures.event(Payload.V2, "POST",
                "/queries/all_types", Map.of(), null, CALLER).getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("http", INVOCATION_TIMEOUT, Clock.systemUTC()));

        String body = json.readTree(out.toByteArray()).get("body").asText();

        assertThat(body).contains("\"PRECISE\":0.0000000000000000000", "\"PRECISE\":0.0000001000000000000")
                .doesNotContainPattern("[0-9]E-[0-9]");
    }

    @Test
    void everySnowflakeType_isTypedJson() throws Exception {
        createAllTypesTable();

        Answer answer = post(Payload.V2, "/queries/all_types", null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("columns").findValuesAsText("type")).containsExactly("number", "number",
                "number", "number", "double", "varchar", "boolean", "date", "time", "timestamp_ntz",
                "timestamp_ltz", "timestamp_tz", "variant", "object", "array", "binary");
        JsonNode row = answer.body().get("rows").get(0);
        assertThat(row.get("N").isIntegralNumber()).isTrue();
        assertThat(row.get("N").asLong()).isEqualTo(42);
        assertThat(row.get("D").isNumber()).isTrue();
        assertThat(row.get("D").decimalValue()).isEqualByComparingTo("1.50");
        assertThat(row.get("BIG").isTextual()).isTrue();
        assertThat(row.get("BIG").asText()).isEqualTo("12345678901234567890123");
        assertThat(row.get("PRECISE").asText()).isEqualTo("0.1234567890123456789");
        assertThat(row.get("R").isFloatingPointNumber()).isTrue();
        assertThat(row.get("R").asDouble()).isEqualTo(3.25);
        assertThat(row.get("T").asText()).isEqualTo("héllo ✓");
        assertThat(row.get("B").isBoolean()).isTrue();
        assertThat(row.get("B").asBoolean()).isTrue();
        assertThat(row.get("DT").asText()).isEqualTo("2024-01-01");
        assertThat(row.get("TM").asText()).isEqualTo("12:34:56");
        assertThat(row.get("NTZ").asText()).isEqualTo("2024-01-01T12:34:56.123456789");
        assertThat(row.get("LTZ").asText()).isEqualTo("2024-01-01T12:34:56.123456789Z");
        assertThat(row.get("TZ").asText()).isEqualTo("2024-01-01T13:34:56.123456789+01:00");
        assertThat(row.get("V")).isEqualTo(json.readTree("{\"a\":[1,2]}"));
        assertThat(row.get("O")).isEqualTo(json.readTree("{\"k\":\"v\"}"));
        assertThat(row.get("A")).isEqualTo(json.readTree("[1,\"x\"]"));
        assertThat(row.get("BIN").asText()).isEqualTo("3q2+7w==");
        JsonNode nulls = answer.body().get("rows").get(1);
        assertThat(nulls.size()).isEqualTo(16);
        nulls.forEach(value -> assertThat(value.isNull()).isTrue());

    }

    @Test
    void aPolledResult_isTypedExactlyAsTheSameQueryAnsweredSynchronously() throws Exception {
        createAllTypesTable();

        SyncAndPolled answers = runSyncAndPolled("all_types", null);
        Answer sync = answers.sync();
        Answer polled = answers.polled();

        assertThat(sync.status()).isEqualTo(200);
        assertThat(polled.status()).isEqualTo(200);
        assertThat(polled.body().get("columns")).isEqualTo(sync.body().get("columns"));
        assertThat(polled.body().get("rows")).isEqualTo(sync.body().get("rows"));
    }

    @Test
    void duplicateColumnLabels_keepEveryValue_namedAsAPolledRunNamesThem() throws Exception {
        asServiceUser("CREATE TABLE CUSTOMERS (ID NUMBER(38,0))", "CREATE TABLE ORDERS (ID NUMBER(38,0),"
                + " CUSTOMER_ID NUMBER(38,0))", "INSERT INTO CUSTOMERS VALUES (7)", "INSERT INTO ORDERS VALUES (1, 7)");

        SyncAndPolled answers = runSyncAndPolled("joined_ids", null);

        assertThat(answers.sync().status()).isEqualTo(200);
        // RESULT_SCAN's naming: a repeat gets the next number no column uses yet (ID_1 is taken, so ID_2).
        assertThat(answers.sync().body().get("columns").findValuesAsText("name")).containsExactly("ID", "ID_2",
                "ID_1");
        assertThat(answers.sync().body().get("rows")).isEqualTo(json.readTree("[{\"ID\":1,\"ID_2\":7,\"ID_1\":7}]"));
        assertThat(answers.polled().status()).isEqualTo(200);
        assertThat(answers.polled().body().get("columns")).isEqualTo(answers.sync().body().get("columns"));
        assertThat(answers.polled().body().get("rows")).isEqualTo(answers.sync().body().get("rows"));
    }

    @Test
    void aPolledInsert_answersItsUpdateCount_asTheSynchronousInsertDoes() throws Exception {
        asServiceUser("CREATE TABLE NOTES (NOTE VARCHAR)");

        SyncAndPolled answers = runSyncAndPolled("http_record_notes", "{\"params\":{\"note\":\"hi\"}}");

        for (Answer answer : List.of(answers.sync(), answers.polled())) {
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
            assertThat(answer.body().get("updateCount").asLong()).isEqualTo(2);
            assertThat(answer.body().get("columns")).isEmpty();
            assertThat(answer.body().get("rows")).isEmpty();
            assertThat(answer.body().get("rowCount").asInt()).isZero();
        }
    }

    @Test
    void aPolledDdlStatement_answersAsTheSynchronousOneDoes_anUpdateCountOfZero() throws Exception {
        asServiceUser("CREATE TABLE NOTES (NOTE VARCHAR)", "INSERT INTO NOTES VALUES ('a'), ('b')");

        SyncAndPolled answers = runSyncAndPolled("http_copy_notes", null);

        // snowflake-jdbc gives DDL no result set and an update count of 0 (SFStatementType DDL,
        // ResultUtil.calculateUpdateCount); read back by its query id, the same statement's status row is a row.
        for (Answer answer : List.of(answers.sync(), answers.polled())) {
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
            assertThat(answer.body().path("updateCount").isIntegralNumber()).as(answer.body().toString()).isTrue();
            assertThat(answer.body().get("updateCount").asLong()).isZero();
            assertThat(answer.body().get("columns")).isEmpty();
            assertThat(answer.body().get("rows")).isEmpty();
        }
    }

    @Test
    void timeValues_areIsoWithTheirWholeFraction() throws Exception {
        asServiceUser("CREATE TABLE TIMES (T TIME(9), T3 TIME(3), T0 TIME(0))",
                "INSERT INTO TIMES VALUES ('12:34:56.123456789', '12:34:56.789', '12:34:56')",
                "INSERT INTO TIMES VALUES ('23:59:59.000000001', '00:00:00', '00:00:00')");

        SyncAndPolled answers = runSyncAndPolled("times", null);

        JsonNode expected = json.readTree("[{\"T\":\"12:34:56.123456789\",\"T3\":\"12:34:56.789\",\"T0\":\"12:34:56\"},"
                + "{\"T\":\"23:59:59.000000001\",\"T3\":\"00:00:00\",\"T0\":\"00:00:00\"}]");
        assertThat(answers.sync().body().get("rows")).isEqualTo(expected);
        assertThat(answers.polled().body().get("rows")).isEqualTo(expected);
    }

    @Test
    void dateTimeValues_areIso_whateverOutputFormatsTheAccountSets() throws Exception {
        // Every *_OUTPUT_FORMAT the driver reads from the session (SnowflakeResultSetSerializableV1), set for the
        // whole account as an administrator may: a new session starts from them.
        snowflake.get().setAccountParameter("TIME_OUTPUT_FORMAT", "HH12:MI AM");
        snowflake.get().setAccountParameter("DATE_OUTPUT_FORMAT", "DD/MM/YYYY");
        snowflake.get().setAccountParameter("TIMESTAMP_OUTPUT_FORMAT", "DY, DD MON YYYY HH12:MI AM");
        snowflake.get().setAccountParameter("TIMESTAMP_NTZ_OUTPUT_FORMAT", "MM/DD/YYYY HH12:MI AM");
        snowflake.get().setAccountParameter("TIMESTAMP_LTZ_OUTPUT_FORMAT", "MM/DD/YYYY HH12:MI AM TZH");
        snowflake.get().setAccountParameter("TIMESTAMP_TZ_OUTPUT_FORMAT", "MM/DD/YYYY HH12:MI AM TZH");
        createAllTypesTable();
        asServiceUser("CREATE TABLE TIMES (T TIME(9), T3 TIME(3), T0 TIME(0))",
                "INSERT INTO TIMES VALUES ('12:34:56.123456789', '12:34:56.789', '12:34:56')");

        SyncAndPolled times = runSyncAndPolled("times", null);
        SyncAndPolled allTypes = runSyncAndPolled("all_types", null);

        JsonNode expected = json.readTree(
                "[{\"T\":\"12:34:56.123456789\",\"T3\":\"12:34:56.789\",\"T0\":\"12:34:56\"}]");
        assertThat(times.sync().body().get("rows")).isEqualTo(expected);
        assertThat(times.polled().body().get("rows")).isEqualTo(expected);
        for (Answer answer : List.of(allTypes.sync(), allTypes.polled())) {
            JsonNode row = answer.body().get("rows").get(0);
            assertThat(row.get("DT").asText()).isEqualTo("2024-01-01");
            assertThat(row.get("TM").asText()).isEqualTo("12:34:56");
            assertThat(row.get("NTZ").asText()).isEqualTo("2024-01-01T12:34:56.123456789");
            assertThat(row.get("LTZ").asText()).isEqualTo("2024-01-01T12:34:56.123456789Z");
            assertThat(row.get("TZ").asText()).isEqualTo("2024-01-01T13:34:56.123456789+01:00");
        }
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aPollRightAfterTheStart_seesTheRun_whileANeverIssuedIdIsUnknown(Payload payload) throws IOException {
        Answer started = call(handler, payload, "POST", "/queries/slow_http", Map.of("async", "true"),
                "{\"params\":{\"seconds\":2}}", CALLER, INVOCATION_TIMEOUT);
        Answer rightAfter = follow(handler, payload, started.body().get("location").asText(), CALLER);
        Answer neverIssued = get(handler, payload,
                "/queries/slow_http/runs/01b8e2f4-0000-4a1b-8000-0000000000ff", CALLER);

        assertThat(started.status()).isEqualTo(202);
        assertThat(rightAfter.status()).as(rightAfter.body().toString()).isEqualTo(202);
        assertThat(rightAfter.body().get("status").asText()).isEqualTo("RUNNING");
        assertThat(neverIssued.status()).isEqualTo(404);
        assertThat(neverIssued.error()).isEqualTo("UNKNOWN_RUN");
    }

    @Test
    void aRunIsReadableByItsOwner_withNoDatabaseInTheSecret_andAfterManyOtherStatements() throws IOException {
        deployment.storeSecret(deployment.secretJson(key, false));
        snowflake.get().setDefaultNamespace(LocalDeployment.USER, null);
        try (QueryFunction fresh = deployment.function(Clock.systemUTC(), Duration.ofMinutes(5),
                Duration.ofMinutes(1))) {
            HttpQueryHandler noDatabase = new HttpQueryHandler(fresh);
            Answer started = call(noDatabase, Payload.V2, "POST", "/queries/echo_text", Map.of("async", "true"),
                    "{\"params\":{\"text\":\"mine\"}}", CALLER, INVOCATION_TIMEOUT);
            // More statements by the same user than QUERY_HISTORY lists by default (100).
            for (int i = 0; i < 120; i++) {
                assertThat(call(noDatabase, Payload.V2, "POST", "/queries/current_version", Map.of(), null, CALLER,
                        INVOCATION_TIMEOUT).status()).isEqualTo(200);
            }

            Answer done = pollUntilDone(noDatabase, Payload.V2, started.body().get("location").asText());
            Answer otherCaller = follow(noDatabase, Payload.V2, started.body().get("location").asText(),
                    OTHER_CALLER);

            assertThat(done.status()).as(done.body().toString()).isEqualTo(200);
            assertThat(done.body().get("rows").get(0).get("ECHOED").asText()).isEqualTo("mine");
            assertThat(otherCaller.status()).isEqualTo(403);
            assertThat(snowflake.get().queries()).as("ownership needs no query history")
                    .noneMatch(q -> q.sqlText().toUpperCase(java.util.Locale.ROOT).contains("QUERY_HISTORY"));
        }
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void resultOverSevenMegabytes_isCutUnderLambdasLimit_andReadingStopsEarly(Payload payload) throws IOException {
        int rows = 20_000;

        Answer answer = post(payload, "/queries/big_rows", "{\"params\":{\"rows\":" + rows + "}}");

        assertThat(answer.status()).isEqualTo(200);
        String queryId = answer.body().get("queryId").asText();
        int chunks = rows / snowflake.get().config().resultChunkRows() - 1;
        assertThat(answer.body().get("truncated").asBoolean()).isTrue();
        assertThat(answer.body().get("rowCount").asInt()).isBetween(4_000, rows - 1);
        assertThat(answer.size()).isLessThan(LAMBDA_RESPONSE_LIMIT);
        // The whole result is over 7 MB: 20,000 rows of more than 1,000 bytes.
        assertThat((long) rows * answer.body().get("rows").get(0).toString().length()).isGreaterThan(7_000_000L);
        assertThat(snowflake.get().query(queryId)).isPresent();
        // Rows were read as they came and reading stopped at the budget: not every chunk was downloaded.
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.CHUNK)).isLessThan(chunks);
    }

    @Test
    void everyCall_writesOneLogLineAndOneEmfDocument_withoutParameterValues() throws IOException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (QueryFunction observed = functionLoggingTo(captured)) {
            HttpQueryHandler observedHandler = new HttpQueryHandler(observed);
            call(observedHandler, Payload.V2, "POST", "/queries/echo_text", Map.of(),
                    "{\"params\":{\"text\":\"pii-marker-1234\"}}", CALLER, INVOCATION_TIMEOUT);
            call(observedHandler, Payload.V1, "POST", "/queries/echo_text", Map.of(),
                    "{\"params\":{\"text\":\"pii-marker-1234\",\"n\":\"pii-marker-5678\"}}", CALLER,
                    INVOCATION_TIMEOUT);
        }

        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("pii-marker");
        java.util.List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : output.split("\n")) {
            lines.add(json.readTree(line));
        }
        java.util.List<JsonNode> logs = lines.stream().filter(l -> "http_request".equals(l.path("event").asText()))
                .toList();
        java.util.List<JsonNode> metrics = lines.stream().filter(l -> l.has("_aws")).toList();
        assertThat(logs).hasSize(2);
        assertThat(logs.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(logs.get(0).get("caller").asText()).isEqualTo(CALLER);
        assertThat(logs.get(0).get("callerOrgId").asText()).isEqualTo("o-a1b2c3d4e5");
        assertThat(logs.get(0).get("rowCount").asInt()).isEqualTo(1);
        assertThat(logs.get(1).get("status").asInt()).isEqualTo(400);
        assertThat(logs.get(1).get("code").asText()).isEqualTo("INVALID_PARAMETER");
        assertThat(metrics).hasSize(2);
        assertThat(metrics.get(0).get("ColdStarts").asInt()).isEqualTo(1);
        assertThat(metrics.get(0).get("Query").asText()).isEqualTo("echo_text");
        assertThat(metrics.get(0).get("Rows").asInt()).isEqualTo(1);
        assertThat(metrics.get(1).has("ColdStarts")).isFalse();
        assertThat(metrics.get(1).get("Errors").asInt()).isEqualTo(1);
        assertThat(metrics.get(1).get("ErrorCode").asText()).isEqualTo("INVALID_PARAMETER");
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void noAuthenticatedPrincipal_is403OnEveryRoute_andRunsNothing(Payload payload) throws IOException {
        List<Answer> answers = List.of(
                call(handler, payload, "POST", "/queries/current_version", Map.of(), null, null, INVOCATION_TIMEOUT),
                call(handler, payload, "GET", "/queries/current_version/runs/01b8e2f4-0000-4a1b-8000-000000000042",
                        Map.of(), null, null, INVOCATION_TIMEOUT),
                call(handler, payload, "GET", "/no/such/route", Map.of(), null, null, INVOCATION_TIMEOUT));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.error()).isEqualTo("NO_PRINCIPAL");
        });
        assertThat(snowflake.get().requests()).isEmpty();
        assertThat(secretsManager.get().counters().count("GetSecretValue")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aRefusedLogin_tellsTheCallerNothingOfTheSecretUserAccountOrKey(Payload payload) throws IOException {
        snowflake.get().unsetPublicKey(LocalDeployment.USER, 1);

        Answer answer = post(payload, "/queries/current_version", null);

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.error()).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(answer.body().get("error").get("message").asText())
                .isEqualTo(HttpAnswers.PUBLIC_MESSAGES.get("AUTHENTICATION_FAILED"));
        assertThat(answer.body().get("error").get("requestId").asText()).isNotBlank();
        assertThat(answer.body().toString()).doesNotContain(key.fingerprint()).doesNotContain(LocalDeployment.USER)
                .doesNotContain(LocalDeployment.SECRET_ID).doesNotContain(snowflake.get().clientAccount());
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aSecretWhoseKeyDoesNotDecrypt_tellsTheCallerOnlyThatTheServiceIsMisconfigured(Payload payload)
            throws IOException {
        deployment.storeSecret(deployment.secretJson(key).replace(key.passphrase(), "not-the-passphrase"));

        Answer answer = post(payload, "/queries/current_version", null);

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.error()).isEqualTo("SECRET_INVALID");
        assertThat(answer.body().get("error").get("message").asText())
                .isEqualTo("the service's Snowflake credentials are misconfigured; its operator has the details");
        assertThat(answer.body().get("error").get("requestId").asText()).isNotBlank();
        assertThat(answer.body().toString()).doesNotContain(LocalDeployment.SECRET_ID).doesNotContain("private_key")
                .doesNotContain("passphrase");
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.LOGIN)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aQueryParameterInTheQueryString_is400_ratherThanTheQueryRunningWithoutIt(Payload payload)
            throws IOException {
        // A caller who puts a parameter in the URL would otherwise get 200 with the rows of its default (n is 1).
        Answer answer = call(handler, payload, "POST", "/queries/echo_text", Map.of("n", "5"),
                "{\"params\":{\"text\":\"a\"}}", CALLER, INVOCATION_TIMEOUT);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("INVALID_REQUEST");
        assertThat(answer.body().get("error").get("message").asText()).contains("'n'").contains("{\"params\"");
        assertThat(snowflake.get().queries()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Payload.class)
    void aQueryStringParameterWithoutValue_is400NotAnInternalError(Payload payload) throws IOException {
        Map<String, String> nullAsync = new HashMap<>();
        nullAsync.put("async", null);

        Answer answer = call(handler, payload, "POST", "/queries/current_version", nullAsync, null, CALLER,
                INVOCATION_TIMEOUT);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("INVALID_REQUEST");
        assertThat(answer.body().get("error").get("message").asText()).contains("'async' has no value");
    }
}
