package io.snowgate.emulator.snowflake;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every statement runs on the registry's executor under its query id, so the HTTP thread only waits for it: later
 * work (answering 333333 while a statement runs, fetching a result by id, cancelling) finds the query here.
 * Finished queries are kept, up to {@link #MAX_KEPT_QUERIES}, for RESULT_SCAN.
 */
final class QueryRegistry implements AutoCloseable {

    static final int MAX_KEPT_QUERIES = 1_000;
    private static final long STOP_GRACE_SECONDS = 5;

    /** One statement, running or finished; {@code outcome} fails with {@link StatementFailedException}. */
    record Query(String id, long sessionId, String user, String sqlText, Instant startedAt,
                 CompletableFuture<Wire.QueryResult> outcome) {
    }

    private final ExecutorService executor;
    private final Map<String, Query> queries = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Query> eldest) {
            return size() > MAX_KEPT_QUERIES;
        }
    };

    QueryRegistry(String name) {
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, name + "-query-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    Query submit(String id, SnowflakeSession session, String sqlText, Callable<Wire.QueryResult> work) {
        CompletableFuture<Wire.QueryResult> outcome = new CompletableFuture<>();
        Query query = new Query(id, session.id, session.user, sqlText, Instant.now(), outcome);
        synchronized (queries) {
            queries.put(id, query);
        }
        executor.execute(() -> {
            try {
                outcome.complete(work.call());
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });
        return query;
    }

    Optional<Query> find(String id) {
        synchronized (queries) {
            return Optional.ofNullable(queries.get(id));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
