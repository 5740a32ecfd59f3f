package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.snowflake.SqlLexer.Token;
import io.snowgate.emulator.snowflake.Wire.QueryResult;
import java.util.List;
import java.util.function.Consumer;

/**
 * Warehouses: {@code CREATE [OR REPLACE] WAREHOUSE [IF NOT EXISTS]}, {@code DROP WAREHOUSE [IF EXISTS]}, and which
 * statements need the session's current warehouse to run. A warehouse is a name only: nothing suspends, resizes or
 * queues, and its properties are accepted and ignored.
 *
 * <p>What needs one (docs: user-guide/warehouses, "a warehouse must be running and in use for the session" to execute
 * SELECT statements that retrieve rows from tables and views, and DML, loading and unloading included): INSERT,
 * UPDATE, DELETE, MERGE, COPY, CREATE TABLE ... AS SELECT, and a SELECT that names a table or view (Information Schema
 * and ACCOUNT_USAGE views included). What does not: everything Snowflake's cloud services answer alone, such as USE,
 * ALTER SESSION, SHOW, DESC, DDL without data, and a SELECT of constants and functions with no table
 * ({@code SELECT CURRENT_VERSION()}). Snowflake also answers some table queries without a warehouse (a repeated query
 * from its result cache, {@code COUNT(*)}/{@code MIN}/{@code MAX} from table metadata); the stand-in does not, so it
 * is stricter there.
 */
final class WarehouseCommands {

    private final Directory directory;
    private final Consumer<SnowflakeSession> contextChanged;

    /** @param contextChanged told when a statement changed the session's current warehouse */
    WarehouseCommands(Directory directory, Consumer<SnowflakeSession> contextChanged) {
        this.directory = directory;
        this.contextChanged = contextChanged;
    }

    /**
     * {@code CREATE [OR REPLACE] WAREHOUSE [IF NOT EXISTS] name [properties]}, by a role holding CREATE WAREHOUSE on
     * the account (SYSADMIN's by default, and ACCOUNTADMIN's through it; docs: security-access-control-overview). A
     * warehouse created (or replaced) becomes the session's current warehouse, as Snowflake documents in CREATE
     * WAREHOUSE's usage notes ("equivalent to using the USE WAREHOUSE command").
     */
    QueryResult create(SnowflakeSession session, List<Token> tokens) {
        ObjectHeaders.Create header = ObjectHeaders.Create.read(tokens);
        String name = header.name();
        requireAccountPrivilege(session);
        if (!directory.createWarehouse(name, session.role)) {
            if (header.ifNotExists()) {
                return SqlEngine.status(StatementTypes.DDL, name + " already exists, statement succeeded.");
            }
            if (!header.orReplace()) {
                throw StandInSqlException.alreadyExists(name);
            }
            directory.createObject(warehouse(name), session.role);
        }
        session.warehouse = name;
        contextChanged.accept(session);
        return SqlEngine.status(StatementTypes.DDL, "Warehouse " + name + " successfully created.");
    }

    /**
     * {@code DROP WAREHOUSE [IF EXISTS] name}. The stand-in does not check OWNERSHIP here: the roles that may create
     * a warehouse may drop one. A session whose current warehouse is dropped keeps its name, and its next statement that needs a
     * warehouse fails with 000606.
     */
    QueryResult drop(SnowflakeSession session, List<Token> tokens) {
        ObjectHeaders.Existing header = ObjectHeaders.Existing.read(tokens);
        String name = header.name();
        int i = header.nameAt();
        if (i + 1 < tokens.size()) {
            throw StandInSqlException.syntax(tokens.get(i + 1).position(), tokens.get(i + 1).text());
        }
        requireAccountPrivilege(session);
        if (!directory.dropWarehouse(name)) {
            if (header.ifExists()) {
                return SqlEngine.status(StatementTypes.DDL, "Drop statement executed successfully (" + name
                        + " already dropped).");
            }
            // Snowflake names the kind of object for warehouse commands (terraform-provider-snowflake#1104).
            throw new StandInSqlException("002003", "02000",
                    "SQL compilation error:\nWarehouse '" + name + "' does not exist or not authorized.");
        }
        return SqlEngine.status(StatementTypes.DDL, name + " successfully dropped.");
    }

    /**
     * Fails with 000606 unless the session's current warehouse exists and its role may use it (USAGE, or ownership,
     * through its hierarchy): a warehouse chosen before a {@code USE ROLE} of a role without USAGE runs nothing.
     */
    void requireCurrent(SnowflakeSession session) {
        if (!directory.mayUseWarehouse(session.role, session.warehouse)) {
            throw StandInSqlException.noActiveWarehouse();
        }
    }

    private static Directory.Securable warehouse(String name) {
        return new Directory.Securable(Directory.Kind.WAREHOUSE, name);
    }

    private void requireAccountPrivilege(SnowflakeSession session) {
        if (!directory.closure(session.role).contains(Directory.SYSADMIN)) {
            throw new StandInSqlException("003001", "42501",
                    "SQL access control error:\nInsufficient privileges to operate on account '" + session.account + "'");
        }
    }

    /**
     * Whether a statement the stand-in runs on H2 needs a current warehouse (see the class comment). A query needs one
     * when it reads a table or view ({@link TableReferences#read}); table functions such as {@code RESULT_SCAN} do not
     * count: Snowflake does not document whether they need a warehouse, and snowflake-jdbc reads every asynchronous
     * result with {@code RESULT_SCAN} (SFAsyncResultSet#getRealResults), so requiring one could fail a driver flow
     * Snowflake serves.
     */
    static boolean needsWarehouse(List<Token> tokens) {
        return switch (tokens.get(0).upper()) {
            case "INSERT", "UPDATE", "DELETE", "MERGE", "COPY" -> true;
            case "SELECT", "WITH", "VALUES", "(" -> !TableReferences.read(tokens).isEmpty();
            case "CREATE" -> createsTableFromQuery(tokens);
            default -> false;
        };
    }

    /** {@code CREATE ... TABLE ... AS SELECT}: a table filled with rows, which a warehouse computes and writes. */
    private static boolean createsTableFromQuery(List<Token> tokens) {
        boolean table = false;
        for (int i = 1; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isWord("TABLE")) {
                table = true;
            } else if (token.isWord("VIEW") || token.isWord("SCHEMA") || token.isWord("SEQUENCE")) {
                return false;
            } else if (table && token.isWord("AS")) {
                Token next = tokens.get(i + 1);
                return next.isWord("SELECT") || next.isWord("WITH") || next.isSymbol("(");
            }
        }
        return false;
    }
}
