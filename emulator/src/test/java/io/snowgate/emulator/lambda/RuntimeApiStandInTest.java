package io.snowgate.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.lambda.RuntimeApiStandIn.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Runtime API as a custom runtime sees it, driven here by a plain HTTP client (the runtime interface client
 * itself drives it in {@code OnDemandPackageIT}).
 */
class RuntimeApiStandInTest {

    private static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:f:live";
    private final RuntimeApiStandIn api = new RuntimeApiStandIn(ARN, 0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        api.close();
        http.close();
    }

    @Test
    void next_waitsForAnEvent_andCarriesTheHeadersARuntimeNeeds() throws Exception {
        api.start();
        CompletableFuture<HttpResponse<String>> next = http.sendAsync(get("invocation/next"),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertThat(next).as("no event yet").isNotDone();

        long before = System.currentTimeMillis();
        CompletableFuture<Outcome> outcome = api.invoke("{\"query\":\"q\"}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(30));
        HttpResponse<String> event = next.get(10, TimeUnit.SECONDS);

        assertThat(event.statusCode()).isEqualTo(200);
        assertThat(event.body()).isEqualTo("{\"query\":\"q\"}");
        String requestId = event.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
        assertThat(Long.parseLong(event.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow()))
                .isBetween(before + 29_000, before + 31_000 + 10_000);
        assertThat(event.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn")).hasValue(ARN);
        assertThat(event.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow()).startsWith("Root=1-");

        HttpResponse<String> posted = http.send(post("invocation/" + requestId + "/response", "{\"ok\":true}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(202);
        Outcome answered = outcome.get(5, TimeUnit.SECONDS);
        assertThat(answered.succeeded()).isTrue();
        assertThat(answered.payloadText()).isEqualTo("{\"ok\":true}");

        HttpResponse<String> again = http.send(post("invocation/" + requestId + "/response", "{}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as("a second answer to one invocation").isEqualTo(400);
        assertThat(errorType(again)).isEqualTo("InvalidRequestID");
    }

    @Test
    void anErrorPost_failsTheInvocation_withItsErrorType() throws Exception {
        api.start();
        CompletableFuture<Outcome> outcome = api.invoke("{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        String requestId = nextRequestId();

        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(uri("invocation/" + requestId + "/error"))
                .header("Lambda-Runtime-Function-Error-Type", "Runtime.Unknown")
                .POST(HttpRequest.BodyPublishers.ofString("{\"errorMessage\":\"boom\",\"errorType\":\"X\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(202);
        Outcome failed = outcome.get(5, TimeUnit.SECONDS);
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.errorType()).hasValue("Runtime.Unknown");
        assertThat(failed.payloadText()).contains("boom");
    }

    @Test
    void aResponseOverSixMegabytes_isRefusedWith413_andFailsTheInvocation() throws Exception {
        api.start();
        CompletableFuture<Outcome> outcome = api.invoke("{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        String requestId = nextRequestId();

        HttpResponse<String> posted = http.send(post("invocation/" + requestId + "/response",
                "x".repeat(RuntimeApiStandIn.MAX_RESPONSE_BYTES + 1)), HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(413);
        assertThat(outcome.get(5, TimeUnit.SECONDS).errorType()).hasValue("Function.ResponseSizeTooLarge");
    }

    @Test
    void anInitError_failsPendingAndLaterInvocations() throws Exception {
        api.start();
        CompletableFuture<Outcome> queued = api.invoke("{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));

        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(uri("init/error"))
                .header("Lambda-Runtime-Function-Error-Type", "Runtime.ClassNotFound")
                .POST(HttpRequest.BodyPublishers.ofString("{\"errorMessage\":\"no handler\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(queued.get(5, TimeUnit.SECONDS).errorType()).hasValue("Runtime.ClassNotFound");
        Outcome later = api.invoke("{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5))
                .get(5, TimeUnit.SECONDS);
        assertThat(later.succeeded()).isFalse();
        assertThat(later.errorType()).hasValue("Runtime.ClassNotFound");
        assertThat(later.payloadText()).isEqualTo("{\"errorMessage\":\"no handler\"}");
    }

    @Test
    void anUnknownRoute_is404() throws Exception {
        api.start();
        HttpResponse<String> response = http.send(get("invocation/previous"), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(errorType(response)).isEqualTo("UnknownOperation");
    }

    /** The {@code errorType} field of an error answer's JSON body. */
    private static String errorType(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body()).path("errorType").asText();
    }

    /** What a runtime does first: takes the next event, and keeps its request id to answer it. */
    private String nextRequestId() throws Exception {
        return http.send(get("invocation/next"), HttpResponse.BodyHandlers.ofString()).headers()
                .firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
    }

    private URI uri(String path) {
        return URI.create("http://" + api.address() + RuntimeApiStandIn.PREFIX + path);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET().build();
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
