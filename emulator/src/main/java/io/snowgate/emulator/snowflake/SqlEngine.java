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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.h2.api.ErrorCode;

/**
 * Runs Snowflake SQL for a session: session commands ({@link SessionCommands}), account commands
 * ({@link UserCommands}) and warehouse commands ({@link WarehouseCommands}) are answered by the stand-in itself;
 * everything else is translated ({@link SqlTranslator}) and run on the stand-in's H2 in-memory database through the
 * session's own connection, in the session's current warehouse when it needs one, reading earlier results through
 * {@link ResultTables}, then encoded ({@link ResultEncoder}).
 */
final class SqlEngine implements AutoCloseable {

    /** What {@code CURRENT_VERSION()} answers; also the login response's {@code serverVersion}. */
    static final String VERSION = "9.1.0";

    /** Words H2 reserves but Snowflake lets tables use as plain column names. */
    private static final String NON_KEYWORDS = "DAY,MONTH,YEAR,HOUR,MINUTE,SECOND,VALUE,KEY";

    /**
     * Snowflake sorts NULL as higher than any value unless told otherwise (DEFAULT_NULL_ORDERING = LAST; docs:
     * sql-reference/constructs/order-by, usage notes): last ascending, first descending. H2's default is the opposite.
     */
    private static final String NULL_ORDERING = "HIGH";

    /**
     * H2 locks its metadata for DDL, which Snowflake does not: concurrent sessions creating objects wait this long
     * rather than fail after H2's default second.
     */
    private static final java.time.Duration H2_LOCK_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final DdlLock ddlLock = new DdlLock();
    private final String database;
    private final String h2Url;
    private final Connection keeper;
    private final ResultEncoder encoder;
    private final UserCommands userCommands;
    private final SessionCommands sessionCommands;
    private final WarehouseCommands warehouseCommands;
    private final ResultTables resultTables;
    private final AccountUsage accountUsage;
    private final Directory directory;
    private final LoginFailures loginFailures;

