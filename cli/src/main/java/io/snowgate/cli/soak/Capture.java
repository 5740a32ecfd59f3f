package io.snowgate.cli.soak;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything one writer (an execution environment's log, the rotation function's log) wrote since the last
 * {@link #drain()}: written from any thread, drained by the soak after each invocation so that what an invocation
 * wrote can be told apart and searched.
 */
final class Capture extends OutputStream {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream printStream = new PrintStream(this, true, StandardCharsets.UTF_8);

    /** A print stream writing here, for the function's JSON log and metric lines. */
    PrintStream printStream() {
        return printStream;
    }

    @Override
    public synchronized void write(int b) {
        buffer.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        buffer.write(bytes, offset, length);
    }

    /** What was written since the last drain, and forgets it. */
    synchronized String drain() {
        String text = buffer.toString(StandardCharsets.UTF_8);
        buffer.reset();
        return text;
    }
}
