package io.snowgate.lambda.session;

import java.sql.SQLTimeoutException;

/**
 * The invocation's deadline came while the call was still signing in (logging in to Snowflake, and with a key pair
 * reading the secret first): no statement of the call was sent. Otherwise as the sessions' other deadline failure
 * (SQL state {@value JdbcSnowflakeSessions#NO_ANSWER_SQL_STATE}), so whatever reads only the class or the state is
 * unchanged.
 */
public final class SignInTimeoutException extends SQLTimeoutException {

    public SignInTimeoutException() {
        super("signing in to Snowflake (the login, and with a key pair the secret's read) had not finished by the"
                + " invocation's deadline", JdbcSnowflakeSessions.NO_ANSWER_SQL_STATE);
    }
}
