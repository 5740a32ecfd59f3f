package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import io.snowgate.emulator.snowflake.Wire.QueryResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session commands the stand-in answers itself rather than on H2: USE (database, schema, role, warehouse),
 * ALTER SESSION SET/UNSET, and transactions (BEGIN, COMMIT, ROLLBACK); plus keeping a session's H2 connection in
 * step with its context (schema, autocommit, the variables behind the context functions).
 */
final class SessionCommands {

    private final String database;
    private final Connection keeper;
    private final Directory directory;

    SessionCommands(String database, Connection keeper, Directory directory) {
        this.database = database;
        this.keeper = keeper;
        this.directory = directory;
    }

    /** Sets up a new session's H2 connection to match its context. */
    void attach(SnowflakeSession session) {
        try {
            session.h2.setAutoCommit(session.parameters.autocommit());
            setH2TimeZone(session);
            setOutputFormats(session);
            if (session.schema != null) {
                setH2Schema(session, session.schema);
            }
            refreshContext(session);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare an H2 session", e);
        }
    }

    /**
     * Runs the session's H2 connection in the session's {@code TIMEZONE}, so that what depends on it does as in
     * Snowflake: CURRENT_DATE and CURRENT_TIMESTAMP, TIMESTAMP_LTZ literals without an offset, and comparing or
     * converting between TIMESTAMP_NTZ and TIMESTAMP_LTZ (a bound java.sql.Timestamp arrives as LTZ).
     */
    private static void setH2TimeZone(SnowflakeSession session) throws SQLException {
        String zone = String.valueOf(session.parameters.get(SessionParameters.TIMEZONE));
        try (Statement set = session.h2.createStatement()) {
            set.execute("SET TIME ZONE '" + zone.replace("'", "''") + "'");
        }
    }

    /** Keeps the session's output formats where TO_CHAR reads them ({@link ToChar.OutputFormats}). */
    private static void setOutputFormats(SnowflakeSession session) throws SQLException {
        try (PreparedStatement set = session.h2.prepareStatement(
                "SET " + ToChar.OUTPUT_FORMATS_VARIABLE + " = CAST(? AS VARCHAR)")) {
            set.setString(1, ToChar.OutputFormats.of(session.parameters).encoded());
            set.execute();
        }
    }

