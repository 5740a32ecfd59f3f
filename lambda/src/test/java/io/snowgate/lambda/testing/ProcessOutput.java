package io.snowgate.lambda.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What anything prints to the process's stdout and stderr while this is open (Lambda sends both to the function's
 * log), still passed on to the real streams. {@link #close()} puts the real streams back.
 */
public final class ProcessOutput implements AutoCloseable {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;

    private ProcessOutput() {
        System.setOut(new PrintStream(tee(originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(originalErr), true, StandardCharsets.UTF_8));
    }

    /** Starts capturing stdout and stderr. */
    public static ProcessOutput capture() {
        return new ProcessOutput();
    }

    /** Everything printed to stdout and stderr so far. */
    public String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private OutputStream tee(PrintStream original) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (bytes) {
                    bytes.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] data, int offset, int length) {
                synchronized (bytes) {
                    bytes.write(data, offset, length);
                }
                original.write(data, offset, length);
            }
        };
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }
}
