package io.snowgate.cli.coldstart;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process of the cold-start benchmark: Snowgate's scheduled handler run as Lambda's Java runtime runs it, on
 * a class path of exactly the deployment package's {@code lib/*.jar} plus this class. Two modes:
 * <ul>
 *   <li>{@code on-demand}: the handler built with its public no-arg constructor (configuration from the environment,
 *       as in Lambda), one invocation, the result line;</li>
 *   <li>{@code snapstart}: the function built, its snapshot hook run ({@code beforeCheckpoint}, as Lambda runs it
 *       before taking the snapshot), then the first invocation after the "restore" measured (time and classes loaded),
 *       then warm invocations, then as many fresh sign-ins: what the first invocation does, in the now warm JVM.</li>
 * </ul>
 * Arguments: the mode, the event JSON, and for {@code snapstart} the number of warm invocations. Class loading in
 * {@code snapstart} is counted with the JDK's class-loading MXBean, loaded before the measured invocation.
 */
public final class FunctionProcess {

    static final String ON_DEMAND = "on-demand";
    static final String SNAPSTART = "snapstart";
    /** Printed just before and after the measured first invocation, to find its classes in a class-load log. */
    public static final String FIRST_INVOCATION_START = "snowgate-cold-start: first invocation starts";
    public static final String FIRST_INVOCATION_END = "snowgate-cold-start: first invocation ended";
    /**
     * Printed before the fresh sign-ins: invocations after the warm ones, each after {@code close()} (the session
     * closed, the secret forgotten), so each reads the secret, logs in and runs its statement in a warm JVM.
     */
    public static final String FRESH_SIGN_INS_START = "snowgate-cold-start: fresh sign-ins in the warm JVM start";

    /** The time each invocation is given, as a function's timeout gives it in Lambda. */
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(30);

    private FunctionProcess() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        byte[] event = args[1].getBytes(StandardCharsets.UTF_8);
        if (mode.equals(ON_DEMAND)) {
            long start = System.nanoTime();
            RequestStreamHandler handler = (RequestStreamHandler) Class.forName(
                    "io.snowgate.lambda.schedule.ScheduledQueryHandler").getConstructor().newInstance();
            long built = System.nanoTime();
            System.out.println(FIRST_INVOCATION_START);
            invoke(handler, event);
            long answered = System.nanoTime();
            System.out.println(FIRST_INVOCATION_END);
            ProcessFigures.report("side=snowgate ok=true constructMs=" + millis(built - start)
                    + " firstInvocationMs=" + millis(answered - built));
            return;
        }
        if (!mode.equals(SNAPSTART)) {
            throw new IllegalArgumentException("mode must be " + ON_DEMAND + " or " + SNAPSTART + ", not " + mode);
        }
        int warm = Integer.parseInt(args[2]);
        QueryFunction function = QueryFunction.fromEnvironment(System.getenv());
        ScheduledQueryHandler handler = new ScheduledQueryHandler(function);
        long primeStart = System.nanoTime();
        function.beforeCheckpoint(null);
        long primed = System.nanoTime();
        var classLoading = ManagementFactory.getClassLoadingMXBean();
        long classesBefore = classLoading.getTotalLoadedClassCount();
        System.out.println(FIRST_INVOCATION_START);
        long start = System.nanoTime();
        invoke(handler, event);
        long first = System.nanoTime() - start;
        System.out.println(FIRST_INVOCATION_END);
        long classesLoaded = classLoading.getTotalLoadedClassCount() - classesBefore;
        double warmMedian = ProcessFigures.median(timeInvocations(warm, handler, event, () -> { }));
        // The floor of any first invocation: the same work (secret read, login, statement) in this JVM, now warm.
        System.out.println(FRESH_SIGN_INS_START);
        double freshMedian = ProcessFigures.median(timeInvocations(warm, handler, event, function::close));
        ProcessFigures.report("side=snowgate-snapstart ok=true primeMs=" + millis(primed - primeStart)
                + " firstInvocationMs=" + millis(first) + " firstInvocationClasses=" + classesLoaded
                + " warmMedianMs=" + millis(warmMedian) + " freshSignInMedianMs=" + millis(freshMedian)
                + " classesBeforeFirst=" + classesBefore);
    }

    /** Each invocation's time in nanoseconds, {@code before} run ahead of each and not timed. */
    private static List<Double> timeInvocations(int count, RequestStreamHandler handler, byte[] event,
            Runnable before) throws Exception {
        List<Double> nanos = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            before.run();
            long start = System.nanoTime();
            invoke(handler, event);
            nanos.add((double) (System.nanoTime() - start));
        }
        return nanos;
    }

    private static void invoke(RequestStreamHandler handler, byte[] event) throws Exception {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), answer,
                new LocalContext("snowgate-bench", INVOCATION_TIMEOUT, Clock.systemUTC()));
        if (answer.size() == 0) {
            throw new IllegalStateException("the handler gave no answer");
        }
    }

    private static String millis(double nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1_000_000.0);
    }
}
