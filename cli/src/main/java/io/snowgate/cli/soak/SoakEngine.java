package io.snowgate.cli.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.cli.soak.InvocationRecord.Role;
import io.snowgate.cli.soak.SoakFaults.GlobalFault;
import io.snowgate.cli.soak.SoakPlan.Kind;
import io.snowgate.cli.soak.SoakPlan.Trigger;
import io.snowgate.cli.soak.SoakPlan.Work;
import io.snowgate.emulator.secretsmanager.Rotation;
import io.snowgate.emulator.snowflake.QueryInfo;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.query.QueryTag;
import io.snowgate.lambda.schedule.ScheduledRunFailedException;
import io.snowgate.lambda.session.JdbcSnowflakeSessions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The chaos soak: N execution environments, each its own function and handlers as Lambda runs them, serve their
 * planned invocations concurrently (scheduled, HTTP sync, HTTP async then polls landing anywhere) against the local
 * stand-ins, while the {@link SoakPlan}'s faults are aimed at chosen invocations and environments and set off for
 * all of them at chosen points of progress. Then every failed invocation is judged against the faults it met
 * ({@link SoakVerdicts}), statements are counted per invocation, and everything written is searched for secrets.
 *
 * <p>The engine never ships in the Lambda artifact: it lives in the CLI, which {@code ./snowgate soak} and the test
 * suite's short soak both run.
 */
public final class SoakEngine {

    /** Polls of one asynchronous run before the soak gives up on it. */
    static final int MAX_POLLS = 60;
    private static final Duration POLL_PAUSE = Duration.ofMillis(100);
    /**
     * How long an environment's next invocation comes after one that failed: callers and Lambda's retries wait before
     * trying again, so a failing environment does not burn through its plan in the moment its failure lasts.
     */
    static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(250);
    /** How long the soak waits for the rotation to finish, as a caller of AWS would wait on DescribeSecret. */
    static final Duration ROTATION_WAIT = Duration.ofMinutes(3);
    /** Lambda's own default: the function checks a session with a heartbeat after this long unused. */
    private static final Duration DEFAULT_VALIDATE_AFTER_IDLE = JdbcSnowflakeSessions.DEFAULT_VALIDATE_AFTER_IDLE;
    /** The function keeps snowflake-jdbc's logging at WARNING in Lambda (QueryFunction#fromEnvironment). */
    private static final Logger DRIVER_LOGGER = Logger.getLogger("net.snowflake");
    private static final Logger SDK_LOGGER = Logger.getLogger("software.amazon.awssdk");
    private static final Logger ROOT_LOGGER = Logger.getLogger("");

    /** What a handler answered, or how it failed. */
    record Answer(boolean succeeded, int status, String code, JsonNode body, String text, Throwable error) {
    }

    /**
     * A global fault as it happened: from {@code at} until {@code until}, for ending many sessions takes time (each
     * waits for the statement it runs to stop), and a session ended late in that span is ended all the same.
     */
    record Fired(GlobalFault fault, int afterCompleted, Instant at, Instant until, String effect) {
    }

    private final SoakSettings settings;
    private final SoakPlan plan;
    private final Path workDirectory;
    private final PrintStream progress;
    private final ObjectMapper json = new ObjectMapper();
    private final SoakEvents events = new SoakEvents(json);
    private final Clock clock = Clock.systemUTC();
    private final ConcurrentLinkedQueue<InvocationRecord> records = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Fired> fired = new ConcurrentLinkedQueue<>();
    /** Writes the function answered as done: the work's id, for the missing-row check. */
    private final Set<String> acknowledgedWrites = ConcurrentHashMap.newKeySet();
    /** Each started run's query id, by the id of the work that started it. */
    private final Map<String, String> runs = new ConcurrentHashMap<>();
    private final AtomicInteger completed = new AtomicInteger();
    private final Object triggerLock = new Object();
    private int nextTrigger;
    private volatile String rotationToken;
    private SoakDeployment deployment;
    private SoakEnvironment[] environments;
    private ChaosPolicies.Secrets secretsChaos;
    private ChaosPolicies.Snowflake snowflakeChaos;

    private SoakEngine(SoakSettings settings, Path workDirectory, PrintStream progress) {
        this.settings = settings;
        this.plan = SoakPlan.of(settings);
        this.workDirectory = workDirectory;
        this.progress = progress;
    }

