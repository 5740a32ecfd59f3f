package io.snowgate.lambda.prime;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.lambda.http.ApiGatewayEventFixtures;
import io.snowgate.lambda.http.ApiGatewayEventFixtures.Payload;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The real run {@link PrimedClassesRecorder} records classes from, in a JVM of its own: the handlers built as Lambda
 * builds them (configuration from the environment) and invoked as callers invoke them on the shipped catalog. A
 * scheduled run; synchronous HTTP queries in both payload versions; an asynchronous run and its poll; the failures
 * that need no network (an unknown query, a parameter out of range).
 */
public final class RecordingRun {

    private RecordingRun() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        RequestStreamHandler scheduled = new ScheduledQueryHandler();
        invoke(scheduled, "{\"query\":\"current_version\"}");
        invoke(scheduled, "{\"query\":\"warehouse_credits_by_day\",\"params\":{\"days\":0}}");
        invoke(scheduled, "{\"query\":\"no_such_query\"}");

        RequestStreamHandler http = new HttpQueryHandler();
        for (Payload payload : Payload.values()) {
            invoke(http, ApiGatewayEventFixtures.event(payload, "POST", "/queries/current_version", Map.of(), "{}",
                    ApiGatewayEventFixtures.CALLER));
            String started = invoke(http, ApiGatewayEventFixtures.event(payload, "POST", "/queries/current_version",
                    Map.of("async", "true"), "{}", ApiGatewayEventFixtures.CALLER));
            String body = json.readTree(started).path("body").asText();
            String queryId = json.readTree(body).path("queryId").asText();
            invoke(http, ApiGatewayEventFixtures.event(payload, "GET", "/queries/current_version/runs/" + queryId,
                    Map.of(), null, ApiGatewayEventFixtures.CALLER));
            invoke(http, ApiGatewayEventFixtures.event(payload, "POST", "/queries/no_such_query", Map.of(), "{}",
                    ApiGatewayEventFixtures.CALLER));
        }
    }

    private static String invoke(RequestStreamHandler handler, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    new LocalContext("record", Duration.ofSeconds(30), Clock.systemUTC()));
        } catch (RuntimeException expected) {
            // A failed scheduled run throws, as Lambda needs it to: that path is recorded too.
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
