package io.snowgate.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.invocation.LocalContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code snowgate invoke}: runs a real handler in-process on an event, configured by the environment exactly as in
 * Lambda ({@code SNOWGATE_SECRET_ID}, {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, {@code SNOWGATE_SNOWFLAKE_URL},
 * ...) with the working tree's catalog, and prints what it returned: one JSON document on stdout, the function's log
 * and metric lines on stderr (as {@code sam local invoke} does), so {@code > result.json} and {@code | jq} work.
 */
@Command(
        name = "invoke",
        mixinStandardHelpOptions = true,
        description = {"Run a Snowgate handler in-process on an event and print its result as one JSON document.",
            "Stdout carries the result alone; the function's log and metric lines go to stderr."})
final class InvokeCommand implements Runnable {

    /** The function's own mapper: a default one reads decimals as doubles, and would print another number. */
    private static final ObjectMapper JSON = QueryFunction.jsonMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--handler", required = true, paramLabel = "NAME",
            description = "Which handler to run: ${COMPLETION-CANDIDATES}.", completionCandidates = HandlerNames.class)
    String handler;

    @Option(names = "--event", required = true, paramLabel = "FILE",
            description = "The event JSON, e.g. events/*.json or ./snowgate events generate ...; - reads stdin.")
    String event;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "The invocation's time limit, as the function's timeout would set it (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public void run() {
        if (!LocalHandlers.NAMES.contains(handler)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown handler '" + handler + "'; expected one of " + LocalHandlers.NAMES);
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 900) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be between 1 and 900");
        }
        SnowgateCommand root = SnowgateCommand.root(spec);
        byte[] input = readEvent(root);
        LocalCatalog catalog = SnowgateCommand.catalog(spec);
        PrintStream logs = CliStreams.lines(spec.commandLine().getErr());
        RequestStreamHandler instance = LocalHandlers.build(handler, catalog.functionEnvironment(root.environment),
                logs);
        try (CloseOnSignal closing = CloseOnSignal.of(instance, spec.commandLine().getErr(),
                () -> CloseOnSignal.SESSION_LOGGED_OUT)) {
            String result = invoke(instance, input, "snowgate-" + handler, Duration.ofSeconds(timeoutSeconds));
            PrintWriter out = spec.commandLine().getOut();
            out.println(readable(result));
            out.flush();
        } finally {
            LocalHandlers.close(instance);
        }
    }

    /**
     * The event's bytes; nothing but white space fails here, naming where it was looked for: a handler would only
     * say the event is not JSON, and an empty pipe usually means the command before it failed.
     */
    private byte[] readEvent(SnowgateCommand root) {
        byte[] bytes;
        if (event.equals("-")) {
            try {
                bytes = root.stdin.readAllBytes();
            } catch (IOException e) {
                throw new CommandFailedException("cannot read the event from stdin (" + e.getClass().getSimpleName()
                        + ")", e);
            }
        } else {
            bytes = CliFiles.read(java.nio.file.Path.of(event));
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw new CommandFailedException(event.equals("-")
                    ? "--event -: stdin held no event (did the command before the pipe fail?)"
                    : event + " holds no event (it is empty)");
        }
        return bytes;
    }

    /**
     * Runs one invocation as Lambda would and returns what the handler wrote.
     *
     * @throws CommandFailedException when the handler fails (its message is the one-line reason, never secret
     *                                material)
     */
    static String invoke(RequestStreamHandler handler, byte[] event, String functionName, Duration timeout) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream in = new ByteArrayInputStream(event)) {
            handler.handleRequest(in, output, new LocalContext(functionName, timeout, Clock.systemUTC()));
        } catch (IOException e) {
            throw new CommandFailedException("the handler could not write its result: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CommandFailedException("handler failed: " + CliFailureHandler.oneLine(e.getMessage()), e);
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    /**
     * An API Gateway response carries its JSON body as a string; shown parsed, so the result reads as one JSON
     * document. Anything else is printed as the handler wrote it.
     */
    static String readable(String result) {
        if (result.isBlank()) {
            // A handler that returns nothing (rotation) answers Lambda's null.
            return "null";
        }
        try {
            return text(answer(result));
        } catch (JsonProcessingException e) {
            return result;
        }
    }

    /** An answer as one line of JSON, its numbers as the function wrote them (plain, every place kept). */
    static String text(JsonNode answer) {
        try {
            return JSON.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the handler wrote, as {@link #readable} shows it: an API Gateway response with its body parsed when the
     * body is JSON.
     *
     * @throws JsonProcessingException when the handler wrote something that is not JSON
     */
    static JsonNode answer(String result) throws JsonProcessingException {
        JsonNode answer = JSON.readTree(result);
        if (answer instanceof ObjectNode response && response.has("statusCode")
                && response.path("body").isTextual()) {
            try {
                response.set("body", JSON.readTree(response.get("body").asText()));
            } catch (JsonProcessingException notJson) {
                // A body that is not JSON is shown as the string it is.
            }
        }
        return answer;
    }

    /** Lists the handler names for picocli's help and completion. */
    static final class HandlerNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return LocalHandlers.NAMES.iterator();
        }
    }
}
