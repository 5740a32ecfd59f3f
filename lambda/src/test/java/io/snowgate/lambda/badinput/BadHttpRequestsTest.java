package io.snowgate.lambda.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.http.ApiGatewayEventFixtures;
import io.snowgate.lambda.http.ApiGatewayEventFixtures.Payload;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.invocation.LocalContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad HTTP requests through the real HTTP handler of a working deployment, as API Gateway sends them (both payload
 * versions come from the captured-shape fixtures): each is answered with its status and error code, runs nothing in
 * Snowflake, and no canary it carries appears in the response, the log and metric stream or java.util.logging.
 */
class BadHttpRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALLER = ApiGatewayEventFixtures.CALLER;
    private static Deployed deployed;

    @BeforeAll
    static void deploy(@TempDir Path dir) {
        deployed = new Deployed(dir.resolve("key"), "http-bad-inputs-passphrase");
    }

    @AfterAll
    static void tearDown() {
        deployed.close();
    }

    record Case(String name, String event, int status, String code, List<String> canaries) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badRequests() {
        return Stream.of(
                post("a body that is not JSON", Payload.V2, "/queries/echo_text", "text=CANARY-form", 400,
                        "INVALID_REQUEST", "CANARY-form"),
                post("a body that is a JSON array", Payload.V1, "/queries/echo_text", "[\"CANARY-body-array\"]", 400,
                        "INVALID_REQUEST", "CANARY-body-array"),
                post("SQL in the body", Payload.V2, "/queries/echo_text",
                        "{\"sql\":\"SELECT 'CANARY-sql' FROM secrets\"}", 400, "INVALID_REQUEST", "CANARY-sql"),
                post("a statement beside the params", Payload.V1, "/queries/current_version",
                        "{\"statement\":\"DROP TABLE CANARY_TABLE\",\"params\":{}}", 400, "INVALID_REQUEST",
                        "CANARY_TABLE"),
                post("an unknown body field", Payload.V2, "/queries/echo_text",
                        "{\"params\":{\"text\":\"a\"},\"extra\":\"CANARY-extra-field\"}", 400, "INVALID_REQUEST",
                        "CANARY-extra-field"),
                post("an unknown body field with an invalid name", Payload.V1, "/queries/echo_text",
                        "{\"CANARY Field Name\":1}", 400, "INVALID_REQUEST", "CANARY Field Name"),
                // A gateway, WAF or authorizer that reads the first of two same-named fields would see another
                // value than the one bound; a second document after the first is not part of the body it checked.
                post("a parameter named twice", Payload.V2, "/queries/echo_text",
                        "{\"params\":{\"text\":\"a\",\"text\":\"CANARY-second-text\"}}", 400, "INVALID_REQUEST",
                        "CANARY-second-text"),
                post("params named twice", Payload.V1, "/queries/echo_text",
                        "{\"params\":{\"text\":\"a\"},\"params\":{\"text\":\"CANARY-second-params\"}}", 400,
                        "INVALID_REQUEST", "CANARY-second-params"),
                post("a second document after the body", Payload.V2, "/queries/echo_text",
                        "{\"params\":{\"text\":\"a\"}} {\"params\":{\"text\":\"CANARY-trailing\"}}", 400,
                        "INVALID_REQUEST", "CANARY-trailing"),
                post("params that are a string", Payload.V2, "/queries/echo_text",
                        "{\"params\":\"CANARY-params-string\"}", 400, "INVALID_REQUEST", "CANARY-params-string"),
                post("a parameter that is a list", Payload.V1, "/queries/echo_text",
                        "{\"params\":{\"text\":[\"CANARY-param-list\"]}}", 400, "INVALID_REQUEST",
                        "CANARY-param-list"),
                post("an undeclared parameter", Payload.V2, "/queries/echo_text",
                        "{\"params\":{\"text\":\"a\",\"limit\":\"CANARY-undeclared\"}}", 400, "INVALID_PARAMETER",
                        "CANARY-undeclared"),
                post("a missing required parameter", Payload.V1, "/queries/echo_text",
                        "{\"params\":{\"n\":\"CANARY-beside-missing\"}}", 400, "INVALID_PARAMETER",
                        "CANARY-beside-missing"),
                post("text for an integer", Payload.V2, "/queries/echo_text",
                        "{\"params\":{\"text\":\"a\",\"n\":\"CANARY-nan\"}}", 400, "INVALID_PARAMETER", "CANARY-nan"),
                post("a number beyond any range for an integer", Payload.V1, "/queries/echo_text",
                        "{\"params\":{\"text\":\"a\",\"n\":4.2e400}}", 400, "INVALID_PARAMETER", "4.2e400"),
                post("a string over its maximum length", Payload.V2, "/queries/echo_text",
                        "{\"params\":{\"text\":\"CANARY-too-long-" + "y".repeat(200) + "\"}}", 400,
                        "INVALID_PARAMETER", "CANARY-too-long-"),
                post("a parameter out of bounds", Payload.V1, "/queries/slow_http",
                        "{\"params\":{\"seconds\":77113355}}", 400, "INVALID_PARAMETER", "77113355"),
                post("an unknown query", Payload.V2, "/queries/no_such_query",
                        "{\"params\":{\"x\":\"CANARY-unknown-query\"}}", 404, "UNKNOWN_QUERY", "CANARY-unknown-query"),
                post("a query not exposed over HTTP", Payload.V1, "/queries/slow",
                        "{\"params\":{\"seconds\":\"CANARY-not-exposed\"}}", 404, "UNKNOWN_QUERY",
                        "CANARY-not-exposed"),
                post("an unknown route", Payload.V2, "/tables/users", "{\"params\":{\"x\":\"CANARY-route\"}}", 404,
                        "NOT_FOUND", "CANARY-route"),
                new Case("GET on a query", event(Payload.V1, "GET", "/queries/echo_text", Map.of(),
                        "{\"params\":{\"text\":\"CANARY-get\"}}", CALLER, e -> e), 405, "METHOD_NOT_ALLOWED",
                        List.of("CANARY-get")),
                new Case("POST on a run", event(Payload.V2, "POST", "/queries/long_report/runs/01b8-canary",
                        Map.of(), "{\"params\":{\"seconds\":\"CANARY-post-run\"}}", CALLER, e -> e), 405,
                        "METHOD_NOT_ALLOWED", List.of("CANARY-post-run")),
                new Case("no authenticated caller", event(Payload.V2, "POST", "/queries/echo_text", Map.of(),
                        "{\"params\":{\"text\":\"CANARY-anonymous\"}}", null, e -> e), 403, "NO_PRINCIPAL",
                        List.of("CANARY-anonymous")),
                new Case("an async flag that is not a boolean", event(Payload.V1, "POST", "/queries/echo_text",
                        Map.of("async", "CANARY-async"), "{\"params\":{\"text\":\"a\"}}", CALLER, e -> e), 400,
                        "INVALID_REQUEST", List.of("CANARY-async")),
                new Case("a query string parameter other than async", event(Payload.V1, "POST",
                        "/queries/echo_text", Map.of("CANARY QS Name", "CANARY-qs-value"),
                        "{\"params\":{\"text\":\"a\"}}", CALLER, e -> e), 400, "INVALID_REQUEST",
                        List.of("CANARY QS Name", "CANARY-qs-value")),
                new Case("a query string parameter without a value", event(Payload.V2, "POST", "/queries/echo_text",
                        Map.of(), "{\"params\":{\"text\":\"CANARY-qs-null\"}}", CALLER,
                        e -> edited(e, () -> e.set("queryStringParameters", JSON.createObjectNode().putNull("async")))), 400,
                        "INVALID_REQUEST", List.of("CANARY-qs-null")),
                new Case("a body marked base64 that is not", event(Payload.V2, "POST", "/queries/echo_text",
                        Map.of(), "CANARY-not-base64!!", CALLER, e -> e.put("isBase64Encoded", true)), 400,
                        "INVALID_REQUEST", List.of("CANARY-not-base64")),
                new Case("a base64 body that is not JSON", event(Payload.V1, "POST", "/queries/echo_text",
                        Map.of(), java.util.Base64.getEncoder().encodeToString(
                                "CANARY-decoded-body".getBytes(StandardCharsets.UTF_8)), CALLER,
                        e -> e.put("isBase64Encoded", true)), 400, "INVALID_REQUEST",
                        List.of("CANARY-decoded-body")),
                new Case("a base64 body that is not UTF-8", event(Payload.V2, "POST", "/queries/echo_text",
                        Map.of(), java.util.Base64.getEncoder().encodeToString(
                                "{\"params\":{\"text\":\"CANARY-latin1-\u00e9\"}}".getBytes(
                                        StandardCharsets.ISO_8859_1)), CALLER,
                        e -> e.put("isBase64Encoded", true)), 400, "INVALID_REQUEST", List.of("CANARY-latin1-")),
                new Case("an event that is not from API Gateway", "{\"CANARY-not-apigw\":true}", 400,
                        "INVALID_REQUEST", List.of("CANARY-not-apigw")),
                new Case("an event that is not JSON", "CANARY-event-text", 400, "INVALID_REQUEST",
                        List.of("CANARY-event-text")),
                new Case("a payload 2.0 event without a method", event(Payload.V2, "POST", "/queries/echo_text",
                        Map.of(), "{\"params\":{\"text\":\"CANARY-no-method\"}}", CALLER,
                        e -> edited(e, () -> ((ObjectNode) e.get("requestContext")).remove("http"))), 400, "INVALID_REQUEST",
                        List.of("CANARY-no-method")),
                new Case("a payload 1.0 event without a path", event(Payload.V1, "POST", "/queries/echo_text",
                        Map.of(), "{\"params\":{\"text\":\"CANARY-no-path\"}}", CALLER, e -> e.putNull("path")), 400,
                        "INVALID_REQUEST", List.of("CANARY-no-path")),
                new Case("fields of the wrong type", event(Payload.V2, "POST", "/queries/echo_text", Map.of(),
                        "{\"params\":{\"text\":\"CANARY-wrong-type\"}}", CALLER,
                        e -> edited(e, () -> e.set("headers", JSON.createArrayNode().add("CANARY-header")))), 400, "INVALID_REQUEST",
                        List.of("CANARY-wrong-type", "CANARY-header")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequest_isAnsweredWithItsStatusAndCode_runsNothing_andNoCanaryIsWritten(Case bad) throws Exception {
        int statementsBefore = deployed.snowflake().queries().size();
        try (Captured captured = new Captured(); QueryFunction function = deployed.function(captured)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            new HttpQueryHandler(function).handleRequest(
                    new ByteArrayInputStream(bad.event().getBytes(StandardCharsets.UTF_8)), out,
                    new LocalContext("bad-http", Duration.ofSeconds(30), Clock.systemUTC()));

            captured.add(out.toString(StandardCharsets.UTF_8));
            JsonNode response = JSON.readTree(out.toByteArray());
            JsonNode body = JSON.readTree(response.get("body").asText());
            assertThat(response.get("statusCode").asInt()).as(body.toString()).isEqualTo(bad.status());
            assertThat(body.path("error").path("code").asText()).isEqualTo(bad.code());
            assertThat(captured.logText()).contains("\"code\":\"" + bad.code() + "\"");
            assertThat(deployed.snowflake().queries()).hasSize(statementsBefore);
            captured.assertNoCanary(deployed.canaries(bad.canaries()));
        }
    }

    private static Case post(String name, Payload payload, String path, String body, int status, String code,
            String canary) {
        return new Case(name, event(payload, "POST", path, Map.of(), body, CALLER, e -> e), status, code,
                List.of(canary));
    }

    private static ObjectNode edited(ObjectNode event, Runnable edit) {
        edit.run();
        return event;
    }

    /** A fixture event with the method, path, query string, body and caller given, then changed by {@code edit}. */
    private static String event(Payload payload, String method, String path, Map<String, String> query, String body,
            String caller, UnaryOperator<ObjectNode> edit) {
        ObjectNode event = (ObjectNode) ApiGatewayEventFixtures.tree(
                ApiGatewayEventFixtures.event(payload, method, path, query, body, caller));
        return edit.apply(event).toString();
    }
}
