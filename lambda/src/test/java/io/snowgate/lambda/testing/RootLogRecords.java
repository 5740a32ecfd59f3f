package io.snowgate.lambda.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every java.util.logging record published to the root logger while installed (the driver logs there, and the AWS
 * SDK through SLF4J), for tests that search everything that was logged. {@link #close} takes it off again.
 */
public final class RootLogRecords extends Handler implements AutoCloseable {

    private final List<LogRecord> records = new ArrayList<>();

    private RootLogRecords() {
    }

    /** A handler added to the root logger, keeping what it receives from now on. */
    public static RootLogRecords install() {
        RootLogRecords handler = new RootLogRecords();
        Logger.getLogger("").addHandler(handler);
        return handler;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    /** The records received so far. */
    public synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The records received so far, each as {@link SimpleFormatter} writes it (message, thrown and stack trace). */
    public synchronized String formatted() {
        SimpleFormatter formatter = new SimpleFormatter();
        StringBuilder text = new StringBuilder();
        records.forEach(record -> text.append(formatter.format(record)));
        return text.toString();
    }

    @Override
    public void flush() {
    }

    /** Takes the handler off the root logger. */
    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
