package io.snowgate.lambda.session;

import java.sql.SQLTimeoutException;

/**
 * The invocation's deadline came while the call was still signing in (logging in to Snowflake, and with a key pair
 * reading the secret first): no statement of the call was sent. Otherwise as the sessions' other deadline failure
 * (SQL state {@value JdbcSnowflakeSessions#NO_ANSWER_SQL_STATE}), so whatever reads only the class or the state is
 * unchanged.
 */
public final class SignInTimeoutException extends SQLTimeoutException {

    private final String step;

    /** @param step what the sign-in was waiting on: {@code "the Snowflake login"}, {@code "reading the secret ..."} */
    public SignInTimeoutException(String step) {
        super("signing in to Snowflake had not finished by the invocation's deadline: still " + step,
                JdbcSnowflakeSessions.NO_ANSWER_SQL_STATE);
        this.step = step;
    }

    /** What the sign-in was waiting on when the deadline came. */
    public String step() {
        return step;
    }
}
