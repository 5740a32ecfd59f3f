package io.snowgate.lambda.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.metrics.InvocationMetrics;
import io.snowgate.lambda.metrics.Metrics;
import io.snowgate.lambda.query.InvalidRequestException;
import io.snowgate.lambda.query.QueryFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The skeleton every query handler runs in, so each handler only maps its event to a call and the result back:
 * the deadline (Lambda's remaining time, capped by what the caller waits), the invocation's metrics (begun, and
 * emitted whatever happens), the event read as JSON, a failure classified and counted, the answer written, and one
 * log line.
 */
public final class InvocationRunner {

    /** Enough frames to find a throw site through the driver's or the SDK's layers, few enough for one log line. */
    private static final int MAX_FRAMES = 20;
    private static final int MAX_CAUSES = 10;

    private final ObjectMapper json;
    private final JsonLog log;
    private final Metrics metrics;
    private final Clock clock;

    public InvocationRunner(ObjectMapper json, JsonLog log, Metrics metrics, Clock clock) {
        this.json = json;
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The JSON mapper answers are built and written with. */
    public ObjectMapper json() {
        return json;
    }

    /**
     * Runs one invocation of {@code handler}.
     *
     * @throws RuntimeException what {@link EventHandler#answerFailure} throws, after the log line and metrics
     * @throws Error           what the handler's work threw, after the log line and metrics, which say it failed
     */
    public void run(EventHandler handler, InputStream input, OutputStream output, Context context)
            throws IOException {
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis());
        Duration limit = handler.answerWithin();
        Deadline deadline = Deadline.in(remaining.compareTo(limit) < 0 ? remaining : limit, clock);
        InvocationMetrics invocationMetrics = metrics.begin(handler.name(),
                Optional.ofNullable(context.getFunctionName()).orElse(handler.name()));
        Invocation invocation = new Invocation(context.getAwsRequestId(), deadline, invocationMetrics);
        Optional<QueryFailure> failure = Optional.empty();
        try (JsonLog.RequestScope scope = log.forRequest(context.getAwsRequestId())) {
            JsonNode answer;
            try {
                answer = handler.answer(invocation, event(input, handler.eventKind()));
            } catch (RuntimeException e) {
                failure = Optional.of(failed(invocation, handler.classify(e), e));
                // A statement Snowflake ran and failed is found in QUERY_HISTORY by its id, not by the request's.
                QueryFailure.queryId(e).ifPresent(queryId -> invocation.log("queryId", queryId));
                answer = handler.answerFailure(invocation, failure.get(), e);
            } catch (Error e) {
                // No answer to give (out of memory, a class the driver could not load): Lambda gets the error as it
                // is, and the log line and metrics must not call the invocation a success.
                failure = Optional.of(failed(invocation, QueryFailure.of(e), e));
                throw e;
            }
            json.writeValue(output, answer);
        } finally {
            EventHandler.LogLine line = handler.logLine(invocation, failure);
            if (line.error()) {
                log.error(line.event(), invocation.logFields());
            } else {
                log.info(line.event(), invocation.logFields());
            }
            invocationMetrics.emit();
        }
    }

    /**
     * Counts and logs {@code failure} as the invocation's; returns it. A failure nothing classified (a bug, a driver
     * failure no branch knows) has only its type for a message, so the line also says where it was thrown.
     */
    private static QueryFailure failed(Invocation invocation, QueryFailure failure, Throwable error) {
        invocation.metrics().error(failure.code());
        invocation.failed(failure);
        if (failure.code().equals(QueryFailure.INTERNAL)) {
            List<Throwable> causes = causes(error);
            invocation.log("errorType", causes.stream().map(cause -> cause.getClass().getName())
                    .collect(Collectors.joining(" caused by "))).log("stackTrace", frames(causes.getLast()));
        }
        return failure;
    }

    /**
     * {@code error} and its causes, outermost first: their types may be logged, their messages never (they may quote a
     * value or a secret).
     */
    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>(List.of(error));
        // Bounded: a cause chain can loop.
        for (int depth = 0; depth < MAX_CAUSES && chain.getLast().getCause() != null; depth++) {
            chain.add(chain.getLast().getCause());
        }
        return chain;
    }

    /** Where {@code error} was thrown: its first frames, each a class, a method, a file and a line. */
    private static List<String> frames(Throwable error) {
        // Not StackTraceElement.toString(), which prefixes class loader and module names that differ by runtime.
        return Arrays.stream(error.getStackTrace()).limit(MAX_FRAMES).map(frame -> frame.getClassName() + "."
                + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")").toList();
    }

    private JsonNode event(InputStream input, String kind) {
        try {
            return json.readTree(input);
        } catch (IOException e) {
            // Jackson's message quotes the input, which is the caller's: never pass it on.
            throw new InvalidRequestException("invalid " + kind + ": not valid JSON");
        }
    }
}