    boolean schemaExists(String schema) {
        try (PreparedStatement query = keeper.prepareStatement(
                "SELECT 1 FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            query.setString(1, schema);
            try (ResultSet found = query.executeQuery()) {
                return found.next();
            }
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
    }

    QueryResult use(SnowflakeSession session, List<Token> tokens) {
        if (tokens.size() < 2) {
            throw StandInSqlException.syntax(3, "<EOF>");
        }
        String kind = tokens.get(1).upper();
        int nameAt = switch (kind) {
            case "DATABASE", "SCHEMA", "ROLE", "WAREHOUSE", "SECONDARY" -> 2;
            default -> 1;
        };
        if (kind.equals("SECONDARY")) {
            return SqlEngine.status(StatementTypes.USE, "Statement executed successfully.");
        }
        List<String> parts = nameParts(tokens, nameAt);
        try {
            switch (kind) {
                case "ROLE" -> {
                    String role = parts.get(0);
                    if (!directory.roleExists(role)) {
                        throw StandInSqlException.doesNotExist(role);
                    }
                    if (!directory.mayUseRole(session.user, role)) {
                        throw StandInSqlException.roleNotAssigned(role);
                    }
                    session.role = role;
                    refreshContext(session);
                    return SqlEngine.status(StatementTypes.USE, "Statement executed successfully.");
                }
                case "WAREHOUSE" -> {
                    // A warehouse the role may not use is refused as one that does not exist.
                    if (!directory.mayUseWarehouse(session.role, parts.get(0))) {
                        throw StandInSqlException.cannotUse();
                    }
                    session.warehouse = parts.get(0);
                    refreshContext(session);
                    return SqlEngine.status(StatementTypes.USE_WAREHOUSE, "Statement executed successfully.");
                }
                case "SCHEMA" -> {
                    String db = parts.size() > 1 ? parts.get(0) : session.database;
                    if (db == null) {
                        throw StandInSqlException.noActiveDatabase();
                    }
                    useSchema(session, db, parts.get(parts.size() - 1));
                    return SqlEngine.status(StatementTypes.USE_SCHEMA, "Statement executed successfully.");
                }
                default -> {
                    if (parts.size() > 1) {
                        useSchema(session, parts.get(0), parts.get(1));
                        return SqlEngine.status(StatementTypes.USE_SCHEMA, "Statement executed successfully.");
                    }
                    requireDatabase(session, parts.get(0));
                    session.database = parts.get(0);
                    session.schema = "PUBLIC";
                    setH2Schema(session, "PUBLIC");
                    refreshContext(session);
                    return SqlEngine.status(StatementTypes.USE_DATABASE, "Statement executed successfully.");
                }
            }
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
    }

    private void useSchema(SnowflakeSession session, String db, String schema) throws SQLException {
        requireDatabase(session, db);
        if (!schemaExists(schema) || !directory.mayUseNamespace(session.role, db, schema)) {
            throw StandInSqlException.doesNotExist(db + "." + schema);
        }
        setH2Schema(session, schema);
        session.database = db;
        session.schema = schema;
        refreshContext(session);
    }

    /** The stand-in's database, which the session's role may use; anything else is refused alike. */
    private void requireDatabase(SnowflakeSession session, String name) {
        if (!name.equals(database) || !directory.mayUseNamespace(session.role, name, null)) {
            throw StandInSqlException.cannotUse();
        }
    }

    QueryResult alterSession(SnowflakeSession session, List<Token> tokens) {
        if (tokens.size() < 3) {
            throw StandInSqlException.syntax(13, "<EOF>");
        }
        int i = 3;
        // Every name and value is checked before any is set: Snowflake compiles the statement whole, so one unknown
        // name or bad value leaves the session as it was.
        Map<String, Object> changes = new LinkedHashMap<>();
        if (tokens.get(2).isWord("SET")) {
            while (i < tokens.size()) {
                String name = tokens.get(i).upper();
                if (i + 2 >= tokens.size() || !tokens.get(i + 1).isSymbol("=")) {
                    Token at = tokens.get(Math.min(i + 1, tokens.size() - 1));
                    throw StandInSqlException.syntax(at.position(), at.text());
                }
                int valueAt = i + 2;
                boolean negative = tokens.get(valueAt).isSymbol("-");
                Token valueToken = tokens.get(negative ? valueAt + 1 : valueAt);
                Object value = literal(valueToken, negative);
                changes.put(SessionParameters.check(name, value), value);
                i = (negative ? valueAt + 2 : valueAt + 1);
                if (i < tokens.size() && tokens.get(i).isSymbol(",")) {
                    i++;
                }
            }
            changes.forEach((name, value) -> {
                session.parameters.set(name, value);
                applyParameter(session, name);
            });
        } else if (tokens.get(2).isWord("UNSET")) {
            while (i < tokens.size()) {
                if (!tokens.get(i).isSymbol(",")) {
                    changes.put(SessionParameters.known(tokens.get(i).upper()), null);
                }
                i++;
            }
            changes.keySet().forEach(name -> {
                session.parameters.unset(name);
                applyParameter(session, name);
            });
        } else {
            throw StandInSqlException.syntax(tokens.get(2).position(), tokens.get(2).text());
        }
        return SqlEngine.status(StatementTypes.ALTER_SESSION, "Statement executed successfully.");
    }

    private void applyParameter(SnowflakeSession session, String name) {
        try {
            if (name.equals(SessionParameters.AUTOCOMMIT) && !session.explicitTransaction) {
                session.h2.setAutoCommit(session.parameters.autocommit());
            } else if (name.equals(SessionParameters.TIMEZONE)) {
                setH2TimeZone(session);
            } else if (name.endsWith("_OUTPUT_FORMAT")) {
                setOutputFormats(session);
            }
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
    }

    QueryResult transaction(SnowflakeSession session, String verb) {
        try {
            switch (verb) {
                case "BEGIN", "START" -> {
                    session.h2.setAutoCommit(false);
                    session.explicitTransaction = true;
                }
                case "COMMIT" -> endTransaction(session, true);
                default -> endTransaction(session, false);
            }
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
        return SqlEngine.status(StatementTypes.TCL, "Statement executed successfully.");
    }

    private void endTransaction(SnowflakeSession session, boolean commit) throws SQLException {
        if (!session.h2.getAutoCommit()) {
            if (commit) {
                session.h2.commit();
            } else {
                session.h2.rollback();
            }
        }
        session.explicitTransaction = false;
        session.h2.setAutoCommit(session.parameters.autocommit());
    }

    /** Sets the H2 variables behind the context functions. */
    void refreshContext(SnowflakeSession session) {
        try (PreparedStatement set = session.h2.prepareStatement("SET @SF_CURRENT_VERSION = ?")) {
            set.setString(1, SqlEngine.VERSION);
            set.execute();
            setVariable(session, "CURRENT_USER", session.user);
            setVariable(session, "CURRENT_ROLE", session.role);
            setVariable(session, "CURRENT_WAREHOUSE", session.warehouse);
            setVariable(session, "CURRENT_DATABASE", session.database);
            setVariable(session, "CURRENT_SCHEMA", session.database == null ? null : session.schema);
            setVariable(session, "CURRENT_ACCOUNT", session.account);
            setVariable(session, "CURRENT_SESSION", Long.toString(session.id));
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
    }

    private static void setVariable(SnowflakeSession session, String function, String value) throws SQLException {
        try (PreparedStatement set = session.h2.prepareStatement(
                "SET " + SqlTranslator.VARIABLE_PREFIX + function + " = CAST(? AS VARCHAR)")) {
            set.setString(1, value);
            set.execute();
        }
    }

    private static void setH2Schema(SnowflakeSession session, String schema) throws SQLException {
        try (Statement set = session.h2.createStatement()) {
            set.execute("SET SCHEMA " + Identifiers.quote(schema));
        }
    }

    private static Object literal(Token token, boolean negative) {
        return switch (token.kind()) {
            case STRING -> token.stringValue();
            case NUMBER -> {
                String text = (negative ? "-" : "") + token.text();
                yield text.contains(".") ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
            }
            case WORD -> token.isWord("TRUE") || token.isWord("FALSE") ? (Object) Boolean.parseBoolean(token.text())
                    : token.upper();
            default -> throw StandInSqlException.syntax(token.position(), token.text());
        };
    }

    private static List<String> nameParts(List<Token> tokens, int from) {
        if (from >= tokens.size()) {
            throw StandInSqlException.syntax(tokens.get(tokens.size() - 1).position(), "<EOF>");
        }
        List<String> parts = new ArrayList<>();
        int i = from;
        while (i < tokens.size()) {
            Token token = tokens.get(i);
            if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED) {
                throw StandInSqlException.syntax(token.position(), token.text());
            }
            parts.add(Identifiers.normalize(token.text()));
            if (i + 1 < tokens.size() && tokens.get(i + 1).isSymbol(".")) {
                i += 2;
            } else {
                i++;
                break;
            }
        }
        if (i < tokens.size()) {
            throw StandInSqlException.syntax(tokens.get(i).position(), tokens.get(i).text());
        }
        return parts;
    }

}
