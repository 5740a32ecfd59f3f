package io.snowgate.lambda.session;

import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.log.CredentialLoggers;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.secret.SecretCache;
import io.snowgate.lambda.secret.SecretUnavailableException;
import io.snowgate.lambda.snowflake.DriverCaches;
import io.snowgate.lambda.snowflake.DriverTimeouts;
import io.snowgate.lambda.snowflake.SnowflakeAuthentication;
import io.snowgate.lambda.snowflake.SnowflakeConnectionSpec;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.snowflake.SnowflakeErrors;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import net.snowflake.client.api.connection.SnowflakeConnection;

/**
 * One snowflake-jdbc connection per execution environment, signed in with what its {@link SignInSource} gives: the
 * key from the {@link SecretCache}, or the function's AWS role.
 *
 * <ul>
 *   <li>Reused across invocations; after {@code validateAfterIdle} without use it is checked with
 *       {@link Connection#isValid} (a heartbeat), because a frozen function's session may have expired or been
 *       ended by Snowflake.</li>
 *   <li>When Snowflake refuses the key (390144, or 394304 on newer servers) the secret is fetched again, bypassing
 *       the cache, and the login retried once: that is how a rotated key is picked up. Not for a key that such a
 *       read brought back and Snowflake refused again, for {@link #REFUSED_KEY_COOL_DOWN}.</li>
 *   <li>When a statement finds its session gone, a new session is opened and the work runs once more.</li>
 * </ul>
 * Not thread-safe beyond one invocation at a time, which is how Lambda calls a function.
 */
public final class JdbcSnowflakeSessions implements SnowflakeSessions {

    /** A heartbeat is cheap; skipping it right after a use keeps back-to-back invocations at one round trip. */
    public static final Duration DEFAULT_VALIDATE_AFTER_IDLE = Duration.ofSeconds(30);
    static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(3);
    /** How long closing waits for the worker to close its connection and end. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** SQL state class 08, connection exception: 08006, the connection failed (no answer in time). */
    static final String NO_ANSWER_SQL_STATE = "08006";
    /**
     * How often a discarded session waits to ask whether the asynchronous statement it runs has ended: from a second
     * (most runs of a statement that may change its session are short) doubling to half a minute (a monitoring
     * request is cheap, but a long run need not cost one every second).
     */
    static final Duration RUN_END_FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration RUN_END_MAX_WAIT = Duration.ofSeconds(30);
    /**
     * When a discarded session stops waiting for its run and is closed all the same: a run stops at its statement
     * timeout, which the catalog keeps within the function's (at most Lambda's 900 s), so twice that is past any run
     * but one Snowflake keeps queued or that monitoring never shows; the driver then still leaves such a session
     * open, and the thread ends.
     */
    static final Duration RUN_END_LONGEST_WAIT = Duration.ofMinutes(30);
    /**
     * How long a key Snowflake refused again after the secret was read afresh and brought back that same key is
     * refused without reading the secret once more. Reading it on every invocation would add one forced
     * GetSecretValue per invocation, outside the secret cache's back-off, for as long as nobody fixes the key (an API
     * called many times a second, at night). A key nobody fixes is a fault that needs a person, as an outage of
     * Secrets Manager does, so the cool-down is the cache's longest back-off: at most one such read per execution
     * environment every five minutes; a new key stored meanwhile is signed in with once it ends, or sooner when the
     * cached secret's time to live ends (that read is not held back), and a key set back in Snowflake at the next
     * invocation, which still signs in.
     */
    static final Duration REFUSED_KEY_COOL_DOWN = SecretCache.MAX_BACKOFF;
    /** The sign-in step a deadline names when it came during the login itself. */
    static final String LOGIN_STEP = "the Snowflake login";

