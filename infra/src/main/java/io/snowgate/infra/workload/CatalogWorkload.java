package io.snowgate.infra.workload;

import java.nio.file.Path;
import java.util.List;

import io.snowgate.catalog.CatalogException;
import io.snowgate.catalog.QueryCatalog;
import io.snowgate.catalog.api.ApiRoutes;
import io.snowgate.infra.config.ContextException;
import io.snowgate.infra.config.ContextSettings;

/** Turns the query catalog into the schedules and HTTP routes the stack creates. */
public final class CatalogWorkload {

    private CatalogWorkload() {
    }

    /**
     * Loads and validates the catalog file, so an invalid catalog fails {@code cdk synth} rather than a deployed
     * function.
     *
     * @param functionTimeoutSeconds the scheduled function's timeout; no query may declare a longer one
     * @throws ContextException naming the {@value ContextSettings#CATALOG} key, the file and every problem
     */
    public static Workload load(Path file, int functionTimeoutSeconds) {
        try {
            return from(QueryCatalog.loadValid(file, functionTimeoutSeconds));
        } catch (CatalogException e) {
            throw new ContextException(ContextSettings.CATALOG, e.getMessage()); // it names the file
        }
    }

    /** The schedules of the catalog's scheduled queries and the routes of its HTTP-exposed ones, in file order. */
    public static Workload from(QueryCatalog catalog) {
        List<ScheduledQuery> schedules = catalog.queries().stream()
                .filter(query -> query.schedule().isPresent())
                .map(query -> {
                    var schedule = query.schedule().orElseThrow();
                    return new ScheduledQuery(query.name(), schedule.expression(), schedule.timeZone(),
                            schedule.params(), query.retrySafe());
                })
                .toList();
        List<HttpQuery> httpQueries = ApiRoutes.exposedQueries(catalog).stream().map(HttpQuery::new).toList();
        return new Workload(schedules, httpQueries);
    }
}
