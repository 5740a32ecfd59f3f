package io.snowgate.emulator.snowflake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every statement runs on the registry's executor under its query id, so the HTTP thread only waits for it as long
 * as it wants: a statement still running after the first-response window is answered 333333 and polled, an async one
 * is answered at once, an abort finds it by the request id the driver sent, a statement timeout cancels it.
 * Finished queries are kept for {@code retention} (and at most {@link #MAX_KEPT_QUERIES}) for RESULT_SCAN and
 * result-by-id.
 */
final class QueryRegistry implements AutoCloseable {

    /** Bounds memory in long runs; above QUERY_HISTORY's 10,000-row limit, so that limit is what a client meets. */
    static final int MAX_KEPT_QUERIES = 100_000;
    private static final long STOP_GRACE_SECONDS = 5;

    /** Why a statement was stopped before it finished. */
    enum Stop { CANCELED, TIMED_OUT }

    /** One statement, running or finished; {@code outcome} fails with {@link StandInSqlException}. */
    static final class Query {
        final String id;
        final String requestId;
        final long sessionId;
        final String user;
        final String sqlText;
        final String warehouse;
        final String database;
        final String schema;
        final String queryTag;
        final Instant startedAt;
        final CompletableFuture<Wire.QueryResult> outcome = new CompletableFuture<>();
        private volatile Instant endedAt;
        private volatile Thread runner;
        private volatile Stop stop;
        private volatile Runnable canceller;
        /** Waiting for its warehouse to resume, before it runs. */
        volatile boolean resuming;
        /** Executing: it holds its session, past the checks that could still refuse it. */
        private volatile boolean executing;

        Query(String id, String requestId, SnowflakeSession session, String sqlText, String queryTag, Instant startedAt) {
            this.id = id;
            this.requestId = requestId;
            this.sessionId = session.id;
            this.user = session.user;
            this.sqlText = sqlText;
            this.warehouse = session.warehouse;
            this.database = session.database;
            this.schema = session.database == null ? null : session.schema;
            this.queryTag = queryTag;
            this.startedAt = startedAt;
        }

        Optional<Instant> endedAt() {
            return Optional.ofNullable(endedAt);
        }

        Stop stop() {
            return stop;
        }

        /** What the running statement calls to stop its H2 statement (set while it runs). */
        void onCancel(Runnable cancel) {
            this.canceller = cancel;
        }

        /** Marks the statement executing (until then the monitoring endpoint shows it queued). */
        void markExecuting() {
            executing = true;
        }

        /** Stops a running statement: cancels its H2 statement and interrupts its thread (SYSTEM$WAIT sleeps). */
        boolean cancel(Stop reason) {
            if (outcome.isDone()) {
                return false;
            }
            stop = reason;
            Runnable cancel = canceller;
            if (cancel != null) {
                cancel.run();
            }
            Thread thread = runner;
            if (thread != null) {
                thread.interrupt();
            }
            return true;
        }

        QueryInfo info() {
            QueryInfo.Status status;
            String errorCode = null;
            String errorMessage = null;
            if (!outcome.isDone()) {
                status = resuming ? QueryInfo.Status.RESUMING_WAREHOUSE
                        : executing ? QueryInfo.Status.RUNNING : QueryInfo.Status.QUEUED;
            } else if (outcome.isCompletedExceptionally()) {
                Throwable failure = outcome.exceptionNow();
                status = stop == null ? QueryInfo.Status.FAILED_WITH_ERROR : QueryInfo.Status.ABORTED;
                if (failure instanceof StandInSqlException statement) {
                    errorCode = statement.code();
                    errorMessage = statement.getMessage();
                } else if (failure instanceof QueryEndpoints.SessionGoneException) {
                    errorCode = "000604";
                    errorMessage = "SQL execution canceled";
                }
            } else {
                status = QueryInfo.Status.SUCCESS;
            }
            return new QueryInfo(id, sessionId, user, sqlText, queryTag, status, errorCode, errorMessage, startedAt,
                    endedAt);
        }
    }

    private final Clock clock;
    private final Duration retention;
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final Map<String, Query> queries = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Query> eldest) {
            return size() > MAX_KEPT_QUERIES;
        }
    };

    QueryRegistry(String name, Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(task -> daemon(task, name + "-query-" + threads.incrementAndGet()));
        ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1, task -> daemon(task, name + "-timeouts"));
        // Snowflake's default timeout is two days: finished statements must not keep their timers.
        timeouts.setRemoveOnCancelPolicy(true);
        timer = timeouts;
    }

    /**
     * Starts {@code work} for a new query; {@code timeout} (zero for none) stops it with {@link Stop#TIMED_OUT}.
     * {@code work} sees its own query, to register how to cancel it; {@code resuming} marks it as waiting for its
     * warehouse from the start.
     */
    Query submit(String id, String requestId, SnowflakeSession session, String sqlText, String queryTag,
                 Duration timeout, boolean resuming, java.util.function.Function<Query, Wire.QueryResult> work) {
        Query query = new Query(id, requestId, session, sqlText, queryTag, clock.instant());
        query.resuming = resuming;
        synchronized (queries) {
            queries.put(id, query);
        }
        executor.execute(() -> {
            query.runner = Thread.currentThread();
            Wire.QueryResult result = null;
            Throwable failure = null;
            try {
                result = work.apply(query);
            } catch (Throwable e) {
                failure = e;
            } finally {
                query.runner = null;
                Thread.interrupted();
            }
            // Ended before completed, so whoever sees the outcome also sees when it ended.
            query.endedAt = clock.instant();
            if (failure == null) {
                query.outcome.complete(result);
            } else {
                query.outcome.completeExceptionally(failure);
            }
        });
        if (!timeout.isZero()) {
            ScheduledFuture<?> deadline = timer.schedule(() -> query.cancel(Stop.TIMED_OUT), timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            query.outcome.whenComplete((result, failure) -> deadline.cancel(false));
        }
        return query;
    }

    /** Registers a statement that already ran (a multi-statement child), so it can be fetched by id. */
    Query recordFinished(String id, SnowflakeSession session, String sqlText, String queryTag,
                         Wire.QueryResult result, Throwable failure) {
        Query query = new Query(id, null, session, sqlText, queryTag, clock.instant());
        if (failure == null) {
            query.outcome.complete(result);
        } else {
            query.outcome.completeExceptionally(failure);
        }
        query.endedAt = clock.instant();
        synchronized (queries) {
            queries.put(id, query);
        }
        return query;
    }

    /** A query still running or whose result is still kept. */
    Optional<Query> find(String id) {
        synchronized (queries) {
            Query query = queries.get(id);
            if (query != null && query.endedAt().map(end -> end.plus(retention).isBefore(clock.instant())).orElse(false)) {
                queries.remove(id);
                return Optional.empty();
            }
            return Optional.ofNullable(query);
        }
    }

    /** The running query a query-request with this {@code requestId} started. */
    Optional<Query> byRequestId(String requestId) {
        synchronized (queries) {
            return queries.values().stream().filter(q -> requestId.equals(q.requestId) && !q.outcome.isDone()).findFirst();
        }
    }

    /** How many statements of {@code user} are running now. */
    long running(String user) {
        synchronized (queries) {
            return queries.values().stream().filter(q -> q.user.equals(user) && !q.outcome.isDone()).count();
        }
    }

    List<Query> all() {
        synchronized (queries) {
            return List.copyOf(queries.values());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