    /**
     * Runs a soak. {@code workDirectory} receives the catalog and one transcript per environment (everything it
     * wrote and answered, invocation by invocation), which the leak search reads and a failed run leaves for
     * reading; {@code progress} gets a line now and then.
     */
    public static SoakReport run(SoakSettings settings, Path workDirectory, PrintStream progress) throws IOException {
        return new SoakEngine(settings, workDirectory, progress).run();
    }

    private SoakReport run() throws IOException {
        Files.createDirectories(workDirectory);
        Instant start = clock.instant();
        Capture processLog = new Capture();
        Level driverLevel = DRIVER_LOGGER.getLevel();
        Level sdkLevel = SDK_LOGGER.getLevel();
        Handler[] consoleHandlers = ROOT_LOGGER.getHandlers();
        Handler capture = captureHandler(processLog);
        // What Lambda would keep of the libraries' own logging, captured for the leak search, off the terminal.
        DRIVER_LOGGER.setLevel(Level.WARNING);
        SDK_LOGGER.setLevel(Level.WARNING);
        for (Handler handler : consoleHandlers) {
            ROOT_LOGGER.removeHandler(handler);
        }
        ROOT_LOGGER.addHandler(capture);
        deployment = SoakDeployment.start(workDirectory);
        try {
            environments = new SoakEnvironment[settings.environments()];
            for (int e = 0; e < environments.length; e++) {
                // Even environments keep their secret briefly (each sign-in after a session ends reads it again and
                // meets Secrets Manager's faults), odd ones for the default 15 minutes (they still hold the revoked key
                // after the rotation). Every fourth checks its session before each use, the rest after Lambda's idle
                // default.
                environments[e] = new SoakEnvironment(e, deployment,
                        e % 2 == 0 ? settings.secretTtl() : io.snowgate.lambda.config.SnowgateConfig.DEFAULT_SECRET_TTL,
                        e % 4 == 0 ? Duration.ZERO : DEFAULT_VALIDATE_AFTER_IDLE,
                        workDirectory.resolve("environment-%02d.log".formatted(e)));
            }
            secretsChaos = new ChaosPolicies.Secrets(plan, environments);
            snowflakeChaos = new ChaosPolicies.Snowflake(deployment.rotationStep());
            deployment.secretsManager().faultPolicy(secretsChaos);
            deployment.snowflake().faultPolicy(snowflakeChaos);

            List<Thread> threads = new ArrayList<>();
            for (int e = 0; e < environments.length; e++) {
                int environment = e;
                Thread thread = new Thread(() -> serve(environment), "soak-environment-" + e);
                thread.setUncaughtExceptionHandler((t, error) -> problems.add(t.getName() + " stopped: " + error));
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while the soak ran", e);
                }
            }
            Duration invocationsTook = Duration.between(start, clock.instant());
            Optional<Rotation> rotation = awaitRotation();
            deployment.secretsManager().faultPolicy(null);
            deployment.snowflake().faultPolicy(null);
            List<QueryInfo> statements = deployment.snowflake().queries();
            Map<String, List<QueryInfo>> executions = executionsByRequest(statements);
            Map<String, Integer> rows = rowsPerInvocation();
            long[] secretReads = new long[environments.length];
            for (SoakEnvironment environment : environments) {
                secretReads[environment.index()] = environment.secretReads();
            }
            closeEnvironments();
            writeStatements(statements);
            Files.writeString(workDirectory.resolve("rotation.log"), deployment.rotationLog().drain());
            Files.writeString(workDirectory.resolve("process.log"), processLog.drain());
            LeakScanner leaks = LeakScanner.forSecrets(deployment.serviceKey(), deployment.secretVersions());
            List<LeakScanner.Leak> found = leaks.scan(workDirectory);
            SoakReport report = SoakVerdicts.judge(new SoakVerdicts.Evidence(settings, plan, List.copyOf(records),
                    List.copyOf(fired), statements, executions, Map.copyOf(runs), rows, Set.copyOf(acknowledgedWrites),
                    secretReads,
                    secretsChaos.unattributed(), snowflakeChaos.loginsRefused(), rotation, found,
                    List.copyOf(problems), invocationsTook, Duration.between(start, clock.instant()),
                    workDirectory));
            report.writeFailures(workDirectory.resolve("failures.tsv"));
            return report;
        } finally {
            closeEnvironments();
            deployment.close();
            ROOT_LOGGER.removeHandler(capture);
            for (Handler handler : consoleHandlers) {
                ROOT_LOGGER.addHandler(handler);
            }
            DRIVER_LOGGER.setLevel(driverLevel);
            SDK_LOGGER.setLevel(sdkLevel);
        }
    }

    private void closeEnvironments() {
        if (environments == null) {
            return;
        }
        for (SoakEnvironment environment : environments) {
            if (environment != null) {
                try {
                    environment.close();
                } catch (RuntimeException e) {
                    problems.add("environment " + environment.index() + " did not close cleanly: " + e);
                }
            }
        }
        environments = null;
    }

    /** One environment's planned invocations, in order, as its own thread. */
    private void serve(int environment) {
        for (int index = 0; index < settings.invocations(); index++) {
            Work work = plan.work(environment, index);
            boolean succeeded = false;
            try {
                succeeded = perform(work);
            } catch (RuntimeException e) {
                problems.add(work.id() + ": the soak itself failed: " + e);
            }
            completedOne();
            if (!succeeded) {
                sleep(PAUSE_AFTER_FAILURE);
            }
        }
    }

    /** Runs one planned invocation (and its polls); whether it succeeded. */
    private boolean perform(Work work) {
        work.fault().ifPresent(fault -> snowflakeChaos.aim(work.id(), fault));
        InvocationRecord record = new InvocationRecord(work.id(), work, switch (work.kind()) {
            case SCHEDULED -> Role.SCHEDULED;
            case HTTP_SYNC -> Role.HTTP_SYNC;
            case HTTP_ASYNC -> Role.HTTP_ASYNC_START;
        }, work.environment());
        Answer answer;
        try {
            answer = invoke(environments[work.environment()], record, environment -> switch (work.kind()) {
                case SCHEDULED -> scheduled(environment, work, record);
                case HTTP_SYNC -> http(environment, events.run(work, false, record.requestId()), record);
                case HTTP_ASYNC -> http(environment, events.run(work, true, record.requestId()), record);
            });
        } finally {
            ChaosPolicies.Snowflake.Aim aim = snowflakeChaos.withdraw(work.id()).orElse(null);
            record.statement(Optional.ofNullable(aim).map(ChaosPolicies.Snowflake.Aim::fault),
                    aim == null ? 0 : aim.posts(), aim == null ? 0 : aim.faulted());
        }
        if (work.kind() == Kind.HTTP_ASYNC) {
            if (answer.succeeded() && answer.status() == 202) {
                poll(work, answer.body().path("queryId").asText());
            }
        } else if (answer.succeeded() && work.query() == SoakPlan.SoakQuery.WRITE) {
            acknowledgedWrites.add(work.id());
        }
        return answer.succeeded();
    }

    /**
     * Polls an asynchronous run until it is done, each poll an invocation of another environment: the one the plan
     * names when it is free, else the next free one, as Lambda sends a request to an idle environment (only when all
     * are busy does the poll wait for the planned one).
     */
    private void poll(Work work, String queryId) {
        runs.put(work.id(), queryId);
        for (int poll = 0; poll < MAX_POLLS; poll++) {
            SoakEnvironment target = idleEnvironment(plan.pollEnvironment(work, poll));
            InvocationRecord record = new InvocationRecord(work.id() + "-p" + poll, work, Role.POLL, target.index());
            Answer answer;
            try {
                answer = invokeLocked(target, record, environment ->
                        http(environment, events.poll(work.query(), queryId, record.requestId()), record));
            } finally {
                target.busy().unlock();
            }
            if (answer.succeeded() && answer.status() == 200) {
                if (work.query() == SoakPlan.SoakQuery.WRITE) {
                    acknowledgedWrites.add(work.id());
                }
                return;
            }
            if (!answer.succeeded() && (answer.status() >= 400 && answer.status() < 500
                    || "FAILED".equals(answer.body().path("status").asText()))) {
                // The caller's error, or the run's own failure: polling again answers the same.
                return;
            }
            sleep(POLL_PAUSE);
        }
        problems.add(work.id() + ": its run " + queryId + " was not done after " + MAX_POLLS + " polls");
    }

    /** The first free environment from {@code first} on, locked for the caller; the planned one when none is free. */
    private SoakEnvironment idleEnvironment(int first) {
        for (int i = 0; i < environments.length; i++) {
            SoakEnvironment candidate = environments[(first + i) % environments.length];
            if (candidate.busy().tryLock()) {
                return candidate;
            }
        }
        environments[first].busy().lock();
        return environments[first];
    }

    /** One Lambda invocation on {@code environment}, waiting for it to be free: Lambda sends one at a time. */
    private Answer invoke(SoakEnvironment environment, InvocationRecord record, Function<SoakEnvironment, Answer> call) {
        environment.busy().lock();
        try {
            return invokeLocked(environment, record, call);
        } finally {
            environment.busy().unlock();
        }
    }

    /**
     * Runs {@code call} on {@code environment}, whose lock the caller holds, and writes what the environment logged
     * and answered to its transcript.
     */
    private Answer invokeLocked(SoakEnvironment environment, InvocationRecord record,
            Function<SoakEnvironment, Answer> call) {
        records.add(record);
        Answer answer = null;
        try {
            environment.current(record);
            record.started(clock.instant(), environment.coldAndLastReadFailed());
            answer = call.apply(environment);
            if (answer.succeeded()) {
                record.succeeded(clock.instant());
            } else {
                record.failed(clock.instant(), answer.code(), answer.error() != null
                        ? String.valueOf(answer.error().getMessage())
                        : answer.body().path("error").path("message").asText(answer.text()));
            }
            return answer;
        } finally {
            environment.current(null);
            String logged = environment.log().drain();
            noteLogEvents(record, logged);
            StringBuilder block = new StringBuilder();
            block.append("=== ").append(record.requestId()).append(' ').append(record.role().label()).append('\n');
            block.append(logged);
            if (answer != null) {
                block.append("--- answer\n").append(answer.text()).append('\n');
                if (answer.error() != null) {
                    StringWriter trace = new StringWriter();
                    answer.error().printStackTrace(new PrintWriter(trace));
                    block.append("--- error\n").append(trace).append('\n');
                }
            }
            environment.transcribe(block.toString());
        }
    }

    private void noteLogEvents(InvocationRecord record, String logged) {
        for (String line : logged.split("\n")) {
            if (line.startsWith("{") && line.contains("\"event\"")) {
                try {
                    JsonNode node = json.readTree(line);
                    if (node.hasNonNull("event")) {
                        record.logEvent(node.get("event").asText());
                    }
                } catch (IOException e) {
                    record.logEvent("unreadable log line");
                }
            }
        }
    }

    private Answer scheduled(SoakEnvironment environment, Work work, InvocationRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            environment.scheduled().handleRequest(new ByteArrayInputStream(events.scheduled(work, clock.instant())),
                    out, context(record));
            String text = out.toString(StandardCharsets.UTF_8);
            return new Answer(true, 0, null, json.readTree(text), text, null);
        } catch (ScheduledRunFailedException e) {
            return new Answer(false, 0, e.failure().code(), json.nullNode(), "", e);
        } catch (IOException | RuntimeException e) {
            return new Answer(false, 0, "UNCAUGHT " + e.getClass().getSimpleName(), json.nullNode(), "", e);
        }
    }

    private Answer http(SoakEnvironment environment, byte[] event, InvocationRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            environment.http().handleRequest(new ByteArrayInputStream(event), out, context(record));
            String text = out.toString(StandardCharsets.UTF_8);
            JsonNode response = json.readTree(text);
            int status = response.path("statusCode").asInt();
            JsonNode body = json.readTree(response.path("body").asText("{}"));
            if (status >= 400) {
                return new Answer(false, status, body.path("error").path("code").asText("HTTP " + status), body, text,
                        null);
            }
            return new Answer(true, status, null, body, text, null);
        } catch (IOException | RuntimeException e) {
            return new Answer(false, 0, "UNCAUGHT " + e.getClass().getSimpleName(), json.nullNode(), "", e);
        }
    }

    private LocalContext context(InvocationRecord record) {
        return new LocalContext(record.requestId(), "snowgate-soak", settings.invocationTimeout(), clock);
    }

    /** Counts one invocation done, and sets off the global faults whose point it reached. */
    private void completedOne() {
        int done = completed.incrementAndGet();
        List<Trigger> due = new ArrayList<>();
        synchronized (triggerLock) {
            List<Trigger> triggers = plan.triggers();
            while (nextTrigger < triggers.size() && triggers.get(nextTrigger).afterCompleted() <= done) {
                due.add(triggers.get(nextTrigger++));
            }
        }
        for (Trigger trigger : due) {
            fire(trigger, done);
        }
        int total = settings.total();
        int step = Math.max(1, total / 10);
        if (done % step == 0 || done == total) {
            progress.printf(Locale.ROOT, "soak: %d/%d invocations done%n", done, total);
        }
    }

    private void fire(Trigger trigger, int done) {
        if (trigger.fault() == GlobalFault.SESSIONS_ENDED) {
            // Sign-ins after a rotation (and its revoke) are the ones worth having: let it finish first.
            awaitRotation();
        }
        // The fault happens at this instant, inside the lock, so an invocation can be told to have run across it.
        deployment.rotationStep().lock();
        Instant at = clock.instant();
        Instant until;
        String effect;
        try {
            effect = switch (trigger.fault()) {
                case SESSION_TOKENS_EXPIRE ->
                        deployment.snowflake().expireTokens(SoakDeployment.SERVICE_USER, false) + " sessions";
                case MASTER_TOKENS_EXPIRE ->
                        deployment.snowflake().expireTokens(SoakDeployment.SERVICE_USER, true) + " sessions";
                case SESSIONS_ENDED -> deployment.snowflake().endSessions(SoakDeployment.SERVICE_USER) + " sessions";
                case LOGIN_REFUSED_ONCE -> {
                    snowflakeChaos.refuseNextLogin();
                    yield "armed";
                }
                case KEY_ROTATION -> {
                    rotationToken = deployment.rotate();
                    yield "started";
                }
            };
            until = clock.instant();
        } finally {
            deployment.rotationStep().unlock();
        }
        fired.add(new Fired(trigger.fault(), done, at, until, effect));
    }

    /** The rotation's outcome once it finished (every attempt), or empty when none was started. */
    private Optional<Rotation> awaitRotation() {
        String token = rotationToken;
        if (token == null) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + ROTATION_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Rotation> rotation = deployment.rotation(token);
            if (rotation.isPresent() && rotation.get().finished()) {
                return rotation;
            }
            sleep(Duration.ofMillis(50));
        }
        return deployment.rotation(token);
    }

    /** Every statement the stand-in ran and every global fault, one per line, for reading a failed run. */
    private void writeStatements(List<QueryInfo> statements) throws IOException {
        StringBuilder text = new StringBuilder();
        for (QueryInfo q : statements) {
            text.append(q.startedAt()).append('\t').append(q.endedAt()).append('\t').append(q.id()).append('\t')
                    .append(q.sessionId()).append('\t').append(q.status()).append('\t').append(q.errorCode())
                    .append('\t').append(q.queryTag()).append('\t')
                    .append(q.sqlText().replaceAll("\\s+", " ")).append('\n');
        }
        Files.writeString(workDirectory.resolve("statements.tsv"), text);
        StringBuilder faults = new StringBuilder();
        fired.forEach(f -> faults.append(f.at()).append('\t').append(f.until()).append('\t').append(f.afterCompleted()).append('\t')
                .append(f.fault()).append('\t').append(f.effect()).append('\n'));
        Files.writeString(workDirectory.resolve("global-faults.tsv"), faults);
    }

    /** The catalog statements the stand-in ran, by the request id in their QUERY_TAG. */
    private Map<String, List<QueryInfo>> executionsByRequest(List<QueryInfo> queries) {
        Map<String, List<QueryInfo>> byRequest = new HashMap<>();
        for (QueryInfo query : queries) {
            QueryTag.fromJson(json, query.queryTag()).ifPresent(tag ->
                    byRequest.computeIfAbsent(tag.requestId(), id -> new ArrayList<>()).add(query));
        }
        return byRequest;
    }

    private Map<String, Integer> rowsPerInvocation() {
        try {
            return deployment.rowsPerInvocation();
        } catch (SQLException e) {
            problems.add("the soak table could not be read: " + e.getMessage());
            return Map.of();
        }
    }

    private static Handler captureHandler(Capture processLog) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    processLog.printStream().println(record.getLevel() + " " + record.getLoggerName() + ": "
                            + new java.util.logging.SimpleFormatter().formatMessage(record)
                            + (record.getThrown() == null ? "" : " " + record.getThrown()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
