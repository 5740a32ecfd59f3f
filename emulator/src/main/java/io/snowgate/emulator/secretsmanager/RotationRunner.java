package io.snowgate.emulator.secretsmanager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs rotations in the background, as the service does after RotateSecret has answered: each attempt invokes the
 * hook with the four steps in order; a failed attempt is retried, from {@code createSecret} and with the same token,
 * after a back-off that doubles. AWS documents only that it "retries the entire rotation process multiple times"
 * (DescribeSecret, NextRotationDate); the stand-in's attempts and back-off are short so that a local caller sees
 * the outcome in seconds. One daemon thread runs every rotation; {@link #close()} stops it.
 */
final class RotationRunner implements AutoCloseable {

    static final int DEFAULT_ATTEMPTS = 3;
    static final Duration DEFAULT_BACKOFF = Duration.ofMillis(250);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final List<String> STEPS = List.of(RotationHook.CREATE_SECRET, RotationHook.SET_SECRET,
            RotationHook.TEST_SECRET, RotationHook.FINISH_SECRET);

    /** What a run does: a rotation, or RotateImmediately=false's check of the configuration (testSecret only). */
    enum Kind { ROTATE, PROBE }

    private final SecretStore store;
    private final Supplier<RotationHook> hook;
    private final ScheduledExecutorService worker;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final List<RotationAttempt> attempts = new CopyOnWriteArrayList<>();
    private volatile int maxAttempts = DEFAULT_ATTEMPTS;
    private volatile Duration backoff = DEFAULT_BACKOFF;
    private volatile Consumer<Rotation> onEnded = rotation -> { };
    /** The worker's threads, joined on close: a terminated executor's last thread may still be exiting. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    RotationRunner(String name, SecretStore store, Supplier<RotationHook> hook) {
        this.store = store;
        this.hook = hook;
        this.worker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name + "-rotation");
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        });
    }

    void retries(int attempts, Duration firstBackoff) {
        if (attempts < 1) {
            throw new IllegalArgumentException("a rotation needs at least one attempt");
        }
        if (firstBackoff.isNegative()) {
            throw new IllegalArgumentException("back-off must not be negative");
        }
        this.maxAttempts = attempts;
        this.backoff = firstBackoff;
    }

    /** Tells {@code listener} of each rotation (not a probe) as it ends: succeeded, failed for good, or cancelled. */
    void onEnded(Consumer<Rotation> listener) {
        this.onEnded = listener;
    }

    /**
     * Starts the run for {@code token} unless one is running already (a retried RotateSecret with the same token
     * joins it).
     */
    void start(String arn, String token, Kind kind) {
        Run run = new Run(arn, token, kind, UUID.randomUUID().toString());
        Run existing = runs.compute(token, (t, previous) -> previous != null && !previous.finished() ? previous : run);
        if (existing == run) {
            schedule(run, 1, Duration.ZERO);
        }
    }

    /** Stops the secret's running rotation before its next step (CancelRotateSecret). */
    void cancel(String arn) {
        runs.values().stream().filter(run -> run.arn.equals(arn)).forEach(Run::cancel);
    }

    Optional<Rotation> rotation(String token) {
        return Optional.ofNullable(runs.get(token)).map(Run::view);
    }

    List<RotationAttempt> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public void close() {
        worker.shutdownNow();
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        try {
            worker.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void schedule(Run run, int attempt, Duration delay) {
        try {
            worker.schedule(() -> attempt(run, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            finish(run, Rotation.Status.FAILED);
        }
    }

    private void attempt(Run run, int attempt) {
        List<String> steps = run.kind == Kind.PROBE ? List.of(RotationHook.TEST_SECRET) : STEPS;
        List<String> completed = new ArrayList<>();
        RotationHook function = hook.get();
        for (String step : steps) {
            if (run.cancelled()) {
                record(run, attempt, completed, step, "cancelled by CancelRotateSecret");
                finish(run, Rotation.Status.CANCELLED);
                return;
            }
            try {
                if (function == null) {
                    throw new IllegalStateException("no rotation function is registered with the stand-in");
                }
                function.invoke(new RotationEvent(step, run.arn, run.token, run.rotationToken));
            } catch (Exception | AssertionError e) {
                // An assertion in a test's hook is a failed step too, not a broken worker.
                record(run, attempt, completed, step, e.getClass().getSimpleName() + ": " + e.getMessage());
                retryOrFail(run, attempt);
                return;
            }
            completed.add(step);
        }
        if (run.kind == Kind.PROBE) {
            store.endProbe(run.arn, run.token);
            record(run, attempt, completed, null, null);
            finish(run, Rotation.Status.SUCCEEDED);
        } else if (store.completeRotation(run.arn, run.token)) {
            record(run, attempt, completed, null, null);
            finish(run, Rotation.Status.SUCCEEDED);
        } else {
            // The service checks the outcome: a finishSecret that left AWSCURRENT alone failed the rotation.
            record(run, attempt, completed.subList(0, completed.size() - 1), RotationHook.FINISH_SECRET,
                    "finishSecret did not move AWSCURRENT to version " + run.token);
            retryOrFail(run, attempt);
        }
    }

    private void retryOrFail(Run run, int attempt) {
        if (run.kind == Kind.PROBE) {
            store.endProbe(run.arn, run.token);
            finish(run, Rotation.Status.FAILED);
        } else if (run.cancelled()) {
            finish(run, Rotation.Status.CANCELLED);
        } else if (attempt >= maxAttempts || worker.isShutdown()) {
            finish(run, Rotation.Status.FAILED);
        } else {
            schedule(run, attempt + 1, backoff.multipliedBy(1L << Math.min(attempt - 1, 20)));
        }
    }

    private void finish(Run run, Rotation.Status outcome) {
        // One cut short by close() did not end as the service would end it: nothing to tell.
        if (run.finish(outcome) && run.kind == Kind.ROTATE && !worker.isShutdown()) {
            onEnded.accept(run.view());
        }
    }

    private void record(Run run, int attempt, List<String> completed, String failedStep, String failure) {
        RotationAttempt recorded = new RotationAttempt(run.arn, run.token, attempt, completed, failedStep, failure);
        attempts.add(recorded);
        run.add(recorded);
    }

    /** One rotation: its identity, its attempts and its state; guarded by its own monitor. */
    private static final class Run {
        final String arn;
        final String token;
        final Kind kind;
        final String rotationToken;
        private final List<RotationAttempt> attempts = new ArrayList<>();
        private Rotation.Status status = Rotation.Status.RUNNING;
        private boolean cancelled;

        Run(String arn, String token, Kind kind, String rotationToken) {
            this.arn = arn;
            this.token = token;
            this.kind = kind;
            this.rotationToken = rotationToken;
        }

        synchronized void add(RotationAttempt attempt) {
            attempts.add(attempt);
        }

        synchronized void cancel() {
            cancelled = true;
        }

        synchronized boolean cancelled() {
            return cancelled;
        }

        /** Ends the run with {@code outcome} unless it had ended already; true when this call ended it. */
        synchronized boolean finish(Rotation.Status outcome) {
            if (status != Rotation.Status.RUNNING) {
                return false;
            }
            status = outcome;
            return true;
        }

        synchronized boolean finished() {
            return status != Rotation.Status.RUNNING;
        }

        synchronized Rotation view() {
            return new Rotation(arn, token, status, attempts);
        }
    }
}
