package io.snowgate.cli.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.lambda.CustomRuntimeProcess;
import io.snowgate.emulator.lambda.FunctionPackageFiles;
import io.snowgate.emulator.lambda.RuntimeApiStandIn;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The whole-process cold-start benchmark ({@code snowgate bench --cold}): a fresh JVM per run, Snowgate on exactly
 * the deployment package's {@code lib/} against a baseline, alternating in one run, both with the JVM options of
 * Lambda's on-demand java25 environments; then the SnapStart view in one JVM per run ({@link FunctionProcess}
 * {@code snapstart}). The baseline is the recipe ({@link RecipeProcess}), or another Snowgate package
 * ({@link Settings#against()}) to measure what a change to the package does. Both sides call the local stand-ins the
 * caller started.
 */
public final class ColdStartBench {

    /**
     * The function's log events that time a secret read, a login and a scheduled statement (SecretCache,
     * JdbcSnowflakeSessions and ScheduledQueryHandler write them).
     */
    static final String SECRET_EVENT = "secret_read";
    static final String LOGIN_EVENT = "snowflake_login";
    static final String STATEMENT_EVENT = "scheduled_query_succeeded";
    private static final ObjectMapper LOG_LINES = new ObjectMapper();

    /** What Lambda's java25 runtime applies to on-demand environments (not to SnapStart or provisioned ones). */
    public static final List<String> LAMBDA_ON_DEMAND_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** SnapStart keeps the JVM's default JIT; one vCPU or less makes the JVM pick SerialGC in Lambda anyway. */
    public static final List<String> LAMBDA_SNAPSTART_OPTIONS = List.of("-XX:+UseSerialGC");
    private static final long CHILD_TIMEOUT_SECONDS = 120;

    /** How the children reach the stand-ins: their environment, as Lambda and the CDK app would set it. */
    public record Target(Map<String, String> functionEnvironment, Map<String, String> awsEnvironment,
            String secretId, String snowflakeHostPort, String event, String sql) {
    }

    /**
     * The benchmark's settings. {@code recipePublishedJars}: the jars the recipe takes as Maven Central publishes them
     * where the package ships them changed (the fat driver; BouncyCastle's signed jars). {@code against}: another
     * Snowgate deployment package to run as the baseline instead of the recipe, in the same on-demand process.
     * {@code customRuntime}: the on-demand package (a custom runtime with its own JVM and AOT cache) to run as
     * Snowgate's on-demand side instead of the deployment package's jars on this JDK, through its {@code bootstrap} and
     * AWS's runtime interface client, as Lambda runs it; there is no SnapStart view then (a custom runtime has none).
     */
    public record Settings(Path functionZip, List<Path> recipePublishedJars, int runs, int warmup, int warmInvocations,
            List<String> snowgateJvmOptions, int memoryMb, Path workDir, java.util.Optional<Path> classLogs,
            boolean aotCache, java.util.Optional<Path> against, java.util.Optional<Path> customRuntime) {
    }

    /** One process's figures: wall from spawn to its result line, and what it said about itself. */
    public record Run(double wallMs, Map<String, String> figures, List<String> output) {
        double number(String key) {
            String value = figures.get(key);
            if (value == null) {
                throw new IllegalStateException("the child's result line has no " + key + ": " + figures);
            }
            return Double.parseDouble(value);
        }
    }

    /**
     * Classes a process loaded, from its class-load log; {@code fromSharedArchive}: those the JVM took from its shared
     * archive (the JDK's default CDS archive, or an AOT cache when one is given) instead of a class file.
     */
    public record ClassCounts(int total, int firstInvocation, Map<String, Integer> bySource,
            List<String> firstInvocationClasses, int fromSharedArchive) {
    }

    /**
     * An invocation's parts as the function's own log tells them: the secret read ({@code secret_read}'s
     * {@code durationMs}: fetched, parsed, key decoded), the login ({@code snowflake_login}'s {@code durationMs}) and
     * the statement ({@code scheduled_query_succeeded}'s {@code elapsedMs}, sent to rows read).
     */
    public record Parts(double secretReadMs, double loginMs, double statementMs) {

        /** Of an invocation that took {@code invocationMs}, what none of the parts took (event, answer, log, ...). */
        public double restOf(double invocationMs) {
            return invocationMs - secretReadMs - loginMs - statementMs;
        }
    }

    /**
     * Where a SnapStart run's time went: the first invocation's parts; the medians of the same parts in the fresh
     * sign-ins after the warm invocations (the floor, what a perfectly warm JVM still spends); and the median
     * statement of the warm invocations.
     */
    public record InvocationParts(Parts first, Parts freshInWarmJvm, double warmStatementMs) {
    }

    /**
     * The whole report; {@code snapStart} is empty and {@code snapStartClasses} absent when Snowgate's side is the
     * custom runtime. {@code snowgateClasses} are counted with no AOT cache, comparable with the baseline's;
     * {@code snowgateCachedClasses}, present when Snowgate's side runs with an AOT cache, with it. The sizes are those
     * of the package Snowgate's on-demand side ran.
     */
    public record Report(List<Run> baseline, List<Run> snowgate, List<Run> snapStart, ClassCounts baselineClasses,
            ClassCounts snowgateClasses, java.util.Optional<ClassCounts> snowgateCachedClasses,
            java.util.Optional<ClassCounts> snapStartClasses, long zipBytes, long unzippedBytes) {
    }

    /** The handler setting of the scheduled function, as the CDK app gives it. */
    static final String SCHEDULED_HANDLER = ScheduledQueryHandler.class.getName() + "::handleRequest";

    private final Settings settings;
    private final Target target;
    private final List<Path> functionClassPath;
    private final List<Path> recipeClassPath;
    /** Another package's jars and the launcher, when it is the baseline. */
    private final java.util.Optional<List<Path>> againstClassPath;
    /** The on-demand package unpacked (its task root), when it is Snowgate's on-demand side. */
    private final java.util.Optional<Path> customRuntimeTask;

    public ColdStartBench(Settings settings, Target target) throws IOException {
        this.settings = settings;
        this.target = target;
        Path launcher = copyChildClasses(settings.workDir().resolve("launcher"));
        List<Path> jars = packageJars(settings.functionZip(), settings.workDir().resolve("function"));
        this.functionClassPath = withLauncher(jars, launcher);
        this.againstClassPath = settings.against().isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(withLauncher(packageJars(settings.against().get(),
                        settings.workDir().resolve("against")), launcher));
        this.customRuntimeTask = settings.customRuntime().isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(FunctionPackageFiles.unpack(settings.customRuntime().get(),
                        settings.workDir().resolve("custom-runtime")));
        // The recipe: the same third-party jars, but as published where the package changed them (the fat driver,
        // BouncyCastle's signed jars), and none of Snowgate's own.
        List<String> published = settings.recipePublishedJars().stream().map(jar -> jar.getFileName().toString())
                .toList();
        List<Path> recipe = new ArrayList<>();
        recipe.add(launcher);
        jars.stream().filter(jar -> !jar.getFileName().toString().startsWith("snowgate-")
                        && !jar.getFileName().toString().startsWith("snowflake-jdbc")
                        && !published.contains(jar.getFileName().toString()))
                .forEach(recipe::add);
        recipe.addAll(settings.recipePublishedJars());
        this.recipeClassPath = List.copyOf(recipe);
    }

    private static List<Path> packageJars(Path zip, Path into) throws IOException {
        try (Stream<Path> files = Files.list(FunctionPackageFiles.unpack(zip, into).resolve("lib"))) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static List<Path> withLauncher(List<Path> jars, Path launcher) {
        List<Path> classPath = new ArrayList<>(jars);
        classPath.add(launcher);
        return List.copyOf(classPath);
    }

    /** Snowgate's side: the package's jars and the launcher. */
    List<Path> functionClassPath() {
        return functionClassPath;
    }

    /** The recipe's side: the launcher, the package's third-party jars, the published jars in place of changed ones. */
    List<Path> recipeClassPath() {
        return recipeClassPath;
    }

    /** The baseline's class path: the other package's, or the recipe's. */
    List<Path> baselineClassPath() {
        return againstClassPath.orElse(recipeClassPath);
    }

    /** What the baseline is, as the report names it: {@code recipe}, or {@code against} another package. */
    public String baselineName() {
        return againstClassPath.isPresent() ? "against" : "recipe";
    }

    /** Runs everything and returns the figures; progress goes to {@code progress}. */
    public Report run(PrintWriter progress) throws IOException, InterruptedException {
        if (settings.aotCache()) {
            // JDK 25's one-step AOT cache (JEP 514/515): a training run of the same class path and options writes
            // it; every later Snowgate run maps it. Specific to this JVM build and this class path.
            Path cache = settings.workDir().resolve("function.aot");
            long start = System.nanoTime();
            onDemand(List.of("-XX:AOTCacheOutput=" + cache));
            aotOptions = List.of("-XX:AOTCache=" + cache);
            progress.printf(Locale.ROOT, "AOT cache trained in %.0f ms: %.1f MB%n", (System.nanoTime() - start) / 1e6,
                    Files.size(cache) / 1e6);
        }
        for (int i = 0; i < settings.warmup(); i++) {
            baseline(List.of());
            onDemand(List.of());
        }
        List<Run> baseline = new ArrayList<>();
        List<Run> snowgate = new ArrayList<>();
        for (int i = 0; i < settings.runs(); i++) {
            // Alternating, and swapping who goes first, so drift in the machine's load hits both alike.
            if (i % 2 == 0) {
                baseline.add(baseline(List.of()));
                snowgate.add(onDemand(List.of()));
            } else {
                snowgate.add(onDemand(List.of()));
                baseline.add(baseline(List.of()));
            }
            progress.printf(Locale.ROOT,
                    "run %d/%d: %s %.0f ms wall %s ms CPU, snowgate %.0f ms wall %s ms CPU%n", i + 1,
                    settings.runs(), baselineName(), baseline.getLast().wallMs(),
                    baseline.getLast().figures().get("cpuMs"), snowgate.getLast().wallMs(),
                    snowgate.getLast().figures().get("cpuMs"));
            progress.flush();
        }
        List<Run> snapStart = new ArrayList<>();
        for (int i = 0; i < settings.runs() && customRuntimeTask.isEmpty(); i++) {
            snapStart.add(snapStart(List.of()));
        }
        ClassCounts baselineClasses = classes(baselineName(), log -> baseline(List.of(log)));
        // With the cache, what it covers: the JVM loads every class the cache holds as it starts, and the rest from
        // class files or generated at run time.
        java.util.Optional<ClassCounts> cachedClasses = customRuntimeTask.isPresent() || !aotOptions.isEmpty()
                ? java.util.Optional.of(classes("snowgate-on-demand-with-cache", log -> onDemand(List.of(log))))
                : java.util.Optional.empty();
        // Counted without an AOT cache too, comparable with the baseline's.
        List<String> cached = aotOptions;
        aotOptions = List.of();
        ClassCounts snowgateClasses = classes("snowgate-on-demand", log -> onDemand(customRuntimeTask.isPresent()
                ? List.of("-XX:AOTMode=off", log) : List.of(log)));
        aotOptions = cached;
        java.util.Optional<ClassCounts> snapStartClasses = java.util.Optional.empty();
        if (customRuntimeTask.isEmpty()) {
            snapStartClasses = java.util.Optional.of(classes("snowgate-snapstart", log -> snapStart(List.of(log))));
        }
        Path measured = settings.customRuntime().orElse(settings.functionZip());
        return new Report(baseline, snowgate, snapStart, baselineClasses, snowgateClasses, cachedClasses,
                snapStartClasses, Files.size(measured), FunctionPackageFiles.unzippedBytes(measured));
    }

    /**
     * A Lambda execution environment's memory as its JVM sees it: the machine's whole memory, which sizes the heap
     * (a quarter of it at most, a sixty-fourth at first). Without it a child would size its heap from the build
     * machine's memory and touch pages a function of the deployed size never has.
     */
    private List<String> memoryOptions() {
        return List.of("-XX:MaxRAM=" + settings.memoryMb() + "m");
    }

    /**
     * The JVM options of the baseline's runs (the recipe's, or the other package's): Lambda's on-demand ones, in an
     * environment of the deployed memory.
     */
    public List<String> baselineOptions() {
        List<String> options = new ArrayList<>(LAMBDA_ON_DEMAND_OPTIONS);
        options.addAll(memoryOptions());
        return options;
    }

    /**
     * The JVM options of the Snowgate side in on-demand runs: the baseline's, then any given, then the AOT cache's;
     * for the custom runtime, its {@code java.args} options and its cache, then what {@code JAVA_TOOL_OPTIONS} adds.
     */
    public List<String> snowgateOptions() {
        if (customRuntimeTask.isPresent()) {
            try {
                List<String> options = new ArrayList<>(List.of("-XX:AOTCache=snowgate.aot"));
                List<String> args = Files.readAllLines(customRuntimeTask.get().resolve("java.args"));
                options.addAll(args.subList(0, args.indexOf("-cp")));
                options.addAll(customRuntimeToolOptions(List.of()));
                return options;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        List<String> options = baselineOptions();
        options.addAll(settings.snowgateJvmOptions());
        options.addAll(aotOptions);
        return options;
    }

    /** The JVM options of the SnapStart view: the JVM's default JIT, in an environment of the deployed memory. */
    public List<String> snapStartOptions() {
        List<String> options = new ArrayList<>(LAMBDA_SNAPSTART_OPTIONS);
        options.addAll(memoryOptions());
        return options;
    }

    private List<String> aotOptions = List.of();

    /** One baseline run: the recipe, or the other package's on-demand process with the baseline's JVM options. */
    private Run baseline(List<String> extra) throws IOException, InterruptedException {
        List<String> options = baselineOptions();
        options.addAll(extra);
        if (againstClassPath.isPresent()) {
            return child(againstClassPath.get(), options, functionEnvironment(), FunctionProcess.class.getName(),
                    List.of(FunctionProcess.ON_DEMAND, target.event()));
        }
        return child(recipeClassPath, options, target.awsEnvironment(), RecipeProcess.class.getName(),
                List.of(target.secretId(), target.snowflakeHostPort(), target.sql()));
    }

    private Run onDemand(List<String> extra) throws IOException, InterruptedException {
        if (customRuntimeTask.isPresent()) {
            return customRuntime(customRuntimeTask.get(), extra);
        }
        List<String> options = snowgateOptions();
        options.addAll(extra);
        return child(functionClassPath, options, functionEnvironment(), FunctionProcess.class.getName(),
                List.of(FunctionProcess.ON_DEMAND, target.event()));
    }

    private Run snapStart(List<String> extra) throws IOException, InterruptedException {
        List<String> options = snapStartOptions();
        options.addAll(extra);
        return child(functionClassPath, options, functionEnvironment(), FunctionProcess.class.getName(),
                List.of(FunctionProcess.SNAPSTART, target.event(), Integer.toString(settings.warmInvocations())));
    }

    /**
     * One run of the on-demand package as Lambda runs a custom runtime: its {@code bootstrap} started, the event sent
     * through the Runtime API stand-in, the wall time from spawning to the answer, and CPU time and peak RSS read from
     * the JVM's {@code /proc} entry once the answer is in (the bootstrap {@code exec}s the JVM, so its pid is the
     * JVM's). The JVM's own options are the package's ({@code java.args}); the deployed memory and any options given
     * reach it in {@code JAVA_TOOL_OPTIONS}, as they would in Lambda.
     */
    private Run customRuntime(Path task, List<String> extra) throws IOException, InterruptedException {
        Map<String, String> env = new LinkedHashMap<>(functionEnvironment());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("JAVA_TOOL_OPTIONS", String.join(" ", customRuntimeToolOptions(extra)));
        Path log = settings.workDir().resolve("custom-runtime.log");
        long start = System.nanoTime();
        try (CustomRuntimeProcess function = CustomRuntimeProcess.start(task, SCHEDULED_HANDLER, settings.memoryMb(),
                env, log)) {
            RuntimeApiStandIn.Outcome outcome = function.invoke(target.event().getBytes(StandardCharsets.UTF_8),
                    java.time.Duration.ofSeconds(CHILD_TIMEOUT_SECONDS));
            double wallMs = (System.nanoTime() - start) / 1_000_000.0;
            Path proc = Path.of("/proc", Long.toString(function.process().pid()));
            long cpuMs = ProcessFigures.cpuMillis(proc);
            long peakRssKib = ProcessFigures.peakRssKib(proc);
            List<String> output = Files.readAllLines(log);
            if (!outcome.succeeded()) {
                throw new IllegalStateException("the on-demand package's invocation failed: " + outcome.payloadText()
                        + "\n" + tail(output));
            }
            return new Run(wallMs, Map.of("side", "snowgate-custom-runtime", "ok", "true",
                    "cpuMs", Long.toString(cpuMs), "peakRssKib", Long.toString(peakRssKib)), output);
        }
    }

    /** What the custom runtime's JVM gets in {@code JAVA_TOOL_OPTIONS}: the deployed memory, then any options given. */
    private List<String> customRuntimeToolOptions(List<String> extra) {
        List<String> options = new ArrayList<>(memoryOptions());
        options.addAll(settings.snowgateJvmOptions());
        options.addAll(extra);
        return options;
    }

    private Map<String, String> functionEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(target.awsEnvironment());
        env.putAll(target.functionEnvironment());
        return env;
    }

    @FunctionalInterface
    private interface LoggedRun {
        Run run(String logOption) throws IOException, InterruptedException;
    }

    /** One more run with the JVM's class-load log on stdout, counted: in all, in the first invocation, by source. */
    private ClassCounts classes(String name, LoggedRun logged) throws IOException, InterruptedException {
        List<String> output = logged.run("-Xlog:class+load=info:stdout:tags").output();
        if (settings.classLogs().isPresent()) {
            Files.createDirectories(settings.classLogs().get());
            Files.write(settings.classLogs().get().resolve(name + ".log"), output);
        }
        return countClasses(output);
    }

    /**
     * Reads a SnapStart run's output for {@link InvocationParts}: the log lines between the first invocation's markers,
     * those after them (warm invocations), and those after the fresh sign-ins' marker.
     *
     * @throws IllegalStateException when the first invocation did not log exactly one secret read, one login and one
     *                               statement, or no warm statement or no fresh sign-in followed
     */
    public static InvocationParts invocationParts(List<String> output) {
        PartLog first = new PartLog();
        PartLog warm = new PartLog();
        PartLog fresh = new PartLog();
        // Each marker starts the phase whose lines follow it; lines before the first marker are priming's.
        PartLog current = null;
        for (String line : output) {
            if (line.contains(FunctionProcess.FIRST_INVOCATION_START)) {
                current = first;
            } else if (line.contains(FunctionProcess.FIRST_INVOCATION_END)) {
                current = warm;
            } else if (line.contains(FunctionProcess.FRESH_SIGN_INS_START)) {
                current = fresh;
            } else if (current != null && line.startsWith("{")) {
                JsonNode entry = readLogLine(line);
                current.add(entry.path("event").asText(), entry);
            }
        }
        if (first.secretReads.size() != 1 || first.logins.size() != 1 || first.statements.size() != 1
                || warm.statements.isEmpty()) {
            throw new IllegalStateException("a SnapStart run's log should show one secret read, one login and one"
                    + " statement in its first invocation and statements after it, not " + first.secretReads.size()
                    + ", " + first.logins.size() + ", " + first.statements.size() + " and " + warm.statements.size());
        }
        if (fresh.secretReads.isEmpty() || fresh.secretReads.size() != fresh.logins.size()
                || fresh.logins.size() != fresh.statements.size()) {
            throw new IllegalStateException("a SnapStart run's fresh sign-ins should each log a secret read, a login"
                    + " and a statement, not " + fresh.secretReads.size() + ", " + fresh.logins.size() + " and "
                    + fresh.statements.size());
        }
        return new InvocationParts(first.medians(), fresh.medians(), ProcessFigures.median(warm.statements));
    }

    /** The secret reads, logins and statements one phase of a SnapStart run logged. */
    private static final class PartLog {
        final List<Double> secretReads = new ArrayList<>();
        final List<Double> logins = new ArrayList<>();
        final List<Double> statements = new ArrayList<>();

        void add(String event, JsonNode entry) {
            switch (event) {
                case SECRET_EVENT -> secretReads.add(entry.path("durationMs").asDouble());
                case LOGIN_EVENT -> logins.add(entry.path("durationMs").asDouble());
                case STATEMENT_EVENT -> statements.add(entry.path("elapsedMs").asDouble());
                default -> {
                    // Metrics documents and other events: not a part.
                }
            }
        }

        Parts medians() {
            return new Parts(ProcessFigures.median(secretReads), ProcessFigures.median(logins),
                    ProcessFigures.median(statements));
        }
    }

    private static JsonNode readLogLine(String line) {
        try {
            return LOG_LINES.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return LOG_LINES.missingNode();
        }
    }

    /** Counts {@code [class,load] name source: ...} lines; the first invocation is what lies between the markers. */
    static ClassCounts countClasses(List<String> log) {
        int total = 0;
        int fromSharedArchive = 0;
        boolean inFirst = false;
        List<String> firstClasses = new ArrayList<>();
        Map<String, Integer> bySource = new TreeMap<>();
        for (String line : log) {
            if (line.contains(FunctionProcess.FIRST_INVOCATION_START)) {
                inFirst = true;
                continue;
            }
            if (line.contains(FunctionProcess.FIRST_INVOCATION_END)) {
                inFirst = false;
                continue;
            }
            int tag = line.indexOf("[class,load]");
            if (tag < 0) {
                continue;
            }
            total++;
            String rest = line.substring(tag + "[class,load]".length()).trim();
            String name = rest.split(" ")[0];
            bySource.merge(source(name, rest), 1, Integer::sum);
            if (rest.endsWith("source: shared objects file")) {
                fromSharedArchive++;
            }
            if (inFirst) {
                firstClasses.add(rest);
            }
        }
        return new ClassCounts(total, firstClasses.size(), bySource, firstClasses, fromSharedArchive);
    }

    private static String source(String name, String rest) {
        if (name.startsWith("net.snowflake.client.jdbc.internal.org.bouncycastle.")) {
            return "snowflake-jdbc (its relocated BouncyCastle)";
        }
        int at = rest.indexOf("source: ");
        String source = at < 0 ? "" : rest.substring(at + "source: ".length());
        if (source.startsWith("jrt:/") || source.startsWith("shared objects file")) {
            return "JDK";
        }
        if (!source.startsWith("file:")) {
            return "generated at run time (lambdas, proxies, method handles)";
        }
        String file = source.substring(source.lastIndexOf('/') + 1);
        if (file.startsWith("snowflake-jdbc")) {
            return "snowflake-jdbc";
        }
        return file.replaceAll("-[0-9][0-9A-Za-z.\\-]*\\.jar$", "").replaceAll("\\.jar$", "");
    }

    private Run child(List<Path> classPath, List<String> jvmOptions, Map<String, String> environment,
            String mainClass, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // What a child leaves in its temporary directory goes with the bench's work directory: the recipe's driver,
        // run as the recipe runs it, leaves one directory per process (FunctionEnvironment.DRIVER_SETTINGS says why).
        Path temporary = Files.createDirectories(settings.workDir().resolve("tmp"));
        command.add("-Djava.io.tmpdir=" + temporary);
        command.add("-cp");
        command.add(classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        String home = env.get("HOME");
        env.clear();
        if (home != null) {
            env.put("HOME", home);
        }
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        double wallMs = -1;
        Map<String, String> figures = Map.of();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith(ProcessFigures.PREFIX + " side=")) {
                    wallMs = (System.nanoTime() - start) / 1_000_000.0;
                    figures = parse(line);
                }
                output.add(line);
            }
        }
        if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        if (process.exitValue() != 0 || wallMs < 0) {
            throw new IllegalStateException("the benchmark's child " + mainClass + " failed (exit "
                    + process.exitValue() + "):\n" + tail(output));
        }
        return new Run(wallMs, figures, output);
    }

    private static Map<String, String> parse(String line) {
        Map<String, String> figures = new LinkedHashMap<>();
        for (String pair : line.substring(ProcessFigures.PREFIX.length()).trim().split(" ")) {
            int eq = pair.indexOf('=');
            figures.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return figures;
    }

    private static String tail(List<String> output) {
        return String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()));
    }

    /**
     * Writes this package's child programs (their class files) into {@code into/launcher.jar}, their own class path
     * entry: a jar, because the JDK's CDS and AOT caches accept only jars on the class path.
     */
    private static Path copyChildClasses(Path into) throws IOException {
        String packagePath = ColdStartBench.class.getPackageName().replace('.', '/');
        Path source;
        try {
            source = Path.of(ColdStartBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the benchmark's own classes", e);
        }
        Function<String, Boolean> wanted = name -> name.startsWith(packagePath + "/")
                && name.endsWith(".class") && !name.substring(packagePath.length() + 1).contains("/")
                && (name.contains("/FunctionProcess") || name.contains("/RecipeProcess")
                        || name.contains("/ProcessFigures"));
        Map<String, byte[]> classes = new TreeMap<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.walk(source.resolve(packagePath), 1)) {
                for (Path file : files.toList()) {
                    String name = source.relativize(file).toString().replace('\\', '/');
                    if (wanted.apply(name)) {
                        classes.put(name, Files.readAllBytes(file));
                    }
                }
            }
        } else {
            try (ZipFile jar = new ZipFile(source.toFile())) {
                for (ZipEntry entry : jar.stream().filter(e -> wanted.apply(e.getName())).toList()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        classes.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        Files.createDirectories(into);
        Path launcher = into.resolve("launcher.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(launcher))) {
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                out.putNextEntry(new java.util.jar.JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return launcher;
    }

    /** The median of a figure of each of {@code items} ({@link ProcessFigures#median}). */
    public static <T> double median(List<T> items, java.util.function.ToDoubleFunction<T> figure) {
        return ProcessFigures.median(items.stream().map(item -> figure.applyAsDouble(item)).toList());
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
