package io.snowgate.emulator.lambda;

import io.snowgate.emulator.lambda.RuntimeApiStandIn.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One execution environment of a Lambda custom runtime ({@code provided.al2023}), run here: the function's package,
 * unpacked with its Unix file modes ({@link FunctionPackageFiles#unpack}); its {@code bootstrap} started with the
 * variables Lambda sets for it ({@code LAMBDA_TASK_ROOT}, {@code _HANDLER}, {@code AWS_LAMBDA_RUNTIME_API}, the
 * function's name, version, memory and log names) plus the function's own; and a {@link RuntimeApiStandIn} of its own
 * to take events. Everything the process writes goes to a log file. {@link #close()} stops the process and the
 * Runtime API.
 */
public final class CustomRuntimeProcess implements AutoCloseable {

    public static final String FUNCTION_NAME = "snowgate-query";
    static final String FUNCTION_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:" + FUNCTION_NAME + ":live";
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final RuntimeApiStandIn runtimeApi;
    private final Path log;

    private CustomRuntimeProcess(Process process, RuntimeApiStandIn runtimeApi, Path log) {
        this.process = process;
        this.runtimeApi = runtimeApi;
        this.log = log;
    }

    /**
     * Starts {@code taskRoot}'s {@code bootstrap} for {@code handler} (the function's handler setting) with
     * {@code functionEnvironment} besides Lambda's variables, in an environment of {@code memoryMb}; its output goes
     * to {@code log}.
     */
    public static CustomRuntimeProcess start(Path taskRoot, String handler, int memoryMb,
            Map<String, String> functionEnvironment, Path log) throws IOException {
        return start(taskRoot, List.of(taskRoot.resolve("bootstrap").toString()), handler, memoryMb,
                functionEnvironment, log);
    }

    /**
     * As {@link #start(Path, String, int, Map, Path)}, but runs {@code command} in the task root instead of its
     * {@code bootstrap}: what a bootstrap would run, with other options (the AOT cache's training run, for one).
     */
    public static CustomRuntimeProcess start(Path taskRoot, List<String> command, String handler, int memoryMb,
            Map<String, String> functionEnvironment, Path log) throws IOException {
        RuntimeApiStandIn runtimeApi = new RuntimeApiStandIn(FUNCTION_ARN, 0);
        runtimeApi.start();
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(taskRoot.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.put("LANG", "en_US.UTF-8");
            env.put("TZ", ":UTC");
            env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
            env.put("_HANDLER", handler);
            env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
            env.put("AWS_LAMBDA_FUNCTION_NAME", FUNCTION_NAME);
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
            env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + FUNCTION_NAME);
            env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/30/[1]0123456789abcdef0123456789abcdef");
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
            env.putAll(functionEnvironment);
            return new CustomRuntimeProcess(builder.start(), runtimeApi, log);
        } catch (IOException | RuntimeException e) {
            runtimeApi.close();
            throw e;
        }
    }

    /**
     * Sends {@code event} and waits for its outcome: at most {@code timeout}, and no longer than the process lives.
     *
     * @throws IllegalStateException if the process ended or the time passed without an answer, with the process's
     *                               output
     */
    public Outcome invoke(byte[] event, Duration timeout) throws IOException, InterruptedException {
        CompletableFuture<Outcome> outcome = runtimeApi.invoke(event, timeout);
        try {
            CompletableFuture.anyOf(outcome, process.onExit()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Told apart below.
        }
        if (!outcome.isDone()) {
            throw new IllegalStateException((process.isAlive() ? "no answer in " + timeout
                    : "the runtime exited with code " + process.exitValue() + " before answering") + "; its output:\n"
                    + output());
        }
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the invocation failed in the Runtime API", e.getCause());
        }
    }

    /** The bootstrap's process: after its {@code exec}, the JVM's. */
    public Process process() {
        return process;
    }

    /** Everything the process wrote so far (stdout and stderr). */
    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
        runtimeApi.close();
    }
}
