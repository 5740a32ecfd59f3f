package io.snowgate.lambda.packaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.contract.FunctionSizing;
import io.snowgate.emulator.lambda.CustomRuntimeProcess;
import io.snowgate.emulator.lambda.FunctionPackageFiles;
import io.snowgate.emulator.lambda.RuntimeApiStandIn.Outcome;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.http.ApiGatewayEventFixtures;
import io.snowgate.lambda.http.ApiGatewayEventFixtures.Payload;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.prime.AotCacheTraining;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.UserKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Builds the on-demand package, {@code target/snowgate-lambda-on-demand.zip}: for functions without SnapStart, a
 * Lambda custom runtime ({@code provided.al2023}, x86_64) that carries its own JVM so that it can carry an AOT cache
 * (JDK 25) trained for that very JVM. Lambda's managed java25 runtime is a JVM the build never sees and that a runtime
 * update replaces, so a cache cannot ship beside it (see the README, "On-demand start-up"). The package:
 * <ul>
 *   <li>{@code bootstrap}: the entry point Lambda runs (src/on-demand/bootstrap);</li>
 *   <li>{@code runtime/}: the build's JDK, linked by {@code jlink} to {@link #MODULES};</li>
 *   <li>{@code lib/}: the deployment package's jars, exactly as the SnapStart package ships them;</li>
 *   <li>{@code runtime-interface-client/}: AWS's Lambda Java runtime interface client (what the managed runtime runs
 *       too) and its native library for x86_64;</li>
 *   <li>{@code java.args}: the JVM options and the class path, one file for the training and for
 *       {@code bootstrap};</li>
 *   <li>{@code snowgate.aot}: the AOT cache, written by a training run of that JVM on that class path
 *       ({@link AotCacheTraining}): real invocations of both handlers on the local stand-ins, with a key made
 *       for the run.</li>
 * </ul>
 * Run by the {@code on-demand-package} execution in lambda/pom.xml (package phase, after the deployment zip), with the
 * build's JDK, which must be 25 or newer (the package carries it, and AOT caches as JDK 25 makes them); with an older
 * one it builds nothing and says so. {@code OnDemandPackageIT} runs the package as Lambda would.
 *
 * <p>Arguments: the deployment zip, the directory of the runtime interface client's jars, the bootstrap script, the
 * zip to write, a work directory.
 */
public final class OnDemandPackageBuilder {

