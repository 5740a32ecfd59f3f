package io.snowgate.cli;

import static io.snowgate.cli.coldstart.ColdStartBench.median;

import io.snowgate.cli.coldstart.ColdStartBench;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.contract.FunctionSizing;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import net.snowflake.client.jdbc.SnowflakeDriver;

/**
 * {@code snowgate bench --cold}: sets up the local stand-ins as the demo does, runs {@link ColdStartBench} and prints
 * its figures: medians and ratios for the on-demand cold start, then the SnapStart view.
 */
final class ColdBench {

    /** The figures the issue asks of a cold start, reported (not enforced: timings on a shared machine are noise). */
    static final double TARGET_CPU_RATIO = 0.5;
    static final double TARGET_WALL_RATIO = 0.5;
    static final double TARGET_RSS_RATIO = 0.75;
    static final double TARGET_FIRST_INVOCATION_CLASS_SHARE = 0.05;
    static final double TARGET_FIRST_TO_WARM = 3.0;

    /**
     * Lambda's published prices (us-east-1, arm64, first tier of 6 billion GB-seconds a month): duration per
     * GB-second, and per request. Java SnapStart adds no caching or restore charge.
     */
    static final double PRICE_PER_GB_SECOND = 0.0000133334;
    /** The same on x86_64, what the on-demand package (a custom runtime built on an x86_64 JDK) runs on. */
    static final double X86_PRICE_PER_GB_SECOND = 0.0000166667;
    static final double PRICE_PER_REQUEST = 0.20 / 1_000_000;
    /** Lambda gives a function one full vCPU at 1,769 MB, and CPU in proportion to memory below that. */
    static final int MB_PER_VCPU = 1769;
    static final List<Integer> MEMORY_SIZES_MB = List.of(512, 1024, 1769, 2048);

    private ColdBench() {
    }

    /**
     * What one on-demand cold run costs at {@code memoryMb}, from the CPU seconds it was measured to take: Lambda
     * gives {@code memoryMb / 1769} of a vCPU, so CPU-bound work of {@code cpuSeconds} takes
     * {@code cpuSeconds / min(1, memoryMb / 1769)} of wall time (more CPU than one vCPU does not help a start that
     * is mostly one thread), billed as that time times the memory in GB, plus the request. Network waits are not in
     * it (they cost the same at every size).
     */
    static double costPerRun(double cpuSeconds, int memoryMb) {
        return costPerRun(cpuSeconds, memoryMb, PRICE_PER_GB_SECOND);
    }

    /** As {@link #costPerRun(double, int)}, at {@code pricePerGbSecond}. */
    static double costPerRun(double cpuSeconds, int memoryMb, double pricePerGbSecond) {
        double wallSeconds = cpuSeconds / Math.min(1.0, (double) memoryMb / MB_PER_VCPU);
        return wallSeconds * memoryMb / 1024.0 * pricePerGbSecond + PRICE_PER_REQUEST;
    }

