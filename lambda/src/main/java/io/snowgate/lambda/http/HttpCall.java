package io.snowgate.lambda.http;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An API Gateway call in the handler's terms, whichever payload version carried it.
 *
 * @param payloadVersion {@code 2.0} (HTTP API) or {@code 1.0} (REST API proxy, or HTTP API payload 1.0)
 * @param method         upper-case HTTP method
 * @param path           the route's path, without a stage or a custom domain's base path before it
 * @param basePath       what the caller's URL path holds before {@code path}: {@code /STAGE} for a REST API or an
 *                       HTTP API on a named stage, a custom domain's API mapping path, empty on an HTTP API's
 *                       {@code $default} stage; where the caller is sent back to (a run's {@code Location}) starts
 *                       with it
 * @param query          query string parameters (a repeated name keeps its last value)
 * @param body           the request body as text, decoded when API Gateway sent it base64-encoded
 * @param caller         the authenticated principal: the IAM caller's ARN ({@code userArn}), {@code jwt:ISSUER#SUB}
 *                       for a JWT or Cognito authorizer, {@code authorizer:PRINCIPAL_ID} for a Lambda authorizer;
 *                       empty when nothing authenticated the request
 * @param callerAccount  the caller's AWS account, when known
 * @param callerOrgId    the caller's AWS Organizations id ({@code principalOrgId}), when known
 */
public record HttpCall(String payloadVersion, String method, String path, String basePath, Map<String, String> query,
        Optional<String> body, Optional<String> caller, Optional<String> callerAccount, Optional<String> callerOrgId) {

    public HttpCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(basePath, "basePath");
        query = Map.copyOf(query);
    }

    /** The body is the caller's data (parameter values): never printed. */
    @Override
    public String toString() {
        return "HttpCall[" + method + " " + path + ", payload " + payloadVersion + ", caller=" + caller.orElse("-")
                + "]";
    }
}
