package io.snowgate.lambda.http;

import java.util.List;

/**
 * The API's routes, as the CDK app declares them:
 * {@code POST /queries/{name}} runs a query, {@code GET /queries/{name}/runs/{queryId}} reads a run.
 */
sealed interface Route {

    /** {@code POST /queries/{name}} */
    record RunQuery(String query) implements Route {
    }

    /** {@code GET /queries/{name}/runs/{queryId}} */
    record ReadRun(String query, String queryId) implements Route {
    }

    /**
     * The route a call takes.
     *
     * @throws RouteException 404 for an unknown path, 405 (with the method it takes) for a known path
     */
    static Route of(HttpCall call) {
        List<String> segments = List.of(call.path().replaceAll("^/+|/+$", "").split("/+"));
        if (segments.size() == 2 && segments.get(0).equals("queries")) {
            requireMethod(call, "POST");
            return new RunQuery(segments.get(1));
        }
        if (segments.size() == 4 && segments.get(0).equals("queries") && segments.get(2).equals("runs")) {
            requireMethod(call, "GET");
            return new ReadRun(segments.get(1), segments.get(3));
        }
        throw RouteException.notFound();
    }

    /** Where a run is read: {@code /queries/{name}/runs/{queryId}}. */
    static String location(String query, String queryId) {
        return "/queries/" + query + "/runs/" + queryId;
    }

    private static void requireMethod(HttpCall call, String method) {
        if (!call.method().equals(method)) {
            throw RouteException.methodNotAllowed(method);
        }
    }
}
