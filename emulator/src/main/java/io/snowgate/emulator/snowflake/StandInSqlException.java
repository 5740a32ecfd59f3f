package io.snowgate.emulator.snowflake;

/**
 * The stand-in's answer to a statement that fails, worded as Snowflake reports it: a six-digit error code, an SQL
 * state and Snowflake's message. The query endpoint turns it into the {@code success:false} envelope with
 * {@code data.sqlState}. (Not the function's {@code io.snowgate.lambda.query.StatementFailedException}, which is
 * how the function reports such a failure to its callers.)
 */
final class StandInSqlException extends RuntimeException {

    private final String code;
    private final String sqlState;

    StandInSqlException(String code, String sqlState, String message) {
        super(message, null, false, false);
        this.code = code;
        this.sqlState = sqlState;
    }

    String code() {
        return code;
    }

    String sqlState() {
        return sqlState;
    }

    /** A database, schema, user or role that is not there, or not visible to the role: SQL state 02000. */
    static StandInSqlException doesNotExist(String object) {
        return new StandInSqlException("002003", "02000",
                "SQL compilation error:\nObject '" + object + "' does not exist or not authorized.");
    }

    /**
     * A table or view a statement names that is not there, or not visible to the role: SQL state 42S02, base table or
     * view not found (snowflake-jdbc's SnowflakeDriverIT#testSQLError42S02 selects from a missing table and expects
     * it; Snowflake's own pages quote "002003 (42S02): SQL compilation error: Object 'DB.SC.MYTABLE' does not exist
     * or not authorized", as do ACCOUNT_USAGE views read without the grant).
     */
    static StandInSqlException tableDoesNotExist(String object) {
        return new StandInSqlException("002003", "42S02",
                "SQL compilation error:\nObject '" + object + "' does not exist or not authorized.");
    }

    static StandInSqlException alreadyExists(String object) {
        return new StandInSqlException("002002", "42710",
                "SQL compilation error:\nObject '" + object + "' already exists.");
    }

    static StandInSqlException syntax(int position, String near) {
        return new StandInSqlException("001003", "42000",
                "SQL compilation error:\nsyntax error line 1 at position " + position + " unexpected '" + near + "'.");
    }

    static StandInSqlException invalidIdentifier(String name) {
        return new StandInSqlException("000904", "42000",
                "SQL compilation error: error line 1 at position 0\ninvalid identifier '" + name + "'");
    }

    static StandInSqlException insufficientPrivileges(String kind, String object) {
        return new StandInSqlException("003001", "42501",
                "SQL access control error:\nInsufficient privileges to operate on " + kind + " '" + object + "'");
    }

    static StandInSqlException roleNotAssigned(String role) {
        return new StandInSqlException("003013", "42501",
                "Requested role '" + role + "' is not assigned to the executing user. Specify another role to activate.");
    }

    static StandInSqlException invalidValue(String property, String reason) {
        return new StandInSqlException("002029", "22023",
                "SQL compilation error:\ninvalid value for property '" + property + "': " + reason);
    }

    /**
     * A name that is no parameter. The message is Snowflake's (snowflake-jdbc {@code MultiStatementLatestIT} matches
     * "invalid parameter '<NAME>'"); the code 001006 is the one a real account showed with it (a Snowsight capture,
     * not a Snowflake document), its SQL state the one Snowflake gives its other 0010xx "invalid ..." errors.
     */
    static StandInSqlException invalidParameter(String name) {
        return new StandInSqlException("001006", "22023", "SQL compilation error:\ninvalid parameter '" + name + "'");
    }

    static StandInSqlException unsupported(String what) {
        return new StandInSqlException("002040", "0A000",
                "SQL compilation error:\nUnsupported feature '" + what + "'.");
    }

    /**
     * What {@code USE} answers for an object that does not exist or the role may not use (e.g. "Unable to use warehouse
     * "COMPUTE_WH": 002043 (02000)" in Snowflake-Labs/sfquickstarts#555).
     */
    static StandInSqlException cannotUse() {
        return new StandInSqlException("002043", "02000",
                "SQL compilation error:\nObject does not exist, or operation cannot be performed.");
    }

    /**
     * A statement that needs compute in a session with no current warehouse (docs: user-guide/warehouses; the wording,
     * two spaces included, as drivers report it, e.g. Snowflake-Labs/OpenLineage-AccessHistory-Setup#14).
     */
    static StandInSqlException noActiveWarehouse() {
        return new StandInSqlException("000606", "57P03", "No active warehouse selected in the current session.  "
                + "Select an active warehouse with the 'use warehouse' command.");
    }

    static StandInSqlException noActiveDatabase() {
        return noActiveDatabase("operation");
    }

    /** Snowflake names the operation it could not perform, e.g. {@code Cannot perform SELECT.} */
    static StandInSqlException noActiveDatabase(String operation) {
        return new StandInSqlException("090105", "22000", "Cannot perform " + operation
                + ". This session does not have a current database. Call 'USE DATABASE', or use a qualified name.");
    }

    /** As {@link #noActiveDatabase(String)}, for a name that leaves out the schema in a session with none. */
    static StandInSqlException noActiveSchema(String operation) {
        return new StandInSqlException("090106", "22000", "Cannot perform " + operation
                + ". This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name.");
    }
}
