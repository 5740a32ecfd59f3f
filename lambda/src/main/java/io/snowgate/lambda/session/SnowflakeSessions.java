package io.snowgate.lambda.session;

import io.snowgate.lambda.invocation.Deadline;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Snowflake sessions for one execution environment: one connection, reused across invocations while it is valid,
 * replaced when it is not. Implementations sign in with the secret's key (and pick up a rotated key on their own) or
 * with the function's AWS role.
 */
public interface SnowflakeSessions extends AutoCloseable {

    /** Work to do on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a live connection, connecting first if needed, all within the deadline. When the session
     * turns out to be gone before the work started anything, a new session is opened and the work runs once more.
     *
     * @throws SnowflakeLoginException when signing in fails (with what an admin needs to compare with DESC USER)
     * @throws SQLException            when the work itself fails
     */
    <T> T withConnection(Deadline deadline, Work<T> work) throws SQLException;

    /** Closes the connection, if any; the next call opens a new one. */
    @Override
    void close();
}
