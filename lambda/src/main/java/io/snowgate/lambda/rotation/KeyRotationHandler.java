package io.snowgate.lambda.rotation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SecretsManagerRotationEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.snowgate.lambda.invocation.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The Secrets Manager rotation function: reads the rotation event ({@code {"Step", "SecretId",
 * "ClientRequestToken", "RotationToken"}}) into aws-lambda-java-events' {@link SecretsManagerRotationEvent} and runs
 * that step of {@link KeyRotation}. A failed step throws ({@link RotationStepFailedException}), which is how Secrets
 * Manager learns the rotation failed (AWSCURRENT then stays where it was, unless a finishSecret moved it and then
 * failed to revoke the previous key).
 */
public final class KeyRotationHandler implements RequestStreamHandler {

    /**
     * The event's keys are PascalCase ({@code SecretId}) while the type's properties are camelCase ({@code secretId}):
     * one reader, configured for that once. Fields Secrets Manager may add later are ignored.
     */
    private static final ObjectReader EVENTS = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .readerFor(SecretsManagerRotationEvent.class);

    private final KeyRotation rotation;
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

    /**
     * Runs the event's step.
     *
     * @throws RotationStepFailedException when the event is not a rotation event or the step fails, with the
     *                                     failure's message only
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try {
            run(input, context);
        } catch (RuntimeException e) {
            throw new RotationStepFailedException(e);
        }
    }

    private void run(InputStream input, Context context) {
        SecretsManagerRotationEvent event;
        try {
            event = EVENTS.readValue(input);
        } catch (IOException e) {
            // Jackson's message may quote the input: name the problem only.
            throw new RotationException("event", "is not a rotation event (not JSON, or fields of the wrong type)");
        }
        if (event == null) {
            throw new RotationException("event", "is empty");
        }
        RotationRequest request = new RotationRequest(required(event.getSecretId(), "SecretId"),
                required(event.getClientRequestToken(), "ClientRequestToken"),
                RotationStep.fromWire(required(event.getStep(), "Step")));
        rotation.run(request, Deadline.in(Duration.ofMillis(context.getRemainingTimeInMillis()), clock));
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new RotationException(field, "is missing from the rotation event");
        }
        return value;
    }
}
