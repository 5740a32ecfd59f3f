package io.snowgate.emulator.snowflake;

import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs DDL one statement at a time across sessions: H2 2.4 can deadlock when sessions create tables concurrently
 * (each holds a monitor the other's meta lock waits behind), which Snowflake never does.
 */
final class DdlLock {

    /** A JDBC call that may fail. */
    @FunctionalInterface
    interface H2Call {
        boolean run() throws SQLException;
    }

    private final ReentrantLock lock = new ReentrantLock();

    boolean run(H2Call call) throws SQLException {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("SQL execution canceled", "57014", 57014);
        }
        try {
            return call.run();
        } finally {
            lock.unlock();
        }
    }
}
