package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark command keeps working; its figures are measured by running it, never asserted here. */
class BenchCommandTest {

    @Test
    void bench_reportsAMedianAndRatioForEachScenario() {
        Execution run = execute("bench", "--runs", "3", "--warmup", "0");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("recipe \\(baseline\\) +3 +\\d+\\.\\d{2} +1\\.00x")
                .containsPattern("snowgate cold +3 +\\d+\\.\\d{2} +\\d+\\.\\d{2}x")
                .containsPattern("snowgate warm +3 +\\d+\\.\\d{2} +\\d+\\.\\d{2}x");
    }

    /**
     * The whole-process benchmark on the package the build made: fresh JVMs for both sides, the medians and ratios
     * of CPU, wall and peak RSS, the class counts, and the SnapStart view. Figures are printed, never asserted.
     */
    @Test
    void benchCold_comparesWholeProcessesOnThePackage_andReportsTheSnapStartView() {
        Execution run = execute("bench", "--cold", "--runs", "1", "--warmup", "0");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("CPU \\(user \\+ sys\\) ms +\\d+\\.\\d{2} +\\d+\\.\\d{2} +\\d+\\.\\d{2} +<= 0\\.5 "
                        + "+(met|NOT met)")
                .containsPattern("wall ms +\\d+\\.\\d{2} +\\d+\\.\\d{2}")
                .containsPattern("peak RSS MiB +\\d+\\.\\d{2} +\\d+\\.\\d{2}")
                .containsPattern("classes the first invocation loads: \\d+ after priming, vs \\d+ cold")
                .containsPattern("ratio \\d+\\.\\d{2} \\(target <= 3\\.0: (met|NOT met)\\)")
                .containsPattern("of which, by the function's own log: secret read \\(fetched, parsed, key decoded\\) "
                        + "\\d+\\.\\d{2} ms, login \\d+\\.\\d{2} ms, statement \\d+\\.\\d{2} ms \\(warm statements "
                        + "\\d+\\.\\d{2} ms\\)")
                .containsPattern("the same work in the warm JVM \\(session closed, secret forgotten, then invoked; the floor"
                        + " of any first invocation\\): \\d+\\.\\d{2} ms median, ratio to warm \\d+\\.\\d{2}; secret read"
                        + " \\d+\\.\\d{2} ms, login \\d+\\.\\d{2} ms, statement \\d+\\.\\d{2} ms; the first invocation"
                        + " spends -?\\d+\\.\\d{2} ms more")
                .containsPattern("deployment zip: \\d+\\.\\d MB, unzipped \\d+\\.\\d MB \\(limits 45 MB and 100 MB")
                .contains("1024 MB: wall")
                .containsPattern("recipe: -XX:TieredStopAtLevel=1 -XX:\\+UseSerialGC -XX:MaxRAM=1024m");
    }

