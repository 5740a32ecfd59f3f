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

    /** What becomes of the session once a call's work is done. */
    enum After {
        /** Kept for the next call: the work left it as sign-in set it up. */
        REUSE,
        /**
         * Ended, whether the work succeeded or not, and the next call signs in anew: the work may have changed the
         * session (its schema, parameters, an open transaction), which must not leak into the next invocation.
         */
        DISCARD
    }

    /**
     * Runs {@code work} on a live connection, connecting first if needed, all within the deadline. When the session
     * turns out to be gone, a new session is opened and the work runs once more: that may be after a statement of the
     * first run reached Snowflake (the driver waiting for its result), so work that must not do it twice checks first.
     *
     * @throws SnowflakeLoginException when signing in fails (with what an admin needs to compare with DESC USER)
     * @throws SQLException            when the work itself fails
     */
    <T> T withConnection(Deadline deadline, Work<T> work) throws SQLException;

    /**
     * As {@link #withConnection(Deadline, Work)}, then the session is kept or ended as {@code after} says.
     * Implementations that keep no session between calls need not override it.
     */
    default <T> T withConnection(Deadline deadline, After after, Work<T> work) throws SQLException {
        return withConnection(deadline, work);
    }

    /**
     * As {@link #withConnection(Deadline, After, Work)}, for work that submits one statement asynchronously and
     * returns its query id. A session {@code after} discards is logged out once that statement has ended, not at
     * once: logging out aborts a session's running statements.
     */
    default String startWithConnection(Deadline deadline, After after, Work<String> work) throws SQLException {
        return withConnection(deadline, after, work);
    }

    /** Closes the connection, if any; the next call opens a new one. */
    @Override
    void close();
}
