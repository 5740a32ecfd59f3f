package io.snowgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.snowgate.catalog.api.ApiRoutes;
import io.snowgate.lambda.http.HttpQueryHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP API on 127.0.0.1, as API Gateway runs it for the deployed stack: the routes {@link ApiRoutes} derives
 * from the catalog (the CDK app declares the same), each request turned into a payload 2.0 event from a configured
 * IAM caller and handed to one warm {@link HttpQueryHandler}, kept between requests as a warm execution environment
 * is. A request no route takes gets API Gateway's own {@code 404 {"message":"Not Found"}} without reaching the
 * function. Requests are handled one at a time, as one execution environment handles them.
 */
final class LocalApi implements AutoCloseable {

    /** The default port, as {@code sam local start-api}'s. */
    static final int DEFAULT_PORT = 3000;
    /** How long the server waits for an exchange in progress when it stops. */
    private static final int STOP_DELAY_SECONDS = 1;
    private static final byte[] NOT_FOUND = "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INTERNAL_ERROR = "{\"message\":\"Internal Server Error\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpQueryHandler handler;
    private final ApiRoutes routes;
    private final String caller;
    private final ApiEvents events;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;

    private LocalApi(HttpServer server, ExecutorService executor, HttpQueryHandler handler, ApiRoutes routes,
            String caller, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
        this.routes = routes;
        this.caller = caller;
        this.clock = clock;
        this.events = new ApiEvents(json);
    }

    /**
     * Binds 127.0.0.1:{@code port} (0 picks a free port) for the API, serving nothing yet: bound before the stand-ins
     * and the function start, so that a port in use fails at once, as {@code local up}'s do, rather than after they
     * have started and printed their endpoints. Hand it to {@link #start}, or {@link HttpServer#stop} it.
     *
     * @throws CommandFailedException when the port cannot be bound
     */
    static HttpServer bind(int port) {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (BindException e) {
            throw new CommandFailedException("cannot bind 127.0.0.1:" + port + " (in use?); choose another with --port",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local API on 127.0.0.1:" + port, e);
        }
    }

    /** Serves {@code routes} on the {@link #bind bound} {@code server} with {@code handler}, which it then owns. */
    static LocalApi start(HttpServer server, HttpQueryHandler handler, ApiRoutes routes, String caller) {
        // One thread: one execution environment answers one request at a time.
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "snowgate-local-api");
            thread.setDaemon(true);
            return thread;
        });
        LocalApi api = new LocalApi(server, executor, handler, routes, caller, Clock.systemUTC());
        server.createContext("/", api::exchange);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    /** Where the API listens. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The routes served, in declaration order. */
    ApiRoutes routes() {
        return routes;
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            URI uri = exchange.getRequestURI();
            String rawPath = uri.getRawPath();
            Optional<ApiRoutes.Match> route = routes.match(method, rawPath);
            if (route.isEmpty()) {
                send(exchange, 404, Map.of("Content-Type", "application/json"), NOT_FOUND);
                return;
            }
            ApiEvents.Request request = new ApiEvents.Request(method, rawPath,
                    uri.getRawQuery() == null ? "" : uri.getRawQuery(), headers(exchange), body,
                    exchange.getRequestHeaders().getFirst("Host") == null ? endpoint().getAuthority()
                            : exchange.getRequestHeaders().getFirst("Host"),
                    exchange.getRemoteAddress().getAddress().getHostAddress());
            ObjectNode event = events.event(request, route, caller, clock.instant());
            JsonNode response;
            try {
                response = json.readTree(InvokeCommand.invoke(handler, json.writeValueAsBytes(event),
                        "snowgate-http", handler.answerWithin()));
            } catch (CommandFailedException | JsonProcessingException e) {
                // What API Gateway answers when the integration fails.
                send(exchange, 500, Map.of("Content-Type", "application/json"), INTERNAL_ERROR);
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            response.path("headers").properties().forEach(header -> headers.put(header.getKey(),
                    header.getValue().asText()));
            String text = response.path("body").asText("");
            byte[] payload = response.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(text)
                    : text.getBytes(StandardCharsets.UTF_8);
            send(exchange, response.path("statusCode").asInt(500), headers, payload);
        }
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        return headers;
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * Closes the function's Snowflake session and stops serving. The session goes first, so that a request still
     * running has its statement aborted and is answered (502, the function was stopped) while the server waits for
     * it; closed again once the server is stopped, in case a request that came meanwhile signed in anew.
     */
    @Override
    public void close() {
        LocalHandlers.close(handler);
        server.stop(STOP_DELAY_SECONDS);
        executor.shutdownNow();
        LocalHandlers.close(handler);
    }

    /** The route lines printed at start, one per route. */
    List<String> routeLines() {
        return routes.routes().stream().map(route -> "route: " + route.routeKey()).toList();
    }
}
