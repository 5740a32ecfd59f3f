package io.snowgate.lambda.schedule;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One scheduled run of a named query, whichever way it arrived.
 *
 * @param query         the catalog name of the query
 * @param params        parameter values as JSON gave them (String, Number, Boolean or null)
 * @param scheduledTime when the run was scheduled for, if the event says so: the same for every retry of a run,
 *                      so a statement can use it to stay idempotent
 */
public record ScheduledInvocation(String query, Map<String, Object> params, Optional<Instant> scheduledTime) {

    public ScheduledInvocation {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }
}
