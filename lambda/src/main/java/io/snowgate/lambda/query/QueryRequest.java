package io.snowgate.lambda.query;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to run one catalog query.
 *
 * @param query         the catalog name
 * @param params        parameter values as the caller sent them (JSON scalars); checked against the catalog
 * @param requestId     the Lambda request id, for logs and the query tag
 * @param caller        who asked (the IAM principal of an HTTP call), recorded in the query tag
 * @param scheduledTime the firing time of a scheduled run, bound to {@code :scheduled_time} when the query has it
 */
public record QueryRequest(String query, Map<String, Object> params, String requestId, Optional<String> caller,
        Optional<Instant> scheduledTime) {

    public QueryRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(requestId, "requestId");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Parameter values are the caller's data and may be sensitive: never printed. */
    @Override
    public String toString() {
        return "QueryRequest[" + query + ", params=" + params.keySet() + ", requestId=" + requestId + "]";
    }
}
