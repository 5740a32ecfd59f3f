package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code catalog validate} and {@code catalog list}, on the working tree's catalog or {@code SNOWGATE_CATALOG}. */
class CatalogCommandTest {

    private static final String NL = System.lineSeparator();
    private static final Path WORKING_TREE_CATALOG = Path.of("..", "queries", "catalog.yaml").toAbsolutePath()
            .normalize();

    @TempDir
    Path dir;

    @Test
    void list_showsEachQuerysParametersRouteAndSchedule_fromTheWorkingTreesCatalog() {
        CliRun run = CliRun.run(Map.of(), "catalog", "list");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEqualTo("snowgate: catalog " + WORKING_TREE_CATALOG + NL);
        assertThat(run.out().lines()).first().asString().matches("NAME +PARAMETERS +HTTP ROUTE +SCHEDULE");
        assertThat(run.out()).containsPattern("current_version +- +POST /queries/current_version +rate\\(1 hour\\) UTC")
                .containsPattern("warehouse_credits_by_day +days:integer\\?=7, warehouse:string\\? +"
                        + "POST /queries/warehouse_credits_by_day +cron\\(0 8 \\* \\* \\? \\*\\) Europe/Paris")
                .containsPattern("failed_logins +since:timestamp, user_name:string\\? +POST /queries/failed_logins +-");
    }

    @Test
    void list_aQueryNotExposedOverHttp_hasNoRoute() throws Exception {
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), """
                queries:
                  - name: internal_only
                    sql: SELECT 1
                """);

        CliRun run = CliRun.run(Map.of("SNOWGATE_CATALOG", catalog.toString()), "catalog", "list");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEqualTo("snowgate: catalog " + catalog + NL);
        assertThat(run.out()).containsPattern("internal_only +- +- +-");
    }

    @Test
    void validate_theShippedCatalog_isValid() {
        CliRun run = CliRun.run(Map.of(), "catalog", "validate");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("valid: 3 queries, 3 over HTTP, 2 scheduled" + NL);
    }

    @Test
    void validate_anInvalidCatalog_exits1ListingEveryProblem() throws Exception {
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), """
                queries:
                  - name: Bad-Name
                    sql: SELECT 1
                  - name: two_statements
                    sql: SELECT 1; SELECT 2
                """);

        String refusal = refusal(catalog);

        assertThat(refusal).contains("snowgate: " + catalog + " is not a valid catalog:\n"
                + "  - query 'Bad-Name': name must be 1 to 63 lower-case letters, digits or underscores, starting with"
                + " a letter\n  - query 'two_statements': sql holds more than one statement; a query runs exactly one"
                + "\n");
    }

    @Test
    void validate_aStructuralProblemInOneQuery_andAProblemOfMeaningInAnother_exits1ListingBoth() throws Exception {
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), """
                queries:
                  - name: misspelt
                    sql: SELECT 1
                    maxrows: 10
                  - name: two_statements
                    sql: SELECT 1; SELECT 2
                """);

        String refusal = refusal(catalog);

        assertThat(refusal).contains("snowgate: " + catalog + " is not a valid catalog:\n"
                + "  - query 'misspelt': queries[0] has unknown key 'maxrows' (allowed: description, http,"
                + " httpAllows, maxRows, name, parameters, retrySafe, schedule, sql, timeoutSeconds)\n"
                + "  - query 'two_statements': sql holds more than one statement; a query runs exactly one" + NL);
    }

    @Test
    void validate_withTheDeploymentsFunctionTimeout_refusesALongerQueryTimeout_asCdkSynthWould() throws Exception {
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), """
                queries:
                  - name: long_report
                    sql: SELECT 1
                    timeoutSeconds: 600
                    http: true
                """);
        Map<String, String> env = Map.of("SNOWGATE_CATALOG", catalog.toString());

        assertThat(CliRun.run(env, "catalog", "validate").exitCode()).as("within Lambda's 900 s").isZero();
        CliRun deployed = CliRun.run(env, "catalog", "validate", "--function-timeout", "300");

        assertThat(deployed.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(deployed.err()).contains("query 'long_report': timeoutSeconds (600) is above the function's"
                + " timeout (300");
        assertThat(CliRun.run(env, "catalog", "validate", "--function-timeout", "901").exitCode())
                .isEqualTo(CommandLine.ExitCode.USAGE);
    }

    @Test
    void validate_aCatalogThatDoesNotParse_namesTheFileOnce() throws Exception {
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), """
                queries:
                  - name: q
                    sql: SELECT 1
                    maxrows: 10
                """);

        String refusal = refusal(catalog);

        assertThat(refusal).contains("snowgate: " + catalog + " is not a valid catalog:")
                .contains("query 'q': queries[0] has unknown key 'maxrows'");
        String failure = refusal.lines().filter(line -> line.contains("is not a valid catalog")).findFirst()
                .orElseThrow();
        assertThat(failure.split(java.util.regex.Pattern.quote(catalog.toString()), -1)).as(failure).hasSize(2);
    }

    /** {@code catalog validate} of {@code catalog}, which must fail (exit 1, nothing on stdout): what it printed. */
    private static String refusal(Path catalog) {
        CliRun run = CliRun.run(Map.of("SNOWGATE_CATALOG", catalog.toString()), "catalog", "validate");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.out()).isEmpty();
        return run.err();
    }
}
