package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import io.snowgate.emulator.snowflake.Wire.Column;
import io.snowgate.emulator.snowflake.Wire.QueryResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Runs Snowflake SQL for a session: session and account commands (USE, ALTER SESSION, transactions, users, roles and
 * grants) are answered by the stand-in itself; everything else is translated ({@link SqlTranslator}) and run on the
 * stand-in's H2 in-memory database through the session's own connection, then encoded ({@link ResultEncoder}).
 */
final class SqlEngine implements AutoCloseable {

    /** What {@code CURRENT_VERSION()} answers; also the login response's {@code serverVersion}. */
    static final String VERSION = "9.1.0";

    /** Words H2 reserves but Snowflake lets tables use as plain column names. */
    private static final String NON_KEYWORDS = "DAY,MONTH,YEAR,HOUR,MINUTE,SECOND,VALUE,KEY";

    /**
     * H2 locks its metadata for DDL, which Snowflake does not: concurrent sessions creating objects wait this long
     * rather than fail after H2's default second.
     */
    private static final java.time.Duration H2_LOCK_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final java.util.concurrent.locks.ReentrantLock ddlLock = new java.util.concurrent.locks.ReentrantLock();
    private final String database;
    private final String h2Url;
    private final Connection keeper;
    private final Directory directory;
    private final QueryRegistry queries;
    private final ResultEncoder encoder;
    private final UserCommands userCommands;

