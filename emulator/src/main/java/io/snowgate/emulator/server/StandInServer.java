package io.snowgate.emulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * Base of every stand-in: an HTTP server on 127.0.0.1 that records each request, counts it by kind, applies the
 * fault its {@link FaultPolicy} or the planned {@link Faults} give, and otherwise hands it to the subclass. Requests under {@code /_snowgate/} go to the
 * shared admin API ({@link AdminApi}) and are neither counted nor faulted.
 *
 * <p>Start with {@link #start()}; {@link #close()} stops the server and its threads.
 */
public abstract class StandInServer implements AutoCloseable {

    /** Requests kept for assertions; older ones are dropped first, so long soak tests stay bounded. */
    static final int MAX_RECORDED_REQUESTS = 10_000;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** The longest a black-holed request holds its connection and thread when the stand-in is not closed first. */
    public static final Duration BLACK_HOLE_LIMIT = Duration.ofMinutes(10);

    private final String name;
    private final int requestedPort;
    private final Faults faults = new Faults();
    private volatile FaultPolicy faultPolicy = FaultPolicy.NONE;
    private final RequestCounters counters = new RequestCounters();
    private final ConcurrentLinkedDeque<RecordedRequest> recorded = new ConcurrentLinkedDeque<>();
    private final AtomicInteger recordedCount = new AtomicInteger();
    private HttpServer server;
    private ExecutorService executor;
    /** The executor's threads, joined by {@link #close()}: a terminated pool's last thread may still be exiting. */
    private final java.util.Set<Thread> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Counted down by {@link #close()}: releases black-holed requests. */
    private volatile java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);

    /** @param port the port to bind on 127.0.0.1; 0 picks a free one. */
    protected StandInServer(String name, int port) {
        this.name = name;
        this.requestedPort = port;
    }

    /** Binds and starts serving; returns once the port accepts connections. */
    public synchronized StandInServer start() {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(name + " stand-in cannot bind 127.0.0.1:" + requestedPort, e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, name + "-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            workers.add(thread);
            return thread;
        });
        closing = new java.util.concurrent.CountDownLatch(1);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
        return this;
    }

    /** {@code http://127.0.0.1:PORT} */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        if (server == null) {
            throw new IllegalStateException(name + " stand-in is not started");
        }
        return server.getAddress().getPort();
    }

    public String name() {
        return name;
    }

    public Faults faults() {
        return faults;
    }

    public RequestCounters counters() {
        return counters;
    }

    /**
     * Asks {@code policy} about every request from now on, before the {@link #faults() planned faults}; null or
     * {@link FaultPolicy#NONE} stops asking. {@link #reset()} removes it too.
     */
    public void faultPolicy(FaultPolicy policy) {
        this.faultPolicy = policy == null ? FaultPolicy.NONE : policy;
    }

    /** The requests received so far (at most the last {@value #MAX_RECORDED_REQUESTS}), oldest first. */
    public List<RecordedRequest> requests() {
        return new ArrayList<>(recorded);
    }

    /** The recorded requests of one kind, oldest first. */
    public List<RecordedRequest> requests(String kind) {
        return recorded.stream().filter(r -> r.kind().equals(kind)).toList();
    }

    /** Forgets recorded requests, counters, planned faults and the fault policy. */
    public void reset() {
        recorded.clear();
        recordedCount.set(0);
        counters.reset();
        faults.clear();
        faultPolicy = FaultPolicy.NONE;
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            long until = System.nanoTime() + STOP_GRACE.toNanos();
            executor.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            for (Thread worker : workers) {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.clear();
        server = null;
        executor = null;
    }

    /** The kind of a request (an operation name) used by counters and faults; null for an unknown route. */
    protected abstract String kindOf(Exchange exchange);

    /** Serves a request that no fault intercepted. */
    protected abstract void handle(Exchange exchange) throws IOException;

    /** Answers a planned {@link Fault.Error} in the stand-in's own error format. */
    protected abstract void respondWithError(Exchange exchange, Fault.Error error) throws IOException;

    /** A response body and its content type. */
    public record StatusBody(String contentType, byte[] bytes) {
        public static final StatusBody EMPTY = new StatusBody(null, new byte[0]);

        public StatusBody {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /**
     * The body the real service (or its front end) sends with an HTTP error status, for a {@link Fault.Status} with
     * {@code realBody}; empty unless a stand-in knows better.
     */
    protected StatusBody statusBody(int httpStatus) {
        return StatusBody.EMPTY;
    }

    /** Admin lists specific to a stand-in ({@code GET /_snowgate/<list>}); none by default. */
    protected boolean handleAdminList(String list, Exchange exchange) throws IOException {
        return false;
    }

    /** Admin commands specific to a stand-in ({@code POST /_snowgate/<command>}); none by default. */
    protected boolean handleAdmin(String command, JsonNode body, Exchange exchange) throws IOException {
        return false;
    }

    private void dispatch(HttpExchange http) throws IOException {
        try (http) {
            Exchange exchange = new Exchange(http, readBody(http));
            if (exchange.path().startsWith(AdminApi.PREFIX)) {
                new AdminApi(this).serve(exchange);
                return;
            }
            String kind = kindOf(exchange);
            String recordedKind = kind == null ? "unknown" : kind;
            RecordedRequest request = record(recordedKind, http, exchange.body());
            counters.increment(recordedKind);
            sleep(faults.latency(recordedKind));
            var fault = faultPolicy.faultFor(request).or(() -> faults.take(recordedKind));
            if (fault.isPresent()) {
                switch (fault.get()) {
                    case Fault.Error error -> respondWithError(exchange, error);
                    case Fault.Status status -> {
                        if (status.afterHandling()) {
                            handleUnanswered(exchange);
                            exchange.answerAgain();
                        }
                        respondWithStatus(exchange, status);
                    }
                    case Fault.Drop drop -> exchange.drop();
                    case Fault.LostResponse lost -> {
                        handleUnanswered(exchange);
                        exchange.drop();
                    }
                    case Fault.BlackHole hole -> {
                        holdUntilClosed();
                        exchange.drop();
                    }
                }
                return;
            }
            handle(exchange);
        } catch (RuntimeException e) {
            // A bug in a stand-in must be loud in the test that hit it, not a silent hang.
            System.err.println(name + " stand-in failed on " + http.getRequestURI() + ": " + e);
            throw e;
        }
    }

    /** Serves the request but swallows its answer, so a fault can replace or lose it. */
    private void handleUnanswered(Exchange exchange) throws IOException {
        exchange.swallowAnswers();
        handle(exchange);
    }

    private void respondWithStatus(Exchange exchange, Fault.Status status) throws IOException {
        StatusBody body = status.realBody() ? statusBody(status.httpStatus()) : StatusBody.EMPTY;
        exchange.respond(status.httpStatus(), body.contentType(), body.bytes());
    }

    /** Holds a black-holed request's thread until the stand-in closes (or the limit passes, or it is interrupted). */
    private void holdUntilClosed() {
        try {
            closing.await(BLACK_HOLE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RecordedRequest record(String kind, HttpExchange http, byte[] body) {
        Map<String, List<String>> headers = new java.util.TreeMap<>();
        http.getRequestHeaders().forEach((key, values) -> headers.put(key.toLowerCase(Locale.ROOT), List.copyOf(values)));
        RecordedRequest request = new RecordedRequest(kind, http.getRequestMethod(), http.getRequestURI().getPath(),
                http.getRequestURI().getRawQuery(), headers, body, Instant.now());
        recorded.addLast(request);
        if (recordedCount.incrementAndGet() > MAX_RECORDED_REQUESTS) {
            recorded.pollFirst();
            recordedCount.decrementAndGet();
        }
        return request;
    }

    private static byte[] readBody(HttpExchange http) throws IOException {
        try (InputStream in = http.getRequestBody()) {
            byte[] raw = in.readAllBytes();
            boolean gzipped = "gzip".equalsIgnoreCase(http.getRequestHeaders().getFirst("Content-Encoding"))
                    || (raw.length > 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b);
            if (!gzipped) {
                return raw;
            }
            try (InputStream unzipped = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                return unzipped.readAllBytes();
            }
        }
    }

    private static void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
