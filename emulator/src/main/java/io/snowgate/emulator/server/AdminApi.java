package io.snowgate.emulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API every stand-in serves under {@code /_snowgate/}, so a test in another process (or a person with
 * curl) can plan faults and read counters:
 * <ul>
 *   <li>{@code POST /_snowgate/faults} {@code {"kind":"GetSecretValue","times":2,"error":{"code":"ThrottlingException","message":"Rate exceeded"}}},
 *       or {@code "status":503} (add {@code "realBody":true} for the service's own body, {@code "afterHandling":true}
 *       to serve the request first), or {@code "drop":true}, {@code "lostResponse":true} (served, answer lost),
 *       {@code "blackHole":true} (never answered), or {@code {"kind":"*","latencyMs":250}}</li>
 *       ; {@code times} defaults to 1: a fault fires once, on the next request of its kind</li>
 *   <li>{@code GET /_snowgate/faults} lists the faults still planned (in the POST form, with the times left) and the
 *       latencies in force; {@code DELETE /_snowgate/faults} clears them</li>
 *   <li>{@code GET /_snowgate/counters} gives {@code {"kind":count,...}}; {@code DELETE} resets them</li>
 *   <li>{@code POST /_snowgate/<command>} for commands a stand-in adds itself, {@code GET} for the lists it adds</li>
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
                    if (method.equals("GET")) {
                        exchange.respondJson(200, describeFaults());
                        return;
                    } else if (method.equals("DELETE")) {
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
                    if (method.equals("GET")) {
                        if (!standIn.handleAdminList(command, exchange)) {
                            exchange.respondJson(404, Map.of("error", "unknown admin list: " + command));
                        }
                        return;
                    }
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

    private Map<String, Object> describeFaults() {
        List<Map<String, Object>> planned = new ArrayList<>();
        for (Faults.Planned fault : standIn.faults().planned()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("kind", fault.kind());
            fields.put("times", fault.times());
            switch (fault.fault()) {
                case Fault.Error error -> fields.put("error", Map.of("code", error.code(), "message", error.message()));
                case Fault.Status status -> {
                    fields.put("status", status.httpStatus());
                    fields.put("realBody", status.realBody());
                    fields.put("afterHandling", status.afterHandling());
                }
                case Fault.Drop drop -> fields.put("drop", true);
                case Fault.LostResponse lost -> fields.put("lostResponse", true);
                case Fault.BlackHole hole -> fields.put("blackHole", true);
            }
            planned.add(fields);
        }
        Map<String, Long> latencies = new LinkedHashMap<>();
        standIn.faults().latencies().forEach((kind, delay) -> latencies.put(kind, delay.toMillis()));
        return Map.of("planned", planned, "latencyMs", latencies);
    }

    private static void notAllowed(Exchange exchange) throws IOException {
        exchange.respondJson(405, Map.of("error", "method not allowed"));
    }
}