    /** The repository root, from where this class was loaded ({@code cli/target/classes} or the CLI jar). */
    static Path repositoryRoot() {
        try {
            Path location = Path.of(ColdBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent().getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the CLI's own classes", e);
        }
    }

    /** The JVM options the CDK app gives the function in {@code JAVA_TOOL_OPTIONS}, beyond Lambda's own. */
    static List<String> deployedJavaToolOptions() {
        return List.of();
    }

    static Path defaultPackage() {
        return repositoryRoot().resolve(Path.of("lambda", "target", "snowgate-lambda-function.zip"));
    }

    /** The on-demand package (a custom runtime with its own JVM and AOT cache), built beside the deployment zip. */
    static Path defaultOnDemandPackage() {
        return repositoryRoot().resolve(Path.of("lambda", "target", "snowgate-lambda-on-demand.zip"));
    }

    static void run(PrintWriter out, LocalCatalog catalog, Path functionZip, int runs, int warmup,
            List<String> snowgateOptions, int memoryMb, java.util.Optional<Path> classLogs, boolean aotCache,
            java.util.Optional<Path> against, java.util.Optional<Path> customRuntime) throws Exception {
        if (!Files.isRegularFile(functionZip)) {
            throw new CommandFailedException("no deployment package at " + functionZip
                    + " (build it: ./mvnw -pl lambda -am package)", null);
        }
        if (against.isPresent() && !Files.isRegularFile(against.get())) {
            throw new CommandFailedException("no deployment package to compare against at " + against.get(), null);
        }
        if (customRuntime.isPresent() && !Files.isRegularFile(customRuntime.get())) {
            throw new CommandFailedException("no on-demand package at " + customRuntime.get()
                    + " (built with the deployment zip by a JDK 25 or newer: ./mvnw -pl lambda -am package)", null);
        }
        Path work = Files.createTempDirectory("snowgate-cold-bench");
        try (LocalDemoDeployment deployment = LocalDemoDeployment.ready(catalog)) {
            String secretsEndpoint = deployment.standIns().endpoints().stream()
                    .filter(e -> e.name().equals("secretsmanager")).findFirst().orElseThrow().uri().toString();
            int snowflakePort = deployment.standIns().snowflake().port();
            Map<String, String> aws = Map.of(
                    "AWS_REGION", deployment.standIns().secretsManager().region(),
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsEndpoint,
                    "AWS_ACCESS_KEY_ID", SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID,
                    "AWS_SECRET_ACCESS_KEY", SecretsManagerStandIn.DEFAULT_SECRET_ACCESS_KEY);
            Map<String, String> function = new java.util.HashMap<>(FunctionEnvironment.DRIVER_SETTINGS);
            function.put(FunctionEnvironment.SECRET_ID, deployment.secretId());
            function.put(FunctionEnvironment.SNOWFLAKE_URL, "http://127.0.0.1:" + snowflakePort);
            ColdStartBench bench = new ColdStartBench(
                    new ColdStartBench.Settings(functionZip, publishedJars(), runs, warmup, 20, snowgateOptions,
                            memoryMb, work, classLogs, aotCache, against, customRuntime),
                    new ColdStartBench.Target(function, aws, deployment.secretId(), "127.0.0.1:" + snowflakePort,
                            BenchCommand.EVENT, "SELECT CURRENT_VERSION()"));
            ColdStartBench.Report report = bench.run(out);
            print(out, report, runs, warmup, bench);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Prints {@code report}: each figure's medians, their ratio (Snowgate's to the baseline's) and, against the recipe,
     * whether it meets its target; then the cost model and, unless Snowgate's side is the custom runtime, the SnapStart
     * view.
     */
    static void print(PrintWriter out, ColdStartBench.Report report, int runs, int warmup, ColdStartBench bench) {
        out.println();
        out.printf(Locale.ROOT,
                "On-demand cold start, whole process (JVM start to result), %d runs each after %d warm-up, "
                + "alternating%n", runs, warmup);
        String baseline = bench.baselineName();
        // The targets are ratios to the recipe: against another package only the ratios are printed.
        boolean targets = baseline.equals("recipe");
        out.printf(Locale.ROOT, "%-34s %14s %14s %8s %8s  %s%n", "figure (median)", baseline, "snowgate", "ratio",
                targets ? "target" : "", targets ? "met?" : "");
        row(out, "CPU (user + sys) ms", report, run -> run.figures().containsKey("cpuMs")
                ? Double.parseDouble(run.figures().get("cpuMs")) : Double.NaN, targets, TARGET_CPU_RATIO);
        row(out, "wall ms", report, ColdStartBench.Run::wallMs, targets, TARGET_WALL_RATIO);
        row(out, "peak RSS MiB", report, run -> Double.parseDouble(run.figures().get("peakRssKib")) / 1024,
                targets, TARGET_RSS_RATIO);
        out.printf(Locale.ROOT, "%-34s %14d %14d %8.2f%n", "classes loaded", report.baselineClasses().total(),
                report.snowgateClasses().total(),
                (double) report.snowgateClasses().total() / report.baselineClasses().total());
        report.snowgateCachedClasses().ifPresent(cached -> out.printf(Locale.ROOT,
                "snowgate with its AOT cache: %d classes loaded,"
                + " %d of them not from the cache (generated at run time, or refused by it)%n", cached.total(),
                cached.total() - cached.fromSharedArchive()));
        boolean customRuntime = report.snapStartClasses().isEmpty();
        if (!customRuntime) {
            out.printf(Locale.ROOT,
                    "snowgate inside its process: handler construction %s ms, first invocation %s ms (medians)%n",
                    fmt(median(report.snowgate(), run -> Double.parseDouble(run.figures().get("constructMs")))),
                    fmt(median(report.snowgate(), run -> Double.parseDouble(run.figures().get("firstInvocationMs")))));
        }
        out.printf(Locale.ROOT,
                "snowgate JVM options: %s; %s: %s%n", String.join(" ", bench.snowgateOptions()), baseline,
                String.join(" ", bench.baselineOptions()));
        out.printf(Locale.ROOT, "classes by source, %s: %s%n", baseline, report.baselineClasses().bySource());
        out.printf(Locale.ROOT, "classes by source, snowgate: %s%n", report.snowgateClasses().bySource());
        if (customRuntime) {
            out.printf(Locale.ROOT,
                    "on-demand package (custom runtime): %.1f MB, unzipped %.1f MB (Lambda's limit %.0f MB unzipped,"
                    + " enforced by the build: OnDemandPackageIT)%n", report.zipBytes() / 1e6,
                    report.unzippedBytes() / 1e6, FunctionSizing.LAMBDA_MAX_UNZIPPED_BYTES / 1e6);
        } else {
            out.printf(Locale.ROOT,
                    "deployment zip: %.1f MB, unzipped %.1f MB (limits %.0f MB and %.0f MB, enforced by the build:"
                    + " FunctionPackageIT)%n", report.zipBytes() / 1e6, report.unzippedBytes() / 1e6,
                    FunctionSizing.MAX_ZIP_BYTES / 1e6, FunctionSizing.MAX_UNZIPPED_BYTES / 1e6);
        }
        double cpuSeconds = median(report.snowgate(), run -> Double.parseDouble(run.figures().get("cpuMs"))) / 1000;
        double price = customRuntime ? X86_PRICE_PER_GB_SECOND : PRICE_PER_GB_SECOND;
        out.printf(Locale.ROOT,
                "%ncost of one on-demand cold run (CPU-bound model, %.2f CPU s measured, %s us-east-1 prices)%n",
                cpuSeconds, customRuntime ? "x86_64" : "arm64");
        for (int memory : MEMORY_SIZES_MB) {
            out.printf(Locale.ROOT, "  %5d MB: wall %.2f s, $%.8f per run, $%.2f per million runs%n", memory,
                    cpuSeconds / Math.min(1.0, (double) memory / MB_PER_VCPU), costPerRun(cpuSeconds, memory, price),
                    costPerRun(cpuSeconds, memory, price) * 1_000_000);
        }
        if (customRuntime) {
            out.printf(Locale.ROOT,
                    "%n(no SnapStart view: a custom runtime has no SnapStart; run without --custom-runtime for"
                    + " it)%n");
            machine(out);
            return;
        }

        int coldFirst = report.snowgateClasses().firstInvocation();
        int coldTotal = report.snowgateClasses().total();
        ColdStartBench.ClassCounts snapStartClasses = report.snapStartClasses().orElseThrow();
        int primedFirst = snapStartClasses.firstInvocation();
        double first = median(report.snapStart(), run -> Double.parseDouble(run.figures().get("firstInvocationMs")));
        double warm = median(report.snapStart(), run -> Double.parseDouble(run.figures().get("warmMedianMs")));
        out.println();
        out.printf(Locale.ROOT, "SnapStart view (%s; beforeCheckpoint, then the first invocation), %d runs%n",
                String.join(" ", bench.snapStartOptions()), report.snapStart().size());
        out.printf(Locale.ROOT, "  priming (beforeCheckpoint): %s ms median%n",
                fmt(median(report.snapStart(), run -> Double.parseDouble(run.figures().get("primeMs")))));
        out.printf(Locale.ROOT,
                "  first invocation after priming: %s ms median; warm: %s ms median; ratio %.2f (target <= %.1f:"
                + " %s)%n", fmt(first), fmt(warm), first / warm, TARGET_FIRST_TO_WARM,
                verdict(first / warm, TARGET_FIRST_TO_WARM));
        List<ColdStartBench.InvocationParts> parts = report.snapStart().stream()
                .map(run -> ColdStartBench.invocationParts(run.output())).toList();
        // Per run, then the median: the median of the first invocations less the parts' medians can be negative.
        List<Double> rests = new java.util.ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            rests.add(parts.get(i).first().restOf(
                    Double.parseDouble(report.snapStart().get(i).figures().get("firstInvocationMs"))));
        }
        double secretRead = median(parts, p -> p.first().secretReadMs());
        double login = median(parts, p -> p.first().loginMs());
        double statement = median(parts, p -> p.first().statementMs());
        out.printf(Locale.ROOT,
                "  of which, by the function's own log: secret read (fetched, parsed, key decoded) %s ms, login %s"
                + " ms, statement %s ms (warm statements %s ms), the rest (event, answer, log, metrics) %s ms"
                + " (medians)%n", fmt(secretRead), fmt(login), fmt(statement),
                fmt(median(parts, ColdStartBench.InvocationParts::warmStatementMs)),
                fmt(median(rests, Double::doubleValue)));
        // The floor: no priming can make a first invocation faster than the same work in a warm JVM.
        double fresh = median(report.snapStart(), run -> Double.parseDouble(run.figures().get("freshSignInMedianMs")));
        out.printf(Locale.ROOT,
                "  the same work in the warm JVM (session closed, secret forgotten, then invoked; the floor of any"
                + " first invocation): %s ms median, ratio to warm %.2f; secret read %s ms, login %s ms, statement %s"
                + " ms; the first invocation spends %s ms more, what a warmer JVM could still win%n", fmt(fresh),
                fresh / warm, fmt(median(parts, p -> p.freshInWarmJvm().secretReadMs())),
                fmt(median(parts, p -> p.freshInWarmJvm().loginMs())),
                fmt(median(parts, p -> p.freshInWarmJvm().statementMs())), fmt(first - fresh));
        double classShare = (double) primedFirst / coldTotal;
        out.printf(Locale.ROOT,
                "  classes the first invocation loads: %d after priming, vs %d cold (%d in the whole cold process):"
                        + " %.1f%% of the cold process (target <= %.0f%%: %s)%n",
                primedFirst, coldFirst, coldTotal, 100 * classShare, 100 * TARGET_FIRST_INVOCATION_CLASS_SHARE,
                verdict(classShare, TARGET_FIRST_INVOCATION_CLASS_SHARE));
        out.printf(Locale.ROOT,
                "  still loaded after priming, top packages: %s%n", snapStartClasses.firstInvocationClasses()
                .stream().map(line -> packageOf(line.split(" ")[0]))
                .collect(java.util.stream.Collectors.groupingBy(p -> p, java.util.stream.Collectors.counting()))
                .entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
        machine(out);
    }

    private static void machine(PrintWriter out) {
        out.printf(Locale.ROOT,
                "%nmachine: %d CPUs, %s %s, load average %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), loadAverage());
        out.flush();
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(0, dot);
    }

    private static void row(PrintWriter out, String figure, ColdStartBench.Report report,
            ToDoubleFunction<ColdStartBench.Run> value, boolean targets, double target) {
        double baseline = median(report.baseline(), value);
        double snowgate = median(report.snowgate(), value);
        out.printf(Locale.ROOT,
                "%-34s %14s %14s %8.2f %8s  %s%n", figure, fmt(baseline), fmt(snowgate), snowgate / baseline,
                targets ? "<= " + target : "", targets ? verdict(snowgate / baseline, target) : "");
    }

    /** Whether a measured ratio meets its target: printed, never enforced (timings here are noise for CI). */
    static String verdict(double measured, double atMost) {
        return measured <= atMost ? "met" : "NOT met";
    }


    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The driver jar as published, which the CLI itself runs on: the recipe's driver. */
    /** The jars as published that the package ships changed: snowflake-jdbc (slimmed), BouncyCastle (unsigned). */
    private static List<Path> publishedJars() throws URISyntaxException {
        List<Path> jars = new java.util.ArrayList<>();
        for (Class<?> type : List.of(SnowflakeDriver.class, org.bouncycastle.jce.provider.BouncyCastleProvider.class,
                org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo.class,
                org.bouncycastle.asn1.cms.ContentInfo.class)) {
            jars.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        return List.copyOf(jars);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
