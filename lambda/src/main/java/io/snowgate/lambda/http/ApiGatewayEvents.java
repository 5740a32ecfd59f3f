package io.snowgate.lambda.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.lambda.query.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps API Gateway proxy events to {@link HttpCall} and {@link HttpResponse} back to the proxy response shape.
 * Reads HTTP API payload 2.0 ({@code "version": "2.0"}: {@code rawPath}, {@code requestContext.http.method}, the IAM
 * caller in {@code requestContext.authorizer.iam}) and REST API proxy / payload 1.0 ({@code httpMethod},
 * {@code path}, the IAM caller in {@code requestContext.identity}), through aws-lambda-java-events' types. Without
 * an IAM caller, the caller is a JWT authorizer's subject at its issuer, else a Lambda authorizer's
 * {@code principalId}.
 */
public final class ApiGatewayEvents {

    private static final String DEFAULT_STAGE = "$default";

    private final ObjectMapper json;
    private final ObjectReader v2;
    private final ObjectReader v1;

    public ApiGatewayEvents(ObjectMapper json) {
        this.json = json;
        // API Gateway adds fields over time; the event types lag behind.
        this.v2 = json.readerFor(APIGatewayV2HTTPEvent.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.v1 = json.readerFor(APIGatewayProxyRequestEvent.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * The call an event carries.
     *
     * @throws InvalidRequestException the event is not an API Gateway proxy event
     */
    public HttpCall read(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new InvalidRequestException("invalid API Gateway event: not a JSON object");
        }
        try {
            if ("2.0".equals(event.path("version").asText())) {
                return fromV2(v2.readValue(event));
            }
            if (event.hasNonNull("httpMethod")) {
                return fromV1(v1.readValue(event));
            }
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("invalid API Gateway event: fields of the wrong type");
        }
        throw new InvalidRequestException(
                "invalid API Gateway event: neither payload 2.0 (version) nor 1.0 (httpMethod)");
    }

    private static HttpCall fromV2(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context == null || context.getHttp() == null || context.getHttp().getMethod() == null
                || event.getRawPath() == null) {
            throw new InvalidRequestException(
                    "invalid API Gateway event: payload 2.0 needs rawPath and requestContext.http.method");
        }
        String rawPath = event.getRawPath();
        Optional<String> routed = routeTemplate(event.getRouteKey()).flatMap(template -> routedPath(rawPath, template));
        String basePath = routed.map(path -> basePath(path, rawPath))
                .orElseGet(() -> stagePrefix(rawPath, context.getStage()));
        String path = routed.orElseGet(() -> rawPath.length() == basePath.length() ? "/"
                : rawPath.substring(basePath.length()));
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = context.getAuthorizer();
        APIGatewayV2HTTPEvent.RequestContext.IAM iam = authorizer == null ? null : authorizer.getIam();
        Optional<String> principal = Optional.ofNullable(iam).map(APIGatewayV2HTTPEvent.RequestContext.IAM::getUserArn)
                .filter(arn -> !arn.isBlank())
                .or(() -> Optional.ofNullable(authorizer).map(APIGatewayV2HTTPEvent.RequestContext.Authorizer::getJwt)
                        .flatMap(jwt -> jwtPrincipal(jwt.getClaims())))
                .or(() -> Optional.ofNullable(authorizer).flatMap(a -> authorizerPrincipal(a.getLambda())));
        return new HttpCall("2.0", context.getHttp().getMethod().toUpperCase(Locale.ROOT), path, basePath,
                queryString(event.getQueryStringParameters()), body(event.getBody(), event.getIsBase64Encoded()),
                principal,
                Optional.ofNullable(iam).map(APIGatewayV2HTTPEvent.RequestContext.IAM::getAccountId),
                Optional.ofNullable(iam).map(APIGatewayV2HTTPEvent.RequestContext.IAM::getPrincipalOrgId));
    }

    private static HttpCall fromV1(APIGatewayProxyRequestEvent event) {
        if (event.getPath() == null) {
            throw new InvalidRequestException("invalid API Gateway event: payload 1.0 needs path");
        }
        APIGatewayProxyRequestEvent.RequestIdentity identity = event.getRequestContext() == null ? null
                : event.getRequestContext().getIdentity();
        Map<String, Object> authorizer = event.getRequestContext() == null ? null
                : event.getRequestContext().getAuthorizer();
        Optional<String> principal = Optional.ofNullable(identity)
                .map(APIGatewayProxyRequestEvent.RequestIdentity::getUserArn).filter(arn -> !arn.isBlank())
                .or(() -> Optional.ofNullable(authorizer).map(a -> a.get("claims"))
                        .flatMap(claims -> claims instanceof Map<?, ?> map ? jwtPrincipal(map) : Optional.empty()))
                .or(() -> authorizerPrincipal(authorizer));
        String path = Optional.ofNullable(event.getResource())
                .flatMap(template -> routedPath(event.getPath(), template)).orElse(event.getPath());
        return new HttpCall(event.getVersion() == null ? "1.0" : event.getVersion(),
                event.getHttpMethod().toUpperCase(Locale.ROOT), path,
                basePath(path, event.getRequestContext() == null ? null : event.getRequestContext().getPath()),
                queryString(restQueryString(event.getMultiValueQueryStringParameters(),
                        event.getQueryStringParameters())),
                body(event.getBody(), Boolean.TRUE.equals(event.getIsBase64Encoded())),
                principal,
                Optional.ofNullable(identity).map(APIGatewayProxyRequestEvent.RequestIdentity::getAccountId),
                Optional.ofNullable(identity).map(APIGatewayProxyRequestEvent.RequestIdentity::getPrincipalOrgId));
    }

    /**
     * What the path the caller requested holds before the route's path, without a trailing slash: the stage, or a
     * custom domain's base path (a REST API's {@code requestContext.path}, an HTTP API's {@code rawPath}).
     */
    private static String basePath(String routePath, String requestedPath) {
        return requestedPath != null && requestedPath.endsWith(routePath) ? requestedPath.substring(0,
                withoutTrailingSlashes(requestedPath, requestedPath.length() - routePath.length())) : "";
    }

    /** Where {@code text}'s first {@code end} characters end once the slashes at their end are left off. */
    private static int withoutTrailingSlashes(String text, int end) {
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        return end;
    }

    /** The path of a route key ({@code POST /queries/x}); none for {@code $default} or a key of another form. */
    private static Optional<String> routeTemplate(String routeKey) {
        int space = routeKey == null ? -1 : routeKey.indexOf(' ');
        return space > 0 && routeKey.startsWith("/", space + 1) ? Optional.of(routeKey.substring(space + 1))
                : Optional.empty();
    }

    /**
     * The end of {@code requested} that the route API Gateway matched ({@code template}, {@code {name}} for a
     * parameter) covers, segment by segment; empty when it does not end that way or the route is greedy. Whatever is
     * before it is a prefix API Gateway left in the path: a named stage, or the base path of a custom domain's API
     * mapping, which stays in {@code rawPath} (and in a REST API's {@code path}) and would otherwise make every route
     * unknown. Powertools for AWS Lambda asks for such prefixes by hand ({@code strip_prefixes}); the route key
     * already says where the route begins.
     */
    static Optional<String> routedPath(String requested, String template) {
        List<String> wanted = Arrays.stream(template.split("/")).filter(part -> !part.isEmpty()).toList();
        if (requested == null || wanted.isEmpty() || template.contains("+}")) {
            return Optional.empty();
        }
        int start = requested.length();
        for (int i = wanted.size() - 1; i >= 0; i--) {
            int end = withoutTrailingSlashes(requested, start);
            start = end == 0 ? 0 : requested.lastIndexOf('/', end - 1) + 1;
            if (start == 0) {
                return Optional.empty();
            }
            String segment = requested.substring(start, end);
            String part = wanted.get(i);
            boolean parameter = part.startsWith("{") && part.endsWith("}");
            if (!parameter && !part.equals(segment)) {
                return Optional.empty();
            }
        }
        return Optional.of(requested.substring(start - 1));
    }

    /** An HTTP API on a named stage puts the stage in {@code rawPath}; routes are matched without it. */
    private static String stagePrefix(String rawPath, String stage) {
        if (stage == null || stage.equals(DEFAULT_STAGE)) {
            return "";
        }
        String prefix = "/" + stage;
        return rawPath.equals(prefix) || rawPath.startsWith(prefix + "/") ? prefix : "";
    }

    private static Optional<String> body(String body, boolean base64) {
        if (body == null) {
            return Optional.empty();
        }
        if (!base64) {
            return Optional.of(body);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid API Gateway event: body is marked base64 but is not");
        }
        // API Gateway base64-encodes a body whose content type it does not take for text, so these are the caller's
        // bytes as sent: new String(...) would turn bytes that are not UTF-8 into U+FFFD and bind a value the caller
        // never sent. JSON exchanged between systems is UTF-8 (RFC 8259, section 8.1).
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("body must be JSON in UTF-8: {\"params\": {...}}");
        }
    }

