package io.snowgate.cli;

import io.snowgate.catalog.CatalogException;
import io.snowgate.catalog.QueryCatalog;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.contract.FunctionSizing;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The catalog file local commands run: {@code SNOWGATE_CATALOG} when set, otherwise the working tree's
 * {@code queries/catalog.yaml}, read when the command runs (never a copy built into the CLI), so an edit counts at
 * once. The handlers get it as {@code SNOWGATE_CATALOG}, as a deployed function gets the catalog it ships.
 *
 * @param file absolute path of the catalog file
 */
record LocalCatalog(Path file) {

    /** Where a working tree keeps its catalog. */
    static final Path DEFAULT_FILE = Path.of("queries", "catalog.yaml");
    /** Lambda's longest timeout: a local run checks the catalog as the function does at start-up. */
    static final int MAX_FUNCTION_TIMEOUT_SECONDS = FunctionSizing.LAMBDA_MAX_TIMEOUT_SECONDS;

    /** @param home the working tree ({@code ./snowgate} passes its own directory) */
    static LocalCatalog find(Map<String, String> environment, Path home) {
        String chosen = environment.get(FunctionEnvironment.CATALOG);
        Path file = chosen == null || chosen.isBlank() ? home.resolve(DEFAULT_FILE) : Path.of(chosen.strip());
        return new LocalCatalog(file.toAbsolutePath().normalize());
    }

    /**
     * Reads and validates the catalog as the function does at start-up.
     *
     * @throws CommandFailedException naming the file and every problem
     */
    QueryCatalog load() {
        return load(MAX_FUNCTION_TIMEOUT_SECONDS);
    }

    /**
     * As {@link #load()}, for a function whose timeout is {@code functionTimeoutSeconds}: what {@code cdk synth} checks
     * against the deployment's {@code timeoutSeconds}.
     */
    QueryCatalog load(int functionTimeoutSeconds) {
        try {
            return QueryCatalog.loadValid(file, functionTimeoutSeconds);
        } catch (CatalogException e) {
            throw new CommandFailedException(e.getMessage(), e); // it names the file
        }
    }

    /** {@code environment} with {@code SNOWGATE_CATALOG} pointing at this file: what a local handler is built from. */
    Map<String, String> functionEnvironment(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.put(FunctionEnvironment.CATALOG, file.toString());
        return Map.copyOf(env);
    }
}
