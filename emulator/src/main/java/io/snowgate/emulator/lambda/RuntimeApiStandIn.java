package io.snowgate.emulator.lambda;

import io.snowgate.emulator.server.Exchange;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.server.StandInServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API of one execution environment (version {@code 2018-06-01}), which a custom runtime's
 * {@code bootstrap} polls for events: so that the unmodified AWS Lambda Java runtime interface client runs a
 * function's package here exactly as it does in Lambda. What AWS documents ("Using the Lambda runtime API for custom
 * runtimes") and the client relies on:
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next} blocks until an event arrives ({@link #invoke}), then answers
 *       it with {@code Lambda-Runtime-Aws-Request-Id}, {@code Lambda-Runtime-Deadline-Ms} (epoch milliseconds),
 *       {@code Lambda-Runtime-Invoked-Function-Arn} and {@code Lambda-Runtime-Trace-Id};</li>
 *   <li>{@code POST .../invocation/{id}/response} and {@code .../invocation/{id}/error} answer {@code 202}; an id
 *       that is not the pending invocation's is refused with {@code 400 InvalidRequestID}, a second answer to one
 *       invocation too; a response over {@value #MAX_RESPONSE_BYTES} bytes (a synchronous invocation's 6 MB limit)
 *       with {@code 413}, and the invocation fails as Lambda fails it;</li>
 *   <li>{@code POST /2018-06-01/runtime/init/error} answers {@code 202} and fails every pending and later invocation
 *       with the reported error, as Lambda does when a runtime's initialisation fails.</li>
 * </ul>
 * Request kinds for faults and counters: {@value #NEXT}, {@value #RESPONSE}, {@value #ERROR}, {@value #INIT_ERROR}.
 */
public final class RuntimeApiStandIn extends StandInServer {

    public static final String NEXT = "next";
    public static final String RESPONSE = "response";
    public static final String ERROR = "error";
    public static final String INIT_ERROR = "init-error";
    /** "Invocation payload (request and response): 6 MB each for request and response (synchronous)" (quotas). */
    public static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
    static final String PREFIX = "/2018-06-01/runtime/";
    /** How long {@code next} holds its request before looking again whether the stand-in is closing. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final String functionArn;
    private final Clock clock;
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> pending = new ConcurrentHashMap<>();
    private volatile Optional<Outcome> initError = Optional.empty();
    private volatile boolean closed;

    /** @param functionArn the ARN each event is said to have invoked (a version or alias ARN, as Lambda sends). */
    public RuntimeApiStandIn(String functionArn, int port) {
        this(functionArn, port, Clock.systemUTC());
    }

    RuntimeApiStandIn(String functionArn, int port, Clock clock) {
        super("lambda-runtime-api", port);
        this.functionArn = functionArn;
        this.clock = clock;
    }

    /** The value a runtime's {@code AWS_LAMBDA_RUNTIME_API} holds: {@code 127.0.0.1:PORT}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /**
     * Queues {@code event} for the runtime's next {@code next} and returns its outcome once the runtime answers, fails
     * or reports an initialisation error. {@code timeout} sets the deadline the runtime is told.
     */
    public CompletableFuture<Outcome> invoke(byte[] event, Duration timeout) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event.clone(),
                clock.millis() + timeout.toMillis(), new CompletableFuture<>());
        initError.ifPresentOrElse(invocation.outcome()::complete, () -> queued.add(invocation));
        return invocation.outcome();
    }

    @Override
    public synchronized void close() {
        closed = true;
        super.close();
    }

    @Override
    protected String kindOf(Exchange exchange) {
        String path = exchange.path();
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        String rest = path.substring(PREFIX.length());
        if (exchange.method().equals("GET") && rest.equals("invocation/next")) {
            return NEXT;
        }
        if (!exchange.method().equals("POST")) {
            return null;
        }
        if (rest.equals("init/error")) {
            return INIT_ERROR;
        }
        if (rest.startsWith("invocation/") && rest.endsWith("/response")) {
            return RESPONSE;
        }
        if (rest.startsWith("invocation/") && rest.endsWith("/error")) {
            return ERROR;
        }
        return null;
    }

    @Override
    protected void handle(Exchange exchange) throws IOException {
        String kind = kindOf(exchange);
        if (kind == null) {
            respond(exchange, 404, "UnknownOperation", "no such Runtime API route: " + exchange.method() + " "
                    + exchange.path());
            return;
        }
        switch (kind) {
            case NEXT -> next(exchange);
            case INIT_ERROR -> {
                Outcome failure = Outcome.failed(exchange.header("Lambda-Runtime-Function-Error-Type"),
                        exchange.body());
                initError = Optional.of(failure);
                for (Invocation invocation; (invocation = queued.poll()) != null; ) {
                    invocation.outcome().complete(failure);
                }
                pending.values().forEach(invocation -> invocation.outcome().complete(failure));
                pending.clear();
                exchange.respondJson(202, Map.of("status", "OK"));
            }
            default -> answer(exchange, kind);
        }
    }

    private void next(Exchange exchange) throws IOException {
        Invocation invocation = null;
        try {
            while (invocation == null && !closed) {
                invocation = queued.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            respond(exchange, 500, "ServiceException", "the execution environment is shutting down");
            return;
        }
        pending.put(invocation.requestId(), invocation);
        exchange.respond(200, "application/json", invocation.event(), Map.of(
                "Lambda-Runtime-Aws-Request-Id", invocation.requestId(),
                "Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMillis()),
                "Lambda-Runtime-Invoked-Function-Arn", functionArn,
                "Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(clock.millis() / 1000) + "-"
                        + invocation.requestId().replace("-", "").substring(0, 24) + ";Sampled=0"));
    }

    private void answer(Exchange exchange, String kind) throws IOException {
        String rest = exchange.path().substring(PREFIX.length() + "invocation/".length());
        String requestId = rest.substring(0, rest.lastIndexOf('/'));
        Invocation invocation = pending.remove(requestId);
        if (invocation == null) {
            respond(exchange, 400, "InvalidRequestID", "no pending invocation has request id " + requestId);
            return;
        }
        if (kind.equals(RESPONSE) && exchange.body().length > MAX_RESPONSE_BYTES) {
            invocation.outcome().complete(Outcome.failed("Function.ResponseSizeTooLarge",
                    ("{\"errorMessage\":\"Response payload size exceeded maximum allowed payload size ("
                            + MAX_RESPONSE_BYTES + " bytes).\",\"errorType\":\"Function.ResponseSizeTooLarge\"}")
                            .getBytes(StandardCharsets.UTF_8)));
            respond(exchange, 413, "RequestEntityTooLarge", "response payload over " + MAX_RESPONSE_BYTES
                    + " bytes");
            return;
        }
        invocation.outcome().complete(kind.equals(RESPONSE) ? Outcome.answered(exchange.body())
                : Outcome.failed(exchange.header("Lambda-Runtime-Function-Error-Type"), exchange.body()));
        exchange.respondJson(202, Map.of("status", "OK"));
    }

    @Override
    protected void respondWithError(Exchange exchange, Fault.Error error) throws IOException {
        respond(exchange, 500, error.code(), error.message());
    }

    private static void respond(Exchange exchange, int status, String type, String message) throws IOException {
        exchange.respondJson(status, Map.of("errorType", type, "errorMessage", message));
    }

    private record Invocation(String requestId, byte[] event, long deadlineEpochMillis,
            CompletableFuture<Outcome> outcome) {
    }

    /**
     * How an invocation ended: {@code payload} is the function's answer, or the error document the runtime posted,
     * with {@code errorType} from its {@code Lambda-Runtime-Function-Error-Type} header (empty when it answered).
     */
    public record Outcome(boolean succeeded, Optional<String> errorType, byte[] payload) {
        public Outcome {
            payload = payload.clone();
        }

        static Outcome answered(byte[] payload) {
            return new Outcome(true, Optional.empty(), payload);
        }

        static Outcome failed(String errorType, byte[] document) {
            return new Outcome(false, Optional.ofNullable(errorType), document);
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        public String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }
}
