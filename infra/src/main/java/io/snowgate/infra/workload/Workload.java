package io.snowgate.infra.workload;

import java.util.List;

/**
 * What the catalog asks of the infrastructure: the schedules to create and the queries to route over HTTP.
 *
 * @param schedules   one EventBridge Scheduler schedule each
 * @param httpQueries one {@code POST /queries/{name}} route each
 */
public record Workload(List<ScheduledQuery> schedules, List<HttpQuery> httpQueries) {

    public Workload {
        schedules = List.copyOf(schedules);
        httpQueries = List.copyOf(httpQueries);
    }

    /** True when every scheduled query may safely run more than once. */
    public boolean allSchedulesRetrySafe() {
        return schedules.stream().allMatch(ScheduledQuery::retrySafe);
    }
}
