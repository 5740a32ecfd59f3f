package io.snowgate.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * Closes a handler when the JVM is stopped by a signal (Ctrl-C, {@code kill}) while a local command runs it: its
 * Snowflake session is logged out, which aborts the statement it is running (see
 * {@link io.snowgate.lambda.session.JdbcSnowflakeSessions#close()}), instead of the warehouse running on, for nobody,
 * until the statement's timeout. {@code try (CloseOnSignal closing = CloseOnSignal.of(handler, err, "...")) {...}}:
 * leaving the block normally removes the hook, and the command closes the handler itself.
 */
final class CloseOnSignal implements AutoCloseable {

    /** What a signal does to a handler running a statement to completion. */
    static final String SESSION_LOGGED_OUT = "logging the Snowflake session out, which aborts a statement it runs";

    private final Thread hook;

    private CloseOnSignal(Thread hook) {
        this.hook = hook;
    }

    /**
     * @param interrupted what to tell the user on stderr when the signal comes, e.g. what goes on regardless
     */
    static CloseOnSignal of(Object handler, PrintWriter err, Supplier<String> interrupted) {
        Thread hook = new Thread(() -> {
            synchronized (err) {
                err.println("snowgate: interrupted: " + interrupted.get());
                err.flush();
            }
            LocalHandlers.close(handler);
        }, "snowgate-close-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        return new CloseOnSignal(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The signal came: the hook is running and closes the handler.
        }
    }
}
