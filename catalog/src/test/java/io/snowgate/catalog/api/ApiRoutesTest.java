package io.snowgate.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.catalog.QueryCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRoutesTest {

    private static final QueryCatalog CATALOG = QueryCatalog.parse("""
            queries:
              - name: daily_sales
                sql: SELECT 1
                http: true
              - name: internal_only
                sql: SELECT 2
              - name: runs
                sql: SELECT 3
                http: true
            """, "catalog.yaml");

    @Test
    void of_declaresOnePostRoutePerExposedQuery_thenTheRunStatusRoute() {
        assertThat(ApiRoutes.of(CATALOG).routes()).extracting(ApiRoute::routeKey).containsExactly(
                "POST /queries/daily_sales", "POST /queries/runs", "GET /queries/{name}/runs/{queryId}");
    }

    @Test
    void match_aDeclaredQuery_takesItsLiteralRoute() {
        var match = ApiRoutes.of(CATALOG).match("POST", "/queries/daily_sales").orElseThrow();

        assertThat(match.route().routeKey()).isEqualTo("POST /queries/daily_sales");
        assertThat(match.pathParameters()).isEmpty();
    }

    @Test
    void match_theRunStatusPath_givesItsPathParameters() {
        var match = ApiRoutes.of(CATALOG).match("GET", "/queries/daily_sales/runs/01b2-c3").orElseThrow();

        assertThat(match.route().path()).isEqualTo(ApiRoutes.RUN_STATUS_PATH);
        assertThat(match.pathParameters()).containsExactly(Map.entry("name", "daily_sales"),
                Map.entry("queryId", "01b2-c3"));
    }

    @Test
    void match_aQueryNotExposed_anotherMethod_orAnEmptySegment_takesNoRoute() {
        ApiRoutes routes = ApiRoutes.of(CATALOG);

        assertThat(routes.match("POST", "/queries/internal_only")).isEmpty();
        assertThat(routes.match("GET", "/queries/daily_sales")).isEmpty();
        assertThat(routes.match("GET", "/queries/daily_sales/runs/")).isEmpty();
        assertThat(routes.match("POST", "/queries/daily_sales/")).isEmpty();
    }
}