    private final SignInSource signIns;
    private final Optional<SnowflakeEndpoint> endpointOverride;
    private final Duration validateAfterIdle;
    private final Clock clock;
    private final JsonLog log;
    private final Object lock = new Object();
    /**
     * The sign-in Snowflake refused, then refused again once the secret, read afresh, brought it back unchanged;
     * null once a login succeeds. Volatile: a sign-in abandoned at a deadline may still end on its own worker.
     */
    private volatile Refusal refusedUnchanged;
    /** The thread the work runs on, and the connection it owns; replaced when a call is abandoned. Guarded by lock. */
    private ExecutorService worker;
    private Held held;

    /**
     * The connection one worker owns. Its thread alone uses it; once the call is abandoned, the closer takes it, and
     * the worker may keep no connection it opens later and start no work: a login or secret read can outlast the
     * invocation (the driver's socket timeout is longer than any), and what it brings back must not run after the
     * caller was told Snowflake did not answer, nor leave a session open.
     */
    private static final class Held {
        private Connection connection;
        private boolean abandoned;
        /** Abandoned by {@link JdbcSnowflakeSessions#close()}, not at a deadline. */
        private boolean closed;
        Instant lastUsed = Instant.MIN;
        /** Whether the call under way is signing in, for what a deadline failure says. */
        volatile boolean signingIn;
        /** Whether the call under way has started its work: a sign-in after that (session gone) may follow a statement. */
        volatile boolean workStarted;
        /** What the sign-in under way waits on, for what a deadline failure says: its source, or the login. */
        volatile String signInStep = LOGIN_STEP;
        /**
         * The sign-in of the call under way gave up waiting (on Secrets Manager or the login) once the deadline
         * had passed, before any work of the call started: the deadline ended it, whichever wait noticed first.
         */
        volatile boolean signInOutlivedDeadline;

        /**
         * Signing in (or its sign-in just gave up at the deadline), and no work of this call started: nothing was sent
         * to Snowflake but the sign-in. {@code signingIn} is read first: it is cleared after the flag is set, so a
         * caller whose wait ends between the two still sees the sign-in.
         */
        boolean nothingSent() {
            return (signingIn || signInOutlivedDeadline) && !workStarted;
        }

        synchronized Connection connection() {
            return connection;
        }

        /** Keeps a newly opened connection, unless the call was abandoned meanwhile. */
        synchronized boolean keep(Connection opened) {
            if (abandoned) {
                return false;
            }
            connection = opened;
            return true;
        }

        /** The connection, now no longer held, for the caller to close; null when there is none. */
        synchronized Connection take() {
            Connection taken = connection;
            connection = null;
            return taken;
        }

        /** Marks the call abandoned and gives up the connection, as {@link #take}. */
        synchronized Connection abandon() {
            abandoned = true;
            return take();
        }

        /** As {@link #abandon}, by closing: the call under way, if any, fails as closed under it. */
        synchronized Connection close() {
            closed = true;
            return abandon();
        }

        synchronized boolean closedUnder() {
            return closed;
        }

        /** Stops the worker before its next step once its call was abandoned. */
        synchronized void checkNotAbandoned() {
            if (abandoned) {
                throw new CancellationException(closed ? "the session was closed" : "the call was abandoned at its"
                        + " deadline");
            }
        }
    }

    /** Signed in with the key of the secret {@code secrets} holds. */
    public JdbcSnowflakeSessions(SecretCache secrets, Optional<SnowflakeEndpoint> endpointOverride,
            Duration validateAfterIdle, Clock clock, JsonLog log) {
        this(new SecretSignIns(secrets), endpointOverride, validateAfterIdle, clock, log);
    }

