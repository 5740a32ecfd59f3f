package io.snowgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.catalog.api.ApiRoutes;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Builds the HTTP API payload 2.0 events API Gateway sends the function, with the IAM caller SigV4 authorisation
 * puts in {@code requestContext.authorizer.iam}: one builder for {@code local start-api}, {@code run --via http} and
 * {@code events generate http}, so {@code rawQueryString} and {@code queryStringParameters} always agree.
 */
final class ApiEvents {

    /** The IAM caller local requests come from unless {@code --caller} names another. */
    static final String DEFAULT_CALLER = "arn:aws:iam::111122223333:user/snowgate-local";

    private static final Pattern IAM_ARN = Pattern.compile("arn:aws[a-z-]*:(?:iam|sts)::(\\d{12}):.+");
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * One HTTP request as it reached the API.
     *
     * @param method         upper-case method
     * @param rawPath        the path as sent (still percent-encoded)
     * @param rawQueryString the query string as sent, without {@code ?}; empty for none
     * @param headers        header names in lower case; a repeated header's values joined with commas
     * @param body           the body's bytes; empty for none
     * @param host           the host (and port) the request was sent to
     * @param sourceIp       the caller's address
     */
    record Request(String method, String rawPath, String rawQueryString, Map<String, String> headers, byte[] body,
            String host, String sourceIp) {
    }

    private final ObjectMapper json;

    ApiEvents(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Checks a caller ARN given with {@code --caller}: an IAM user, role or assumed-role ARN.
     *
     * @throws CommandLine.ParameterException (a usage error: exit 2) when it is not one
     */
    static String checkCaller(CommandLine commandLine, String arn) {
        if (!IAM_ARN.matcher(arn).matches()) {
            throw new CommandLine.ParameterException(commandLine, "--caller: not an IAM ARN"
                    + " (arn:aws:iam::ACCOUNT:user/NAME, arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION): " + arn);
        }
        return arn;
    }

    /**
     * The payload 2.0 event for {@code request}, which took {@code route} (empty for a request no route takes: the
     * route key is then {@code $default}), from {@code caller}.
     */
    ObjectNode event(Request request, Optional<ApiRoutes.Match> route, String caller, Instant now) {
        String routeKey = route.map(match -> match.route().routeKey()).orElse("$default");
        ObjectNode event = json.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQueryString());
        ObjectNode headers = event.putObject("headers");
        request.headers().forEach(headers::put);
        Map<String, String> query = queryStringParameters(request.rawQueryString());
        if (!query.isEmpty()) {
            ObjectNode parameters = event.putObject("queryStringParameters");
            query.forEach(parameters::put);
        }
        route.filter(match -> !match.pathParameters().isEmpty()).ifPresent(match -> {
            ObjectNode parameters = event.putObject("pathParameters");
            match.pathParameters().forEach(parameters::put);
        });
        ObjectNode context = event.putObject("requestContext");
        Matcher account = IAM_ARN.matcher(caller);
        String callerAccount = account.matches() ? account.group(1) : "111122223333";
        context.put("accountId", callerAccount);
        context.put("apiId", "local");
        ObjectNode iam = context.putObject("authorizer").putObject("iam");
        iam.put("accessKey", "AKIASNOWGATELOCAL000");
        iam.put("accountId", callerAccount);
        iam.put("callerId", "AIDASNOWGATELOCAL000");
        iam.putNull("cognitoIdentity");
        iam.putNull("principalOrgId");
        iam.put("userArn", caller);
        iam.put("userId", "AIDASNOWGATELOCAL000");
        context.put("domainName", request.host());
        context.put("domainPrefix", request.host().split("[.:]", 2)[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", request.headers().getOrDefault("user-agent", ""));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (request.body().length > 0) {
            Optional<String> text = utf8(request.body());
            event.put("body", text.orElseGet(() -> Base64.getEncoder().encodeToString(request.body())));
            event.put("isBase64Encoded", text.isEmpty());
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /**
     * What API Gateway makes of a query string: names and values decoded, a repeated name's values joined with
     * commas, a name without {@code =} given the empty value.
     */
    static Map<String, String> queryStringParameters(String rawQueryString) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQueryString == null || rawQueryString.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQueryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static Optional<String> utf8(byte[] body) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
