package io.snowgate.lambda.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.lambda.query.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The mapping of API Gateway events, from fixtures in the shapes AWS sends. */
class ApiGatewayEventsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ApiGatewayEvents events = new ApiGatewayEvents(json);

    @Test
    void httpApiPayload2_givesMethodPathBodyAndTheIamCaller() {
        HttpCall call = events.read(ApiGatewayEventFixtures.load("http-api-v2-iam.json"));

        assertThat(call.payloadVersion()).isEqualTo("2.0");
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/queries/echo_text");
        assertThat(call.basePath()).isEmpty();
        assertThat(call.query()).isEmpty();
        assertThat(call.body()).contains("{\"params\":{\"text\":\"hello\",\"n\":3}}");
        assertThat(call.caller()).contains("arn:aws:sts::210987654321:assumed-role/ReportingJob/reporting-job");
        assertThat(call.callerAccount()).contains("210987654321");
        assertThat(call.callerOrgId()).contains("o-a1b2c3d4e5");
    }

    @Test
    void restApiPayload1_givesMethodPathBodyAndTheIamCaller() {
        HttpCall call = events.read(ApiGatewayEventFixtures.load("rest-api-v1-iam.json"));

        assertThat(call.payloadVersion()).isEqualTo("1.0");
        assertThat(call.method()).isEqualTo("POST");
        // The REST API's path is the resource path; requestContext.path carries the stage.
        assertThat(call.path()).isEqualTo("/queries/echo_text");
        assertThat(call.basePath()).isEqualTo("/prod");
        assertThat(call.body()).contains("{\"params\":{\"text\":\"hello\",\"n\":3}}");
        assertThat(call.caller()).contains("arn:aws:sts::210987654321:assumed-role/ReportingJob/reporting-job");
        assertThat(call.callerAccount()).contains("210987654321");
        assertThat(call.callerOrgId()).contains("o-a1b2c3d4e5");
    }

    @Test
    void httpApiOnANamedStage_matchesRoutesWithoutTheStage() {
        HttpCall call = events.read(ApiGatewayEventFixtures.load("http-api-v2-named-stage-get.json"));

        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.path()).isEqualTo("/queries/long_report/runs/01b8e2f4-0000-4a1b-8000-000000000042");
        assertThat(call.basePath()).isEqualTo("/prod");
        assertThat(call.body()).isEmpty();
        assertThat(call.caller()).contains("arn:aws:iam::210987654321:user/analyst");
    }

    @Test
    void httpApiBehindACustomDomainsApiMapping_matchesRoutesWithoutTheMappingsPath() {
        ObjectNode event = ApiGatewayEventFixtures.load("http-api-v2-iam.json");
        // The mapping's base path stays in rawPath; the route key is the API's own (POST /queries/echo_text).
        event.put("rawPath", "/snowgate/v1/queries/echo_text");

        HttpCall call = events.read(event);

        assertThat(call.path()).isEqualTo("/queries/echo_text");
        assertThat(call.basePath()).isEqualTo("/snowgate/v1");
    }

    @Test
    void httpApiRouteWithParameters_behindAMapping_takesAsManySegmentsAsTheRouteHas() {
        ObjectNode event = ApiGatewayEventFixtures.load("http-api-v2-named-stage-get.json");
        // A mapping names the stage, so the stage is not in the path: the route key alone says where the route starts.
        event.put("rawPath", "/reports/queries/long_report/runs/01b8e2f4-0000-4a1b-8000-000000000042/");

        HttpCall call = events.read(event);

        assertThat(call.path()).isEqualTo("/queries/long_report/runs/01b8e2f4-0000-4a1b-8000-000000000042/");
        assertThat(call.basePath()).isEqualTo("/reports");
    }

    @Test
    void httpApiDefaultRoute_fallsBackToTheStage() {
        ObjectNode event = ApiGatewayEventFixtures.load("http-api-v2-named-stage-get.json");
        event.put("routeKey", "$default");

        HttpCall call = events.read(event);

        assertThat(call.path()).isEqualTo("/queries/long_report/runs/01b8e2f4-0000-4a1b-8000-000000000042");
        assertThat(call.basePath()).isEqualTo("/prod");
    }

    @Test
    void restApiBehindACustomDomainsBasePath_matchesItsResourceWithoutIt() {
        ObjectNode event = ApiGatewayEventFixtures.load("rest-api-v1-iam.json");
        // With a base path mapping a REST API's path keeps it (resource /queries/{name}).
        event.put("path", "/snowgate/queries/echo_text");
        ((ObjectNode) event.get("requestContext")).put("path", "/snowgate/queries/echo_text");

        HttpCall call = events.read(event);

        assertThat(call.path()).isEqualTo("/queries/echo_text");
        assertThat(call.basePath()).isEqualTo("/snowgate");
    }

    @Test
    void routedPath_isTheEndOfThePathTheRouteCovers_segmentBySegment() {
        assertThat(ApiGatewayEvents.routedPath("/a/b/queries/x", "/queries/{name}")).contains("/queries/x");
        assertThat(ApiGatewayEvents.routedPath("/queries/x", "/queries/{name}")).contains("/queries/x");
        assertThat(ApiGatewayEvents.routedPath("//a//queries//x//", "/queries/{name}")).contains("/queries//x//");
        assertThat(ApiGatewayEvents.routedPath("/a/reports/x", "/queries/{name}")).isEmpty();
        assertThat(ApiGatewayEvents.routedPath("/x", "/queries/{name}")).isEmpty();
        assertThat(ApiGatewayEvents.routedPath("queries/x", "/queries/{name}")).isEmpty();
        assertThat(ApiGatewayEvents.routedPath("/a/queries/x", "/{proxy+}")).isEmpty();
        assertThat(ApiGatewayEvents.routedPath("/a/queries/x", "/")).isEmpty();
    }

    @Test
    void base64Body_isDecoded() {
        ObjectNode event = ApiGatewayEventFixtures.load("http-api-v2-iam.json");
        event.put("body", Base64.getEncoder().encodeToString("{\"params\":{}}".getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);

        assertThat(events.read(event).body()).contains("{\"params\":{}}");
    }

    @Test
    void base64BodyThatIsNotUtf8_isRefused_ratherThanBoundWithReplacementCharacters() {
        ObjectNode event = ApiGatewayEventFixtures.load("http-api-v2-iam.json");
        // A client that encodes its JSON as Latin-1 (é is the one byte E9): decoded leniently, the parameter would
        // bind as "caf\uFFFD", a value the caller never sent.
        event.put("body", Base64.getEncoder().encodeToString(
                "{\"params\":{\"text\":\"caf\u00e9\"}}".getBytes(StandardCharsets.ISO_8859_1)));
        event.put("isBase64Encoded", true);

        assertThatThrownBy(() -> events.read(event)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void queryString_isRead_inBothVersions() {
        String v2 = ApiGatewayEventFixtures.event(ApiGatewayEventFixtures.Payload.V2, "POST", "/queries/x",
                Map.of("async", "true"), null, null);
        String v1 = ApiGatewayEventFixtures.event(ApiGatewayEventFixtures.Payload.V1, "POST", "/queries/x",
                Map.of("async", "true"), null, null);

        assertThat(events.read(ApiGatewayEventFixtures.tree(v2)).query()).containsEntry("async", "true");
        assertThat(events.read(ApiGatewayEventFixtures.tree(v1)).query()).containsEntry("async", "true");
    }

    @Test
    void aRepeatedQueryStringParameter_hasAllItsValues_inBothVersions_asAnHttpApiJoinsThem() {
        // ?async=true&async=false: an HTTP API joins the values with a comma; a REST API lists them all in
        // multiValueQueryStringParameters and keeps only the last in queryStringParameters.
        ObjectNode v2 = (ObjectNode) ApiGatewayEventFixtures.tree(ApiGatewayEventFixtures.event(
                ApiGatewayEventFixtures.Payload.V2, "POST", "/queries/x", Map.of("async", "true,false"), null, null));
        v2.put("rawQueryString", "async=true&async=false");
        ObjectNode v1 = (ObjectNode) ApiGatewayEventFixtures.tree(ApiGatewayEventFixtures.event(
                ApiGatewayEventFixtures.Payload.V1, "POST", "/queries/x", Map.of("async", "false"), null, null));
        ((ObjectNode) v1.get("multiValueQueryStringParameters")).putArray("async").add("true").add("false");

        assertThat(events.read(v2).query()).containsEntry("async", "true,false");
        assertThat(events.read(v1).query()).containsEntry("async", "true,false");
    }

    @Test
    void aQueryStringParameterWithoutValue_isNamedOnlyWhenItHasANamesForm_asEveryOtherNameTheCallerSent() {
        ObjectNode event = ApiGatewayEventFixtures.load("http-api-v2-iam.json");
        event.putObject("queryStringParameters").putNull("<script>x</script>");

        assertThatThrownBy(() -> events.read(event)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("query string parameter (invalid name) has no value");
    }

    @Test
    void withoutAnyAuthorizer_thereIsNoCaller() {
        String v2 = ApiGatewayEventFixtures.event(ApiGatewayEventFixtures.Payload.V2, "GET", "/queries/x",
                Map.of(), null, null);
        String v1 = ApiGatewayEventFixtures.event(ApiGatewayEventFixtures.Payload.V1, "GET", "/queries/x",
                Map.of(), null, null);

        assertThat(events.read(ApiGatewayEventFixtures.tree(v2)).caller()).isEqualTo(Optional.empty());
        assertThat(events.read(ApiGatewayEventFixtures.tree(v1)).caller()).isEqualTo(Optional.empty());
    }

    @Test
    void aJwtAuthorizersSubjectAtItsIssuer_isTheCaller() {
        ObjectNode v2 = (ObjectNode) ApiGatewayEventFixtures.tree(ApiGatewayEventFixtures.event(
                ApiGatewayEventFixtures.Payload.V2, "GET", "/queries/x", Map.of(), null, null));
        ((ObjectNode) v2.get("requestContext")).putObject("authorizer").putObject("jwt").putObject("claims")
                .put("sub", "7d8c-user").put("iss", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool");
        ObjectNode v1 = (ObjectNode) ApiGatewayEventFixtures.tree(ApiGatewayEventFixtures.event(
                ApiGatewayEventFixtures.Payload.V1, "GET", "/queries/x", Map.of(), null, null));
        ((ObjectNode) v1.get("requestContext")).putObject("authorizer").putObject("claims")
                .put("sub", "7d8c-user").put("iss", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool");

        String expected = "jwt:https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool#7d8c-user";
        assertThat(events.read(v2).caller()).contains(expected);
        assertThat(events.read(v1).caller()).contains(expected);
    }

    @Test
    void aLambdaAuthorizersPrincipalId_isTheCaller() {
        ObjectNode v2 = (ObjectNode) ApiGatewayEventFixtures.tree(ApiGatewayEventFixtures.event(
                ApiGatewayEventFixtures.Payload.V2, "GET", "/queries/x", Map.of(), null, null));
        ((ObjectNode) v2.get("requestContext")).putObject("authorizer").putObject("lambda")
                .put("principalId", "team-reporting");
        ObjectNode v1 = (ObjectNode) ApiGatewayEventFixtures.tree(ApiGatewayEventFixtures.event(
                ApiGatewayEventFixtures.Payload.V1, "GET", "/queries/x", Map.of(), null, null));
        ((ObjectNode) v1.get("requestContext")).putObject("authorizer").put("principalId", "team-reporting");
        ObjectNode withoutPrincipal = v2.deepCopy();
        ((ObjectNode) withoutPrincipal.get("requestContext").get("authorizer").get("lambda")).remove("principalId");

        assertThat(events.read(v2).caller()).contains("authorizer:team-reporting");
        assertThat(events.read(v1).caller()).contains("authorizer:team-reporting");
        assertThat(events.read(withoutPrincipal).caller()).isEmpty();
    }

    @Test
    void sampleEventsForSnowgateInvoke_mapToTheCallsTheyDescribe() throws Exception {
        Path samples = Path.of("../events");
        Map<String, String> expected = Map.of(
                "http-current-version.json", "POST /queries/current_version",
                "http-rest-v1.json", "POST /queries/current_version",
                "http-async-start.json", "POST /queries/current_version",
                "http-run-status.json", "GET /queries/current_version/runs/01b8e2f4-0000-4a1b-8000-000000000042",
                "http-raw-sql.json", "POST /queries/current_version",
                "http-unknown-query.json", "POST /queries/no_such_query");
        for (Map.Entry<String, String> sample : expected.entrySet()) {
            HttpCall call = events.read(json.readTree(Files.readString(samples.resolve(sample.getKey()))));
            assertThat(call.method() + " " + call.path()).as(sample.getKey()).isEqualTo(sample.getValue());
            assertThat(call.caller()).as(sample.getKey()).isPresent();
        }
        assertThat(events.read(json.readTree(Files.readString(samples.resolve("http-async-start.json")))).query())
                .containsEntry("async", "true");
    }

    @Test
    void eventsOfOtherServices_areRefused() {
        JsonNode scheduled = ApiGatewayEventFixtures.tree("{\"query\":\"current_version\"}");

        assertThatThrownBy(() -> events.read(scheduled))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("neither payload 2.0");
    }

    @Test
    void response_isTheProxyShape_withTheBodyAsJsonText() throws Exception {
        ObjectNode body = json.createObjectNode().put("queryId", "q1");

        ObjectNode response = events.response(new HttpResponse(202, Map.of("Location", "/queries/a/runs/q1"), body));

        assertThat(response.get("statusCode").asInt()).isEqualTo(202);
        assertThat(response.get("headers").get("Content-Type").asText()).isEqualTo("application/json");
        assertThat(response.get("headers").get("Location").asText()).isEqualTo("/queries/a/runs/q1");
        assertThat(response.get("isBase64Encoded").asBoolean()).isFalse();
        assertThat(json.readTree(response.get("body").asText())).isEqualTo(body);
    }
}
