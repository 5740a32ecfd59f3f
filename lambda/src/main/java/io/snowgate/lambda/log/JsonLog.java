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
 */
public final class JsonLog {

    private final PrintStream out;
    private final ObjectMapper json;
    private final Clock clock;

    public JsonLog(PrintStream out, ObjectMapper json, Clock clock) {
        this.out = out;
        this.json = json;
        this.clock = clock;
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
