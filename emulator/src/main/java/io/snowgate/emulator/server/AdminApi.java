package io.snowgate.emulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * The admin API every stand-in serves under {@code /_snowgate/}, so a test in another process (or a person with
 * curl) can plan faults and read counters:
 * <ul>
 *   <li>{@code POST /_snowgate/faults} {@code {"kind":"GetSecretValue","times":2,"error":{"code":"ThrottlingException","message":"Rate exceeded"}}},
 *       or {@code "status":503} (add {@code "realBody":true} for the service's own body, {@code "afterHandling":true}
 *       to serve the request first), or {@code "drop":true}, {@code "lostResponse":true} (served, answer lost),
 *       {@code "blackHole":true} (never answered), or {@code {"kind":"*","latencyMs":250}}</li>
 *   <li>{@code DELETE /_snowgate/faults} clears them</li>
 *   <li>{@code GET /_snowgate/counters} gives {@code {"kind":count,...}}; {@code DELETE} resets them</li>
 *   <li>{@code POST /_snowgate/<command>} for commands a stand-in adds itself</li>
 * </ul>
 */
final class AdminApi {

    static final String PREFIX = "/_snowgate/";

    private final StandInServer standIn;

    AdminApi(StandInServer standIn) {
        this.standIn = standIn;
    }

    void serve(Exchange exchange) throws IOException {
        String command = exchange.path().substring(PREFIX.length());
        String method = exchange.method();
        try {
            switch (command) {
                case "faults" -> {
                    if (method.equals("DELETE")) {
                        standIn.faults().clear();
                    } else if (method.equals("POST")) {
                        plan(Exchange.JSON.readTree(exchange.body()));
                    } else {
                        notAllowed(exchange);
                        return;
                    }
                    exchange.respondJson(200, Map.of("ok", true));
                }
                case "counters" -> {
                    if (method.equals("DELETE")) {
                        standIn.counters().reset();
                    }
                    exchange.respondJson(200, standIn.counters().snapshot());
                }
                default -> {
                    JsonNode body = exchange.body().length == 0
                            ? Exchange.JSON.createObjectNode()
                            : Exchange.JSON.readTree(exchange.body());
                    if (!method.equals("POST") || !standIn.handleAdmin(command, body, exchange)) {
                        exchange.respondJson(404, Map.of("error", "unknown admin command: " + command));
                    }
                }
            }
        } catch (IllegalArgumentException | IOException e) {
            exchange.respondJson(400, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private void plan(JsonNode request) {
        String kind = request.path("kind").asText(Faults.ANY);
        if (request.has("latencyMs")) {
            standIn.faults().delay(kind, Duration.ofMillis(request.get("latencyMs").asLong()));
            return;
        }
        int times = request.path("times").asInt(1);
        Fault fault;
        if (request.hasNonNull("error")) {
            JsonNode error = request.get("error");
            if (!error.hasNonNull("code")) {
                throw new IllegalArgumentException("error.code is required");
            }
            fault = new Fault.Error(error.get("code").asText(), error.path("message").asText(null));
        } else if (request.hasNonNull("status")) {
            fault = new Fault.Status(request.get("status").asInt(), request.path("realBody").asBoolean(false),
                    request.path("afterHandling").asBoolean(false));
        } else if (request.path("drop").asBoolean(false)) {
            fault = new Fault.Drop();
        } else if (request.path("lostResponse").asBoolean(false)) {
            fault = new Fault.LostResponse();
        } else if (request.path("blackHole").asBoolean(false)) {
            fault = new Fault.BlackHole();
        } else {
            throw new IllegalArgumentException(
                    "a fault needs one of error, status, drop, lostResponse, blackHole or latencyMs");
        }
        standIn.faults().failNext(kind, times, fault);
    }

    private static void notAllowed(Exchange exchange) throws IOException {
        exchange.respondJson(405, Map.of("error", "method not allowed"));
    }
}
