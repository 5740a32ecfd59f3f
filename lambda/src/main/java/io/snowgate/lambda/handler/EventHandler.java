package io.snowgate.lambda.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.snowgate.lambda.query.QueryFailure;
import java.time.Duration;
import java.util.Optional;

/** What one kind of handler does inside {@link InvocationRunner}'s skeleton: turn its event into an answer. */
public interface EventHandler {

    /** No limit beside Lambda's own remaining time. */
    Duration NO_LIMIT = Duration.ofDays(1);

    /** The handler's name: the {@code Handler} metric dimension. */
    String name();

    /** What its events are called in messages: {@code "scheduled event"}, {@code "API Gateway event"}. */
    String eventKind();

    /** How long the invocation may take at most before it must answer, beside Lambda's remaining time. */
    default Duration answerWithin() {
        return NO_LIMIT;
    }

    /**
     * The answer to an event.
     *
     * @throws RuntimeException one of the typed failures {@link #classify} knows; it becomes {@link #answerFailure}
     */
    JsonNode answer(Invocation invocation, JsonNode event);

    /** What went wrong, in callers' terms. */
    default QueryFailure classify(RuntimeException error) {
        return QueryFailure.of(error);
    }

    /**
     * The answer to a failure, or a throw when the failure must reach Lambda as an error (so that its retries and
     * on-failure destination see it).
     */
    JsonNode answerFailure(Invocation invocation, QueryFailure failure, RuntimeException error);

    /** The event name and level of the invocation's one log line. */
    LogLine logLine(Invocation invocation, Optional<QueryFailure> failure);

    /** A log line's event name, and whether it is logged as an error. */
    record LogLine(String event, boolean error) {
    }
}
