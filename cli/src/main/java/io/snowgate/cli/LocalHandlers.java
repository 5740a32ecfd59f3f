package io.snowgate.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.snowgate.catalog.CatalogException;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.config.ConfigException;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.rotation.KeyRotation;
import io.snowgate.lambda.rotation.KeyRotationHandler;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The real handlers, built as Lambda builds them (configuration from an environment), for local commands: their JSON
 * log and metric lines go to {@code logs} (stderr), so stdout carries nothing but a command's result.
 */
final class LocalHandlers {

    /** The handler names {@code --handler} takes. */
    static final List<String> NAMES = List.of("http", "rotation", "scheduled");

    private LocalHandlers() {
    }

    /**
     * @throws CommandFailedException when the environment does not configure the handler (naming the variable)
     */
    static RequestStreamHandler build(String name, Map<String, String> environment, PrintStream logs) {
        try {
            return switch (name) {
                case "scheduled" -> new ScheduledQueryHandler(QueryFunction.fromEnvironment(environment, logs));
                case "http" -> new HttpQueryHandler(QueryFunction.fromEnvironment(environment, logs));
                case "rotation" -> new KeyRotationHandler(KeyRotation.fromEnvironment(environment, logs),
                        Clock.systemUTC());
                default -> throw new IllegalArgumentException("unknown handler " + name);
            };
        } catch (ConfigException | CatalogException e) {
            throw new CommandFailedException("cannot start the " + name + " handler: " + e.getMessage(), e);
        }
    }

    /** The HTTP handler, as {@link #build} makes it. */
    static HttpQueryHandler http(Map<String, String> environment, PrintStream logs) {
        return (HttpQueryHandler) build("http", environment, logs);
    }

    /** Closes a handler that holds a Snowflake session; Snowflake expires it anyway, so failing to is no failure. */
    static void close(Object handler) {
        if (handler instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing a local session at exit: Snowflake expires it anyway.
            }
        }
    }
}