    SqlEngine(String database, Directory directory, QueryRegistry queries) {
        this.database = database;
        this.directory = directory;
        this.queries = queries;
        this.encoder = new ResultEncoder(database);
        this.userCommands = new UserCommands(directory);
        // A unique H2 name per stand-in; DB_CLOSE_DELAY keeps it while sessions come and go.
        this.h2Url = "jdbc:h2:mem:snowgate-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;NON_KEYWORDS=" + NON_KEYWORDS
                + ";LOCK_TIMEOUT=" + H2_LOCK_TIMEOUT.toMillis();
        try {
            keeper = DriverManager.getConnection(h2Url);
            try (Statement setup = keeper.createStatement()) {
                setup.execute("CREATE DOMAIN " + SqlTranslator.VARIANT_DOMAIN + " AS VARCHAR");
                setup.execute("CREATE DOMAIN " + SqlTranslator.OBJECT_DOMAIN + " AS VARCHAR");
                setup.execute("CREATE DOMAIN " + SqlTranslator.ARRAY_DOMAIN + " AS VARCHAR");
                setup.execute("CREATE DOMAIN " + SqlTranslator.LTZ_DOMAIN + " AS TIMESTAMP(9) WITH TIME ZONE");
                setup.execute("CREATE ALIAS SF_PARSE_JSON FOR '" + SemiStructured.class.getName() + ".parseJson'");
                setup.execute("CREATE ALIAS SF_SYSTEM_WAIT FOR '" + SystemFunctions.class.getName() + ".systemWait'");
                for (String[] alias : ScalarFunctions.ALIASES) {
                    setup.execute("CREATE ALIAS " + alias[0] + " FOR '" + ScalarFunctions.class.getName() + "." + alias[1] + "'");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the stand-in's H2 database", e);
        }
    }

    String database() {
        return database;
    }

    /** A fresh H2 connection for a new session. */
    Connection openConnection() {
        try {
            return DriverManager.getConnection(h2Url);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open an H2 session", e);
        }
    }

    /** Sets up a new session's H2 connection to match its context. */
    void attach(SnowflakeSession session) {
        try {
            session.h2.setAutoCommit(session.parameters.autocommit());
            if (session.schema != null) {
                setH2Schema(session, session.schema);
            }
            refreshContext(session);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare an H2 session", e);
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

    /** Runs one statement; throws {@link StatementFailedException} as Snowflake would report the failure. */
    QueryResult execute(SnowflakeSession session, Wire.QueryRequest request) {
        String sql = stripTerminator(request.sqlText());
        List<String> flow = flowParts(sql);
        if (flow.size() > 1) {
            return flow(session, flow, request);
        }
        return executeOne(session, sql, request);
    }

    /** {@code A ->> B ->> C}: each statement runs in turn and may read earlier results as {@code $1}, {@code $2}... */
    private QueryResult flow(SnowflakeSession session, List<String> parts, Wire.QueryRequest request) {
        try {
            QueryResult last = null;
            for (String part : parts) {
                last = executeOne(session, part, request);
                session.flowResults.add(last);
            }
            return last;
        } finally {
            dropFlowTables(session);
            session.flowResults.clear();
        }
    }

    /** The statements of a request, split at top-level semicolons (never inside literals or comments). */
    static List<String> statements(String sql) {
        List<String> parts = new ArrayList<>();
        if (sql == null) {
            return parts;
        }
        int start = 0;
        for (Token token : SqlLexer.significant(sql)) {
            if (token.isSymbol(";")) {
                parts.add(sql.substring(start, token.position()).strip());
                start = token.position() + 1;
            }
        }
        parts.add(sql.substring(start).strip());
        parts.removeIf(String::isEmpty);
        return parts;
    }

    private static List<String> flowParts(String sql) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (Token token : SqlLexer.significant(sql)) {
            if (token.isSymbol("->>")) {
                parts.add(sql.substring(start, token.position()).strip());
                start = token.position() + token.text().length();
            }
        }
        parts.add(sql.substring(start).strip());
        return parts;
    }

    private QueryResult executeOne(SnowflakeSession session, String sql, Wire.QueryRequest request) {
        List<Token> tokens = SqlLexer.significant(sql);
        if (tokens.isEmpty()) {
            throw new StatementFailedException("000900", "42000", "SQL compilation error:\nEmpty SQL statement.");
        }
        String first = tokens.get(0).upper();
        String second = tokens.size() > 1 ? tokens.get(1).upper() : "";
        return switch (first) {
            case "USE" -> use(session, tokens);
            case "ALTER" -> second.equals("SESSION") ? alterSession(session, tokens)
                    : second.equals("USER") ? userCommands.alterUser(session, tokens) : h2(session, sql, request);
            case "COMMIT", "ROLLBACK", "BEGIN", "START" -> transaction(session, first);
            case "DESC", "DESCRIBE" -> second.equals("USER") ? userCommands.describeUser(session, tokens)
                    : h2(session, sql, request);
            case "GRANT", "REVOKE" -> userCommands.grant(session, tokens);
            case "CREATE" -> create(session, tokens, sql, request);
            case "DROP" -> second.equals("USER") || second.equals("ROLE") ? userCommands.drop(session, tokens)
                    : h2(session, sql, request);
            case "SHOW" -> throw StatementFailedException.unsupported("SHOW");
            default -> h2(session, sql, request);
        };
    }

    /** The rowtype and bind count of a statement without running it. */
    QueryResult describe(SnowflakeSession session, Wire.QueryRequest request) {
        String sql = stripTerminator(request.sqlText());
        List<Token> tokens = SqlLexer.significant(sql);
        int type = tokens.isEmpty() ? StatementTypes.SELECT : statementType(tokens.get(0).upper(), true);
        if (tokens.isEmpty() || !isH2Statement(tokens)) {
            return new QueryResult(List.of(), List.of(), type);
        }
        try (PreparedStatement statement = session.h2.prepareStatement(SqlTranslator.toH2(sql, context(session)))) {
            return new QueryResult(encoder.describe(statement.getMetaData(), session.h2), List.of(),
                    statementType(tokens.get(0).upper(), statement.getMetaData() != null));
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
    }

    /** How many {@code ?} a statement binds, for describe responses. */
    int bindCount(String sql) {
        return (int) SqlLexer.significant(sql).stream().filter(t -> t.isSymbol("?")).count();
    }

    private boolean isH2Statement(List<Token> tokens) {
        String first = tokens.get(0).upper();
        String second = tokens.size() > 1 ? tokens.get(1).upper() : "";
        return switch (first) {
            case "USE", "COMMIT", "ROLLBACK", "BEGIN", "START", "GRANT", "REVOKE", "SHOW" -> false;
            case "ALTER" -> !second.equals("SESSION") && !second.equals("USER");
            case "DESC", "DESCRIBE" -> !second.equals("USER");
            case "CREATE" -> !List.of("USER", "ROLE", "DATABASE", "WAREHOUSE", "OR").contains(second);
            case "DROP" -> !second.equals("USER") && !second.equals("ROLE");
            default -> true;
        };
    }

    private QueryResult create(SnowflakeSession session, List<Token> tokens, String sql, Wire.QueryRequest request) {
        int i = 1;
        if (tokens.get(i).isWord("OR") && tokens.size() > i + 1 && tokens.get(i + 1).isWord("REPLACE")) {
            i += 2;
        }
        String kind = i < tokens.size() ? tokens.get(i).upper() : "";
        return switch (kind) {
            case "USER" -> userCommands.createUser(session, tokens);
            case "ROLE" -> userCommands.createRole(session, tokens);
            case "DATABASE" -> createDatabase(tokens, i);
            case "WAREHOUSE" -> status(StatementTypes.DDL, "Warehouse " + name(tokens, i + 1) + " successfully created.");
            default -> i == 1 ? h2(session, sql, request) : h2(session, orReplace(sql, tokens, i), request);
        };
    }

    /** {@code CREATE OR REPLACE TABLE t} becomes {@code DROP TABLE IF EXISTS t; CREATE TABLE t} semantics. */
    private String orReplace(String sql, List<Token> tokens, int kindIndex) {
        String kind = tokens.get(kindIndex).upper();
        Token name = tokens.get(kindIndex + 1);
        if (kind.equals("TABLE") || kind.equals("VIEW") || kind.equals("SCHEMA")) {
            return "DROP " + kind + " IF EXISTS " + qualifiedName(tokens, kindIndex + 1) + " CASCADE;"
                    + sql.substring(0, tokens.get(1).position()) + sql.substring(name.position());
        }
        throw StatementFailedException.unsupported("CREATE OR REPLACE " + kind);
    }

    private static String qualifiedName(List<Token> tokens, int from) {
        StringBuilder name = new StringBuilder(tokens.get(from).text());
        int i = from + 1;
        while (i + 1 < tokens.size() && tokens.get(i).isSymbol(".")) {
            name.append('.').append(tokens.get(i + 1).text());
            i += 2;
        }
        return name.toString();
    }

    private QueryResult createDatabase(List<Token> tokens, int kindIndex) {
        int i = kindIndex + 1;
        boolean ifNotExists = false;
        if (i + 2 < tokens.size() && tokens.get(i).isWord("IF")) {
            ifNotExists = true;
            i += 3;
        }
        String name = name(tokens, i);
        if (!name.equals(database)) {
            throw StatementFailedException.unsupported("more than one database (this stand-in serves " + database + ")");
        }
        if (!ifNotExists) {
            throw StatementFailedException.alreadyExists(name);
        }
        return status(StatementTypes.DDL, name + " already exists, statement succeeded.");
    }

    private QueryResult use(SnowflakeSession session, List<Token> tokens) {
        if (tokens.size() < 2) {
            throw StatementFailedException.syntax(3, "<EOF>");
        }
        String kind = tokens.get(1).upper();
        int nameAt = switch (kind) {
            case "DATABASE", "SCHEMA", "ROLE", "WAREHOUSE", "SECONDARY" -> 2;
            default -> 1;
        };
        if (kind.equals("SECONDARY")) {
            return status(StatementTypes.USE, "Statement executed successfully.");
        }
        List<String> parts = nameParts(tokens, nameAt);
        try {
            switch (kind) {
                case "ROLE" -> {
                    String role = parts.get(0);
                    if (!directory.roleExists(role)) {
                        throw StatementFailedException.doesNotExist(role);
                    }
                    if (!directory.mayUseRole(session.user, role)) {
                        throw StatementFailedException.roleNotAssigned(role);
                    }
                    session.role = role;
                    refreshContext(session);
                    return status(StatementTypes.USE, "Statement executed successfully.");
                }
                case "WAREHOUSE" -> {
                    session.warehouse = parts.get(0);
                    refreshContext(session);
                    return status(StatementTypes.USE_WAREHOUSE, "Statement executed successfully.");
                }
                case "SCHEMA" -> {
                    String db = parts.size() > 1 ? parts.get(0) : session.database;
                    if (db == null) {
                        throw StatementFailedException.noActiveDatabase();
                    }
                    useSchema(session, db, parts.get(parts.size() - 1));
                    return status(StatementTypes.USE_SCHEMA, "Statement executed successfully.");
                }
                default -> {
                    if (parts.size() > 1) {
                        useSchema(session, parts.get(0), parts.get(1));
                        return status(StatementTypes.USE_SCHEMA, "Statement executed successfully.");
                    }
                    requireDatabase(parts.get(0));
                    session.database = parts.get(0);
                    session.schema = "PUBLIC";
                    setH2Schema(session, "PUBLIC");
                    refreshContext(session);
                    return status(StatementTypes.USE_DATABASE, "Statement executed successfully.");
                }
            }
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
    }

    private void useSchema(SnowflakeSession session, String db, String schema) throws SQLException {
        requireDatabase(db);
        if (!schemaExists(schema)) {
            throw StatementFailedException.doesNotExist(db + "." + schema);
        }
        setH2Schema(session, schema);
        session.database = db;
        session.schema = schema;
        refreshContext(session);
    }

    private void requireDatabase(String name) {
        if (!name.equals(database)) {
            throw new StatementFailedException("002043", "02000",
                    "SQL compilation error:\nObject does not exist, or operation cannot be performed.");
        }
    }

    private QueryResult alterSession(SnowflakeSession session, List<Token> tokens) {
        if (tokens.size() < 3) {
            throw StatementFailedException.syntax(13, "<EOF>");
        }
        int i = 3;
        if (tokens.get(2).isWord("SET")) {
            while (i < tokens.size()) {
                String name = tokens.get(i).upper();
                if (i + 2 >= tokens.size() || !tokens.get(i + 1).isSymbol("=")) {
                    Token at = tokens.get(Math.min(i + 1, tokens.size() - 1));
                    throw StatementFailedException.syntax(at.position(), at.text());
                }
                int valueAt = i + 2;
                boolean negative = tokens.get(valueAt).isSymbol("-");
                Token valueToken = tokens.get(negative ? valueAt + 1 : valueAt);
                Object value = literal(valueToken, negative);
                session.parameters.set(name, value);
                applyParameter(session, name);
                i = (negative ? valueAt + 2 : valueAt + 1);
                if (i < tokens.size() && tokens.get(i).isSymbol(",")) {
                    i++;
                }
            }
        } else if (tokens.get(2).isWord("UNSET")) {
            while (i < tokens.size()) {
                if (!tokens.get(i).isSymbol(",")) {
                    session.parameters.unset(tokens.get(i).upper());
                    applyParameter(session, tokens.get(i).upper());
                }
                i++;
            }
        } else {
            throw StatementFailedException.syntax(tokens.get(2).position(), tokens.get(2).text());
        }
        return status(StatementTypes.ALTER_SESSION, "Statement executed successfully.");
    }

    private void applyParameter(SnowflakeSession session, String name) {
        if (name.equals(SessionParameters.AUTOCOMMIT) && !session.explicitTransaction) {
            try {
                session.h2.setAutoCommit(session.parameters.autocommit());
            } catch (SQLException e) {
                throw H2Errors.map(e);
            }
        }
    }

    private QueryResult transaction(SnowflakeSession session, String verb) {
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
        return status(StatementTypes.TCL, "Statement executed successfully.");
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

    private QueryResult h2(SnowflakeSession session, String sql, Wire.QueryRequest request) {
        List<Token> tokens = SqlLexer.significant(sql);
        String first = tokens.get(0).upper();
        if (session.database == null && !first.equals("SELECT") && !first.equals("WITH") && !first.equals("VALUES")) {
            throw StatementFailedException.noActiveDatabase();
        }
        String translated = SqlTranslator.toH2(sql, context(session));
        try (PreparedStatement statement = session.h2.prepareStatement(translated)) {
            Bindings.apply(statement, request.bindings());
            session.running = statement;
            boolean hasRows;
            try {
                hasRows = StatementTypes.DDL == statementType(first, false) ? underDdlLock(statement::execute)
                        : statement.execute();
            } finally {
                session.running = null;
            }
            int type = statementType(first, hasRows);
            if (hasRows) {
                try (ResultSet rows = statement.getResultSet()) {
                    return encoder.encode(rows, session.h2, type);
                }
            }
            long count = Math.max(statement.getLargeUpdateCount(), 0);
            return switch (type) {
                case StatementTypes.INSERT -> counts(type, List.of("number of rows inserted"), count);
                case StatementTypes.UPDATE -> counts(type,
                        List.of("number of rows updated", "number of multi-joined rows updated"), count, 0);
                case StatementTypes.DELETE -> counts(type, List.of("number of rows deleted"), count);
                case StatementTypes.MERGE -> counts(type,
                        List.of("number of rows inserted", "number of rows updated"), count, 0);
                default -> status(type, ddlMessage(tokens));
            };
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
    }

    /** A JDBC call that may fail. */
    @FunctionalInterface
    private interface H2Call {
        boolean run() throws SQLException;
    }

    /**
     * Runs DDL one statement at a time across sessions: H2 2.4 can deadlock when sessions create tables concurrently
     * (each holds a monitor the other's meta lock waits behind), which Snowflake never does.
     */
    private boolean underDdlLock(H2Call call) throws SQLException {
        try {
            ddlLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("SQL execution canceled", "57014", 57014);
        }
        try {
            return call.run();
        } finally {
            ddlLock.unlock();
        }
    }

    private static int statementType(String first, boolean hasRows) {
        return switch (first) {
            case "INSERT" -> StatementTypes.INSERT;
            case "UPDATE" -> StatementTypes.UPDATE;
            case "DELETE" -> StatementTypes.DELETE;
            case "MERGE" -> StatementTypes.MERGE;
            case "CREATE", "DROP", "ALTER", "TRUNCATE", "COMMENT", "GRANT", "REVOKE" -> StatementTypes.DDL;
            case "USE" -> StatementTypes.USE;
            case "COMMIT", "ROLLBACK", "BEGIN", "START" -> StatementTypes.TCL;
            case "DESC", "DESCRIBE" -> StatementTypes.DESCRIBE;
            case "SHOW" -> StatementTypes.SHOW;
            default -> hasRows ? StatementTypes.SELECT : StatementTypes.DDL;
        };
    }

    private static String ddlMessage(List<Token> tokens) {
        String verb = tokens.get(0).upper();
        int i = 1;
        while (i < tokens.size() && List.of("OR", "REPLACE", "TEMPORARY", "TEMP", "TRANSIENT", "LOCAL", "GLOBAL")
                .contains(tokens.get(i).upper())) {
            i++;
        }
        if (i + 1 >= tokens.size()) {
            return "Statement executed successfully.";
        }
        String kind = tokens.get(i).upper();
        int nameAt = i + 1;
        if (tokens.get(nameAt).isWord("IF")) {
            nameAt += tokens.get(nameAt + 1).isWord("NOT") ? 3 : 2;
        }
        if (nameAt >= tokens.size()) {
            return "Statement executed successfully.";
        }
        String name = lastPart(tokens, nameAt);
        String kindWord = kind.charAt(0) + kind.substring(1).toLowerCase(Locale.ROOT);
        return switch (verb) {
            case "CREATE" -> List.of("TABLE", "VIEW", "SCHEMA", "SEQUENCE").contains(kind)
                    ? kindWord + " " + name + " successfully created." : "Statement executed successfully.";
            case "DROP" -> name + " successfully dropped.";
            default -> "Statement executed successfully.";
        };
    }

    private static String lastPart(List<Token> tokens, int from) {
        int i = from;
        while (i + 2 < tokens.size() && tokens.get(i + 1).isSymbol(".")) {
            i += 2;
        }
        return Identifiers.normalize(tokens.get(i).text());
    }

    private SqlTranslator.Context context(SnowflakeSession session) {
        return new SqlTranslator.Context() {
            @Override
            public String lastQueryId(int index) {
                return session.queryId(index);
            }

            @Override
            public String resultScanTable(String queryId) {
                return materialise(session, queryId);
            }

            @Override
            public String flowResultTable(int n) {
                int index = session.flowResults.size() - n;
                if (n < 1 || index < 0) {
                    throw new StatementFailedException("002003", "02000",
                            "SQL compilation error:\nObject '$" + n + "' does not exist or not authorized.");
                }
                String table = "SF_FLOW_" + index;
                materialise(session, table, session.flowResults.get(index));
                return table;
            }

            @Override
            public String queryHistoryTable() {
                return queryHistory(session);
            }

            @Override
            public String database() {
                return database;
            }
        };
    }

    /**
     * Copies the session user's statements into a session-local H2 table, newest first as Snowflake lists them:
     * QUERY_ID, QUERY_TEXT, QUERY_TAG, USER_NAME, SESSION_ID, EXECUTION_STATUS, ERROR_CODE, START_TIME, END_TIME.
     */
    private String queryHistory(SnowflakeSession session) {
        String table = "SF_QUERY_HISTORY";
        try (Statement create = session.h2.createStatement()) {
            create.execute("DROP TABLE IF EXISTS " + table);
            create.execute("CREATE LOCAL TEMPORARY TABLE " + table + " (QUERY_ID VARCHAR, QUERY_TEXT VARCHAR, "
                    + "QUERY_TAG VARCHAR, USER_NAME VARCHAR, SESSION_ID BIGINT, EXECUTION_STATUS VARCHAR, "
                    + "ERROR_CODE VARCHAR, START_TIME TIMESTAMP(9) WITH TIME ZONE, "
                    + "END_TIME TIMESTAMP(9) WITH TIME ZONE)");
            try (PreparedStatement insert = session.h2.prepareStatement(
                    "INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                List<QueryRegistry.Query> mine = new ArrayList<>(queries.all().stream()
                        .filter(q -> q.user.equals(session.user)).toList());
                java.util.Collections.reverse(mine);
                for (QueryRegistry.Query query : mine) {
                    QueryInfo info = query.info();
                    insert.setString(1, info.id());
                    insert.setString(2, info.sqlText());
                    insert.setString(3, info.queryTag());
                    insert.setString(4, info.user());
                    insert.setLong(5, info.sessionId());
                    insert.setString(6, executionStatus(info.status()));
                    insert.setString(7, info.errorCode());
                    insert.setObject(8, info.startedAt().atOffset(java.time.ZoneOffset.UTC));
                    insert.setObject(9, info.endedAt() == null ? null : info.endedAt().atOffset(java.time.ZoneOffset.UTC));
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
        return table;
    }

    /** QUERY_HISTORY's EXECUTION_STATUS words; a cancelled statement shows as failed with error 604. */
    private static String executionStatus(QueryInfo.Status status) {
        return switch (status) {
            case RUNNING -> "running";
            case SUCCESS -> "success";
            case FAILED_WITH_ERROR, ABORTED -> "failed_with_error";
        };
    }

    /** Copies a finished result of this user into a session-local H2 table so SQL can run over it. */
    private String materialise(SnowflakeSession session, String queryId) {
        QueryResult result = queries.find(queryId)
                .filter(q -> q.user.equals(session.user) && q.outcome.isDone() && !q.outcome.isCompletedExceptionally())
                .map(q -> q.outcome.join())
                .orElseThrow(() -> new StatementFailedException("000709", "02000",
                        "Statement " + queryId + " not found"));
        String table = "SF_RESULT_" + queryId.replace("-", "").toUpperCase(Locale.ROOT);
        materialise(session, table, result);
        return table;
    }

    private void dropFlowTables(SnowflakeSession session) {
        for (int index = 0; index < session.flowResults.size(); index++) {
            String table = "SF_FLOW_" + index;
            if (session.scannedResults.remove(table)) {
                try (Statement drop = session.h2.createStatement()) {
                    underDdlLock(() -> drop.execute("DROP TABLE IF EXISTS " + table));
                } catch (SQLException e) {
                    throw H2Errors.map(e);
                }
            }
        }
    }

    private void materialise(SnowflakeSession session, String table, QueryResult result) {
        if (session.scannedResults.contains(table)) {
            return;
        }
        List<String> definitions = new ArrayList<>();
        for (Column column : result.rowtype()) {
            definitions.add(Identifiers.quote(column.name()) + " " + h2Type(column));
        }
        String placeholders = String.join(", ", result.rowtype().stream().map(c -> "?").toList());
        try (Statement create = session.h2.createStatement()) {
            underDdlLock(() -> create.execute(
                    "CREATE LOCAL TEMPORARY TABLE " + table + " (" + String.join(", ", definitions) + ")"));
            try (PreparedStatement insert = session.h2.prepareStatement(
                    "INSERT INTO " + table + " VALUES (" + placeholders + ")")) {
                for (List<String> row : result.rowset()) {
                    for (int i = 0; i < row.size(); i++) {
                        insert.setObject(i + 1, h2Value(result.rowtype().get(i), row.get(i)));
                    }
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
        session.scannedResults.add(table);
    }

    private static String h2Type(Column column) {
        return switch (column.type()) {
            case "fixed" -> "NUMERIC(38, " + column.scale() + ")";
            case "real" -> "DOUBLE PRECISION";
            case "boolean" -> "BOOLEAN";
            case "date" -> "DATE";
            default -> "VARCHAR";
        };
    }

    private static Object h2Value(Column column, String value) {
        if (value == null) {
            return null;
        }
        return switch (column.type()) {
            case "boolean" -> value.equals("1") || value.equalsIgnoreCase("true");
            case "date" -> java.time.LocalDate.ofEpochDay(Long.parseLong(value));
            default -> value;
        };
    }

    /** Sets the H2 variables behind the context functions. */
    void refreshContext(SnowflakeSession session) {
        try (PreparedStatement set = session.h2.prepareStatement("SET @SF_CURRENT_VERSION = ?")) {
            set.setString(1, VERSION);
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
            default -> throw StatementFailedException.syntax(token.position(), token.text());
        };
    }

    private static List<String> nameParts(List<Token> tokens, int from) {
        if (from >= tokens.size()) {
            throw StatementFailedException.syntax(tokens.get(tokens.size() - 1).position(), "<EOF>");
        }
        List<String> parts = new ArrayList<>();
        int i = from;
        while (i < tokens.size()) {
            Token token = tokens.get(i);
            if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED) {
                throw StatementFailedException.syntax(token.position(), token.text());
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
            throw StatementFailedException.syntax(tokens.get(i).position(), tokens.get(i).text());
        }
        return parts;
    }

    static String name(List<Token> tokens, int at) {
        if (at >= tokens.size()) {
            throw StatementFailedException.syntax(tokens.get(tokens.size() - 1).position(), "<EOF>");
        }
        Token token = tokens.get(at);
        if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED) {
            throw StatementFailedException.syntax(token.position(), token.text());
        }
        return Identifiers.normalize(token.text());
    }

    /** A one-row {@code status} result, what Snowflake answers for DDL, USE, ALTER SESSION and transactions. */
    static QueryResult status(int statementTypeId, String message) {
        Column column = new Column("status", "", "", "", "text", null, null, ResultEncoder.MAX_TEXT_LENGTH,
                ResultEncoder.MAX_TEXT_LENGTH, true, null);
        List<String> row = new ArrayList<>();
        row.add(message);
        return new QueryResult(List.of(column), List.of(row), statementTypeId);
    }

    private static QueryResult counts(int type, List<String> names, long... values) {
        List<Column> columns = names.stream()
                .map(n -> new Column(n, "", "", "", "fixed", 38, 0, null, null, false, null)).toList();
        List<String> row = new ArrayList<>();
        for (long value : values) {
            row.add(Long.toString(value));
        }
        return new QueryResult(columns, List.of(row), type);
    }

    private static String stripTerminator(String sql) {
        if (sql == null) {
            throw new StatementFailedException("000900", "42000", "SQL compilation error:\nEmpty SQL statement.");
        }
        String trimmed = sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed;
    }

    @Override
    public void close() {
        try (Statement shutdown = keeper.createStatement()) {
            shutdown.execute("SHUTDOWN");
        } catch (SQLException e) {
            // Already gone: nothing else holds the in-memory database.
        }
    }
}
