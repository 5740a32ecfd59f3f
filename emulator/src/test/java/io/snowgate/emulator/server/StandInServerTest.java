package io.snowgate.emulator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.junit5.StandInExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StandInServerTest {

    /** The smallest stand-in: the path is the kind; errors are {@code {"error": code}} with status 418. */
    static final class EchoStandIn extends StandInServer {
        /** Requests the echo actually served (not those a fault stopped first). */
        final java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();

        EchoStandIn() {
            super("echo", 0);
        }

        @Override
        protected StatusBody statusBody(int httpStatus) {
            return new StatusBody("text/plain", ("busy " + httpStatus).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public synchronized EchoStandIn start() {
            super.start();
            return this;
        }

        @Override
        protected String kindOf(Exchange exchange) {
            return exchange.path().substring(1);
        }

        @Override
        protected void handle(Exchange exchange) throws IOException {
            served.incrementAndGet();
            exchange.respondJson(200, Map.of("echo", exchange.bodyText()));
        }

        @Override
        protected void respondWithError(Exchange exchange, Fault.Error error) throws IOException {
            exchange.respondJson(418, Map.of("error", error.code()));
        }
    }

    @RegisterExtension
    final StandInExtension<EchoStandIn> echo = StandInExtension.of(EchoStandIn.class, () -> new EchoStandIn().start());

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(echo.get().endpoint().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bindsLoopbackOnAFreePort() {
        assertThat(echo.get().endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(echo.get().port()).isPositive();
    }

    @Test
    void countsAndRecordsRequestsByKind() throws Exception {
        post("/ping", "a");
        post("/ping", "b");
        post("/pong", "c");

        assertThat(echo.get().counters().count("ping")).isEqualTo(2);
        assertThat(echo.get().counters().snapshot()).containsEntry("pong", 1L);
        assertThat(echo.get().requests("ping")).extracting(RecordedRequest::bodyText).containsExactly("a", "b");
    }

    @Test
    void plannedErrorsAreServedInOrderThenNormalServiceResumes() throws Exception {
        post("/_snowgate/faults", "{\"kind\":\"ping\",\"times\":2,\"error\":{\"code\":\"Busy\"}}");

        HttpResponse<String> first = post("/ping", "");
        HttpResponse<String> second = post("/ping", "");
        assertThat(first.statusCode()).isEqualTo(418);
        assertThat(second.statusCode()).isEqualTo(418);
        assertThat(first.body()).isEqualTo(second.body()).isEqualTo("{\"error\":\"Busy\"}");
        assertThat(post("/pong", "").statusCode()).isEqualTo(200);
        assertThat(post("/ping", "x").body()).isEqualTo("{\"echo\":\"x\"}");
        assertThat(echo.get().counters().count("ping")).isEqualTo(3);
    }

    @Test
    void plannedStatusAnswersWithThatStatus() throws Exception {
        echo.get().faults().failNext(Faults.ANY, 1, new Fault.Status(503));

        assertThat(post("/anything", "").statusCode()).isEqualTo(503);
        assertThat(post("/anything", "").statusCode()).isEqualTo(200);
    }

    @Test
    void droppedConnectionGetsNoResponse() {
        echo.get().faults().failNext("ping", 1, new Fault.Drop());

        assertThatThrownBy(() -> post("/ping", "")).isInstanceOf(IOException.class);
    }

    @Test
    void lostResponse_servesTheRequest_butTheClientGetsNoAnswer() {
        echo.get().faults().failNext("ping", 1, new Fault.LostResponse());

        assertThatThrownBy(() -> post("/ping", "x")).isInstanceOf(IOException.class);
        assertThat(echo.get().served.get()).isEqualTo(1);
    }

    @Test
    void statusAfterHandling_servesTheRequest_thenAnswersTheStatusWithTheServicesBody() throws Exception {
        echo.get().faults().failNext("ping", 1, new Fault.Status(503, true, true));

        HttpResponse<String> answer = post("/ping", "x");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("busy 503");
        assertThat(echo.get().served.get()).isEqualTo(1);
    }

    @Test
    void statusBeforeHandling_withTheServicesBody_servesNothing() throws Exception {
        post("/_snowgate/faults", "{\"kind\":\"ping\",\"status\":429,\"realBody\":true}");

        HttpResponse<String> answer = post("/ping", "x");

        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.body()).isEqualTo("busy 429");
        assertThat(echo.get().served.get()).isZero();
    }

    @Test
    void blackHole_neverAnswers_andClosingReleasesItsThreadAndConnection() throws Exception {
        post("/_snowgate/faults", "{\"kind\":\"ping\",\"times\":2,\"blackHole\":true}");

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(echo.get().endpoint().resolve("/ping"))
                .timeout(Duration.ofMillis(500)).POST(HttpRequest.BodyPublishers.ofString("")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.net.http.HttpTimeoutException.class);
        var waiting = client.sendAsync(HttpRequest.newBuilder(echo.get().endpoint().resolve("/ping"))
                .POST(HttpRequest.BodyPublishers.ofString("")).build(), HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (echo.get().requests("ping").size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(liveThreads("echo-http-")).isPositive();

        echo.get().close();

        assertThatThrownBy(() -> waiting.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(IOException.class);
        assertThat(liveThreads("echo-http-")).isZero();
        assertThat(echo.get().served.get()).isZero();
    }

    private static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    @Test
    void faultPolicy_aimsAFaultAtTheRequestsItChooses_andSeesEveryRequest() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        echo.get().faultPolicy(request -> {
            seen.add(request.kind() + ":" + request.bodyText());
            return request.bodyText().equals("client-b") ? java.util.Optional.of(new Fault.Error("Throttled", null))
                    : java.util.Optional.empty();
        });

        assertThat(post("/ping", "client-a").statusCode()).isEqualTo(200);
        HttpResponse<String> aimed = post("/ping", "client-b");
        assertThat(aimed.statusCode()).isEqualTo(418);
        assertThat(aimed.body()).isEqualTo("{\"error\":\"Throttled\"}");
        assertThat(post("/pong", "client-a").statusCode()).isEqualTo(200);

        assertThat(seen).containsExactly("ping:client-a", "ping:client-b", "pong:client-a");
        assertThat(echo.get().served.get()).isEqualTo(2);
    }

    @Test
    void faultPolicy_goesFirst_thenPlannedFaultsApply_andResetRemovesIt() throws Exception {
        echo.get().faults().failNext("ping", 1, new Fault.Status(503));
        echo.get().faultPolicy(request -> request.bodyText().equals("aimed")
                ? java.util.Optional.of(new Fault.Status(429)) : java.util.Optional.empty());

        assertThat(post("/ping", "aimed").statusCode()).as("the policy's fault; the planned one waits").isEqualTo(429);
        assertThat(post("/ping", "other").statusCode()).as("the planned fault").isEqualTo(503);
        echo.get().reset();
        assertThat(post("/ping", "aimed").statusCode()).isEqualTo(200);
    }

    @Test
    void latencyDelaysEveryRequestOfItsKind() throws Exception {
        post("/_snowgate/faults", "{\"kind\":\"slow\",\"latencyMs\":300}");

        long start = System.nanoTime();
        post("/slow", "");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void adminCountersCanBeReadAndReset() throws Exception {
        post("/ping", "");
        HttpResponse<String> counters = client.send(HttpRequest.newBuilder(
                echo.get().endpoint().resolve("/_snowgate/counters")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(counters.body()).isEqualTo("{\"ping\":1}");

        client.send(HttpRequest.newBuilder(echo.get().endpoint().resolve("/_snowgate/counters")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(echo.get().counters().count("ping")).isZero();
    }

    @Test
    void badFaultRequestIsRefusedWithA400() throws Exception {
        assertThat(post("/_snowgate/faults", "{\"kind\":\"ping\"}").statusCode()).isEqualTo(400);
        assertThat(post("/_snowgate/faults", "not json").statusCode()).isEqualTo(400);
    }

    @Test
    void closeStopsServing() throws Exception {
        URI endpoint = echo.get().endpoint();
        echo.get().close();

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(endpoint.resolve("/ping"))
                .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }
}
