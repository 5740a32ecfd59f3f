package io.snowgate.lambda.prime;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.lambda.invocation.LocalContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The training run of the on-demand package's AOT cache: run once at build time by the package's own JVM, on the
 * package's own class path, with {@code -XX:AOTCacheOutput} (JDK 25, JEP 514/515), so that the cache holds what a cold
 * start loads and links. It runs real invocations of the handlers, each built as Lambda builds it (public no-argument
 * constructor, configuration from the environment), on events from a file: one JSON object per line,
 * {@code {"handler": CLASS, "event": EVENT}}. Not the SnapStart priming: the cache preloads every class the training
 * loaded at each start, and priming loads what a cold start never does (it builds BouncyCastle's JCA provider to
 * encrypt a throwaway key, for one); measured on the JDK with the same package, a cache trained by priming alone
 * took 0.48 of the recipe's CPU where one trained by an invocation took 0.42.
 * At build time the environment points the function at the local stand-ins; this class ships in the package only
 * because the training class path must be the package's.
 *
 * <p>Prints {@value #SUMMARY} followed by how many invocations answered and how many failed, so the build can tell a
 * training that reached nothing (a cache without the query path) from one that did.
 */
public final class AotCacheTraining {

    public static final String SUMMARY = "aot-cache-training:";
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(30);

    private AotCacheTraining() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        int answered = 0;
        int failed = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode run = json.readTree(line);
            RequestStreamHandler handler = (RequestStreamHandler) Class.forName(run.path("handler").asText())
                    .getConstructor().newInstance();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(json.writeValueAsBytes(run.path("event"))), answer,
                        new LocalContext("aot-cache-training", INVOCATION_TIMEOUT, Clock.systemUTC()));
                if (answeredWell(json, answer.toByteArray())) {
                    answered++;
                } else {
                    failed++;
                }
            } catch (RuntimeException e) {
                // A failed scheduled run throws, as Lambda needs it to: a path worth training too, and counted.
                failed++;
            } finally {
                if (handler instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            }
        }
        System.out.println(SUMMARY + " answered=" + answered + " failed=" + failed);
    }

    /** A scheduled run's result, or an HTTP answer with a 2xx status. */
    private static boolean answeredWell(ObjectMapper json, byte[] answer) throws java.io.IOException {
        JsonNode node = json.readTree(answer);
        int status = node.path("statusCode").asInt(200);
        return status >= 200 && status < 300;
    }
}
