package io.snowgate.lambda.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One structured JSON line per event worth knowing, on stdout where Lambda sends it to CloudWatch Logs.
 * Callers pass only values that are safe to log (names, ids, counts, durations, error codes); nothing here
 * accepts a secret, a key, a passphrase, a token or a parameter value. A field whose value is null is left out.
 * A line written while a thread serves an invocation ({@link #forRequest}) carries its {@code requestId}, so that one
 * search by the id a caller was given finds every line of that invocation, not only its last.
 */
public final class JsonLog {

    private final PrintStream out;
    private final ObjectMapper json;
    private final Clock clock;
    /** The invocation each thread writes for; none outside one (start-up, a session closed in the background). */
    private final ThreadLocal<String> requestId = new ThreadLocal<>();

    public JsonLog(PrintStream out, ObjectMapper json, Clock clock) {
        this.out = out;
        this.json = json;
        this.clock = clock;
    }

    /** What {@link #forRequest} returns: closing it ends the tagging on that thread. */
    public interface RequestScope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Tags every line this thread writes with {@code id} until the scope is closed; a null id tags nothing. Work
     * handed to another thread for the invocation is tagged there with {@link #requestId()} taken here.
     */
    public RequestScope forRequest(String id) {
        String previous = requestId.get();
        requestId.set(id);
        return () -> {
            if (previous == null) {
                requestId.remove();
            } else {
                requestId.set(previous);
            }
        };
    }

    /** The invocation this thread writes for, or null. */
    public String requestId() {
        return requestId.get();
    }

    public void info(String event, Map<String, ?> fields) {
        write("INFO", event, fields);
    }

    public void warn(String event, Map<String, ?> fields) {
        write("WARN", event, fields);
    }

    public void error(String event, Map<String, ?> fields) {
        write("ERROR", event, fields);
    }

    private void write(String level, String event, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", clock.instant().toString());
        line.put("level", level);
        line.put("event", event);
        String current = requestId.get();
        if (current != null) {
            line.put("requestId", current);
        }
        fields.forEach((key, value) -> {
            if (value != null) {
                line.put(key, value);
            }
        });
        String text;
        try {
            text = json.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            // A value Jackson cannot write (a caller's mistake): the line still says so, and quotes nothing of it.
            text = "{\"level\":\"ERROR\",\"event\":\"log_serialisation_failed\"}";
        }
        // One println per event: Lambda turns each stdout line into one log record.
        out.println(text);
    }
}
