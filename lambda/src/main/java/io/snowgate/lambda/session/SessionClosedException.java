package io.snowgate.lambda.session;

import java.sql.SQLException;

/**
 * The sessions were closed while a call was under way on them (a local command stopped by Ctrl-C): its session was
 * logged out under it, which ends the statement it ran. SQL state {@value #SQL_STATE}, the connection does not exist,
 * so whatever reads only the state sees a connection failure.
 */
public final class SessionClosedException extends SQLException {

    public static final String SQL_STATE = "08003";

    public SessionClosedException() {
        super("the Snowflake session was closed while the call was under way", SQL_STATE);
    }
}
