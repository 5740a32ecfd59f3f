package io.snowgate.cli;

import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * One execution environment of the scheduled function, for {@code snowgate demo --keyless}: a JVM whose environment
 * holds exactly what Lambda and the CDK app give the function (the role's temporary credentials in
 * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}, {@code SNOWGATE_*}), builds
 * the handler from it once and invokes it with each argument as an event, in turn: the first cold, the rest warm.
 * Prints the function's own log lines as it writes them, and one {@code result: } or {@code failed: } line per event.
 */
final class DemoExecutionEnvironment {

    static final String RESULT = "result: ";
    static final String FAILED = "failed: ";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private DemoExecutionEnvironment() {
    }

    public static void main(String[] events) throws IOException {
        Main.quietLibraryLogging();
        try (ScheduledQueryHandler handler = new ScheduledQueryHandler(System.getenv())) {
            for (String event : events) {
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                try {
                    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), answer,
                            new LocalContext("snowgate-demo-keyless", TIMEOUT, Clock.systemUTC()));
                    System.out.println(RESULT + answer.toString(StandardCharsets.UTF_8));
                } catch (RuntimeException e) {
                    // As Lambda reports a failed invocation: the error's one-line message.
                    System.out.println(FAILED + e.getMessage());
                }
                System.out.flush();
            }
        }
    }
}
