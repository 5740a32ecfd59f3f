package io.snowgate.emulator.snowflake;

/**
 * A statement failed the way Snowflake reports it: a six-digit error code, an SQL state and Snowflake's message
 * wording. The query endpoint turns it into the {@code success:false} envelope with {@code data.sqlState}.
 */
final class StatementFailedException extends RuntimeException {

    private final String code;
    private final String sqlState;

    StatementFailedException(String code, String sqlState, String message) {
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

    static StatementFailedException doesNotExist(String object) {
        return new StatementFailedException("002003", "02000",
                "SQL compilation error:\nObject '" + object + "' does not exist or not authorized.");
    }

    static StatementFailedException alreadyExists(String object) {
        return new StatementFailedException("002002", "42710",
                "SQL compilation error:\nObject '" + object + "' already exists.");
    }

    static StatementFailedException syntax(int position, String near) {
        return new StatementFailedException("001003", "42000",
                "SQL compilation error:\nsyntax error line 1 at position " + position + " unexpected '" + near + "'.");
    }

    static StatementFailedException invalidIdentifier(String name) {
        return new StatementFailedException("000904", "42000",
                "SQL compilation error: error line 1 at position 0\ninvalid identifier '" + name + "'");
    }

    static StatementFailedException insufficientPrivileges(String kind, String object) {
        return new StatementFailedException("003001", "42501",
                "SQL access control error:\nInsufficient privileges to operate on " + kind + " '" + object + "'");
    }

    static StatementFailedException roleNotAssigned(String role) {
        return new StatementFailedException("003013", "42501",
                "Requested role '" + role + "' is not assigned to the executing user. Specify another role to activate.");
    }

    static StatementFailedException invalidValue(String property, String reason) {
        return new StatementFailedException("002029", "22023",
                "SQL compilation error:\ninvalid value for property '" + property + "': " + reason);
    }

    static StatementFailedException unsupported(String what) {
        return new StatementFailedException("002040", "0A000",
                "SQL compilation error:\nUnsupported feature '" + what + "'.");
    }

    static StatementFailedException noActiveDatabase() {
        return new StatementFailedException("090105", "22000",
                "Cannot perform operation. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.");
    }
}