    /**
     * A REST API's query string with every value of a repeated parameter, joined with commas as an HTTP API joins them
     * (its {@code queryStringParameters} keeps only the last), so that {@code ?async=true&async=false} is refused
     * whichever API carries it, not taken as its last value.
     */
    private static Map<String, String> restQueryString(Map<String, List<String>> multiValued,
            Map<String, String> lastValues) {
        if (multiValued == null || multiValued.isEmpty()) {
            return lastValues;
        }
        Map<String, String> joined = new LinkedHashMap<>(lastValues == null ? Map.of() : lastValues);
        multiValued.forEach((name, values) -> {
            if (values != null && values.size() > 1 && values.stream().allMatch(Objects::nonNull)) {
                joined.put(name, String.join(",", values));
            }
        });
        return joined;
    }

    /** API Gateway never sends a parameter without a value; an event that does is not one of its events. */
    private static Map<String, String> queryString(Map<String, String> parameters) {
        if (parameters == null) {
            return Map.of();
        }
        parameters.forEach((name, value) -> {
            if (value == null) {
                throw new InvalidRequestException("query string parameter " + RunRequestBody.shown(name)
                        + " has no value");
            }
        });
        return parameters;
    }

    /**
     * A JWT authorizer's (or a Cognito user pool authorizer's) caller: its subject at its issuer, the pair the token
     * vouches for.
     */
    private static Optional<String> jwtPrincipal(Map<?, ?> claims) {
        if (claims == null || !(claims.get("sub") instanceof String sub) || sub.isBlank()) {
            return Optional.empty();
        }
        Object issuer = claims.get("iss");
        return Optional.of("jwt:" + (issuer instanceof String iss && !iss.isBlank() ? iss : "unknown-issuer") + "#"
                + sub);
    }

    /**
     * A Lambda authorizer's caller: the {@code principalId} it returned (a REST API puts it in the authorizer
     * context; an HTTP API passes only the context, where the authorizer must put it).
     */
    private static Optional<String> authorizerPrincipal(Map<String, Object> authorizer) {
        if (authorizer == null || !(authorizer.get("principalId") instanceof String id) || id.isBlank()) {
            return Optional.empty();
        }
        return Optional.of("authorizer:" + id);
    }

    /**
     * The proxy response both payload versions accept: {@code statusCode}, {@code headers}, the body as JSON text,
     * {@code isBase64Encoded: false}.
     */
    public ObjectNode response(HttpResponse response) {
        ObjectNode out = json.createObjectNode();
        out.put("statusCode", response.status());
        ObjectNode headers = out.putObject("headers");
        response.headers().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(h -> headers.put(h.getKey(), h.getValue()));
        try {
            out.put("body", json.writeValueAsString(response.body()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        out.put("isBase64Encoded", false);
        return out;
    }
}
