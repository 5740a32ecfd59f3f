package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.cli.coldstart.ColdStartBench;
import io.snowgate.cli.coldstart.FunctionProcess;
import io.snowgate.cli.coldstart.PackageZips;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * The cold report on planted figures, three runs a side: each row prints the two medians and Snowgate's ratio to
     * the baseline's, judged against that row's own target; the SnapStart view judges the first invocation against
     * the warm ones, and the classes it loads after priming against the whole cold process.
     */
    @Test
    void coldReport_judgesEachMediansRatioToTheRecipeAgainstItsOwnTarget(@TempDir Path dir) throws IOException {
        String printed = printColdReport(dir, Optional.empty());

        assertThat(printed)
                .containsPattern("(?m)^CPU \\(user \\+ sys\\) ms +1200\\.00 +500\\.00 +0\\.42 +<= 0\\.5  met$")
                .containsPattern("(?m)^wall ms +2000\\.00 +1500\\.00 +0\\.75 +<= 0\\.5  NOT met$")
                .containsPattern("(?m)^peak RSS MiB +200\\.00 +140\\.00 +0\\.70 +<= 0\\.75  met$")
                .containsPattern("(?m)^classes loaded +4000 +1000 +0\\.25$")
                .contains("first invocation after priming: 90.00 ms median; warm: 20.00 ms median; ratio 4.50"
                        + " (target <= 3.0: NOT met)")
                .contains("classes the first invocation loads: 3 after priming, vs 400 cold (1000 in the whole cold"
                        + " process): 0.3% of the cold process (target <= 5%: met)");
    }

    /**
     * The report is pasted into the README and compared run to run: a machine whose default locale writes decimal
     * commas prints it exactly as any other does, not with ratios in one notation and medians in the other.
     */
    @Test
    void coldReport_isTheSameWhateverTheDefaultLocale(@TempDir Path dir) throws IOException {
        String expected = printColdReport(dir, Optional.empty());
        Locale before = Locale.getDefault();
        Locale formatBefore = Locale.getDefault(Locale.Category.FORMAT);
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(printColdReport(dir, Optional.empty())).isEqualTo(expected);
        } finally {
            Locale.setDefault(before);
            Locale.setDefault(Locale.Category.FORMAT, formatBefore);
        }
    }

    /** Against another package only the ratios are printed: the targets are the recipe's. */
    @Test
    void coldReport_againstAnotherPackage_judgesNoTarget(@TempDir Path dir) throws IOException {
        String printed = printColdReport(dir, Optional.of(PackageZips.ofJars(dir.resolve("before.zip"),
                "snowgate-lambda-0.0.9.jar")));

        assertThat(printed)
                .containsPattern("(?m)^figure \\(median\\) +against +snowgate +ratio *$")
                .containsPattern("(?m)^CPU \\(user \\+ sys\\) ms +1200\\.00 +500\\.00 +0\\.42 *$")
                .containsPattern("(?m)^wall ms +2000\\.00 +1500\\.00 +0\\.75 *$")
                .containsPattern("(?m)^peak RSS MiB +200\\.00 +140\\.00 +0\\.70 *$");
    }

    /** {@link ColdBench#print} of planted runs, against the recipe or {@code against}; no process is started. */
    private static String printColdReport(Path dir, Optional<Path> against) throws IOException {
        ColdStartBench bench = new ColdStartBench(new ColdStartBench.Settings(PackageZips.ofJars(
                dir.resolve("function.zip"), "snowgate-lambda-0.1.0.jar"), List.of(), 3, 0, 1, List.of(), 1024,
                dir.resolve("work"), Optional.empty(), false, against, Optional.empty()),
                new ColdStartBench.Target(Map.of(), Map.of(), "secret", "127.0.0.1:1", "{}", "SELECT 1"));
        // Medians: baseline CPU 1200 ms, wall 2000 ms, 200 MiB; Snowgate 500 ms, 1500 ms, 140 MiB.
        List<ColdStartBench.Run> baseline = List.of(onDemandRun(2000, 1200, 204_800), onDemandRun(2100, 4000, 204_800),
                onDemandRun(1900, 1000, 204_800));
        List<ColdStartBench.Run> snowgate = List.of(onDemandRun(1500, 500, 143_360), onDemandRun(1400, 600, 143_360),
                onDemandRun(1600, 100, 143_360));
        List<String> snapStartLog = List.of(FunctionProcess.FIRST_INVOCATION_START,
                "{\"event\":\"secret_read\",\"durationMs\":41}", "{\"event\":\"snowflake_login\",\"durationMs\":30}",
                "{\"event\":\"scheduled_query_succeeded\",\"elapsedMs\":12}", FunctionProcess.FIRST_INVOCATION_END,
                "{\"event\":\"scheduled_query_succeeded\",\"elapsedMs\":5}", FunctionProcess.FRESH_SIGN_INS_START,
                "{\"event\":\"secret_read\",\"durationMs\":9}", "{\"event\":\"snowflake_login\",\"durationMs\":15}",
                "{\"event\":\"scheduled_query_succeeded\",\"elapsedMs\":6}");
        ColdStartBench.Run snapStart = new ColdStartBench.Run(3000, Map.of("primeMs", "2400", "firstInvocationMs", "90",
                "warmMedianMs", "20", "freshSignInMedianMs", "40"), snapStartLog);
        List<String> primedClasses = List.of("net.snowflake.client.A source: jrt:/x", "net.snowflake.client.B source:"
                + " jrt:/x", "io.snowgate.lambda.C source: jrt:/x");
        ColdStartBench.Report report = new ColdStartBench.Report(baseline, snowgate, List.of(snapStart, snapStart,
                snapStart), new ColdStartBench.ClassCounts(4000, 0, Map.of(), List.of(), 0),
                new ColdStartBench.ClassCounts(1000, 400, Map.of(), List.of(), 0), Optional.empty(),
                Optional.of(new ColdStartBench.ClassCounts(1000, 3, Map.of(), primedClasses, 0)), 30_000_000,
                90_000_000);
        StringWriter out = new StringWriter();
        ColdBench.print(new PrintWriter(out), report, 3, 0, bench);
        return out.toString();
    }

    private static ColdStartBench.Run onDemandRun(double wallMs, long cpuMs, long peakRssKib) {
        return new ColdStartBench.Run(wallMs, Map.of("cpuMs", Long.toString(cpuMs), "peakRssKib",
                Long.toString(peakRssKib), "constructMs", "300", "firstInvocationMs", "400"), List.of());
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

    @Test
    void negativeWarmup_isAUsageError() {
        Execution run = execute("bench", "--runs", "1", "--warmup", "-1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--runs must be >= 1 and --warmup >= 0");
    }

    /** Lambda's smallest memory size is 128 MB: below it is refused before anything runs, at it the bench goes on. */
    @Test
    void coldMemoryBelowLambdasSmallest_isAUsageError_andLambdasSmallestIsTaken() {
        Execution below = execute("bench", "--cold", "--memory-mb", "127", "--package", "no-such-package.zip");
        Execution smallest = execute("bench", "--cold", "--memory-mb", "128", "--package", "no-such-package.zip");

        assertThat(below.exitCode()).isEqualTo(2);
        assertThat(below.err()).contains("--memory-mb must be at least 128");
        // Past the check: it stops at the package it was pointed at.
        assertThat(smallest.exitCode()).as(smallest.err()).isEqualTo(1);
        assertThat(smallest.err()).contains("no deployment package at no-such-package.zip");
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
