package io.snowgate.infra.workload;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A catalog query that runs on a schedule.
 *
 * @param name       the catalog name, sent to the function as {@code "query"}
 * @param expression an EventBridge Scheduler expression: {@code cron(...)}, {@code rate(...)} or {@code at(...)}
 * @param timeZone   the IANA time zone the expression is evaluated in
 * @param params     the query parameters in catalog order, sent to the function as {@code "params"}
 * @param retrySafe  whether running the query twice is harmless (Lambda may then retry a failed run)
 */
public record ScheduledQuery(String name, String expression, String timeZone, Map<String, Object> params,
                             boolean retrySafe) {

    public ScheduledQuery {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(timeZone, "timeZone");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
