package io.snowgate.lambda.query;

import java.util.Objects;
import java.util.Optional;

/**
 * A run as a caller names it when asking for it: through the query it was started as, by its Snowflake query id.
 *
 * @param query   the catalog name in the caller's request
 * @param queryId the query id the start answered with
 * @param caller  who is asking (the IAM principal of an HTTP call); must be who started the run
 */
public record RunReference(String query, String queryId, Optional<String> caller) {

    public RunReference {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(queryId, "queryId");
        Objects.requireNonNull(caller, "caller");
    }
}
