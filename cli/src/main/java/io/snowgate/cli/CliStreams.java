package io.snowgate.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Adapts picocli's writers to the {@link PrintStream}s the function writes its log lines to. */
final class CliStreams {

    private CliStreams() {
    }

    /** A stream that writes each complete UTF-8 line to {@code writer} and flushes it. */
    static PrintStream lines(PrintWriter writer) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b != '\n') {
                    line.write(b);
                    return;
                }
                writer.println(line.toString(StandardCharsets.UTF_8));
                writer.flush();
                line.reset();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
