package io.snowgate.lambda.prime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The handler of the on-demand package's AOT cache training (JDK 25, JEP 514/515): run once at build time by the
 * package's own JVM on the package's own class path, started as Lambda starts the package (AWS's runtime interface
 * client polling a Runtime API, here the local stand-in's), so that the cache holds what a cold start loads and links
 * from the JVM's first class on, the runtime interface client's included. Each event names one of Snowgate's handlers
 * and the event to give it, {@code {"handler": CLASS, "event": EVENT}}; the handler is built for that event alone as
 * Lambda builds it (public no-argument constructor, configuration from the environment), runs it for real (at build
 * time the environment points it at the local stand-ins), answers what it answers and is closed. Every invocation is
 * therefore a cold one, construction included.
 *
 * <p>Not the SnapStart priming: the cache preloads every class the training loaded at each start, and priming loads
 * what a cold start never does (it builds BouncyCastle's JCA provider to encrypt a throwaway key, for one); measured on
 * the JDK with the same package, a cache trained by priming alone took 0.48 of the recipe's CPU where one trained by an
 * invocation took 0.42. This class ships in the package only because the training class path must be the package's.
 */
public final class AotCacheTraining implements RequestStreamHandler {

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode run = json.readTree(input);
        RequestStreamHandler handler = build(run.path("handler").asText());
        try {
            handler.handleRequest(new ByteArrayInputStream(json.writeValueAsBytes(run.path("event"))), output,
                    context);
        } finally {
            if (handler instanceof AutoCloseable closeable) {
                close(closeable);
            }
        }
    }

    private static RequestStreamHandler build(String className) {
        try {
            return (RequestStreamHandler) Class.forName(className).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("not a stream handler with a public no-argument constructor: "
                    + className, e);
        }
    }

    private static void close(AutoCloseable handler) {
        try {
            handler.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + handler.getClass().getName() + " failed", e);
        }
    }
}