    /**
     * @param trustedIssuer a web identity issuer besides AWS's that workload identities may name (a local STS)
     * @param clock         the time workload identities are created at
     */
    SqlEngine(String database, Directory directory, QueryRegistry queries, LoginFailures loginFailures,
              Optional<String> trustedIssuer, java.time.Clock clock) {
        this.database = database;
        this.directory = directory;
        this.loginFailures = loginFailures;
        this.encoder = new ResultEncoder(database);
        this.userCommands = new UserCommands(directory, trustedIssuer, clock);
        // A unique H2 name per stand-in; DB_CLOSE_DELAY keeps it while sessions come and go.
        this.h2Url = "jdbc:h2:mem:snowgate-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;NON_KEYWORDS=" + NON_KEYWORDS
                + ";LOCK_TIMEOUT=" + H2_LOCK_TIMEOUT.toMillis() + ";DEFAULT_NULL_ORDERING=" + NULL_ORDERING;
        try {
            keeper = DriverManager.getConnection(h2Url);
            try (Statement setup = keeper.createStatement()) {
                setup.execute("CREATE DOMAIN " + SqlTranslator.VARIANT_DOMAIN + " AS VARCHAR");
                setup.execute("CREATE DOMAIN " + SqlTranslator.OBJECT_DOMAIN + " AS VARCHAR");
                setup.execute("CREATE DOMAIN " + SqlTranslator.ARRAY_DOMAIN + " AS VARCHAR");
                setup.execute("CREATE DOMAIN " + SqlTranslator.LTZ_DOMAIN + " AS TIMESTAMP(9) WITH TIME ZONE");
                StandInFunctions.createIn(setup, null);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the stand-in's H2 database", e);
        }
        // Made by the account's administrators, as SYSADMIN makes a database (whose PUBLIC schema it then owns).
        directory.createObject(new Directory.Securable(Directory.Kind.DATABASE, database), Directory.SYSADMIN);
        directory.createObject(new Directory.Securable(Directory.Kind.SCHEMA, database + ".PUBLIC"), Directory.SYSADMIN);
        this.sessionCommands = new SessionCommands(database, keeper, directory);
        this.warehouseCommands = new WarehouseCommands(directory, sessionCommands::refreshContext);
        this.resultTables = new ResultTables(queries, ddlLock);
        this.accountUsage = new AccountUsage(queries, loginFailures, directory);
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
        sessionCommands.attach(session);
        accountUsage.loggedIn(session);
    }

    boolean schemaExists(String schema) {
        return sessionCommands.schemaExists(schema);
    }

    /** Runs one statement; throws {@link StandInSqlException} as Snowflake would report the failure. */
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
            resultTables.dropFlowTables(session);
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
            throw new StandInSqlException("000900", "42000", "SQL compilation error:\nEmpty SQL statement.");
        }
        String first = tokens.get(0).upper();
        String second = tokens.size() > 1 ? tokens.get(1).upper() : "";
        return switch (first) {
            case "USE" -> sessionCommands.use(session, tokens);
            case "ALTER" -> second.equals("SESSION") ? sessionCommands.alterSession(session, tokens)
                    : second.equals("USER") ? userCommands.alterUser(session, tokens) : h2(session, sql, request);
            case "COMMIT", "ROLLBACK", "BEGIN", "START" -> sessionCommands.transaction(session, first);
            case "DESC", "DESCRIBE" -> second.equals("USER") ? userCommands.describeUser(session, tokens)
                    : unsupported("DESCRIBE " + second);
            case "GRANT", "REVOKE" -> userCommands.grant(session, tokens);
            case "CREATE" -> create(session, tokens, sql, request);
            case "DROP" -> second.equals("USER") || second.equals("ROLE") ? userCommands.drop(session, tokens)
                    : second.equals("WAREHOUSE") ? warehouseCommands.drop(session, tokens)
                    : recordOwnership(session, tokens, h2(session, sql, request));
            case "SHOW" -> userCommands.isShowWorkloadIdentities(tokens) ? userCommands.showWorkloadIdentities(session, tokens)
                    : unsupported("SHOW");
            default -> h2(session, sql, request);
        };
    }

    /** Fails as a statement Snowflake runs and the stand-in does not model (H2 would call it a syntax error). */
    private static QueryResult unsupported(String statement) {
        throw StandInSqlException.unsupported(statement);
    }

    /** The rowtype and bind count of a statement without running it. */
    QueryResult describe(SnowflakeSession session, Wire.QueryRequest request) {
        String sql = stripTerminator(request.sqlText());
        List<Token> tokens = SqlLexer.significant(sql);
        int type = tokens.isEmpty() ? StatementTypes.SELECT : statementType(tokens.get(0).upper(), true);
        if (tokens.isEmpty() || !isH2Statement(tokens)) {
            return new QueryResult(List.of(), List.of(), type);
        }
        requireNamespace(session, tokens);
        String translated = SqlTranslator.toH2(sql, context(session));
        try {
            return describe(session, tokens, translated);
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.UNKNOWN_DATA_TYPE_1) {
                throw H2Errors.map(e);
            }
        }
        // Snowflake compiles a placeholder whose value is not set yet wherever it stands (snowflake-jdbc describes a
        // statement it prepares before any value is set); H2 cannot type one in a select list, so it is described
        // as VARCHAR, the stand-in's choice.
        StringBuilder typed = new StringBuilder();
        for (Token token : SqlLexer.tokens(translated)) {
            typed.append(token.isSymbol("?") ? "CAST(? AS VARCHAR)" : token.text());
        }
        try {
            return describe(session, tokens, typed.toString());
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
    }

    private QueryResult describe(SnowflakeSession session, List<Token> tokens, String h2Sql) throws SQLException {
        try (PreparedStatement statement = session.h2.prepareStatement(h2Sql)) {
            return new QueryResult(encoder.describe(statement.getMetaData(), session.h2), List.of(),
                    statementType(tokens.get(0).upper(), statement.getMetaData() != null));
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
            case "USE", "COMMIT", "ROLLBACK", "BEGIN", "START", "GRANT", "REVOKE", "SHOW", "DESC", "DESCRIBE" -> false;
            case "ALTER" -> !second.equals("SESSION") && !second.equals("USER");
            case "CREATE" -> !List.of("USER", "ROLE", "DATABASE", "WAREHOUSE", "OR").contains(second);
            case "DROP" -> !List.of("USER", "ROLE", "WAREHOUSE").contains(second);
            default -> true;
        };
    }

    private QueryResult create(SnowflakeSession session, List<Token> tokens, String sql, Wire.QueryRequest request) {
        int i = 1;
        if (tokens.get(i).isWord("OR") && tokens.size() > i + 1 && tokens.get(i + 1).isWord("REPLACE")) {
            i += 2;
        }
        if (i + 1 < tokens.size() && (tokens.get(i).isWord("TRANSIENT") || tokens.get(i).isWord("SECURE"))) {
            // A transient table or schema only has no Fail-safe period (docs: user-guide/tables-temp-transient), and
            // a secure view only hides its definition from roles that do not own it and keeps the optimizer from
            // looking inside it (docs: user-guide/views-secure), neither of which the stand-in models: H2 gets the
            // plain CREATE.
            String plain = sql.substring(0, tokens.get(i).position()) + sql.substring(tokens.get(i + 1).position());
            return create(session, SqlLexer.significant(plain), plain, request);
        }
        String kind = i < tokens.size() ? tokens.get(i).upper() : "";
        return switch (kind) {
            case "USER" -> userCommands.createUser(session, tokens);
            case "ROLE" -> userCommands.createRole(session, tokens);
            case "DATABASE" -> createDatabase(tokens, i);
            case "WAREHOUSE" -> warehouseCommands.create(session, tokens);
            default -> recordOwnership(session, tokens,
                    h2(session, i == 1 ? sql : replacing(sql, tokens, i, session), request));
        };
    }

    /**
     * After a CREATE or DROP of a schema, table or view ran: the object created is owned by the session's role
     * (docs: user-guide/security-access-control-overview, "the role used to create an object owns it"), one dropped is
     * forgotten with its grants. {@code CREATE ... IF NOT EXISTS} of one that existed keeps its owner.
     */
    private QueryResult recordOwnership(SnowflakeSession session, List<Token> tokens, QueryResult result) {
        Optional<DdlObject> ddl = DdlObject.of(tokens);
        Optional<Directory.Securable> object = ddl.flatMap(d -> Directory.Securable.resolve(d.kind(), d.parts(),
                session.database, session.schema));
        if (object.isEmpty()) {
            return result;
        }
        if (!tokens.get(0).isWord("CREATE")) {
            directory.dropObject(object.get());
        } else if (!ddl.get().conditional() || !directory.known(object.get())) {
            directory.createObject(object.get(), session.role);
        }
        return result;
    }

    /**
     * How a CREATE or DROP begins: {@code CREATE|DROP [modifiers] KIND [IF [NOT] EXISTS] name}, for any kind.
     *
     * @param kindAt      where the kind's word is among the statement's tokens
     * @param temporary   {@code TEMPORARY} or {@code TEMP} among the modifiers
     * @param nameAt      where the object's name starts
     * @param conditional {@code IF [NOT] EXISTS}
     */
    private record DdlHeader(boolean create, int kindAt, boolean temporary, int nameAt, boolean conditional) {

        private static final Set<String> MODIFIERS = Set.of("OR", "REPLACE", "TEMPORARY", "TEMP", "TRANSIENT",
                "LOCAL", "GLOBAL", "VOLATILE", "SECURE");

        static Optional<DdlHeader> of(List<Token> tokens) {
            boolean create = tokens.get(0).isWord("CREATE");
            if (!create && !tokens.get(0).isWord("DROP")) {
                return Optional.empty();
            }
            int i = 1;
            boolean temporary = false;
            while (i < tokens.size() && MODIFIERS.contains(tokens.get(i).upper())) {
                temporary |= tokens.get(i).isWord("TEMPORARY") || tokens.get(i).isWord("TEMP");
                i++;
            }
            if (i + 1 >= tokens.size()) {
                return Optional.empty();
            }
            int nameAt = i + 1;
            boolean conditional = tokens.get(nameAt).isWord("IF");
            if (conditional) {
                nameAt += nameAt + 1 < tokens.size() && tokens.get(nameAt + 1).isWord("NOT") ? 3 : 2;
            }
            return nameAt >= tokens.size() ? Optional.empty()
                    : Optional.of(new DdlHeader(create, i, temporary, nameAt, conditional));
        }

        /** The kind's word, upper-cased: TABLE, VIEW, SCHEMA, SEQUENCE, ... */
        String kind(List<Token> tokens) {
            return tokens.get(kindAt).upper();
        }
    }

    /**
     * The schema, table or view a CREATE or DROP names.
     *
     * @param nameAt      where its name starts among the statement's tokens
     * @param operation   what Snowflake calls the statement in a 090105 or 090106 message
     * @param conditional {@code IF [NOT] EXISTS}
     */
    private record DdlObject(Directory.Kind kind, List<String> parts, int nameAt, String operation,
            boolean conditional) {

        static Optional<DdlObject> of(List<Token> tokens) {
            return DdlHeader.of(tokens).flatMap(header -> {
                String word = header.kind(tokens);
                Directory.Kind kind = switch (word) {
                    case "SCHEMA" -> Directory.Kind.SCHEMA;
                    case "TABLE" -> Directory.Kind.TABLE;
                    case "VIEW" -> Directory.Kind.VIEW;
                    default -> null;
                };
                if (kind == null) {
                    return Optional.empty();
                }
                // Snowflake's own words: "Cannot perform CREATE TABLE." and "CREATE TEMPTABLE."; a DROP is "DROP".
                String operation = !header.create() ? "DROP"
                        : header.temporary() && kind == Directory.Kind.TABLE ? "CREATE TEMPTABLE" : "CREATE " + word;
                return Optional.of(new DdlObject(kind, TableReferences.nameParts(tokens, header.nameAt()),
                        header.nameAt(), operation, header.conditional()));
            });
        }
    }

    /**
     * Snowflake completes a name it is not given whole from the session's current database and schema, and refuses a
     * statement that names an object the session cannot complete: 090105 with no current database, 090106 with no
     * current schema, "Cannot perform SELECT. This session does not have a current database. Call 'USE DATABASE', or
     * use a qualified name." (snowflakedb/snowflake-connector-nodejs#423). Whole names ({@code DB.SCHEMA.T}) need
     * neither, and a statement naming no object ({@code SELECT 1}) runs in any session. Names are read as
     * {@link TableReferences} reads them, and the object an ALTER or COMMENT names; any other statement (ALTER
     * WAREHOUSE, DESCRIBE) is refused without a current database, whole names or not: stricter than Snowflake,
     * never kinder.
     */
    private static void requireNamespace(SnowflakeSession session, List<Token> tokens) {
        String first = tokens.get(0).upper();
        Optional<DdlObject> ddl = DdlObject.of(tokens);
        Optional<Map.Entry<List<String>, Integer>> altered = alteredObject(tokens);
        // Each name as written, with how many parts make it whole: 3 for a table or view, 2 for a schema.
        Map<List<String>, Integer> names = new java.util.LinkedHashMap<>();
        String operation;
        if (ddl.isPresent()) {
            names.put(ddl.get().parts(), ddl.get().kind() == Directory.Kind.SCHEMA ? 2 : 3);
            operation = ddl.get().operation();
        } else if (altered.isPresent()) {
            names.put(altered.get().getKey(), altered.get().getValue());
            operation = first;
        } else if (List.of("SELECT", "WITH", "VALUES", "(", "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE")
                .contains(first)) {
            // A query is a SELECT to Snowflake however it starts: WITH, VALUES, (SELECT ...) UNION ...
            operation = List.of("WITH", "VALUES", "(").contains(first) ? "SELECT" : first;
        } else {
            if (session.database == null) {
                throw StandInSqlException.noActiveDatabase(first);
            }
            return;
        }
        TableReferences.of(tokens).forEach(reference -> names.putIfAbsent(reference.parts(), 3));
        if (session.database == null && names.entrySet().stream().anyMatch(n -> n.getKey().size() < n.getValue())) {
            throw StandInSqlException.noActiveDatabase(operation);
        }
        // A table's name (a column's too) leaves its schema out when it has no part before the table's.
        if (session.schema == null && names.entrySet().stream()
                .anyMatch(n -> n.getValue() >= 3 && n.getKey().size() < n.getValue() - 1)) {
            throw StandInSqlException.noActiveSchema(operation);
        }
    }

    /**
     * The object {@code ALTER TABLE|VIEW|SCHEMA [IF EXISTS] name} or {@code COMMENT ON TABLE|VIEW|SCHEMA|COLUMN name}
     * names, as written, with how many parts make its name whole (a column's is its table's and its own: 4).
     */
    private static Optional<Map.Entry<List<String>, Integer>> alteredObject(List<Token> tokens) {
        int i = 1;
        if (tokens.get(0).isWord("COMMENT")) {
            if (tokens.size() < 2 || !tokens.get(i).isWord("ON")) {
                return Optional.empty();
            }
            i++;
        } else if (!tokens.get(0).isWord("ALTER")) {
            return Optional.empty();
        }
        if (i + 1 >= tokens.size()) {
            return Optional.empty();
        }
        int whole = switch (tokens.get(i).upper()) {
            case "TABLE", "VIEW" -> 3;
            case "SCHEMA" -> 2;
            case "COLUMN" -> tokens.get(0).isWord("COMMENT") ? 4 : 0;
            default -> 0;
        };
        int nameAt = i + 1 + (tokens.get(i + 1).isWord("IF") && tokens.get(0).isWord("ALTER") ? 2 : 0);
        return whole == 0 || nameAt >= tokens.size() ? Optional.empty()
                : Optional.of(Map.entry(TableReferences.nameParts(tokens, nameAt), whole));
    }

    /**
     * Fails as Snowflake does for a table or view the session's role may not use, exactly as for one that does not
     * exist (002003): USAGE on its database and schema and the privilege the statement needs on it (SELECT to read;
     * INSERT, UPDATE, DELETE or TRUNCATE on the table written; ownership carries all). Tables come from
     * {@link TableReferences}; one the directory does not know is not checked.
     */
    private void authorise(SnowflakeSession session, List<Token> tokens) {
        for (TableReferences.Reference reference : TableReferences.of(tokens)) {
            List<String> parts = reference.parts();
            Optional<Directory.Securable> table = Directory.Securable.resolve(Directory.Kind.TABLE, parts,
                    session.database, session.schema);
            if (table.isEmpty()) {
                continue;
            }
            Directory.Securable object = directory.known(table.get()) ? table.get()
                    : new Directory.Securable(Directory.Kind.VIEW, table.get().name());
            if (!directory.known(object)) {
                continue;
            }
            String[] names = object.name().split("\\.", 3);
            if (!directory.mayUseNamespace(session.role, names[0], names[1])
                    || !directory.mayAccess(session.role, object, reference.privilege())) {
                throw StandInSqlException.tableDoesNotExist(String.join(".", parts));
            }
        }
    }

    /**
     * Fails as Snowflake does for a CREATE or DROP of a schema, table or view the session's role may not perform
     * (docs: sql/create-table, sql/create-view, sql/create-schema, sql/drop-table, sql/drop-view, "Access control
     * requirements"). A CREATE needs USAGE on the namespace it creates in (else 002003, as for one that is not there)
     * and CREATE TABLE, CREATE VIEW or CREATE SCHEMA on it, or its ownership, else 003001 "Insufficient privileges to
     * operate on schema 'S'" (a temporary table needs no CREATE privilege). A DROP, and the drop a CREATE OR REPLACE
     * makes, need ownership of an object that exists: a role that holds some other privilege on it gets 003001 naming
     * it, one that holds none 002003; so does an ALTER of a table, view or schema (docs: sql/alter-table, "Access
     * control requirements": OWNERSHIP). Checked before IF [NOT] EXISTS looks for the object (Snowflake may instead
     * answer as for an object that is not there): stricter than Snowflake may be, never kinder. Objects and
     * namespaces the directory was never told of are not checked.
     */
    private void authoriseDdl(SnowflakeSession session, List<Token> tokens) {
        if (tokens.get(0).isWord("ALTER")) {
            alteredObject(tokens).filter(altered -> altered.getValue() <= 3).ifPresent(altered -> {
                Directory.Kind kind = Directory.Kind.valueOf(tokens.get(1).upper());
                Directory.Securable.resolve(kind, altered.getKey(), session.database, session.schema)
                        .ifPresent(object -> requireOwnership(session, object, altered.getKey()));
            });
            return;
        }
        Optional<DdlObject> ddl = DdlObject.of(tokens);
        Optional<Directory.Securable> resolved = ddl.flatMap(d -> Directory.Securable.resolve(d.kind(), d.parts(),
                session.database, session.schema));
        if (resolved.isEmpty()) {
            return;
        }
        Directory.Securable object = resolved.get();
        boolean create = tokens.get(0).isWord("CREATE");
        boolean replaces = create && tokens.get(1).isWord("OR");
        if (!create || replaces) {
            requireOwnership(session, object, ddl.get().parts());
        }
        boolean temporaryTable = DdlHeader.of(tokens).orElseThrow().temporary()
                && object.kind() == Directory.Kind.TABLE;
        if (!create || temporaryTable) {
            return;
        }
        String[] names = object.name().split("\\.");
        boolean schema = object.kind() == Directory.Kind.SCHEMA;
        Directory.Securable namespace = schema ? new Directory.Securable(Directory.Kind.DATABASE, names[0])
                : new Directory.Securable(Directory.Kind.SCHEMA, names[0] + "." + names[1]);
        if (!directory.known(namespace)) {
            return;
        }
        if (!directory.mayUseNamespace(session.role, names[0], schema ? null : names[1])) {
            throw StandInSqlException.doesNotExist(namespace.name());
        }
        if (!directory.mayAccess(session.role, namespace, "CREATE " + object.kind())) {
            throw StandInSqlException.insufficientPrivileges(lowerCase(namespace.kind()), lastName(namespace));
        }
    }

    /** An object that exists may be dropped, replaced or altered by its owner only; {@code written}: its name. */
    private void requireOwnership(SnowflakeSession session, Directory.Securable object, List<String> written) {
        if (!directory.known(object) || directory.ownsObject(session.role, object)) {
            return;
        }
        if (!directory.seesObject(session.role, object)) {
            String named = String.join(".", written);
            throw object.kind() == Directory.Kind.SCHEMA ? StandInSqlException.doesNotExist(named)
                    : StandInSqlException.tableDoesNotExist(named);
        }
        throw StandInSqlException.insufficientPrivileges(lowerCase(object.kind()), lastName(object));
    }

    private static String lowerCase(Directory.Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** An object's own name, without its database and schema, as Snowflake's 003001 messages name it. */
    private static String lastName(Directory.Securable object) {
        return object.name().substring(object.name().lastIndexOf('.') + 1);
    }

    /**
     * {@code CREATE OR REPLACE}: drops what it replaces, with its grants (Snowflake keeps them only with COPY GRANTS),
     * and gives the statement to run in its place, a plain {@code CREATE}. Not atomic as Snowflake's is: a CREATE
     * that fails once the drop is done leaves nothing, which no test can mistake for success.
     */
    private String replacing(String sql, List<Token> tokens, int kindIndex, SnowflakeSession session) {
        // Before anything is dropped: a CREATE that cannot run must leave the old object as it was, and Snowflake
        // names the CREATE it could not perform.
        requireNamespace(session, tokens);
        if (WarehouseCommands.needsWarehouse(tokens)) {
            warehouseCommands.requireCurrent(session);
        }
        authoriseDdl(session, tokens);
        DdlObject replaced = DdlObject.of(tokens).orElseThrow(() -> StandInSqlException.unsupported(
                "CREATE OR REPLACE " + tokens.get(kindIndex).upper()));
        String drop = "DROP " + replaced.kind() + " IF EXISTS " + qualifiedName(tokens, replaced.nameAt()) + " CASCADE";
        try (Statement statement = session.h2.createStatement()) {
            String translated = SqlTranslator.toH2(drop, context(session));
            Optional<Directory.Securable> object = Directory.Securable.resolve(replaced.kind(), replaced.parts(),
                    session.database, session.schema);
            ddlLock.run(() -> object.isPresent()
                    ? SurvivingViews.dropping(session.h2, object.get(), () -> statement.execute(translated))
                    : statement.execute(translated));
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
        recordOwnership(session, SqlLexer.significant(drop), null);
        return sql.substring(0, tokens.get(1).position()) + sql.substring(tokens.get(kindIndex).position());
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
            throw StandInSqlException.unsupported("more than one database (this stand-in serves " + database + ")");
        }
        if (!ifNotExists) {
            throw StandInSqlException.alreadyExists(name);
        }
        return status(StatementTypes.DDL, name + " already exists, statement succeeded.");
    }

    private QueryResult h2(SnowflakeSession session, String sql, Wire.QueryRequest request) {
        List<Token> tokens = SqlLexer.significant(sql);
        String first = tokens.get(0).upper();
        requireNamespace(session, tokens);
        Optional<Directory.Securable> dropped = dropped(session, tokens);
        String translated = SqlTranslator.toH2(sql, context(session));
        if (dropped.isPresent() && !tokens.get(tokens.size() - 1).isWord("CASCADE")
                && !tokens.get(tokens.size() - 1).isWord("RESTRICT")) {
            // Snowflake's default; SurvivingViews puts back the views H2 takes with it.
            translated += " CASCADE";
        }
        try (PreparedStatement statement = session.h2.prepareStatement(translated)) {
            // Compiled first, as Snowflake compiles before it looks for compute: a missing table is 002003 either way,
            // and so is one the role may not use.
            authorise(session, tokens);
            authoriseDdl(session, tokens);
            if (WarehouseCommands.needsWarehouse(tokens)) {
                warehouseCommands.requireCurrent(session);
            }
            Bindings.apply(statement, sql, request.bindings(),
                    java.time.ZoneId.of(String.valueOf(session.parameters.get(SessionParameters.TIMEZONE))));
            session.running = statement;
            boolean hasRows;
            // For CREATE ... IF NOT EXISTS and DROP ... IF EXISTS: whether the object was there, which decides the line.
            java.util.concurrent.atomic.AtomicBoolean existed = new java.util.concurrent.atomic.AtomicBoolean();
            Optional<Directory.Securable> conditional = DdlObject.of(tokens).filter(DdlObject::conditional)
                    .flatMap(d -> Directory.Securable.resolve(d.kind(), d.parts(), session.database, session.schema));
            try {
                hasRows = StatementTypes.DDL == statementType(first, false) ? ddlLock.run(() -> {
                    existed.set(conditional.isPresent() && exists(session.h2, conditional.get()));
                    return ddl(session, tokens, dropped, statement);
                }) : JoinedDml.overwrites(tokens) ? overwrite(session, tokens, statement) : statement.execute();
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
                default -> status(type, conditional.isPresent() && existed.get() == tokens.get(0).isWord("CREATE")
                        ? skippedMessage(tokens) : ddlMessage(tokens));
            };
        } catch (SQLException e) {
            throw viewExpansionFailure(session, tokens).orElseGet(() -> H2Errors.map(e));
        }
    }

    /**
     * INSERT OVERWRITE (docs: sql/insert, "OVERWRITE"): the INSERT run, reading the table as it was, then the rows
     * that were there before it deleted (by H2's row ids, which grow), in one transaction, so that a failing INSERT
     * leaves the old rows; in a transaction the session opened, as part of it.
     */
    private boolean overwrite(SnowflakeSession session, List<Token> tokens, PreparedStatement insert)
            throws SQLException {
        int target = TableReferences.target(tokens, "INSERT");
        String table = SqlTranslator.toH2(String.join(".", TableReferences.nameParts(tokens, target).stream()
                .map(part -> "\"" + part.replace("\"", "\"\"") + "\"").toList()), context(session));
        boolean own = session.h2.getAutoCommit();
        session.h2.setAutoCommit(false);
        try (Statement old = session.h2.createStatement()) {
            long last;
            try (ResultSet max = old.executeQuery("SELECT COALESCE(MAX(_ROWID_), -1) FROM " + table)) {
                max.next();
                last = max.getLong(1);
            }
            boolean rows = insert.execute();
            try (PreparedStatement delete = session.h2.prepareStatement(
                    "DELETE FROM " + table + " WHERE _ROWID_ <= ?")) {
                delete.setLong(1, last);
                delete.executeUpdate();
            }
            if (own) {
                session.h2.commit();
            }
            return rows;
        } catch (SQLException | RuntimeException e) {
            if (own) {
                session.h2.rollback();
            }
            throw e;
        } finally {
            session.h2.setAutoCommit(own);
        }
    }

    /** The failure of a statement that reads a view which lost what it reads, if it reads one. */
    private static Optional<StandInSqlException> viewExpansionFailure(SnowflakeSession session, List<Token> tokens) {
        List<Directory.Securable> read = TableReferences.of(tokens).stream()
                .flatMap(reference -> Directory.Securable.resolve(Directory.Kind.VIEW, reference.parts(),
                        session.database, session.schema).stream())
                .toList();
        try {
            return read.isEmpty() ? Optional.empty() : SurvivingViews.expansionFailure(session.h2, read);
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs a DDL statement, under the DDL lock: a DROP keeps the views that read what it drops, and whatever a CREATE
     * or ALTER makes may let a view that lost what it reads read again.
     */
    private static boolean ddl(SnowflakeSession session, List<Token> tokens, Optional<Directory.Securable> dropped,
                               PreparedStatement statement) throws SQLException {
        boolean hasRows = dropped.isPresent()
                ? SurvivingViews.dropping(session.h2, dropped.get(), statement::execute) : statement.execute();
        if (tokens.get(0).isWord("CREATE") || tokens.get(0).isWord("ALTER")) {
            SurvivingViews.revalidate(session.h2);
        }
        Optional<DdlObject> schema = DdlObject.of(tokens).filter(d -> d.kind() == Directory.Kind.SCHEMA);
        if (tokens.get(0).isWord("CREATE") && schema.isPresent()) {
            // H2 finds a function in the current schema only: the new schema gets the stand-in's functions too.
            try (Statement setup = session.h2.createStatement()) {
                StandInFunctions.createIn(setup, schema.get().parts().getLast());
            }
        }
        return hasRows;
    }

    /** The table, view or schema a DROP statement names, as the directory names it. */
    private static Optional<Directory.Securable> dropped(SnowflakeSession session, List<Token> tokens) {
        return tokens.get(0).isWord("DROP") ? DdlObject.of(tokens).flatMap(d -> Directory.Securable.resolve(d.kind(),
                d.parts(), session.database, session.schema)) : Optional.empty();
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

    /** The status line of a DDL statement: what Snowflake answers for a CREATE or DROP, else its generic line. */
    private static String ddlMessage(List<Token> tokens) {
        return DdlHeader.of(tokens).flatMap(header -> {
            String kind = header.kind(tokens);
            String name = lastPart(tokens, header.nameAt());
            if (!header.create()) {
                return Optional.of(name + " successfully dropped.");
            }
            return List.of("TABLE", "VIEW", "SCHEMA", "SEQUENCE").contains(kind) ? Optional.of(kind.charAt(0)
                    + kind.substring(1).toLowerCase(Locale.ROOT) + " " + name + " successfully created.")
                    : Optional.empty();
        }).orElse("Statement executed successfully.");
    }

    /**
     * The line of a CREATE ... IF NOT EXISTS of an object that is there, or a DROP ... IF EXISTS of one that is not,
     * as Snowflake words it (and as it does for users, roles and warehouses, see {@link UserCommands}).
     */
    private static String skippedMessage(List<Token> tokens) {
        DdlHeader header = DdlHeader.of(tokens).orElseThrow();
        String name = lastPart(tokens, header.nameAt());
        return header.create() ? name + " already exists, statement succeeded."
                : "Drop statement executed successfully (" + name + " already dropped).";
    }

    /** Whether a schema, table or view is there now, as the session sees it (its temporary tables included). */
    private static boolean exists(Connection h2, Directory.Securable object) throws SQLException {
        String[] names = object.name().split("\\.", 3);
        boolean schema = object.kind() == Directory.Kind.SCHEMA;
        try (PreparedStatement lookup = h2.prepareStatement(schema
                ? "SELECT 1 FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?"
                : "SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            lookup.setString(1, names[1]);
            if (!schema) {
                lookup.setString(2, names[2]);
            }
            try (ResultSet rows = lookup.executeQuery()) {
                return rows.next();
            }
        }
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
                return resultTables.materialise(session, queryId);
            }

            @Override
            public String flowResultTable(int n) {
                int index = session.flowResults.size() - n;
                if (n < 1 || index < 0) {
                    throw new StandInSqlException("002003", "02000",
                            "SQL compilation error:\nObject '$" + n + "' does not exist or not authorized.");
                }
                String table = ResultTables.TABLE_PREFIX + "FLOW_" + index;
                resultTables.materialise(session, table, session.flowResults.get(index));
                return table;
            }

            @Override
            public String queryHistoryTable(String function, String qualifier, Map<String, String> arguments) {
                return queryHistory(session, function, qualifier, arguments, this);
            }

            @Override
            public String database() {
                return database;
            }

            @Override
            public String accountUsageTable(String view) {
                return accountUsage.view(session, view);
            }

            @Override
            public String loginFailureDetails(String failureId) {
                // Administrators with MONITOR on the account only (docs: functions/system_get_login_failure_details).
                if (!directory.closure(session.role).contains(Directory.ACCOUNTADMIN)) {
                    throw new StandInSqlException("003001", "42501",
                            "SQL access control error:\nInsufficient privileges to operate on account '" + session.account + "'");
                }
                return loginFailures.details(failureId).orElse(null);
            }

            @Override
            public boolean semiStructuredColumn(String column) {
                return SqlEngine.semiStructuredColumn(session.h2, column);
            }

            @Override
            public Quotients.Type columnType(String column) {
                return SqlEngine.columnType(session.h2, column);
            }

            @Override
            public List<String> tableColumns(String schema, String table) {
                return SqlEngine.tableColumns(session.h2, schema, table);
            }
        };
    }

    /** A table's column names in order, in {@code schema} or the session's current one; empty when there is none. */
    private static List<String> tableColumns(Connection h2, String schema, String table) {
        try (PreparedStatement query = h2.prepareStatement("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            query.setString(1, schema != null ? schema : h2.getSchema());
            query.setString(2, table);
            List<String> columns = new java.util.ArrayList<>();
            try (ResultSet found = query.executeQuery()) {
                while (found.next()) {
                    columns.add(found.getString(1));
                }
            }
            return columns;
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
    }

    /** Whether every column named {@code column} in the account's tables is a VARIANT, OBJECT or ARRAY. */
    private static boolean semiStructuredColumn(Connection h2, String column) {
        try (PreparedStatement query = h2.prepareStatement("SELECT DISTINCT COALESCE(DOMAIN_NAME, '') IN (?, ?, ?)"
                + " FROM INFORMATION_SCHEMA.COLUMNS WHERE COLUMN_NAME = ? AND TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
            query.setString(1, SqlTranslator.VARIANT_DOMAIN);
            query.setString(2, SqlTranslator.OBJECT_DOMAIN);
            query.setString(3, SqlTranslator.ARRAY_DOMAIN);
            query.setString(4, column);
            try (ResultSet found = query.executeQuery()) {
                return found.next() && found.getBoolean(1) && !found.next();
            }
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
    }

    /**
     * The Snowflake numeric type of the columns named {@code column} in the account's tables, when they all have the
     * same one: INT and its synonyms are NUMBER(38,0) in Snowflake (docs: data-types-numeric), H2's doubles FLOAT.
     */
    private static Quotients.Type columnType(Connection h2, String column) {
        Set<Quotients.Type> types = new java.util.HashSet<>();
        try (PreparedStatement query = h2.prepareStatement("SELECT DISTINCT DATA_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE"
                + " FROM INFORMATION_SCHEMA.COLUMNS WHERE COLUMN_NAME = ? AND TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
            query.setString(1, column);
            try (ResultSet found = query.executeQuery()) {
                while (found.next()) {
                    types.add(switch (found.getString(1)) {
                        case "TINYINT", "SMALLINT", "INTEGER", "BIGINT" -> Quotients.Type.number(38, 0);
                        case "NUMERIC", "DECIMAL" -> Quotients.Type.number(found.getInt(2), found.getInt(3));
                        case "REAL", "DOUBLE PRECISION", "FLOAT", "DECFLOAT" -> Quotients.Type.FLOAT;
                        default -> null;
                    });
                }
            }
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
        return types.size() == 1 ? types.iterator().next() : null;
    }


    static String name(List<Token> tokens, int at) {
        if (at >= tokens.size()) {
            throw StandInSqlException.syntax(tokens.get(tokens.size() - 1).position(), "<EOF>");
        }
        Token token = tokens.get(at);
        if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED) {
            throw StandInSqlException.syntax(token.position(), token.text());
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
            throw new StandInSqlException("000900", "42000", "SQL compilation error:\nEmpty SQL statement.");
        }
        String trimmed = sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed;
    }

    /**
     * {@code [db.]INFORMATION_SCHEMA.QUERY_HISTORY[_BY_USER|_BY_SESSION](...)} as documented (functions/query_history):
     * INFORMATION_SCHEMA resolves against the session's current database (none: 090105, unless qualified);
     * RESULT_LIMIT defaults to 100 and may not exceed 10,000; USER_NAME defaults to the current user and SESSION_ID to
     * the current session; END_TIME_RANGE_START/END keep statements that ended in that range (with an end, running
     * ones are left out).
     */
    private String queryHistory(SnowflakeSession session, String function, String qualifier,
                                Map<String, String> arguments, SqlTranslator.Context context) {
        String db = qualifier != null ? qualifier : session.database;
        if (db == null) {
            throw StandInSqlException.noActiveDatabase("SELECT");
        }
        if (!db.equals(database)) {
            throw StandInSqlException.doesNotExist(db + ".INFORMATION_SCHEMA");
        }
        Set<String> allowed = new java.util.HashSet<>(List.of("RESULT_LIMIT", "END_TIME_RANGE_START", "END_TIME_RANGE_END"));
        switch (function) {
            case "QUERY_HISTORY_BY_USER" -> allowed.add("USER_NAME");
            case "QUERY_HISTORY_BY_SESSION" -> allowed.add("SESSION_ID");
            default -> {
            }
        }
        for (String name : arguments.keySet()) {
            if (!allowed.contains(name)) {
                throw new StandInSqlException("001044", "42P13", "SQL compilation error: error line 1 at position 0\n"
                        + "Invalid argument types for function '" + function + "': unknown argument " + name + ".");
            }
        }
        int limit = ResultTables.DEFAULT_HISTORY_LIMIT;
        if (arguments.containsKey("RESULT_LIMIT")) {
            long requested = ((Number) evaluate(session, arguments.get("RESULT_LIMIT"), context)).longValue();
            // The documented range is 1 to 10,000; the wording is the stand-in's (not checked against Snowflake).
            if (requested > ResultTables.MAX_HISTORY_LIMIT) {
                throw new StandInSqlException("002029", "22023",
                        "SQL compilation error:\nValue for parameter RESULT_LIMIT exceeds maximum allowable value (10,000).");
            }
            if (requested < 1) {
                throw new StandInSqlException("002029", "22023",
                        "SQL compilation error:\nValue for parameter RESULT_LIMIT is below minimum allowable value (1).");
            }
            limit = (int) requested;
        }
        String user = null;
        if (function.equals("QUERY_HISTORY_BY_USER") && arguments.containsKey("USER_NAME")) {
            user = Identifiers.normalize(String.valueOf(evaluate(session, arguments.get("USER_NAME"), context)));
            if (!user.equals(session.user) && !directory.closure(session.role).contains(Directory.ACCOUNTADMIN)) {
                // Another user's statements are not visible to this role: the function answers none of them.
                user = "\u0000";
            }
        }
        Long sessionId = null;
        if (function.equals("QUERY_HISTORY_BY_SESSION")) {
            sessionId = arguments.containsKey("SESSION_ID")
                    ? ((Number) evaluate(session, arguments.get("SESSION_ID"), context)).longValue() : session.id;
        }
        java.time.Instant from = arguments.containsKey("END_TIME_RANGE_START")
                ? instant(evaluate(session, arguments.get("END_TIME_RANGE_START"), context)) : null;
        java.time.Instant until = arguments.containsKey("END_TIME_RANGE_END")
                ? instant(evaluate(session, arguments.get("END_TIME_RANGE_END"), context)) : null;
        return resultTables.queryHistory(session, new ResultTables.HistoryFilter(user, sessionId, from, until), limit);
    }

    /** A constant argument, evaluated on the session's own H2 connection. */
    private static Object evaluate(SnowflakeSession session, String expression, SqlTranslator.Context context) {
        try (Statement statement = session.h2.createStatement();
             ResultSet value = statement.executeQuery("SELECT " + SqlTranslator.toH2(expression, context))) {
            value.next();
            Object result = value.getObject(1);
            if (result == null) {
                throw StandInSqlException.invalidValue(expression, "a constant is expected");
            }
            return result;
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
    }

    private static java.time.Instant instant(Object value) {
        return switch (value) {
            case java.time.OffsetDateTime offset -> offset.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            case java.time.LocalDateTime local -> local.atZone(java.time.ZoneId.systemDefault()).toInstant();
            default -> throw StandInSqlException.invalidValue("END_TIME_RANGE", "a timestamp is expected");
        };
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
