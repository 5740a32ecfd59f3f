package io.snowgate.lambda.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.lambda.testing.ProcessOutput;
import io.snowgate.lambda.testing.RootLogRecords;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Everything a bad input makes the function write: its JSON log and metric stream (the {@link PrintStream} given to
 * {@code QueryFunction.create}), what java.util.logging receives (the driver and, through SLF4J, the AWS SDK), what
 * anything prints to the process's stdout and stderr (which Lambda sends to the log too) while it is open, and
 * whatever the test adds (the handler's answer, a thrown exception with its stack trace). {@link #assertNoCanary}
 * searches all of it.
 */
final class Captured implements AutoCloseable {

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream logs = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    private final StringBuilder other = new StringBuilder();
    private final RootLogRecords julRecords = RootLogRecords.install();
    private final ProcessOutput process = ProcessOutput.capture();

    /** The stream the function writes its log lines and metrics to. */
    PrintStream logs() {
        return logs;
    }

    /** The function's log lines and metrics, as written. */
    String logText() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    Captured add(String text) {
        other.append(text).append('\n');
        return this;
    }

    /** A thrown exception as a log would show it: message, causes and stack trace. */
    Captured add(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return add(trace.toString());
    }

    String everything() {
        return logText() + other + julRecords.formatted() + process.text();
    }

    void assertNoCanary(List<String> canaries) {
        assertThat(canaries).as("every bad input carries a canary").isNotEmpty();
        String everything = everything();
        for (String canary : canaries) {
            assertThat(everything).as("output holds the canary %s", canary).doesNotContain(canary);
        }
    }

    @Override
    public void close() {
        process.close();
        julRecords.close();
    }
}
