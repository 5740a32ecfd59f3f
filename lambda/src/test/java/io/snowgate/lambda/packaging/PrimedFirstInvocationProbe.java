package io.snowgate.lambda.packaging;

import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * The child JVM of {@link PrimedFirstInvocationIT}: the function built from the environment as Lambda builds it,
 * then either invoked cold ({@code cold}) or primed as the snapshot hook primes it and then invoked ({@code primed}).
 * Prints one line: {@code total=N first=N missing=N}, the classes loaded in all and by the first invocation.
 */
public final class PrimedFirstInvocationProbe {

    private PrimedFirstInvocationProbe() {
    }

    public static void main(String[] args) throws Exception {
        var classes = ManagementFactory.getClassLoadingMXBean();
        QueryFunction function = QueryFunction.fromEnvironment(System.getenv());
        ScheduledQueryHandler handler = new ScheduledQueryHandler(function);
        int missing = 0;
        if (args[0].equals("primed")) {
            // What beforeCheckpoint does, keeping priming's result.
            function.close();
            missing = function.prime().missing().size();
        }
        long before = classes.getTotalLoadedClassCount();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream("{\"query\":\"current_version\"}".getBytes(
                StandardCharsets.UTF_8)), answer, new LocalContext("probe", Duration.ofSeconds(60), Clock.systemUTC()));
        long total = classes.getTotalLoadedClassCount();
        if (!answer.toString(StandardCharsets.UTF_8).contains("\"rowCount\":1")) {
            throw new IllegalStateException("the invocation failed: " + answer);
        }
        System.out.println("probe: total=" + total + " first=" + (total - before) + " missing=" + missing);
    }
}
