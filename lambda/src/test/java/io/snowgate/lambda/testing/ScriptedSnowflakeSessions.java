package io.snowgate.lambda.testing;

import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.session.SnowflakeSessions;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An in-memory {@link SnowflakeSessions} for unit tests of what the query path makes of Snowflake's failures: each
 * call fails with the next scripted outcome, as the work's statement (an {@link SQLException} the driver would throw)
 * or the session itself (a login failure) would. It runs no work: where the boundary is the point, the end-to-end
 * tests use the real driver against the Snowflake stand-in.
 */
public final class ScriptedSnowflakeSessions implements SnowflakeSessions {

    private final Deque<Throwable> outcomes = new ArrayDeque<>();
    private int calls;
    private boolean closed;

    /** The next call fails as its statement would, with {@code error}. */
    public ScriptedSnowflakeSessions failStatement(SQLException error) {
        outcomes.add(error);
        return this;
    }

    /** The next call fails before any work, as the session does ({@code SnowflakeLoginException}, ...). */
    public ScriptedSnowflakeSessions failSession(RuntimeException error) {
        outcomes.add(error);
        return this;
    }

    /**
     * The next call fails with an {@link Error} from the work, as {@code JdbcSnowflakeSessions} passes one on from its
     * worker thread (an {@link OutOfMemoryError} reading rows, a {@link LinkageError} in the driver).
     */
    public ScriptedSnowflakeSessions failWork(Error error) {
        outcomes.add(error);
        return this;
    }

    @Override
    public <T> T withConnection(Deadline deadline, Work<T> work) throws SQLException {
        calls++;
        Throwable next = outcomes.poll();
        if (next == null) {
            throw new AssertionError("no outcome scripted for call " + calls);
        }
        if (next instanceof SQLException statement) {
            throw statement;
        }
        if (next instanceof Error error) {
            throw error;
        }
        throw (RuntimeException) next;
    }

    /** How many times work was asked to run. */
    public int calls() {
        return calls;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
