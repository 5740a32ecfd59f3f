package io.snowgate.catalog.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One route of the HTTP API, as API Gateway declares it: a method and a path whose segments are literal or a
 * <code>{parameter}</code> that matches exactly one segment.
 *
 * @param method upper-case HTTP method
 * @param path   the route's path, e.g. <code>/queries/{name}/runs/{queryId}</code>
 */
public record ApiRoute(String method, String path) {

    public ApiRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a route path starts with '/': " + path);
        }
    }

    /** API Gateway's route key: {@code METHOD /path}. */
    public String routeKey() {
        return method + " " + path;
    }

    /**
     * The path parameters when a request with {@code requestMethod} and {@code requestPath} takes this route (an
     * empty map for a route without parameters); empty when it does not.
     */
    public Optional<Map<String, String>> match(String requestMethod, String requestPath) {
        if (!method.equals(requestMethod)) {
            return Optional.empty();
        }
        List<String> wanted = segments(path);
        List<String> given = segments(requestPath);
        if (wanted.size() != given.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < wanted.size(); i++) {
            String segment = wanted.get(i);
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (given.get(i).isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(segment.substring(1, segment.length() - 1), given.get(i));
            } else if (!segment.equals(given.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    /** Whether the route has no path parameter: API Gateway prefers such a route over one that has. */
    public boolean literal() {
        return !path.contains("{");
    }

    private static List<String> segments(String path) {
        return List.of(path.substring(path.startsWith("/") ? 1 : 0).split("/", -1));
    }
}
