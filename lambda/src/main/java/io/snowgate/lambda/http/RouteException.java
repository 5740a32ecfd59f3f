package io.snowgate.lambda.http;

import java.util.Optional;

/**
 * No route for the call: an unknown path (404) or a method the path does not take (405, with the one it takes).
 * Found before any query is looked up, so not a {@link io.snowgate.lambda.query.QueryFailure}.
 */
public final class RouteException extends RuntimeException {

    private final int status;
    private final Optional<String> allowed;

    private RouteException(int status, String message, Optional<String> allowed) {
        super(message, null, false, false);
        this.status = status;
        this.allowed = allowed;
    }

    static RouteException notFound() {
        return new RouteException(404, "no such route; use POST /queries/{name} or GET /queries/{name}/runs/{queryId}",
                Optional.empty());
    }

    static RouteException methodNotAllowed(String allowedMethod) {
        return new RouteException(405, "this path takes " + allowedMethod + " only", Optional.of(allowedMethod));
    }

    public int status() {
        return status;
    }

    public String code() {
        return status == 405 ? "METHOD_NOT_ALLOWED" : "NOT_FOUND";
    }

    /** The {@code Allow} header value for a 405. */
    public Optional<String> allowed() {
        return allowed;
    }
}
