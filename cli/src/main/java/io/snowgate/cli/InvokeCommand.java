package io.snowgate.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.rotation.KeyRotationHandler;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code snowgate invoke}: runs a real handler in-process on an event file, configured by the environment exactly as
 * in Lambda ({@code SNOWGATE_SECRET_ID}, {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, {@code SNOWGATE_SNOWFLAKE_URL},
 * ...), and prints what it returned. Point it at {@code snowgate local up} to try a change without AWS.
 */
@Command(
        name = "invoke",
        mixinStandardHelpOptions = true,
        description = "Run a Snowgate handler in-process on an event file and print its result as JSON.")
final class InvokeCommand implements Runnable {

    /** The handlers by the name {@code --handler} takes; each is built as Lambda builds it, from the environment. */
    static final Map<String, Supplier<RequestStreamHandler>> HANDLERS = new TreeMap<>(Map.of(
            "scheduled", ScheduledQueryHandler::new,
            "http", HttpQueryHandler::new,
            "rotation", KeyRotationHandler::new));

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--handler", required = true, paramLabel = "NAME",
            description = "Which handler to run: ${COMPLETION-CANDIDATES}.", completionCandidates = HandlerNames.class)
    String handler;

    @Option(names = "--event", required = true, paramLabel = "FILE", description = "The event JSON, e.g. events/*.json.")
    Path event;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "The invocation's time limit, as the function's timeout would set it (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public void run() {
        Supplier<RequestStreamHandler> factory = HANDLERS.get(handler);
        if (factory == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown handler '" + handler + "'; expected one of " + HANDLERS.keySet());
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 900) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be between 1 and 900");
        }
        byte[] input = CliFiles.read(event);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        RequestStreamHandler instance = factory.get();
        try (InputStream in = new java.io.ByteArrayInputStream(input)) {
            instance.handleRequest(in, output,
                    new LocalContext("snowgate-" + handler, Duration.ofSeconds(timeoutSeconds), Clock.systemUTC()));
        } catch (IOException e) {
            throw new CommandFailedException("the handler could not write its result: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The handler failed as it would in Lambda: its message is the one-line reason (never secret material).
            throw new CommandFailedException("handler failed: " + e.getMessage(), e);
        } finally {
            if (instance instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(readable(output.toString(StandardCharsets.UTF_8)));
        out.flush();
    }

    /**
     * An API Gateway response carries its JSON body as a string; shown parsed, so the result reads as one JSON
     * document. Anything else is printed as the handler wrote it.
     */
    static String readable(String result) {
        ObjectMapper json = new ObjectMapper();
        try {
            JsonNode answer = json.readTree(result);
            if (answer instanceof ObjectNode response && response.has("statusCode")
                    && response.path("body").isTextual()) {
                try {
                    response.set("body", json.readTree(response.get("body").asText()));
                } catch (JsonProcessingException notJson) {
                    // A body that is not JSON is shown as the string it is.
                }
            }
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            return result;
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing a local session at exit: Snowflake expires it anyway.
        }
    }

    /** Lists the handler names for picocli's help and completion. */
    static final class HandlerNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return HANDLERS.keySet().iterator();
        }
    }
}
