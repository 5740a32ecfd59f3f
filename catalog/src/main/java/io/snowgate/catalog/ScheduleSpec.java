package io.snowgate.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * When EventBridge Scheduler runs a query.
 *
 * @param expression {@code rate(5 minutes)}, {@code cron(0 8 * * ? *)} or {@code at(2026-01-01T00:00:00)}
 * @param timeZone   IANA time zone the expression is read in; {@code UTC} when not given
 * @param params     parameter values sent in the schedule's payload (scalars, as in the catalog file)
 */
public record ScheduleSpec(String expression, String timeZone, Map<String, Object> params) {

    /** The time zone used when a schedule names none. */
    public static final String DEFAULT_TIME_ZONE = "UTC";

    public ScheduleSpec {
        Objects.requireNonNull(expression, "expression");
        timeZone = timeZone == null ? DEFAULT_TIME_ZONE : timeZone;
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