    public JdbcSnowflakeSessions(SignInSource signIns, Optional<SnowflakeEndpoint> endpointOverride,
            Duration validateAfterIdle, Clock clock, JsonLog log) {
        this.signIns = signIns;
        this.endpointOverride = endpointOverride;
        this.validateAfterIdle = validateAfterIdle;
        this.clock = clock;
        this.log = log;
        // The driver reads its cache locations once, when its classes load: set them before any connection.
        DriverCaches.useDefault();
        CredentialLoggers.pin();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The work runs on this instance's worker thread, and the caller waits for it only until the deadline: a
     * connection that never answers (a black hole, a half-open socket) holds the driver far longer than any
     * invocation, since its socket timeout must outlast running statements. Past the deadline the worker and its
     * connection are abandoned (a new one serves the next call) and an {@link SQLTimeoutException} with SQL state
     * {@value #NO_ANSWER_SQL_STATE} says Snowflake did not answer in time. A call the sessions were closed under
     * ({@link #close()}) fails with {@link SessionClosedException}.
     */
    @Override
    public <T> T withConnection(Deadline deadline, Work<T> work) throws SQLException {
        return withConnection(deadline, After.REUSE, work);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A session the work leaves {@link After#DISCARD} is logged out in the background, so the answer never waits
     * on it; logging out also rolls back a transaction the work left open.
     */
    @Override
    public <T> T withConnection(Deadline deadline, After after, Work<T> work) throws SQLException {
        return withConnection(deadline, after, work, () -> null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>snowflake-jdbc, asked to close a connection while an asynchronous query it submitted still runs, leaves the
     * session open so that the query can finish (SFSession#isSafeToClose), and marks the connection closed, so that
     * nothing can log the session out afterwards: Snowflake would keep it, with a transaction it holds open, until it
     * expires. So a discarded session is closed in the background once Snowflake's monitoring no longer shows the
     * statement running, which the driver then finds safe.
     */
    @Override
    public String startWithConnection(Deadline deadline, After after, Work<String> work) throws SQLException {
        AtomicReference<String> started = new AtomicReference<>();
        return withConnection(deadline, after, connection -> {
            String queryId = work.run(connection);
            started.set(queryId);
            return queryId;
        }, started::get);
    }

    /** {@code startedRun} gives the query id of a statement the work submitted asynchronously, or null. */
    private <T> T withConnection(Deadline deadline, After after, Work<T> work, Supplier<String> startedRun)
            throws SQLException {
        if (deadline.expired()) {
            throw noAnswer();
        }
        ExecutorService executor;
        Held current;
        synchronized (lock) {
            if (worker == null) {
                worker = Executors.newSingleThreadExecutor(task -> {
                    Thread thread = new Thread(task, "snowgate-snowflake");
                    thread.setDaemon(true);
                    return thread;
                });
                held = new Held();
            }
            executor = worker;
            current = held;
        }
        // The worker's lines (a secret read, a login, a session found gone) belong to the caller's invocation.
        String requestId = log.requestId();
        Future<T> result = executor.submit(() -> {
            try (JsonLog.RequestScope scope = log.forRequest(requestId)) {
                return withConnection(current, deadline, after, work, startedRun);
            }
        });
        try {
            return result.get(Math.max(1, deadline.remaining().toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw abandonedAtDeadline(executor, current);
        } catch (ExecutionException e) {
            if (current.closedUnder()) {
                throw new SessionClosedException();
            }
            if (current.signInOutlivedDeadline) {
                // The waits inside the sign-in are bounded by this same deadline (the SDK's call timeout, the
                // driver's login timeout) and end when this wait does: the failure they report is the deadline's.
                throw abandonedAtDeadline(executor, current);
            }
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(executor, current, current.nothingSent() ? "sign-in: " + current.signInStep : "statement");
            throw noAnswer();
        }
    }

    /**
     * Abandons the worker at the deadline ({@link #abandon}) and says what it was still doing: signing in (and on
     * which step), or waiting on a statement.
     */
    private SQLTimeoutException abandonedAtDeadline(ExecutorService executor, Held current) {
        boolean nothingSent = current.nothingSent();
        String step = current.signInStep;
        abandon(executor, current, nothingSent ? "sign-in: " + step : "statement");
        return nothingSent ? new SignInTimeoutException(step) : noAnswer();
    }

    /**
     * Closes the connection and stops the worker thread, waiting a little for it; the next call opens anew.
     *
     * <p>A call under way on another thread is ended, not waited for: its connection is closed from here, which logs
     * the session out, and Snowflake aborts a session's running synchronous statements when the session ends (its
     * JDBC guide, "Asynchronous queries": synchronous queries are aborted when the client's connection is lost;
     * snowflake-jdbc keeps a session open while asynchronous queries of its own still run, SFSession#isSafeToClose,
     * so a run started with {@code executeAsync} goes on). That is what a local command stopped by Ctrl-C needs: the
     * warehouse does not run on, for nobody, until the statement's timeout. A sign-in still under way is logged out
     * when it returns, as after a deadline.
     */
    @Override
    public void close() {
        ExecutorService executor;
        Held current;
        synchronized (lock) {
            executor = worker;
            current = held;
            worker = null;
            held = null;
        }
        if (executor == null) {
            return;
        }
        // On this thread, not queued on the worker: a statement under way holds the worker until it ends.
        discard(current.close());
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    /** The session work itself, on the worker thread that owns {@code held}, and the session kept or not after it. */
    private <T> T withConnection(Held held, Deadline deadline, After after, Work<T> work, Supplier<String> startedRun)
            throws SQLException {
        held.workStarted = false;
        held.signInOutlivedDeadline = false;
        try {
            return withConnection(held, deadline, work);
        } finally {
            if (after == After.DISCARD) {
                Connection used = held.take();
                if (used != null) {
                    log.info("snowflake_session_replaced", Map.of("reason", "the query may have changed its session"));
                    String run = startedRun.get();
                    inBackground(run == null ? () -> discard(used) : () -> discardOnceEnded(used, run));
                }
            }
        }
    }

    /**
     * Closes a connection once the statement {@code queryId} it submitted asynchronously no longer runs (snowflake-jdbc
     * counts a statement monitoring does not show yet as running), asking Snowflake's monitoring at growing intervals.
     * A session that cannot be asked (gone, expired) is closed at once: the driver then tries the logout itself.
     * Lambda freezes the environment between invocations, so a long run's wait goes on while later ones run; an
     * environment shut down meanwhile leaves the session to Snowflake's expiry.
     */
    private void discardOnceEnded(Connection connection, String queryId) {
        long waitMillis = RUN_END_FIRST_WAIT.toMillis();
        Deadline giveUp = Deadline.in(RUN_END_LONGEST_WAIT, clock);
        try {
            SnowflakeConnection snowflake = connection.unwrap(SnowflakeConnection.class);
            while (!giveUp.expired() && snowflake.getQueryStatus(queryId).isStillRunning()) {
                Thread.sleep(waitMillis);
                waitMillis = Math.min(waitMillis * 2, RUN_END_MAX_WAIT.toMillis());
            }
        } catch (SQLException | RuntimeException e) {
            // Not known to be running any more: the driver's own check decides. Caught whole, as nothing else on this
            // thread would: an escaping exception would print its stack trace to the function's log.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        discard(connection);
    }

    private <T> T withConnection(Held held, Deadline deadline, Work<T> work) throws SQLException {
        // The secret is needed only to sign in: an open, healthy session never waits on Secrets Manager.
        Connection live = liveConnection(held, deadline);
        try {
            return use(held, live, work);
        } catch (SQLException e) {
            if (!SnowflakeErrors.sessionGone(e.getErrorCode())) {
                throw e;
            }
            // Closed, or abandoned at the deadline, under the call: gone on purpose, not to be replaced.
            held.checkNotAbandoned();
            log.warn("snowflake_session_gone", Map.of("code", e.getErrorCode()));
            closeConnection(held);
            return use(held, liveConnection(held, deadline), work);
        }
    }

    /**
     * Gives up on a worker stuck past a deadline: it and its connection are closed in the background, and a
     * connection it opens later is closed by the worker itself, unused ({@link Held}).
     */
    private void abandon(ExecutorService executor, Held stuck, String during) {
        synchronized (lock) {
            if (worker == executor) {
                worker = null;
                held = null;
            }
        }
        executor.shutdownNow();
        log.warn("snowflake_no_answer", Map.of(
                "during", during,
                "action", "abandoning the session; the next call signs in anew"));
        closeInBackground(stuck.abandon());
    }

    /** Closes a connection on a thread of its own: logging out can take as long as Snowflake does to answer. */
    private void closeInBackground(Connection connection) {
        inBackground(() -> discard(connection));
    }

    private static void inBackground(Runnable closing) {
        Thread closer = new Thread(closing, "snowgate-snowflake-close");
        closer.setDaemon(true);
        closer.start();
    }

    private static SQLTimeoutException noAnswer() {
        return new SQLTimeoutException("Snowflake did not answer before the invocation's deadline", NO_ANSWER_SQL_STATE);
    }

    private static SQLException rethrown(Throwable cause) {
        if (cause instanceof SQLException sql) {
            return sql;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("session work failed", cause);
    }

    private void closeConnection(Held held) {
        if (held != null) {
            discard(held.take());
        }
    }

    /** Closes a connection (snowflake-jdbc logs its session out), if there is one. */
    private void discard(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // The session is being discarded either way; Snowflake expires it on its own.
            log.warn("snowflake_close_failed", Map.of("code", e.getErrorCode()));
        }
    }

    private <T> T use(Held held, Connection live, Work<T> work) throws SQLException {
        held.checkNotAbandoned();
        held.workStarted = true;
        try {
            return work.run(live);
        } finally {
            held.lastUsed = clock.instant();
        }
    }

    private Connection liveConnection(Held held, Deadline deadline) {
        Connection current = held.connection();
        if (current != null && (!idleTooLong(held) || valid(current, deadline))) {
            return current;
        }
        closeConnection(held);
        Connection opened = connect(held, deadline);
        if (!held.keep(opened)) {
            // Signed in after the caller gave up: log the session out at once rather than leave it open.
            log.warn("snowflake_late_session_closed",
                    Map.of("action", "logging out a session opened after the call was abandoned"));
            discard(opened);
            held.checkNotAbandoned();
        }
        return opened;
    }

    private boolean idleTooLong(Held held) {
        return !clock.instant().isBefore(held.lastUsed.plus(validateAfterIdle));
    }

    private boolean valid(Connection candidate, Deadline deadline) {
        try {
            int seconds = (int) Math.max(1, deadline.cap(VALIDATION_TIMEOUT).toSeconds());
            if (candidate.isValid(seconds)) {
                return true;
            }
        } catch (SQLException e) {
            // isValid only throws for a negative timeout; treat anything else as a dead session too.
        }
        log.info("snowflake_session_replaced", Map.of("reason", "validation failed"));
        return false;
    }

    /** Signs in, marked as signing in for what a deadline reached meanwhile says ({@link Held#nothingSent}). */
    private Connection connect(Held held, Deadline deadline) {
        held.signingIn = true;
        try {
            return signIn(held, deadline);
        } catch (RuntimeException e) {
            held.signInOutlivedDeadline = !held.workStarted && deadline.expired() && unanswered(e);
            throw e;
        } finally {
            held.signingIn = false;
        }
    }

    /** A sign-in failure that is a wait given up on (no answer), not an answer refusing the credential. */
    private static boolean unanswered(RuntimeException failure) {
        return switch (failure) {
            case SecretUnavailableException secret -> secret.unanswered();
            case SnowflakeLoginException login -> login.unreachable();
            default -> false;
        };
    }

    /**
     * Signs in, once more with the secret read afresh when Snowflake refuses the key, unless a read less than
     * {@link #REFUSED_KEY_COOL_DOWN} ago brought that key back and Snowflake refused it again; unless the call is
     * abandoned before a login starts (a secret read can return after that).
     */
    private Connection signIn(Held held, Deadline deadline) {
        held.checkNotAbandoned();
        held.signInStep = signIns.waitsOn();
        SignIn signIn = signIns.current(deadline);
        held.checkNotAbandoned();
        SnowflakeConnectionSpec first = spec(signIn, deadline);
        try {
            return accepted(login(held, signIn, first));
        } catch (SQLException e) {
            if (!SnowflakeErrors.keyRefused(e.getErrorCode()) || !signIns.refetchesAfterRefusal()) {
                throw failure(signIn, first, e);
            }
            Refusal known = refusedUnchanged;
            if (known != null && known.coolsDown(signIn, clock.instant())) {
                log.warn("snowflake_key_refused", Map.of(
                        "code", e.getErrorCode(),
                        "fingerprint", signIn.authentication().credentialId(),
                        "action", "not refetching the secret: a read at " + known.at() + " brought this key back"
                                + " and Snowflake refused it again; next read after "
                                + known.at().plus(REFUSED_KEY_COOL_DOWN) + ", or when the secret's time to live"
                                + " ends"));
                throw failure(signIn, first, e);
            }
            log.warn("snowflake_key_refused", Map.of(
                    "code", e.getErrorCode(),
                    "fingerprint", signIn.authentication().credentialId(),
                    "action", "refetching the secret once"));
        }
        held.checkNotAbandoned();
        held.signInStep = signIns.waitsOn();
        SignIn refreshed = signIns.refetch(deadline);
        held.checkNotAbandoned();
        SnowflakeConnectionSpec second = spec(refreshed, deadline);
        try {
            return accepted(login(held, refreshed, second));
        } catch (SQLException e) {
            if (SnowflakeErrors.keyRefused(e.getErrorCode()) && Refusal.samePresented(signIn, refreshed)) {
                refusedUnchanged = Refusal.of(refreshed, clock.instant());
            }
            throw failure(refreshed, second, e);
        }
    }

    /** A login Snowflake accepted ends any cool-down: a later refusal of the same key (revoked) is news. */
    private Connection accepted(Connection opened) {
        refusedUnchanged = null;
        return opened;
    }

    /**
     * A sign-in refused again after the secret was read afresh, by what Snowflake judges a key-pair login on (the
     * user, the account in the JWT and the key's fingerprint), never the key itself; and when.
     */
    private record Refusal(String user, String jwtAccount, String credentialId, Instant at) {

        static Refusal of(SignIn signIn, Instant at) {
            return new Refusal(signIn.user(), signIn.account().jwtIdentifier(),
                    signIn.authentication().credentialId(), at);
        }

        /** Whether the two present the same user, account and key: Snowflake answers both alike. */
        static boolean samePresented(SignIn a, SignIn b) {
            return of(a, Instant.MIN).samePresented(b);
        }

        private boolean samePresented(SignIn signIn) {
            return user.equals(signIn.user()) && jwtAccount.equals(signIn.account().jwtIdentifier())
                    && credentialId.equals(signIn.authentication().credentialId());
        }

        /** Whether {@code signIn}, refused now, is this refusal's sign-in within its cool-down. */
        boolean coolsDown(SignIn signIn, Instant now) {
            return samePresented(signIn) && now.isBefore(at.plus(REFUSED_KEY_COOL_DOWN));
        }
    }

    private SnowflakeConnectionSpec spec(SignIn signIn, Deadline deadline) {
        SnowflakeConnectionSpec.Builder builder = signIn.connection().get()
                .timeouts(DriverTimeouts.DEFAULTS.boundedBy(deadline.remaining()));
        endpointOverride.ifPresent(endpoint -> builder.endpoint(Optional.of(endpoint)));
        return builder.build();
    }

    private Connection login(Held held, SignIn signIn, SnowflakeConnectionSpec spec) throws SQLException {
        held.signInStep = LOGIN_STEP;
        Instant start = clock.instant();
        Connection opened = DriverManager.getConnection(spec.jdbcUrl(), spec.properties());
        log.info("snowflake_login", Map.of(
                "user", signIn.user(),
                "account", signIn.account().jwtIdentifier(),
                signIn.authentication().credentialKind(), signIn.authentication().credentialId(),
                "durationMs", Duration.between(start, clock.instant()).toMillis()));
        return opened;
    }

    /**
     * The login failure as callers and operators see it. The driver's exception is not kept as its cause: what they
     * need from it (code, state, failure id, what was unreachable) is in the message and the log line, and a cause
     * would bring the driver's stack trace into any output that prints causes (no stack traces reach a caller or a
     * log).
     */
    private SnowflakeLoginException failure(SignIn signIn, SnowflakeConnectionSpec spec, SQLException e) {
        String user = signIn.user();
        String jwtAccount = signIn.account().jwtIdentifier();
        SnowflakeAuthentication authentication = signIn.authentication();
        boolean attestationFailed = SnowflakeErrors.attestationFailed(e.getErrorCode());
        // An attestation failure never reached Snowflake: STS, not Snowflake's host, is what its message names.
        Optional<String> unreachable = attestationFailed ? Optional.empty() : SnowflakeErrors.unreachableCause(e);
        if (unreachable.isPresent()) {
            String host = hostAndPort(spec);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("host", host);
            fields.put("cause", unreachable.get());
            fields.put("code", e.getErrorCode());
            fields.put("sqlState", e.getSQLState());
            fields.put("user", user);
            fields.put("jwtAccount", jwtAccount);
            log.error("snowflake_unreachable", fields);
            return SnowflakeLoginException.unreachable(host, unreachable.get(), e.getErrorCode(),
                    authentication.credentialId(), jwtAccount, user, null);
        }
        // Only Snowflake's refusals carry a login failure id; a driver error may quote AWS's request id instead.
        Optional<String> failureId = attestationFailed ? Optional.empty()
                : SnowflakeErrors.loginFailureId(e.getMessage());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("code", e.getErrorCode());
        fields.put("sqlState", e.getSQLState());
        fields.put("user", user);
        fields.put("jwtAccount", jwtAccount);
        fields.put(authentication.credentialKind(), authentication.credentialId());
        fields.put("loginFailureId", failureId.orElse(null));
        String reason;
        if (SnowflakeErrors.keyRefused(e.getErrorCode())) {
            reason = authentication.refusalAdvice(user, jwtAccount);
        } else if (SnowflakeErrors.roleNotGranted(e.getErrorCode())) {
            String role = spec.properties().getProperty(SnowflakeConnectionSpec.ROLE, "(none)");
            fields.put("role", role);
            reason = "Snowflake refused the login of user " + user + " in account " + jwtAccount + ": the role " + role
                    + " it signs in with is not granted to the user, or does not exist; grant it (GRANT ROLE " + role
                    + " TO USER " + user + ") or correct the role it signs in with (the secret's 'role' field, or "
                    + FunctionEnvironment.SNOWFLAKE_ROLE + ")";
        } else if (attestationFailed) {
            // The driver could not get an attestation from AWS (STS refused or unreachable): its message says why.
            fields.put("driverMessage", e.getMessage());
            reason = "snowflake-jdbc could not attest the AWS role: " + e.getMessage();
        } else {
            reason = "Snowflake refused the login of user " + user + " in account " + jwtAccount
                    + " (see SYSTEM$GET_LOGIN_FAILURE_DETAILS)";
        }
        log.error("snowflake_login_failed", fields);
        return new SnowflakeLoginException(e.getErrorCode(), authentication.presented(),
                authentication.credentialId(), jwtAccount, user, failureId, reason, null);
    }

    /** The host (and port, when the URL gives one) the driver connects to, from {@code jdbc:snowflake://host:port/}. */
    private static String hostAndPort(SnowflakeConnectionSpec spec) {
        URI url = URI.create(spec.jdbcUrl().substring("jdbc:".length()));
        return url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
