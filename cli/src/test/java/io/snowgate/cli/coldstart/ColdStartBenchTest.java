package io.snowgate.cli.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColdStartBenchTest {

    @Test
    void countClasses_countsEveryLoad_bySource_andThoseBetweenTheFirstInvocationsMarkers() {
        List<String> log = List.of(
                "[class,load] java.lang.Object source: shared objects file",
                "[class,load] com.example.A source: file:/tmp/f/lib/snowflake-jdbc-4.4.1-slim.jar",
                FunctionProcess.FIRST_INVOCATION_START,
                "[class,load] net.snowflake.client.jdbc.internal.org.bouncycastle.X source: file:/tmp/f/lib/"
                        + "snowflake-jdbc-4.4.1-slim.jar",
                "[class,load] com.example.B$$Lambda/0x01 source: com.example.B",
                "{\"level\":\"INFO\"}",
                FunctionProcess.FIRST_INVOCATION_END,
                "[class,load] com.example.C source: file:/tmp/f/lib/jackson-databind-2.23.0.jar");

        ColdStartBench.ClassCounts counts = ColdStartBench.countClasses(log);

        assertThat(counts.total()).isEqualTo(5);
        assertThat(counts.fromSharedArchive()).isEqualTo(1);
        assertThat(counts.firstInvocation()).isEqualTo(2);
        assertThat(counts.bySource()).containsEntry("JDK", 1).containsEntry("snowflake-jdbc", 1)
                .containsEntry("snowflake-jdbc (its relocated BouncyCastle)", 1)
                .containsEntry("generated at run time (lambdas, proxies, method handles)", 1)
                .containsEntry("jackson-databind", 1);
    }

    /** Every median the benchmark reports, in the children and in the report, is this one statistic. */
    @Test
    void median_isTheMiddleValue_orTheMeanOfTheTwoMiddleOnes_inAnyOrder() {
        assertThat(ProcessFigures.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(ProcessFigures.median(List.of(4.0, 1.0, 2.0, 8.0))).isEqualTo(3.0);
        assertThat(ColdStartBench.median(List.of("aa", "b", "cccc"), String::length)).isEqualTo(2.0);
    }

    /**
     * {@code /proc/<pid>/stat} (proc(5)): utime and stime are fields 14 and 15, in clock ticks of 1/100 s, counted
     * after the command name, which is in parentheses and may itself hold spaces and parentheses; cutime and cstime
     * (fields 16 and 17, the children's) are not this process's.
     */
    @Test
    void cpuMillis_isUserPlusSystemTime_countedAfterTheLastParenthesis(@TempDir Path process) throws IOException {
        Files.writeString(process.resolve("stat"), "4242 (a) (b c) S 1 4242 4242 0 -1 4194560 52018 0 12 0 250 37 5"
                + " 9 20 0 23 0 3456789 4567890123 52345 18446744073709551615 1 1 0 0 0 0 0 4096 17409 0 0 0 17 1 0 0"
                + " 0 0 0\n");

        assertThat(ProcessFigures.cpuMillis(process)).isEqualTo((250 + 37) * 10);
    }

    /** {@code /proc/<pid>/status}: the peak ({@code VmHWM}), not the resident set now ({@code VmRSS}). */
    @Test
    void peakRssKib_isTheHighWaterMark_andItsAbsenceAnError(@TempDir Path process) throws IOException {
        Files.writeString(process.resolve("status"), "Name:\tjava\nVmPeak:\t 3456789 kB\nVmHWM:\t  181234 kB\n"
                + "VmRSS:\t  150321 kB\nThreads:\t17\n");

        assertThat(ProcessFigures.peakRssKib(process)).isEqualTo(181_234);

        Files.writeString(process.resolve("status"), "Name:\tjava\nVmRSS:\t  150321 kB\n");
        assertThatThrownBy(() -> ProcessFigures.peakRssKib(process)).isInstanceOf(IOException.class)
                .hasMessageContaining("has no VmHWM");
    }

    @Test
    void invocationParts_takeTheFirstInvocationsParts_theWarmStatementsMedian_andTheFreshSignInsMedians() {
        List<String> output = List.of(
                "{\"level\":\"INFO\",\"event\":\"priming_done\",\"durationMs\":2400}",
                FunctionProcess.FIRST_INVOCATION_START,
                "{\"level\":\"INFO\",\"event\":\"secret_read\",\"secretId\":\"snowgate/local\","
                        + "\"reason\":\"first read\",\"durationMs\":41}",
                "Nov 30, 2026 4:03:35 AM net.snowflake.client.internal.core.SFBaseSession getOCSPMode",
                "{\"timestamp\":\"2026-11-30T04:03:35.158Z\",\"level\":\"INFO\",\"event\":\"snowflake_login\","
                        + "\"account\":\"MYORG-ANALYTICS\",\"durationMs\":62,\"user\":\"SVC_SNOWGATE\"}",
                "{\"level\":\"INFO\",\"event\":\"scheduled_query_succeeded\",\"query\":\"current_version\","
                        + "\"rowCount\":1,\"elapsedMs\":34}",
                "{\"_aws\":{\"Timestamp\":1796011415052},\"StatementDuration\":34,\"durationMs\":97}",
                FunctionProcess.FIRST_INVOCATION_END,
                "{\"level\":\"INFO\",\"event\":\"scheduled_query_succeeded\",\"elapsedMs\":19}",
                "{\"_aws\":{\"Timestamp\":1796011415201},\"durationMs\":23}",
                "{\"level\":\"INFO\",\"event\":\"scheduled_query_succeeded\",\"elapsedMs\":12}",
                "{\"level\":\"INFO\",\"event\":\"scheduled_query_succeeded\",\"elapsedMs\":16}",
                FunctionProcess.FRESH_SIGN_INS_START,
                "{\"event\":\"secret_read\",\"reason\":\"first read\",\"durationMs\":9}",
                "{\"event\":\"snowflake_login\",\"durationMs\":15}",
                "{\"event\":\"scheduled_query_succeeded\",\"elapsedMs\":13}",
                "{\"event\":\"secret_read\",\"reason\":\"first read\",\"durationMs\":11}",
                "{\"event\":\"snowflake_login\",\"durationMs\":14}",
                "{\"event\":\"scheduled_query_succeeded\",\"elapsedMs\":10}",
                "{\"event\":\"secret_read\",\"reason\":\"first read\",\"durationMs\":30}",
                "{\"event\":\"snowflake_login\",\"durationMs\":20}",
                "{\"event\":\"scheduled_query_succeeded\",\"elapsedMs\":12}");

        ColdStartBench.InvocationParts parts = ColdStartBench.invocationParts(output);

        assertThat(parts).isEqualTo(new ColdStartBench.InvocationParts(new ColdStartBench.Parts(41, 62, 34),
                new ColdStartBench.Parts(11, 15, 12), 16));
    }

    /** Per run: the medians of the parts need not add up to the median invocation (a negative "rest" did). */
    @Test
    void theRestOfAnInvocation_isWhatItsOwnPartsLeave() {
        assertThat(new ColdStartBench.Parts(41, 62, 34).restOf(150)).isEqualTo(13);
    }

    @Test
    void invocationParts_refuseARunWhoseFirstInvocationLoggedNoLogin() {
        List<String> output = List.of(FunctionProcess.FIRST_INVOCATION_START,
                "{\"event\":\"secret_read\",\"durationMs\":41}",
                "{\"event\":\"scheduled_query_succeeded\",\"elapsedMs\":34}",
                FunctionProcess.FIRST_INVOCATION_END,
                "{\"event\":\"scheduled_query_succeeded\",\"elapsedMs\":12}");

        assertThatThrownBy(() -> ColdStartBench.invocationParts(output))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not 1, 0, 1 and 1");
    }

    @Test
    void invocationParts_refuseARunWhoseFreshSignInsDidNotEachLogIn() {
        List<String> output = List.of(FunctionProcess.FIRST_INVOCATION_START,
                "{\"event\":\"secret_read\",\"durationMs\":41}",
                "{\"event\":\"snowflake_login\",\"durationMs\":62}",
                "{\"event\":\"scheduled_query_succeeded\",\"elapsedMs\":34}",
                FunctionProcess.FIRST_INVOCATION_END,
                "{\"event\":\"scheduled_query_succeeded\",\"elapsedMs\":12}",
                FunctionProcess.FRESH_SIGN_INS_START,
                "{\"event\":\"secret_read\",\"durationMs\":9}",
                "{\"event\":\"scheduled_query_succeeded\",\"elapsedMs\":13}");

        assertThatThrownBy(() -> ColdStartBench.invocationParts(output))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not 1, 0 and 1");
    }

    /**
     * The recipe runs on what a naive build ships: the package's third-party jars, but the published jars where the
     * package ships a changed one (the fat driver for the slim one, BouncyCastle's signed jars), none of Snowgate's.
     */
    @Test
    void recipeClassPath_takesThePublishedJarsWhereThePackageChangedThem(@TempDir Path dir) throws IOException {
        Path zip = PackageZips.ofJars(dir.resolve("function.zip"), "snowgate-lambda-0.1.0.jar",
                "snowflake-jdbc-4.4.1-slim.jar", "bcprov-jdk18on-1.83.jar", "jackson-core-2.20.0.jar");
        Path publishedDriver = Files.write(dir.resolve("snowflake-jdbc-4.4.1.jar"), new byte[] {0});
        Path publishedBcprov = Files.createDirectories(dir.resolve("m2")).resolve("bcprov-jdk18on-1.83.jar");
        Files.write(publishedBcprov, new byte[] {0});

        ColdStartBench bench = new ColdStartBench(settings(zip, List.of(publishedDriver, publishedBcprov), dir,
                Optional.empty()), TARGET);

        assertThat(bench.baselineName()).isEqualTo("recipe");
        assertThat(bench.baselineClassPath()).isEqualTo(bench.recipeClassPath());
        assertThat(bench.recipeClassPath().stream().map(jar -> jar.getFileName().toString()))
                .contains("jackson-core-2.20.0.jar", "snowflake-jdbc-4.4.1.jar", "bcprov-jdk18on-1.83.jar")
                .doesNotContain("snowgate-lambda-0.1.0.jar", "snowflake-jdbc-4.4.1-slim.jar");
        assertThat(bench.recipeClassPath()).contains(publishedBcprov, publishedDriver)
                .noneMatch(jar -> jar.startsWith(dir.resolve("work")) && jar.endsWith("bcprov-jdk18on-1.83.jar"));
        assertThat(bench.functionClassPath().stream().map(jar -> jar.getFileName().toString()))
                .contains("snowgate-lambda-0.1.0.jar", "snowflake-jdbc-4.4.1-slim.jar", "bcprov-jdk18on-1.83.jar")
                .doesNotContain("snowflake-jdbc-4.4.1.jar");
        // Every child sees the deployed memory as its machine's, as a JVM in a Lambda environment of that size does.
        assertThat(bench.baselineOptions()).contains("-XX:TieredStopAtLevel=1", "-XX:MaxRAM=1024m");
        assertThat(bench.snowgateOptions()).contains("-XX:TieredStopAtLevel=1", "-XX:MaxRAM=1024m");
        assertThat(bench.snapStartOptions()).contains("-XX:MaxRAM=1024m").doesNotContain("-XX:TieredStopAtLevel=1");
    }

    /** Against another package, the baseline runs that package's jars, each side its own, with the same launcher. */
    @Test
    void baselineClassPath_againstAnotherPackage_isThatPackagesJarsAndTheLauncher(@TempDir Path dir)
            throws IOException {
        Path zip = PackageZips.ofJars(dir.resolve("function.zip"), "snowgate-lambda-0.1.0.jar",
                "snowflake-jdbc-4.4.1-slim.jar");
        Path other = PackageZips.ofJars(dir.resolve("before.zip"), "snowgate-lambda-0.0.9.jar",
                "snowflake-jdbc-4.4.0-slim.jar");

        ColdStartBench bench = new ColdStartBench(settings(zip, List.of(), dir, Optional.of(other)), TARGET);

        assertThat(bench.baselineName()).isEqualTo("against");
        assertThat(bench.baselineClassPath().stream().map(jar -> jar.getFileName().toString()))
                .containsExactly("snowflake-jdbc-4.4.0-slim.jar", "snowgate-lambda-0.0.9.jar", "launcher.jar");
        assertThat(bench.functionClassPath().stream().map(jar -> jar.getFileName().toString()))
                .containsExactly("snowflake-jdbc-4.4.1-slim.jar", "snowgate-lambda-0.1.0.jar", "launcher.jar");
        assertThat(bench.baselineClassPath().getLast()).isEqualTo(bench.functionClassPath().getLast());
        assertThat(bench.baselineOptions()).contains("-XX:TieredStopAtLevel=1", "-XX:MaxRAM=1024m");
    }

    private static final ColdStartBench.Target TARGET = new ColdStartBench.Target(Map.of(), Map.of(), "secret",
            "127.0.0.1:1", "{}", "SELECT 1");

    private static ColdStartBench.Settings settings(Path zip, List<Path> published, Path dir,
            Optional<Path> against) {
        return new ColdStartBench.Settings(zip, published, 1, 0, 1, List.of(), 1024, dir.resolve("work"),
                Optional.empty(), false, against, Optional.empty());
    }
}
