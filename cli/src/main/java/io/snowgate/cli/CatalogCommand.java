package io.snowgate.cli;

import io.snowgate.catalog.NamedQuery;
import io.snowgate.catalog.ParameterSpec;
import io.snowgate.catalog.QueryCatalog;
import io.snowgate.catalog.api.ApiRoute;
import io.snowgate.catalog.api.ApiRoutes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code snowgate catalog ...}: the catalog local commands run ({@code SNOWGATE_CATALOG}, or the working tree's
 * {@code queries/catalog.yaml}), checked and listed as the function and the CDK app read it.
 */
@Command(
        name = "catalog",
        mixinStandardHelpOptions = true,
        versionProvider = SnowgateCommand.Version.class,
        description = "Check and list the query catalog (SNOWGATE_CATALOG, or the working tree's queries/catalog.yaml).",
        subcommands = {CatalogCommand.Validate.class, CatalogCommand.ListQueries.class})
final class CatalogCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand (validate, list)");
    }

    /** {@code snowgate catalog validate}: the checks the function runs at start-up and {@code cdk synth} runs. */
    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            versionProvider = SnowgateCommand.Version.class,
            description = {"Check the catalog as the function and cdk synth do; exit 1 listing every problem."})
    static final class Validate implements Runnable {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Option(names = "--function-timeout", paramLabel = "SECONDS",
                description = {"Check query timeouts against this function timeout, as cdk synth checks them against"
                        + " the deployment's timeoutSeconds (cdk.json: 300); default: Lambda's most, 900, as the"
                        + " function checks at start-up."})
        Integer functionTimeout;

        @Override
        public void run() {
            int most = LocalCatalog.MAX_FUNCTION_TIMEOUT_SECONDS;
            if (functionTimeout != null && (functionTimeout < 1 || functionTimeout > most)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--function-timeout must be between 1 and " + most);
            }
            LocalCatalog catalog = SnowgateCommand.catalog(spec);
            QueryCatalog queries = functionTimeout == null ? catalog.load() : catalog.load(functionTimeout);
            PrintWriter out = spec.commandLine().getOut();
            out.println("valid: " + queries.queries().size() + " queries, "
                    + ApiRoutes.exposedQueries(queries).size() + " over HTTP, "
                    + queries.queries().stream().filter(q -> q.schedule().isPresent()).count() + " scheduled");
            out.flush();
        }
    }

    /**
     * {@code snowgate catalog list}: each query with its parameters, its HTTP route (as the CDK app declares it,
     * from {@link ApiRoutes}) and its schedule.
     */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            versionProvider = SnowgateCommand.Version.class,
            description = {"List each query: name, parameters (name:type, ? optional, =default), HTTP route, schedule."})
    static final class ListQueries implements Runnable {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            QueryCatalog catalog = SnowgateCommand.catalog(spec).load();
            ApiRoutes routes = ApiRoutes.of(catalog);
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("NAME", "PARAMETERS", "HTTP ROUTE", "SCHEDULE"));
            for (NamedQuery query : catalog.queries()) {
                rows.add(List.of(query.name(), parameters(query), route(routes, query).orElse("-"),
                        query.schedule().map(s -> s.expression() + " " + s.timeZone()).orElse("-")));
            }
            PrintWriter out = spec.commandLine().getOut();
            int[] widths = new int[4];
            rows.forEach(row -> {
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = Math.max(widths[i], row.get(i).length());
                }
            });
            for (List<String> row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.size(); i++) {
                    line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
                }
                out.println(line.toString().stripTrailing());
            }
            out.flush();
        }

        private static Optional<String> route(ApiRoutes routes, NamedQuery query) {
            return routes.routes().stream().filter(route -> route.path().equals(ApiRoutes.RUN_PATH_PREFIX + query.name()))
                    .map(ApiRoute::routeKey).findFirst();
        }

        private static String parameters(NamedQuery query) {
            if (query.parameters().isEmpty()) {
                return "-";
            }
            return query.parameters().stream().map(ListQueries::parameter).collect(Collectors.joining(", "));
        }

        private static String parameter(ParameterSpec spec) {
            return spec.name() + ":" + spec.type().catalogName() + (spec.required() ? "" : "?")
                    + spec.defaultValue().map(value -> "=" + value).orElse("");
        }
    }
}
