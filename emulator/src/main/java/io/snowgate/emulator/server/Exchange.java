package io.snowgate.emulator.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request being served: its decompressed body, its query parameters and ways to answer it once. */
public final class Exchange {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpExchange http;
    private final byte[] body;
    private final Map<String, String> queryParameters;
    /** While set, answers are swallowed: the request is served, but what it answers never reaches the client. */
    private volatile boolean swallowAnswers;

    Exchange(HttpExchange http, byte[] body) {
        this.http = http;
        this.body = body;
        this.queryParameters = parseQuery(http.getRequestURI().getRawQuery());
    }

    public String method() {
        return http.getRequestMethod();
    }

    public String path() {
        return http.getRequestURI().getPath();
    }

    public URI uri() {
        return http.getRequestURI();
    }

    /** A request header (case-insensitive), or null. */
    public String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    /** Every request header with all its values, names as the client sent them (case-insensitive lookups). */
    public Map<String, java.util.List<String>> headers() {
        Map<String, java.util.List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        http.getRequestHeaders().forEach((name, values) -> headers.put(name, java.util.List.copyOf(values)));
        return headers;
    }

    /** A query parameter, URL-decoded, or null. */
    public String queryParameter(String name) {
        return queryParameters.get(name);
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The client's IP address as text ({@code 127.0.0.1} for every client of a stand-in). */
    public String remoteAddress() {
        return http.getRemoteAddress().getAddress().getHostAddress();
    }

    /** The port the request arrived on, for building absolute URLs back to this stand-in. */
    public int localPort() {
        return http.getLocalAddress().getPort();
    }

    /** Answers with {@code payload} serialised as JSON. */
    public void respondJson(int status, Object payload) throws IOException {
        respondJson(status, "application/json", payload);
    }

    public void respondJson(int status, String contentType, Object payload) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot serialise response", e);
        }
        respond(status, contentType, bytes);
    }

    /** Answers with raw bytes; {@code extraHeaders} are added as given. */
    public void respond(int status, String contentType, byte[] bytes, Map<String, String> extraHeaders)
            throws IOException {
        if (swallowAnswers) {
            return;
        }
        if (contentType != null) {
            http.getResponseHeaders().set("Content-Type", contentType);
        }
        extraHeaders.forEach((name, value) -> http.getResponseHeaders().set(name, value));
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    public void respond(int status, String contentType, byte[] bytes) throws IOException {
        respond(status, contentType, bytes, Map.of());
    }

    /** Closes the connection without answering (JDK HttpServer drops the socket when no headers were sent). */
    void drop() {
        http.close();
    }

    /** From now on the handler's answers are swallowed, until {@link #answerAgain()}. */
    void swallowAnswers() {
        swallowAnswers = true;
    }

    void answerAgain() {
        swallowAnswers = false;
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