    /**
     * The JDK modules the package's JVM is linked with: what {@code jdeps --print-module-deps} finds in the package's
     * jars ({@code java.desktop} for {@code java.beans}: Jackson's, SnakeYAML's and the driver's introspection;
     * {@code jdk.httpserver} and {@code java.rmi} for classes of the driver that name them), and the modules of every
     * JCA provider the JDK's {@code java.security} lists ({@code java.xml.crypto}, {@code java.smartcardio},
     * {@code jdk.security.jgss}, {@code jdk.crypto.cryptoki}). Without those, the first provider lookup (snowflake-jdbc
     * makes one as it loads) searches the class path for a missing provider and builds every
     * {@code java.security.Provider} it finds there: BouncyCastle's, some 650 classes (0.54 of the recipe's CPU instead
     * of 0.47). A list, not computed at build time, so that a new module is a reviewed change;
     * {@code OnDemandPackageIT} runs the query path on it and checks that provider stays unbuilt.
     */
    static final List<String> MODULES = List.of("java.base", "java.desktop", "java.management", "java.naming",
            "java.net.http", "java.rmi", "java.security.jgss", "java.sql", "jdk.httpserver", "jdk.unsupported",
            "java.xml.crypto", "java.smartcardio", "jdk.security.jgss", "jdk.crypto.cryptoki");
    /**
     * The JVM's options, for the training and for every start alike. First, what the cache holds beyond loaded and
     * linked classes, turned off (diagnostic options; the JVM is the package's own, so they cannot change under it,
     * and a JVM that refused one would fail {@code OnDemandPackageIT}): method profiles, which only the C2 compiler
     * uses and these starts never run (without them: CPU 1.09 s against 1.20 s, peak RSS 109 against 111 MiB, 9 runs
     * each); and compiled adapters and stubs, which JDK 25.0.3 fails to link for adapters whose fingerprints hash
     * alike, warning twice at every start (JDK-8364929, fixed in JDK 26; the same CPU without them). Then the options
     * of Lambda's java25 runtime for an environment without SnapStart (tiered compilation stopped at C1, the serial
     * collector), and those it gives the runtime interface client (IPv4 first, JVM crash reports on stderr,
     * {@code java.io} open to it for the telemetry log descriptor). Then native access for the class path, where the
     * runtime interface client loads its JNI library: otherwise JDK 25 warns about it (JEP 472) in every cold
     * start's log. Last, one method kept out of the JIT, quietly: the JDK's stack map generator
     * ({@code StackMapGenerator::processBlock}), which runs only while the JDK generates a class (a cold start's
     * dynamic proxies and method-handle forms, some 30 classes no AOT cache can hold). C1 compiled it in every cold
     * start, and that one compilation took 6.7 MB of scratch memory, the peak of the JIT's, and more CPU than running
     * it interpreted costs: without it, peak RSS 101 MiB against 106 and CPU 1.02 s against 1.11 (9 runs). The JVM
     * is the package's own, so the name cannot change under it; a later JDK that renamed the method would match
     * nothing and only lose the gain, which {@code bench --cold --custom-runtime} would show.
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining",
            "-XX:-AOTReplayTraining", "-XX:-AOTAdapterCaching", "-XX:-AOTStubCaching", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-XX:+ErrorFileToStderr", "-Djava.net.preferIPv4Stack=true",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
            "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=exclude,jdk.internal.classfile.impl.StackMapGenerator::processBlock");
    static final String CACHE = "snowgate.aot";
    static final String ARGS = "java.args";
    static final String RUNTIME_INTERFACE_CLIENT = "runtime-interface-client";
    /** The runtime interface client's native library for the architecture the package is built for. */
    static final String NATIVE_LIBRARY = "jni/libaws-lambda-jni.linux-x86_64.so";
    /** The memory the training JVM sizes its heap from: the deployment's default. */
    private static final String TRAINING_MEMORY = "-XX:MaxRAM=" + FunctionSizing.DEFAULT_MEMORY_MB + "m";
    /** Of the training's invocations, those that must answer well for the cache to hold the query path. */
    private static final int TRAINING_MUST_ANSWER = 3;
    private static final long TRAINING_TIMEOUT_SECONDS = 300;
    private static final java.time.Duration TRAINING_INVOCATION_TIMEOUT = java.time.Duration.ofSeconds(60);
    private static final String TRAINING_HANDLER = AotCacheTraining.class.getName();
    /** The runtime interface client's entry point, which {@code bootstrap} runs with the handler setting. */
    private static final String RUNTIME_INTERFACE_CLIENT_MAIN =
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** Where the runtime interface client loads its native library from instead of a copy in /tmp (bootstrap). */
    private static final String NATIVE_CLIENT_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final String JNI_LIBRARY = "libaws-lambda-jni.so";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every entry's time: the zip is the same bytes for the same inputs. */
    private static final FileTime ENTRY_TIME = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));

    private OnDemandPackageBuilder() {
    }

    public static void main(String[] args) throws Exception {
        Path functionZip = Path.of(args[0]);
        Path clientJars = Path.of(args[1]);
        Path bootstrap = Path.of(args[2]);
        Path out = Path.of(args[3]);
        Path work = Path.of(args[4]);
        Files.deleteIfExists(out);
        if (Runtime.version().feature() < 25) {
            System.out.println("snowgate: on-demand package not built: it needs a JDK 25 or newer to build with, this"
                    + " build runs on " + Runtime.version());
            return;
        }
        Path task = FunctionPackageFiles.unpack(functionZip, work.resolve("task"));
        List<String> classPath = new ArrayList<>(sortedJars(task, "lib"));
        copyRuntimeInterfaceClient(clientJars, task.resolve(RUNTIME_INTERFACE_CLIENT));
        classPath.addAll(sortedJars(task, RUNTIME_INTERFACE_CLIENT));
        link(task.resolve("runtime"));
        List<String> argsLines = new ArrayList<>(JVM_OPTIONS);
        argsLines.add("-cp");
        argsLines.add(String.join(":", classPath));
        Files.write(task.resolve(ARGS), argsLines);
        Files.copy(bootstrap, task.resolve("bootstrap"));
        train(task, work);
        zip(task, out);
        System.out.printf("snowgate: on-demand package %s: %.1f MB (AOT cache %.1f MB)%n", out, Files.size(out) / 1e6,
                Files.size(task.resolve(CACHE)) / 1e6);
    }

    /** The jars of {@code dir} (relative to the task root), by name: the class path's order is the cache's. */
    private static List<String> sortedJars(Path task, String dir) throws IOException {
        try (Stream<Path> jars = Files.list(task.resolve(dir))) {
            return jars.map(jar -> dir + "/" + jar.getFileName()).filter(name -> name.endsWith(".jar")).sorted()
                    .toList();
        }
    }

    private static void copyRuntimeInterfaceClient(Path jars, Path into) throws IOException {
        Files.createDirectories(into);
        Path client = null;
        java.util.Set<String> artifacts = new java.util.HashSet<>();
        try (Stream<Path> files = Files.list(jars)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                // The copy goal never empties its folder: after a version bump the old jar would still be there.
                String artifact = jar.getFileName().toString().replaceAll("-[0-9][^-]*\\.jar$", "");
                if (!artifacts.add(artifact)) {
                    throw new IOException("two versions of " + artifact + " in " + jars + ": clean the build");
                }
                Files.copy(jar, into.resolve(jar.getFileName()));
                if (jar.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client-")) {
                    client = jar;
                }
            }
        }
        if (client == null) {
            throw new IOException("no aws-lambda-java-runtime-interface-client jar in " + jars);
        }
        // Loaded from the package by path (bootstrap names it), instead of the copy the client would otherwise write
        // to /tmp at every cold start.
        try (ZipFile jar = new ZipFile(client.toFile())) {
            ZipEntry library = jar.getEntry(NATIVE_LIBRARY);
            if (library == null) {
                throw new IOException(client.getFileName() + " has no " + NATIVE_LIBRARY);
            }
            try (InputStream in = jar.getInputStream(library)) {
                Files.copy(in, into.resolve(JNI_LIBRARY));
            }
        }
    }

    private static void link(Path runtime) {
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(
                () -> new IllegalStateException("this JDK has no jlink: " + System.getProperty("java.home")));
        int exit = jlink.run(System.out, System.err, "--add-modules", String.join(",", MODULES), "--strip-debug",
                "--no-header-files", "--no-man-pages", "--output", runtime.toString());
        if (exit != 0) {
            throw new IllegalStateException("jlink failed with exit code " + exit);
        }
    }

    /**
     * The training run, in two steps. First the package's JVM, on its {@code java.args}, runs as {@code bootstrap}
     * runs it (AWS's runtime interface client, the client's native library by path), recording
     * ({@code -XX:AOTMode=record}), with {@link AotCacheTraining} as its handler and Lambda's variables, pointed at
     * the local stand-ins and at a Runtime API stand-in that hands it the training events; stopped as Lambda stops an
     * execution environment (SIGTERM), it writes what it loaded and linked. Then the same JVM and options create the
     * cache from that record. Training through the runtime interface client, rather than calling the handlers from a
     * main method, puts the client's own classes, and the lambdas and method handles its path needs, in the cache
     * too: a cold start loads 68 classes from elsewhere instead of about 140 (classes generated at run time, such as
     * dynamic proxies, which JDK 25 cannot cache, and class files of the driver older than Java 6).
     */
    private static void train(Path task, Path work) throws IOException, InterruptedException {
        Path record = work.resolve(CACHE + ".config").toAbsolutePath();
        Files.deleteIfExists(record);
        Path log = work.resolve("training.log");
        int answered = 0;
        List<String> failures = new ArrayList<>();
        try (SecretsManagerStandIn secrets = new SecretsManagerStandIn().start();
             SnowflakeStandIn snowflake = new SnowflakeStandIn().start();
             LocalDeployment deployment = new LocalDeployment(secrets, snowflake)
                     .install(UserKey.madeInJava("training-passphrase"));
             CustomRuntimeProcess function = CustomRuntimeProcess.start(task, List.of(
                     task.resolve("runtime/bin/java").toString(), "-XX:AOTMode=record",
                     "-XX:AOTConfiguration=" + record, TRAINING_MEMORY,
                     "-D" + NATIVE_CLIENT_PROPERTY + "=" + task.resolve(RUNTIME_INTERFACE_CLIENT).resolve(JNI_LIBRARY),
                     "@" + ARGS, RUNTIME_INTERFACE_CLIENT_MAIN, TRAINING_HANDLER), TRAINING_HANDLER,
                     FunctionSizing.DEFAULT_MEMORY_MB, deployment.processEnvironment("AKIDSNOWGATETRAINING"), log)) {
            for (String event : trainingEvents()) {
                Outcome outcome = function.invoke(event.getBytes(StandardCharsets.UTF_8), TRAINING_INVOCATION_TIMEOUT);
                if (answeredWell(outcome)) {
                    answered++;
                } else {
                    // A failed scheduled run or an unknown query's 404: paths worth training too, and counted.
                    failures.add(outcome.errorType().orElse("answered " + outcome.payloadText()));
                }
            }
            // SIGTERM, as Lambda ends an environment; the JVM writes its record as it exits, which on a busy build
            // machine may take longer than the process's usual grace before it is killed.
            function.process().destroy();
            function.process().waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        if (answered < TRAINING_MUST_ANSWER || !Files.isRegularFile(record)) {
            throw new IllegalStateException("the AOT cache training failed (" + answered + " invocations answered, "
                    + TRAINING_MUST_ANSWER + " needed; failures " + failures + "; record written: "
                    + Files.isRegularFile(record) + "):\n" + Files.readString(log));
        }
        Process create = new ProcessBuilder(task.resolve("runtime/bin/java").toString(), "-XX:AOTMode=create",
                "-XX:AOTConfiguration=" + record, "-XX:AOTCache=" + CACHE, TRAINING_MEMORY, "@" + ARGS)
                .directory(task.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!create.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            create.destroyForcibly();
        }
        if (create.isAlive() || create.exitValue() != 0 || !Files.isRegularFile(task.resolve(CACHE))) {
            throw new IllegalStateException("creating the AOT cache from the training's record failed:\n"
                    + Files.readString(log));
        }
        Files.delete(record);
    }

    /** A scheduled run's result, or an HTTP answer with a 2xx status. */
    private static boolean answeredWell(Outcome outcome) throws IOException {
        if (!outcome.succeeded()) {
            return false;
        }
        int status = JSON.readTree(outcome.payload()).path("statusCode").asInt(200);
        return status >= 200 && status < 300;
    }

    /**
     * What the training invokes on the shipped catalog: a scheduled run, and HTTP queries in both payloads; for each,
     * an unknown query too.
     */
    private static List<String> trainingEvents() {
        List<String> events = new ArrayList<>();
        events.add(trainingEvent(ScheduledQueryHandler.class, "{\"query\":\"current_version\"}"));
        events.add(trainingEvent(ScheduledQueryHandler.class, "{\"query\":\"no_such_query\"}"));
        for (Payload payload : Payload.values()) {
            events.add(trainingEvent(HttpQueryHandler.class, ApiGatewayEventFixtures.event(payload, "POST",
                    "/queries/current_version", Map.of(), "{}", ApiGatewayEventFixtures.CALLER)));
            events.add(trainingEvent(HttpQueryHandler.class, ApiGatewayEventFixtures.event(payload, "POST",
                    "/queries/no_such_query", Map.of(), "{}", ApiGatewayEventFixtures.CALLER)));
        }
        return events;
    }

    /** An event for {@link AotCacheTraining}: which handler to build, and its event. */
    private static String trainingEvent(Class<?> handler, String event) {
        return "{\"handler\":\"" + handler.getName() + "\",\"event\":" + event.replace('\n', ' ') + "}";
    }

    /**
     * The package's files in name order, each with a fixed time and its Unix mode (0755 for what is executable here:
     * {@code bootstrap}, the JVM's launchers; 0644 otherwise), which Lambda keeps when it unpacks the zip.
     */
    private static void zip(Path task, Path out) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(task)) {
            files = walk.filter(Files::isRegularFile).sorted(Comparator.comparing(p -> task.relativize(p).toString()))
                    .toList();
        }
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (Path file : files) {
                ZipArchiveEntry entry = new ZipArchiveEntry(task.relativize(file).toString());
                boolean executable = Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
                entry.setUnixMode(UnixStat.FILE_FLAG | (executable ? 0755 : 0644));
                entry.setLastModifiedTime(ENTRY_TIME);
                zip.putArchiveEntry(entry);
                Files.copy(file, zip);
                zip.closeArchiveEntry();
            }
        }
    }
}
