package io.snowgate.infra.function;

/** The handler entry points in the {@code lambda} module's deployment package: the one place they are named. */
public final class FunctionHandlers {

    /** Runs a catalog query for an EventBridge Scheduler event {@code {"query": ..., "params": {...}}}. */
    public static final String SCHEDULED = "io.snowgate.lambda.schedule.ScheduledQueryHandler::handleRequest";
    /** Serves the HTTP API (API Gateway HTTP API payload format 2.0). */
    public static final String HTTP = "io.snowgate.lambda.http.HttpQueryHandler::handleRequest";

    /** Rotates the key pair in the connection secret (Secrets Manager rotation protocol). */
    public static final String ROTATION = "io.snowgate.lambda.rotation.KeyRotationHandler::handleRequest";

    private FunctionHandlers() {
    }
}