    /**
     * Against another package (here the same one, as a build has only one), both sides run Snowgate's on-demand
     * process: the baseline column is that package, and no target is judged, since the targets are the recipe's.
     */
    @Test
    void benchColdAgainstAPackage_runsThatPackageAsTheBaseline_andJudgesNoTarget() {
        Execution run = execute("bench", "--cold", "--runs", "1", "--warmup", "0", "--against",
                        ColdBench.defaultPackage().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("figure \\(median\\) +against +snowgate +ratio\\s*\\n")
                .containsPattern("CPU \\(user \\+ sys\\) ms +\\d+\\.\\d{2} +\\d+\\.\\d{2} +\\d+\\.\\d{2}\\s*\\n")
                .containsPattern("classes by source, against: \\{.*snowflake-jdbc=")
                .containsPattern("against: -XX:TieredStopAtLevel=1 -XX:\\+UseSerialGC -XX:MaxRAM=1024m")
                .doesNotContain("recipe");
    }

    /**
     * The on-demand package as Snowgate's side: its bootstrap, the runtime interface client and its AOT cache run as
     * Lambda runs a custom runtime, measured from outside the process; no SnapStart view, x86_64 prices.
     */
    @Test
    void benchColdCustomRuntime_runsTheOnDemandPackagesBootstrap_andPricesItOnX86() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25,
                "the on-demand package is built only by a JDK 25 or newer");
        Execution run = execute("bench", "--cold", "--runs", "1", "--warmup", "0", "--custom-runtime");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("CPU \\(user \\+ sys\\) ms +\\d+\\.\\d{2} +\\d+\\.\\d{2} +\\d+\\.\\d{2} +<= 0\\.5 "
                        + "+(met|NOT met)")
                .containsPattern("snowgate JVM options: -XX:AOTCache=snowgate.aot .*-XX:TieredStopAtLevel=1 ")
                .containsPattern("classes by source, snowgate: \\{.*aws-lambda-java-runtime-interface-client=\\d+")
                .containsPattern("on-demand package \\(custom runtime\\): \\d+\\.\\d MB, unzipped \\d+\\.\\d MB")
                .contains("x86_64 us-east-1 prices")
                .contains("no SnapStart view")
                .doesNotContain("first invocation after priming");
        // The cache was trained on the path the bench runs: nearly every class comes from it.
        java.util.regex.Matcher cached = java.util.regex.Pattern.compile(
                "snowgate with its AOT cache: (\\d+) classes loaded, (\\d+) of them not from the cache").matcher(run.out());
        assertThat(cached.find()).as(run.out()).isTrue();
        assertThat(Integer.parseInt(cached.group(2))).isLessThan(Integer.parseInt(cached.group(1)) / 20);
    }

    @Test
    void benchColdCustomRuntimeWithAnAotCacheOfItsOwn_isAUsageError() {
        Execution run = execute("bench", "--cold", "--custom-runtime", "--aot-cache");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("the on-demand package of --custom-runtime carries its own");
    }

    @Test
    void benchColdAgainstAMissingPackage_failsNamingIt() {
        Execution run = execute("bench", "--cold", "--runs", "1", "--warmup", "0", "--against", "no-such-package.zip");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("no deployment package to compare against at no-such-package.zip");
    }

    @Test
    void verdict_meetsATargetAtOrBelowIt_only() {
        assertThat(ColdBench.verdict(0.5, 0.5)).isEqualTo("met");
        assertThat(ColdBench.verdict(0.49, 0.5)).isEqualTo("met");
        assertThat(ColdBench.verdict(0.98, 0.5)).isEqualTo("NOT met");
    }

    @Test
    void costPerRun_isTheSameBelowAWholeVcpu_andGrowsWithMemoryAboveIt() {
        double at512 = ColdBench.costPerRun(2.0, 512);
        double at1024 = ColdBench.costPerRun(2.0, 1024);
        double at2048 = ColdBench.costPerRun(2.0, 2048);

        assertThat(at512).isCloseTo(at1024, org.assertj.core.data.Offset.offset(1e-12));
        // 2 CPU-seconds on one whole vCPU, billed at 2 GB: 4 GB-seconds, plus the request.
        assertThat(at2048).isCloseTo(4 * ColdBench.PRICE_PER_GB_SECOND + ColdBench.PRICE_PER_REQUEST,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(at2048).isGreaterThan(at1024);
    }

    @Test
    void median_ofOddAndEvenCounts() {
        assertThat(new BenchCommand.Result("x", List.of(ms(5), ms(1), ms(3))).median()).isEqualTo(ms(3));
        assertThat(new BenchCommand.Result("x", List.of(ms(4), ms(1), ms(2), ms(8))).median()).isEqualTo(ms(3));
    }

    @Test
    void invalidRuns_isAUsageError() {
        assertThat(execute("bench", "--runs", "0").exitCode()).isEqualTo(2);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** What the CLI printed and returned for {@code args}. */
    private record Execution(int exitCode, String out, String err) {
    }

    private static Execution execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = SnowgateCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Execution(exitCode, out.toString(), err.toString());
    }
}
