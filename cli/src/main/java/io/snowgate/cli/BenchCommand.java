package io.snowgate.cli;

import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.secret.SnowflakeSecret;
import io.snowgate.lambda.secret.SnowflakeSecrets;
import io.snowgate.lambda.session.JdbcSnowflakeSessions;
import io.snowgate.lambda.snowflake.SnowflakeConnectionSpec;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@code snowgate bench}: what one invocation costs, measured in one run on the local stand-ins, done three ways:
 * <ul>
 *   <li><b>recipe</b> (the baseline): what the Glue recipe does when dropped into a Lambda, on every invocation:
 *       fetch the secret, decrypt the key, connect, run the query, close;</li>
 *   <li><b>snowgate cold</b>: the first invocation of a fresh execution environment (new function, same JVM);</li>
 *   <li><b>snowgate warm</b>: later invocations, with the secret and the session reused.</li>
 * </ul>
 * Reports medians and each scenario's ratio to the baseline's median. The stand-ins answer in microseconds, so the
 * figures show Snowgate's own overhead and what reuse saves; against Snowflake every saved round trip costs more.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure invocation latency on the local stand-ins: the recipe's way vs Snowgate cold and warm.")
final class BenchCommand implements Runnable {

    static final String EVENT = "{\"query\":\"current_version\",\"params\":{}}";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--runs", defaultValue = "30", paramLabel = "N",
            description = "Measured runs per scenario (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "N",
            description = "Unmeasured runs per scenario first, so the JIT has compiled the path (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--cold",
            description = "Whole-process cold starts instead: a fresh JVM per run on exactly the deployment zip's lib/, "
                    + "against the recipe baseline program, alternating (default --runs 5 --warmup 1); then the "
                    + "SnapStart view (priming, the first invocation, the floor). See ColdStartBench.")
    boolean cold;

    @Option(names = "--package", paramLabel = "ZIP",
            description = "With --cold: the deployment package (default: lambda/target/snowgate-lambda-function.zip).")
    java.nio.file.Path functionZip;

    @Option(names = "--against", paramLabel = "ZIP",
            description = "With --cold: another Snowgate deployment package as the baseline instead of the recipe: both "
                    + "run the same on-demand invocation, alternating, so a change to the package is measured against "
                    + "what it changes (ratios only: the targets are against the recipe).")
    java.nio.file.Path against;

    @Option(names = "--jvm-options", paramLabel = "OPTIONS",
            description = "With --cold: JVM options Snowgate's on-demand runs add to Lambda's, space separated "
                    + "(default: those the CDK app sets in JAVA_TOOL_OPTIONS).")
    String jvmOptions;

    @Option(names = "--class-logs", paramLabel = "DIR",
            description = "With --cold: keep the JVM class-load logs of the counted runs in DIR.")
    java.nio.file.Path classLogs;

    @Option(names = "--memory-mb", paramLabel = "MB",
            description = "With --cold: the function's memory size, which the JVMs take as their machine's memory "
                    + "(-XX:MaxRAM), as a JVM in a Lambda execution environment of that size does "
                    + "(default: the CDK app's, ${DEFAULT-VALUE}).",
            defaultValue = "" + io.snowgate.contract.FunctionSizing.DEFAULT_MEMORY_MB)
    int memoryMb;

    @Option(names = "--custom-runtime", paramLabel = "ZIP", arity = "0..1", fallbackValue = "",
            description = "With --cold: Snowgate's on-demand side is the on-demand package (a custom runtime with its "
                    + "own JDK 25 and AOT cache, default lambda/target/snowgate-lambda-on-demand.zip) run through its "
                    + "bootstrap as Lambda runs it; no SnapStart view.")
    String customRuntime;

    @Option(names = "--aot-cache",
            description = "With --cold: train a JDK AOT cache on the package first and run Snowgate with it "
                    + "(-XX:AOTCacheOutput, then -XX:AOTCache).")
    boolean aotCache;

    /** One scenario's timings. */
    record Result(String scenario, List<Duration> samples) {
        Duration median() {
            List<Duration> sorted = samples.stream().sorted().toList();
            int middle = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(middle)
                    : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
        }
    }

    @FunctionalInterface
    interface Invocation {
        void run() throws Exception;
    }

    @Override
    public void run() {
        if (runs < 1 || warmup < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be >= 1 and --warmup >= 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (cold) {
            runCold(out);
            return;
        }
        try (LocalDemoDeployment deployment = LocalDemoDeployment.ready(SnowgateCommand.catalog(spec))) {
            List<Result> results = List.of(
                    measure("recipe (baseline)", () -> recipe(deployment)),
                    measure("snowgate cold", () -> {
                        try (ScheduledQueryHandler handler = deployment.handler(quiet())) {
                            invoke(handler);
                        }
                    }),
                    measureWarm(deployment));
            Duration baseline = results.get(0).median();
            out.printf(Locale.ROOT, "%-20s %8s %12s %12s%n", "scenario", "runs", "median ms", "vs baseline");
            for (Result result : results) {
                out.printf(Locale.ROOT, "%-20s %8d %12.2f %11.2fx%n", result.scenario(), result.samples().size(),
                        millis(result.median()), (double) result.median().toNanos() / baseline.toNanos());
            }
            out.printf(Locale.ROOT,
                    "%n%d measured runs per scenario after %d warm-up runs, one JVM (%s %s), %d CPUs.%n",
                    runs, warmup, System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
        } catch (Exception e) {
            throw new CommandFailedException("benchmark failed: " + e.getMessage(), e);
        }
        out.flush();
    }

    private void runCold(PrintWriter out) {
        var parsed = spec.commandLine().getParseResult();
        int coldRuns = parsed.hasMatchedOption("--runs") ? runs : 5;
        int coldWarmup = parsed.hasMatchedOption("--warmup") ? warmup : 1;
        java.nio.file.Path zip = functionZip != null ? functionZip : ColdBench.defaultPackage();
        List<String> options = jvmOptions != null
                ? List.of(jvmOptions.trim().split("\\s+")).stream().filter(o -> !o.isEmpty()).toList()
                : ColdBench.deployedJavaToolOptions();
        if (memoryMb < 128) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--memory-mb must be at least 128 (Lambda's "
                    + "smallest size)");
        }
        java.util.Optional<java.nio.file.Path> onDemandPackage = customRuntime == null ? java.util.Optional.empty()
                : java.util.Optional.of(customRuntime.isEmpty() ? ColdBench.defaultOnDemandPackage()
                        : java.nio.file.Path.of(customRuntime));
        if (onDemandPackage.isPresent() && aotCache) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--aot-cache trains a cache for this "
                    + "JDK's side; the on-demand package of --custom-runtime carries its own");
        }
        try {
            ColdBench.run(out, SnowgateCommand.catalog(spec), zip, coldRuns, coldWarmup, options, memoryMb,
                    java.util.Optional.ofNullable(classLogs), aotCache, java.util.Optional.ofNullable(against),
                    onDemandPackage);
        } catch (CommandFailedException e) {
            throw e;
        } catch (Exception e) {
            throw new CommandFailedException("cold-start benchmark failed: " + e.getMessage(), e);
        }
        out.flush();
    }

    private Result measureWarm(LocalDemoDeployment deployment) throws Exception {
        try (ScheduledQueryHandler handler = deployment.handler(quiet())) {
            return measure("snowgate warm", () -> invoke(handler));
        }
    }

    private Result measure(String scenario, Invocation invocation) throws Exception {
        for (int i = 0; i < warmup; i++) {
            invocation.run();
        }
        List<Duration> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            invocation.run();
            samples.add(Duration.ofNanos(System.nanoTime() - start));
        }
        return new Result(scenario, samples);
    }

    /** The recipe, made as cheap as it can be: the same SDK client, parser, key reader and driver as Snowgate. */
    private static void recipe(LocalDemoDeployment deployment) throws SQLException {
        Deadline deadline = Deadline.in(Duration.ofSeconds(30), Clock.systemUTC());
        String secretString = new AwsSecretSource(deployment.secretsClient()).fetch(deployment.secretId(), deadline);
        SnowflakeSecret secret = SnowflakeSecrets.parse(deployment.secretId(), secretString);
        SnowflakeConnectionSpec spec = secret.connection(secret.authentication(new PrivateKeyReader()))
                .endpoint(Optional.of(deployment.snowflakeEndpoint())).build();
        try (Connection connection = DriverManager.getConnection(spec.jdbcUrl(), spec.properties());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT CURRENT_VERSION()")) {
            rows.next();
        }
    }

    private static void invoke(ScheduledQueryHandler handler) throws IOException {
        handler.handleRequest(new ByteArrayInputStream(EVENT.getBytes(StandardCharsets.UTF_8)),
                OutputStream.nullOutputStream(), new LocalContext("snowgate-bench", Duration.ofSeconds(30),
                        Clock.systemUTC()));
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1_000_000.0;
    }
}
