package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.server.Exchange;
import java.io.IOException;

/** Routes the Snowflake v1 protocol's paths to {@link SessionEndpoints} and {@link QueryEndpoints}. */
final class Endpoints {

    private final SessionEndpoints session;
    private final QueryEndpoints query;

    Endpoints(SessionEndpoints session, QueryEndpoints query) {
        this.session = session;
        this.query = query;
    }

    /** The request kind used for counters and faults, or null for a route this stand-in does not serve. */
    static String kindOf(Exchange exchange) {
        String path = exchange.path();
        return switch (path) {
            case "/session/v1/login-request" -> SnowflakeStandIn.LOGIN;
            case "/queries/v1/query-request" -> SnowflakeStandIn.QUERY;
            case "/session" -> SnowflakeStandIn.CLOSE;
            case "/session/heartbeat" -> SnowflakeStandIn.HEARTBEAT;
            case "/session/token-request" -> SnowflakeStandIn.TOKEN;
            case "/telemetry/send" -> SnowflakeStandIn.TELEMETRY;
            case "/queries/v1/abort-request" -> SnowflakeStandIn.ABORT;
            default -> QueryEndpoints.RESULT_PATH.matcher(path).matches() ? SnowflakeStandIn.RESULT
                    : QueryEndpoints.MONITORING_PATH.matcher(path).matches() ? SnowflakeStandIn.MONITORING
                    : QueryEndpoints.CHUNK_PATH.matcher(path).matches() ? SnowflakeStandIn.CHUNK : null;
        };
    }

    void serve(Exchange exchange) throws IOException {
        String kind = kindOf(exchange);
        switch (kind == null ? "" : kind) {
            case SnowflakeStandIn.LOGIN -> session.login(exchange);
            case SnowflakeStandIn.CLOSE -> session.close(exchange);
            case SnowflakeStandIn.HEARTBEAT -> session.heartbeat(exchange);
            case SnowflakeStandIn.TOKEN -> session.renew(exchange);
            case SnowflakeStandIn.TELEMETRY -> session.telemetry(exchange);
            case SnowflakeStandIn.QUERY -> query.query(exchange);
            case SnowflakeStandIn.RESULT -> query.result(exchange);
            case SnowflakeStandIn.ABORT -> query.abort(exchange);
            case SnowflakeStandIn.MONITORING -> query.monitoring(exchange);
            case SnowflakeStandIn.CHUNK -> query.chunk(exchange);
            default -> exchange.respondJson(404, Wire.failure("390404", "Unknown endpoint " + exchange.path(), null));
        }
    }
}
