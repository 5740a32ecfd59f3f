package io.snowgate.lambda.rotation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.lambda.invocation.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The Secrets Manager rotation function: reads {@code {"SecretId", "ClientRequestToken", "Step"}} and runs that
 * step of {@link KeyRotation}. A failed step throws, which is how Secrets Manager learns the rotation failed
 * (AWSCURRENT then stays where it was).
 */
public final class KeyRotationHandler implements RequestStreamHandler {

    private final KeyRotation rotation;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;

    /** What Lambda calls: settings from the environment, built once per execution environment. */
    public KeyRotationHandler() {
        this(System.getenv());
    }

    /** The handler as Lambda builds it, from {@code environment} instead of the process's own. */
    public KeyRotationHandler(Map<String, String> environment) {
        this(KeyRotation.fromEnvironment(environment), Clock.systemUTC());
    }

    public KeyRotationHandler(KeyRotation rotation, Clock clock) {
        this.rotation = rotation;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event;
        try {
            event = json.readTree(input);
        } catch (IOException e) {
            throw new RotationException("event", "is not valid JSON");
        }
        RotationRequest request = new RotationRequest(required(event, "SecretId"),
                required(event, "ClientRequestToken"), RotationStep.fromWire(required(event, "Step")));
        rotation.run(request, Deadline.in(Duration.ofMillis(context.getRemainingTimeInMillis()), clock));
    }

    private static String required(JsonNode event, String field) {
        JsonNode value = event == null ? null : event.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new RotationException(field, "is missing from the rotation event");
        }
        return value.textValue();
    }
}
