package io.snowgate.lambda.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * API Gateway events for tests, made from the captured-shape fixtures under {@code src/test/resources/events/} with
 * only the method, path, query string, body and caller changed, so every other field stays as AWS sends it.
 */
public final class ApiGatewayEventFixtures {

    /** The two payload versions the handler takes. */
    public enum Payload { V2, V1 }

    public static final String CALLER = "arn:aws:sts::210987654321:assumed-role/ReportingJob/reporting-job";
    public static final String OTHER_CALLER = "arn:aws:iam::210987654321:user/someone-else";

    /** The REST API fixture's stage: its callers' URL paths start with it. */
    public static final String REST_API_STAGE = "/prod";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiGatewayEventFixtures() {
    }

    public static ObjectNode load(String name) {
        try (InputStream in = ApiGatewayEventFixtures.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The route path of a call to {@code location} (a URL path as a caller follows it, from a {@code Location}
     * header): as is on the HTTP API fixture's {@code $default} stage; the REST API fixture's paths hold its stage,
     * which its events' {@code path} does not.
     */
    public static String routePath(Payload payload, String location) {
        if (payload == Payload.V2) {
            return location;
        }
        if (!location.startsWith(REST_API_STAGE + "/")) {
            throw new AssertionError("a REST API location must start with its stage " + REST_API_STAGE + ": "
                    + location);
        }
        return location.substring(REST_API_STAGE.length());
    }

    /** An event of {@code payload} version; {@code body} null for none, {@code caller} null for no IAM identity. */
    public static String event(Payload payload, String method, String path, Map<String, String> query, String body,
            String caller) {
        ObjectNode event = payload == Payload.V2 ? v2(method, path, query, body, caller)
                : v1(method, path, query, body, caller);
        return event.toString();
    }

    private static ObjectNode v2(String method, String path, Map<String, String> query, String body, String caller) {
        ObjectNode event = load("http-api-v2-iam.json");
        event.put("routeKey", method + " " + path);
        event.put("rawPath", path);
        event.put("rawQueryString", queryString(query));
        if (query.isEmpty()) {
            event.remove("queryStringParameters");
        } else {
            event.set("queryStringParameters", JSON.valueToTree(query));
        }
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("routeKey", method + " " + path);
        ((ObjectNode) context.get("http")).put("method", method).put("path", path);
        ObjectNode iam = (ObjectNode) context.get("authorizer").get("iam");
        if (caller == null) {
            context.remove("authorizer");
        } else {
            iam.put("userArn", caller);
        }
        setBody(event, body);
        return event;
    }

    /**
     * {@code event} (made for a route path) as API Gateway sends it when the caller came through a custom domain whose
     * API mapping has {@code basePath}: in an HTTP API's {@code rawPath} and {@code requestContext.http.path}, and in a
     * REST API's {@code path} and {@code requestContext.path} (the mapping names the stage, so no stage follows it);
     * the route key and resource stay the API's own.
     */
    public static String behindMapping(Payload payload, String basePath, String event) {
        ObjectNode edited = (ObjectNode) tree(event);
        ObjectNode context = (ObjectNode) edited.get("requestContext");
        if (payload == Payload.V2) {
            String requested = basePath + edited.get("rawPath").asText();
            edited.put("rawPath", requested);
            ((ObjectNode) context.get("http")).put("path", requested);
        } else {
            String requested = basePath + edited.get("path").asText();
            edited.put("path", requested);
            context.put("path", requested);
        }
        return edited.toString();
    }

    private static ObjectNode v1(String method, String path, Map<String, String> query, String body, String caller) {
        ObjectNode event = load("rest-api-v1-iam.json");
        event.put("resource", path);
        event.put("path", path);
        event.put("httpMethod", method);
        if (query.isEmpty()) {
            event.putNull("queryStringParameters");
        } else {
            event.set("queryStringParameters", JSON.valueToTree(query));
            ObjectNode multi = event.putObject("multiValueQueryStringParameters");
            query.forEach((k, v) -> multi.putArray(k).add(v));
        }
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("httpMethod", method);
        context.put("resourcePath", path);
        context.put("path", REST_API_STAGE + path);
        ((ObjectNode) context.get("identity")).put("userArn", caller);
        setBody(event, body);
        return event;
    }

    private static void setBody(ObjectNode event, String body) {
        if (body == null) {
            event.putNull("body");
        } else {
            event.put("body", body);
        }
    }

    private static String queryString(Map<String, String> query) {
        return String.join("&", query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    public static JsonNode tree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
