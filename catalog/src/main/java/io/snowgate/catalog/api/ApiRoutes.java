package io.snowgate.catalog.api;

import io.snowgate.catalog.NamedQuery;
import io.snowgate.catalog.QueryCatalog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's routes as the catalog asks for them: {@code POST /queries/{name}} for each query marked
 * {@code http: true} (one literal route per name, so a query not exposed has no route at all), then
 * <code>GET /queries/{name}/runs/{queryId}</code> to read a run. The CDK app declares exactly these routes, and
 * {@code snowgate local start-api} serves exactly these.
 *
 * @param routes in declaration order
 */
public record ApiRoutes(List<ApiRoute> routes) {

    /** Where a query runs. */
    public static final String RUN_PATH_PREFIX = "/queries/";
    /** The run-status route's path. */
    public static final String RUN_STATUS_PATH = "/queries/{name}/runs/{queryId}";

    public ApiRoutes {
        routes = List.copyOf(routes);
    }

    /** The routes for {@code catalog}'s queries exposed over HTTP. */
    public static ApiRoutes of(QueryCatalog catalog) {
        return forQueries(exposedQueries(catalog));
    }

    /** The names of the queries the HTTP API exposes, in catalog order. */
    public static List<String> exposedQueries(QueryCatalog catalog) {
        return catalog.queries().stream().filter(NamedQuery::exposedOverHttp).map(NamedQuery::name).toList();
    }

    /** The routes for queries with these names exposed over HTTP. */
    public static ApiRoutes forQueries(List<String> exposedQueryNames) {
        List<ApiRoute> routes = new ArrayList<>();
        exposedQueryNames.forEach(name -> routes.add(new ApiRoute("POST", RUN_PATH_PREFIX + name)));
        routes.add(new ApiRoute("GET", RUN_STATUS_PATH));
        return new ApiRoutes(routes);
    }

    /** The route a request takes, as API Gateway picks it: a literal route before one with path parameters. */
    public Optional<Match> match(String method, String path) {
        return routes.stream()
                .sorted(Comparator.comparing(route -> !route.literal()))
                .flatMap(route -> route.match(method, path).map(params -> new Match(route, params)).stream())
                .findFirst();
    }

    /** A route a request took, with its path parameters. */
    public record Match(ApiRoute route, Map<String, String> pathParameters) {
        public Match {
            pathParameters = Collections.unmodifiableMap(new LinkedHashMap<>(pathParameters));
        }
    }
}
