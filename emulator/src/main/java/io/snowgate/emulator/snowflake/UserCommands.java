package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import io.snowgate.emulator.snowflake.Wire.Column;
import io.snowgate.emulator.snowflake.Wire.QueryResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The account-level SQL of key-pair auth: CREATE/ALTER/DESC/DROP USER, CREATE/DROP ROLE, and GRANT/REVOKE of roles
 * and of privileges on users, with Snowflake's privilege checks against the session's active role.
 */
final class UserCommands {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static final Set<String> KEY_PROPERTIES = Set.of("RSA_PUBLIC_KEY", "RSA_PUBLIC_KEY_2");
    private static final String WORKLOAD_IDENTITY = "WORKLOAD_IDENTITY";
    /** The database Snowflake shares into every account, holding ACCOUNT_USAGE. */
    private static final String SNOWFLAKE_DATABASE = "SNOWFLAKE";
    /** What only a role with MODIFY PROGRAMMATIC AUTHENTICATION METHODS on the user (or its owner) may change. */
    private static final Set<String> AUTHENTICATION_PROPERTIES =
            Set.of("RSA_PUBLIC_KEY", "RSA_PUBLIC_KEY_2", WORKLOAD_IDENTITY);
    private static final Set<String> USER_PROPERTIES = Set.of("TYPE", "LOGIN_NAME", "DISPLAY_NAME", "COMMENT",
            "DEFAULT_ROLE", "DEFAULT_WAREHOUSE", "DEFAULT_NAMESPACE", "DISABLED", "RSA_PUBLIC_KEY", "RSA_PUBLIC_KEY_2",
            "PASSWORD", "DEFAULT_SECONDARY_ROLES", "MUST_CHANGE_PASSWORD", "EMAIL", "FIRST_NAME", "LAST_NAME",
            WORKLOAD_IDENTITY);
    private static final Set<String> USER_TYPES = Set.of("PERSON", "SERVICE", "LEGACY_SERVICE");

    /** A parenthesised property value, {@code WORKLOAD_IDENTITY = ( ... )}: the tokens inside. */
    private record Parenthesised(List<Token> tokens) {
    }

    private final Directory directory;
    private final java.util.Optional<String> trustedIssuer;
    private final java.time.Clock clock;

    /**
     * @param trustedIssuer an issuer workload identities may name besides AWS's (the local STS the stand-in trusts)
     * @param clock         when workload identities are created
     */
    UserCommands(Directory directory, java.util.Optional<String> trustedIssuer, java.time.Clock clock) {
        this.directory = directory;
        this.trustedIssuer = trustedIssuer;
        this.clock = clock;
    }

    QueryResult createUser(SnowflakeSession session, List<Token> tokens) {
        ObjectHeaders.Create header = ObjectHeaders.Create.read(tokens);
        String name = header.name();
        Map<String, Object> properties = properties(tokens, header.nameAt() + 1);
        if (!directory.closure(session.role).contains(Directory.USERADMIN)) {
            throw new StandInSqlException("003001", "42501",
                    "SQL access control error:\nInsufficient privileges to operate on account '" + session.account + "'");
        }
        if (directory.user(name).isPresent()) {
            if (header.ifNotExists()) {
                return SqlEngine.status(StatementTypes.DDL, name + " already exists, statement succeeded.");
            }
            if (!header.orReplace()) {
                throw StandInSqlException.alreadyExists(name);
            }
            requireOwnership(session, name);
            directory.dropUser(name);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        properties.forEach((property, value) -> values.put(property, value(property, value)));
        validateType(values);
        requireServiceForWorkloadIdentity(values.get("TYPE"), values);
        requireFreeLoginName(values, name);
        Directory.User user = directory.createUser(name, session.role);
        directory.update(name, u -> values.forEach((property, value) -> set(u, property, value)));
        return SqlEngine.status(StatementTypes.DDL, "User " + user.name + " successfully created.");
    }

    QueryResult alterUser(SnowflakeSession session, List<Token> tokens) {
        ObjectHeaders.Existing header = ObjectHeaders.Existing.read(tokens);
        String name = header.name();
        int i = header.nameAt();
        if (directory.user(name).isEmpty() || !visible(session, name)) {
            if (header.ifExists()) {
                return SqlEngine.status(StatementTypes.DDL, "Statement executed successfully.");
            }
            throw StandInSqlException.doesNotExist(name);
        }
        if (i + 1 >= tokens.size()) {
            throw StandInSqlException.syntax(tokens.get(i).position(), "<EOF>");
        }
        Token action = tokens.get(i + 1);
        if (action.isWord("ADD") || action.isWord("REMOVE")) {
            return changeWorkloadIdentity(session, name, tokens, i + 1);
        }
        if (action.isWord("SET")) {
            Map<String, Object> properties = properties(tokens, i + 2);
            Map<String, Object> values = new LinkedHashMap<>();
            properties.forEach((property, value) -> {
                authorise(session, name, property);
                values.put(property, value(property, value));
            });
            validateType(values);
            requireServiceForWorkloadIdentity(values.containsKey("TYPE") ? values.get("TYPE")
                    : directory.read(name, u -> u.type), values);
            requireFreeLoginName(values, name);
            directory.update(name, u -> values.forEach((property, value) -> set(u, property, value)));
        } else if (action.isWord("UNSET")) {
            List<String> names = new ArrayList<>();
            for (int k = i + 2; k < tokens.size(); k++) {
                if (!tokens.get(k).isSymbol(",")) {
                    String property = tokens.get(k).upper();
                    if (!USER_PROPERTIES.contains(property)) {
                        throw StandInSqlException.invalidIdentifier(property);
                    }
                    authorise(session, name, property);
                    names.add(property);
                }
            }
            directory.update(name, u -> names.forEach(property -> set(u, property, null)));
        } else {
            throw StandInSqlException.unsupported("ALTER USER " + action.upper());
        }
        return SqlEngine.status(StatementTypes.DDL, "Statement executed successfully.");
    }

    QueryResult describeUser(SnowflakeSession session, List<Token> tokens) {
        String name = SqlEngine.name(tokens, 2);
        if (directory.user(name).isEmpty() || !(name.equals(session.user) || visible(session, name))) {
            throw StandInSqlException.doesNotExist(name);
        }
        List<List<String>> rows = directory.read(name, u -> {
            List<List<String>> r = new ArrayList<>();
            r.add(row("NAME", u.name, null, "Name"));
            r.add(row("COMMENT", u.comment, null, "user comment associated to an object in the dictionary"));
            r.add(row("DISPLAY_NAME", u.displayName, null, "Display name of the associated object"));
            r.add(row("TYPE", u.type, null, "Type of the user"));
            r.add(row("LOGIN_NAME", u.loginName, null, "Login name of the user"));
            r.add(row("DISABLED", Boolean.toString(u.disabled), "false", "Whether the user is disabled"));
            r.add(row("DEFAULT_WAREHOUSE", u.defaultWarehouse, null, "Default warehouse for this user"));
            r.add(row("DEFAULT_NAMESPACE", u.defaultNamespace, null, "Default database namespace prefix for this user"));
            r.add(row("DEFAULT_ROLE", u.defaultRole, null, "Primary Default role for this user"));
            r.add(row("RSA_PUBLIC_KEY", keyBody(u, 0), null, "RSA public key of the user"));
            r.add(row("RSA_PUBLIC_KEY_FP", keyFingerprint(u, 0), null, "Fingerprint of user's RSA public key."));
            r.add(row("RSA_PUBLIC_KEY_2", keyBody(u, 1), null, "Second RSA public key of the user"));
            r.add(row("RSA_PUBLIC_KEY_2_FP", keyFingerprint(u, 1), null, "Fingerprint of user's second RSA public key."));
            WorkloadIdentity federated = u.workloadIdentities.get(WorkloadIdentity.DEFAULT);
            r.add(row(WORKLOAD_IDENTITY, federated == null ? null : "TYPE=" + WorkloadIdentity.AWS + " ARN="
                    + federated.arn() + federated.issuer().map(issuer -> " ISSUER=" + issuer).orElse(""), null,
                    "Workload identity the user authenticates with (SHOW USER WORKLOAD IDENTITY AUTHENTICATION"
                            + " METHODS lists all)"));
            return r;
        });
        List<Column> columns = new ArrayList<>();
        for (String column : List.of("property", "value", "default", "description")) {
            columns.add(new Column(column, "", "", "", "text", null, null, ResultEncoder.MAX_TEXT_LENGTH,
                    ResultEncoder.MAX_TEXT_LENGTH, true, null));
        }
        return new QueryResult(columns, rows, StatementTypes.DESCRIBE);
    }

    QueryResult createRole(SnowflakeSession session, List<Token> tokens) {
        ObjectHeaders.Create header = ObjectHeaders.Create.read(tokens);
        String name = header.name();
        if (!directory.closure(session.role).contains(Directory.USERADMIN)) {
            throw new StandInSqlException("003001", "42501",
                    "SQL access control error:\nInsufficient privileges to operate on account '" + session.account + "'");
        }
        if (directory.roleExists(name)) {
            if (header.ifNotExists()) {
                return SqlEngine.status(StatementTypes.DDL, name + " already exists, statement succeeded.");
            }
            throw StandInSqlException.alreadyExists(name);
        }
        directory.createRole(name, session.role);
        return SqlEngine.status(StatementTypes.DDL, "Role " + name + " successfully created.");
    }

    QueryResult drop(SnowflakeSession session, List<Token> tokens) {
        boolean user = tokens.get(1).isWord("USER");
        ObjectHeaders.Existing header = ObjectHeaders.Existing.read(tokens);
        String name = header.name();
        boolean exists = user ? directory.user(name).isPresent() : directory.roleExists(name);
        if (!exists) {
            if (header.ifExists()) {
                return SqlEngine.status(StatementTypes.DDL, "Drop statement executed successfully (" + name + " already dropped).");
            }
            throw StandInSqlException.doesNotExist(name);
        }
        if (user) {
            requireOwnership(session, name);
            directory.dropUser(name);
        } else {
            if (!directory.ownsRole(session.role, name)) {
                throw StandInSqlException.insufficientPrivileges("role", name);
            }
            directory.dropRole(name);
        }
        return SqlEngine.status(StatementTypes.DDL, name + " successfully dropped.");
    }

    /**
     * {@code GRANT|REVOKE ROLE r TO|FROM USER u|ROLE p} and {@code GRANT|REVOKE <privilege> ON USER u TO|FROM ROLE r}
     * ({@code OWNERSHIP} transfers the user).
     */
    QueryResult grant(SnowflakeSession session, List<Token> tokens) {
        boolean grant = tokens.get(0).isWord("GRANT");
        String direction = grant ? "TO" : "FROM";
        if (tokens.size() > 2 && tokens.get(1).isWord("DATABASE") && tokens.get(2).isWord("ROLE")) {
            return grantDatabaseRole(session, tokens, grant);
        }
        if (tokens.size() > 1 && tokens.get(1).isWord("ROLE")) {
            String role = SqlEngine.name(tokens, 2);
            expect(tokens, 3, direction);
            String granteeKind = SqlEngine.name(tokens, 4);
            String grantee = SqlEngine.name(tokens, 5);
            if (!directory.roleExists(role)) {
                throw StandInSqlException.doesNotExist(role);
            }
            if (!directory.ownsRole(session.role, role) && !directory.managesGrants(session.role)) {
                throw StandInSqlException.insufficientPrivileges("role", role);
            }
            switch (granteeKind) {
                case "USER" -> {
                    if (grant) {
                        directory.grantRoleToUser(role, grantee);
                    } else {
                        directory.revokeRoleFromUser(role, grantee);
                    }
                }
                case "ROLE" -> {
                    if (grant) {
                        directory.grantRoleToRole(role, grantee);
                    } else {
                        directory.revokeRoleFromRole(role, grantee);
                    }
                }
                default -> throw StandInSqlException.syntax(tokens.get(4).position(), tokens.get(4).text());
            }
            return SqlEngine.status(StatementTypes.DDL, "Statement executed successfully.");
        }
        int on = 1;
        while (on < tokens.size() && !tokens.get(on).isWord("ON")) {
            on++;
        }
        if (on == 1 || on + 4 >= tokens.size()) {
            Token at = tokens.get(Math.min(on, tokens.size() - 1));
            throw StandInSqlException.syntax(at.position(), at.text());
        }
        List<String> privileges = new ArrayList<>();
        StringBuilder privilegeWords = new StringBuilder();
        for (int k = 1; k <= on; k++) {
            if (k == on || tokens.get(k).isSymbol(",")) {
                privileges.add(privilegeWords.toString());
                privilegeWords.setLength(0);
            } else {
                privilegeWords.append(privilegeWords.isEmpty() ? "" : " ").append(tokens.get(k).upper());
            }
        }
        if (!tokens.get(on + 1).isWord("USER")) {
            return grantOnObject(session, tokens, on, privileges, grant);
        }
        if (privileges.size() != 1) {
            throw StandInSqlException.unsupported("several privileges on a user");
        }
        String privilege = privileges.get(0);
        String user = SqlEngine.name(tokens, on + 2);
        expect(tokens, on + 3, direction);
        expect(tokens, on + 4, "ROLE");
        String role = SqlEngine.name(tokens, on + 5);
        if (directory.user(user).isEmpty() || !visible(session, user)) {
            throw StandInSqlException.doesNotExist(user);
        }
        if (!directory.owns(session.role, user) && !directory.managesGrants(session.role)) {
            throw StandInSqlException.insufficientPrivileges("user", user);
        }
        if (!directory.roleExists(role)) {
            throw StandInSqlException.doesNotExist(role);
        }
        if (privilege.equals("OWNERSHIP")) {
            if (!grant) {
                throw StandInSqlException.unsupported("REVOKE OWNERSHIP");
            }
            directory.transferUserOwnership(user, role);
        } else if (privilege.equals(Directory.MODIFY_AUTH_METHODS) || privilege.equals("MONITOR")) {
            if (grant) {
                directory.grantOnUser(privilege, user, role);
            } else {
                directory.revokeOnUser(privilege, user, role);
            }
        } else {
            throw StandInSqlException.unsupported("privilege " + privilege + " on a user");
        }
        return SqlEngine.status(StatementTypes.DDL, "Statement executed successfully.");
    }

    /**
     * {@code GRANT|REVOKE DATABASE ROLE SNOWFLAKE.<name> TO|FROM ROLE r}: the SNOWFLAKE database's roles, those the
     * directory has ({@link Directory#USAGE_VIEWER}, {@link Directory#SECURITY_VIEWER}), granted by a role with MANAGE
     * GRANTS (docs: sql/grant-database-role; the SNOWFLAKE database is ACCOUNTADMIN's), to account roles only.
     */
    private QueryResult grantDatabaseRole(SnowflakeSession session, List<Token> tokens, boolean grant) {
        List<String> parts = TableReferences.nameParts(tokens, 3);
        String role = String.join(".", parts);
        int at = 3 + 2 * parts.size() - 1;
        expect(tokens, at, grant ? "TO" : "FROM");
        expect(tokens, at + 1, "ROLE");
        String grantee = SqlEngine.name(tokens, at + 2);
        if (parts.size() != 2 || !directory.roleExists(role)) {
            throw StandInSqlException.doesNotExist(role);
        }
        return grantSnowflakeRole(session, role, grantee, grant);
    }

    /**
     * Gives or takes one of the SNOWFLAKE database's roles ({@code role}, as the directory holds it) to or from the
     * account role {@code grantee}: only a role that manages grants may, the SNOWFLAKE database being ACCOUNTADMIN's.
     */
    private QueryResult grantSnowflakeRole(SnowflakeSession session, String role, String grantee, boolean grant) {
        if (!directory.managesGrants(session.role)) {
            throw StandInSqlException.insufficientPrivileges("database", SNOWFLAKE_DATABASE);
        }
        if (!directory.roleExists(grantee)) {
            throw StandInSqlException.doesNotExist(grantee);
        }
        if (grant) {
            directory.grantRoleToRole(role, grantee);
        } else {
            directory.revokeRoleFromRole(role, grantee);
        }
        return SqlEngine.status(StatementTypes.DDL, "Statement executed successfully.");
    }

    /**
     * {@code GRANT|REVOKE IMPORTED PRIVILEGES ON DATABASE SNOWFLAKE TO|FROM ROLE r}: the one privilege the shared
     * SNOWFLAKE database takes, opening every ACCOUNT_USAGE view (docs: sql-reference/account-usage, "Enabling the
     * SNOWFLAKE database usage for other roles"); given by ACCOUNTADMIN, whose database it is, or another role with
     * MANAGE GRANTS, as the database roles are.
     */
    private QueryResult grantImportedPrivileges(SnowflakeSession session, List<String> privileges, String role,
                                                boolean grant) {
        for (String privilege : privileges) {
            if (!privilege.equals("IMPORTED PRIVILEGES")) {
                throw StandInSqlException.unsupported((grant ? "GRANT " : "REVOKE ") + privilege
                        + " ON the imported database " + SNOWFLAKE_DATABASE + " (it takes IMPORTED PRIVILEGES)");
            }
        }
        return grantSnowflakeRole(session, Directory.SNOWFLAKE_IMPORTED_PRIVILEGES, role, grant);
    }

    /** The privileges each kind of object takes here besides OWNERSHIP (docs: security-access-control-privileges). */
    private static final Map<Directory.Kind, Set<String>> OBJECT_PRIVILEGES = Map.of(
            Directory.Kind.WAREHOUSE, Set.of("USAGE", "OPERATE", "MONITOR", "MODIFY"),
            Directory.Kind.DATABASE, Set.of("USAGE", "MONITOR", "CREATE SCHEMA"),
            Directory.Kind.SCHEMA, Set.of("USAGE", "MONITOR", "CREATE TABLE", "CREATE VIEW"),
            Directory.Kind.TABLE, Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES"),
            Directory.Kind.VIEW, Set.of("SELECT", "REFERENCES"));

    /**
     * {@code GRANT|REVOKE <privilege>[, ...] ON WAREHOUSE w | DATABASE d | SCHEMA [d.]s | TABLE|VIEW [[d.]s.]t |
     * ALL TABLES IN SCHEMA [d.]s TO|FROM ROLE r}. Who may: the object's owner (through its hierarchy) or a role with
     * MANAGE GRANTS, which SECURITYADMIN holds and ACCOUNTADMIN inherits (docs: sql/grant-privilege, access control
     * requirements); any other role is refused with 003001. ALL TABLES grants on the tables that exist now only
     * (docs: sql/grant-privilege, "ALL ... grants the privilege on all existing objects"); FUTURE grants are not
     * modelled.
     */
    private QueryResult grantOnObject(SnowflakeSession session, List<Token> tokens, int on, List<String> privileges,
                                      boolean grant) {
        int at = on + 1;
        boolean all = tokens.get(at).isWord("ALL");
        Directory.Kind kind;
        if (all) {
            expect(tokens, at + 1, "TABLES");
            expect(tokens, at + 2, "IN");
            expect(tokens, at + 3, "SCHEMA");
            kind = Directory.Kind.SCHEMA;
            at += 4;
        } else {
            try {
                kind = Directory.Kind.valueOf(tokens.get(at).upper());
            } catch (IllegalArgumentException e) {
                throw StandInSqlException.unsupported("GRANT ON " + tokens.get(at).upper());
            }
            at++;
        }
        List<String> parts = TableReferences.nameParts(tokens, at);
        at += 2 * parts.size() - 1;
        expect(tokens, at, grant ? "TO" : "FROM");
        expect(tokens, at + 1, "ROLE");
        String role = SqlEngine.name(tokens, at + 2);
        if (kind == Directory.Kind.DATABASE && !all && parts.equals(List.of(SNOWFLAKE_DATABASE))) {
            return grantImportedPrivileges(session, privileges, role, grant);
        }
        Directory.Securable object = Directory.Securable.resolve(kind, parts, session.database, session.schema)
                .orElseThrow(() -> StandInSqlException.doesNotExist(String.join(".", parts)));
        if (!directory.known(object)) {
            throw StandInSqlException.doesNotExist(String.join(".", parts));
        }
        if (!directory.ownsObject(session.role, object) && !directory.managesGrants(session.role)) {
            throw StandInSqlException.insufficientPrivileges(kind.name().toLowerCase(Locale.ROOT), object.name());
        }
        if (!directory.roleExists(role)) {
            throw StandInSqlException.doesNotExist(role);
        }
        List<Directory.Securable> targets = all ? directory.tablesIn(object.name()) : List.of(object);
        Directory.Kind targetKind = all ? Directory.Kind.TABLE : kind;
        for (String privilege : privileges) {
            boolean allPrivileges = privilege.equals("ALL") || privilege.equals("ALL PRIVILEGES");
            if (privilege.equals(Directory.OWNERSHIP) ? !grant || all
                    : !allPrivileges && !OBJECT_PRIVILEGES.get(targetKind).contains(privilege)) {
                throw StandInSqlException.unsupported((grant ? "GRANT " : "REVOKE ") + privilege + " ON "
                        + targetKind);
            }
            for (Directory.Securable target : targets) {
                for (String one : allPrivileges ? OBJECT_PRIVILEGES.get(targetKind) : Set.of(privilege)) {
                    if (grant) {
                        directory.grantOnObject(one, target, role);
                    } else {
                        directory.revokeOnObject(one, target, role);
                    }
                }
            }
        }
        return SqlEngine.status(StatementTypes.DDL, "Statement executed successfully.");
    }

    /**
     * {@code ALTER USER name ADD WORKLOAD IDENTITY id TYPE = AWS ARN = '...' [ISSUER = '...']} and
     * {@code ALTER USER name REMOVE WORKLOAD IDENTITY id}; {@value WorkloadIdentity#DEFAULT} is the
     * {@code WORKLOAD_IDENTITY} property's and cannot be named here (docs: sql/alter-user-add-workload-identity).
     */
    private QueryResult changeWorkloadIdentity(SnowflakeSession session, String user, List<Token> tokens, int at) {
        boolean add = tokens.get(at).isWord("ADD");
        expect(tokens, at + 1, "WORKLOAD");
        expect(tokens, at + 2, "IDENTITY");
        String id = SqlEngine.name(tokens, at + 3);
        authorise(session, user, WORKLOAD_IDENTITY);
        if (id.equals(WorkloadIdentity.DEFAULT)) {
            throw new StandInSqlException("004616", "42601", "SQL compilation error: The workload identity name"
                    + " 'DEFAULT' is reserved for the WORKLOAD_IDENTITY user property; use ALTER USER ... "
                    + (add ? "SET" : "UNSET") + " WORKLOAD_IDENTITY.");
        }
        if (add) {
            WorkloadIdentity identity = WorkloadIdentity.parse(id, tokens, at + 4, tokens.size(), trustedIssuer,
                    clock.instant());
            requireServiceForWorkloadIdentity(directory.read(user, u -> u.type), Map.of(WORKLOAD_IDENTITY, identity));
            directory.update(user, u -> {
                if (u.workloadIdentities.containsKey(id)) {
                    throw StandInSqlException.alreadyExists(id);
                }
                u.workloadIdentities.put(id, identity);
            });
        } else {
            if (at + 4 < tokens.size()) {
                throw StandInSqlException.syntax(tokens.get(at + 4).position(), tokens.get(at + 4).text());
            }
            directory.update(user, u -> {
                if (u.workloadIdentities.remove(id) == null) {
                    throw StandInSqlException.doesNotExist(id);
                }
            });
        }
        return SqlEngine.status(StatementTypes.DDL, "Statement executed successfully.");
    }

    boolean isShowWorkloadIdentities(List<Token> tokens) {
        String[] words = {"SHOW", "USER", "WORKLOAD", "IDENTITY", "AUTHENTICATION", "METHODS"};
        if (tokens.size() < words.length) {
            return false;
        }
        for (int k = 0; k < words.length; k++) {
            if (!tokens.get(k).isWord(words[k])) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code SHOW USER WORKLOAD IDENTITY AUTHENTICATION METHODS [ FOR USER name ]}: one row per workload identity,
     * columns {@code name, type, comment, last_used, created_on, additional_info} (docs:
     * sql/show-user-workload-identity-authentication-methods); another user's needs MONITOR on it (or ownership).
     */
    QueryResult showWorkloadIdentities(SnowflakeSession session, List<Token> tokens) {
        String user = session.user;
        if (tokens.size() > 6) {
            expect(tokens, 6, "FOR");
            expect(tokens, 7, "USER");
            user = SqlEngine.name(tokens, 8);
        }
        String target = user;
        if (directory.user(target).isEmpty() || !(target.equals(session.user)
                || directory.holds(session.role, "MONITOR", target)
                || directory.closure(session.role).contains(Directory.SECURITYADMIN))) {
            throw StandInSqlException.doesNotExist(target);
        }
        List<List<String>> rows = directory.read(target, u -> {
            List<List<String>> r = new ArrayList<>();
            for (WorkloadIdentity identity : u.workloadIdentities.values()) {
                List<String> row = new ArrayList<>();
                row.add(identity.name());
                row.add(WorkloadIdentity.AWS);
                row.add(null);
                row.add(identity.lastUsed() == null ? null
                        : ResultEncoder.epoch(identity.lastUsed().getEpochSecond(), identity.lastUsed().getNano()));
                row.add(ResultEncoder.epoch(identity.createdOn().getEpochSecond(), identity.createdOn().getNano()));
                try {
                    row.add(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(identity.additionalInfo()));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                r.add(row);
            }
            return r;
        });
        List<Column> columns = new ArrayList<>();
        columns.add(text("name"));
        columns.add(text("type"));
        columns.add(text("comment"));
        columns.add(new Column("last_used", "", "", "", "timestamp_ltz", 0, ResultEncoder.TIMESTAMP_SCALE, null,
                null, true, null));
        columns.add(new Column("created_on", "", "", "", "timestamp_ltz", 0, ResultEncoder.TIMESTAMP_SCALE, null,
                null, true, null));
        columns.add(new Column("additional_info", "", "", "", "object", null, null, ResultEncoder.MAX_TEXT_LENGTH,
                ResultEncoder.MAX_TEXT_LENGTH, true, null));
        return new QueryResult(columns, rows, StatementTypes.SHOW);
    }

    private static Column text(String name) {
        return new Column(name, "", "", "", "text", null, null, ResultEncoder.MAX_TEXT_LENGTH,
                ResultEncoder.MAX_TEXT_LENGTH, true, null);
    }

    /** Workload identity federation is for service users (docs: user-guide/workload-identity-federation). */
    private static void requireServiceForWorkloadIdentity(Object type, Map<String, Object> values) {
        if (values.get(WORKLOAD_IDENTITY) != null && !"SERVICE".equals(type)) {
            throw new StandInSqlException("004616", "42601", "SQL compilation error: WORKLOAD_IDENTITY can only be"
                    + " set for users of TYPE = SERVICE.");
        }
    }

    private void authorise(SnowflakeSession session, String user, String property) {
        boolean allowed = AUTHENTICATION_PROPERTIES.contains(property)
                ? directory.holds(session.role, Directory.MODIFY_AUTH_METHODS, user)
                : directory.owns(session.role, user);
        if (!allowed) {
            throw StandInSqlException.insufficientPrivileges("user", user);
        }
    }

    private void requireOwnership(SnowflakeSession session, String user) {
        if (!directory.owns(session.role, user)) {
            throw StandInSqlException.insufficientPrivileges("user", user);
        }
    }

    private boolean visible(SnowflakeSession session, String user) {
        return directory.seesUser(session.role, user)
                || directory.closure(session.role).contains(Directory.SECURITYADMIN);
    }

    /** A login name signs in one user only: another user's name or login name cannot be taken. */
    private void requireFreeLoginName(Map<String, Object> values, String user) {
        Object loginName = values.get("LOGIN_NAME");
        if (loginName == null) {
            return;
        }
        String wanted = String.valueOf(loginName).toUpperCase(Locale.ROOT);
        if (directory.loginNameTaken(wanted, user)
                || (!wanted.equals(user) && directory.user(wanted).isPresent())) {
            throw StandInSqlException.alreadyExists(wanted);
        }
    }

    private static void validateType(Map<String, Object> values) {
        Object type = values.get("TYPE");
        if (type != null && !USER_TYPES.contains(type)) {
            throw StandInSqlException.invalidValue("TYPE", "expected PERSON, SERVICE or LEGACY_SERVICE");
        }
        if ("SERVICE".equals(type) && values.get("PASSWORD") != null) {
            throw new StandInSqlException("002029", "22023",
                    "SQL compilation error:\nProperty 'PASSWORD' is not supported for users of TYPE=SERVICE.");
        }
    }

    /**
     * Parses {@code NAME = value} pairs (commas optional) up to the end of the statement; a parenthesised value
     * ({@code WORKLOAD_IDENTITY = ( ... )}) is a {@link Parenthesised}, every other one a {@link Token}.
     */
    private static Map<String, Object> properties(List<Token> tokens, int from) {
        Map<String, Object> properties = new LinkedHashMap<>();
        int i = from;
        while (i < tokens.size()) {
            if (tokens.get(i).isSymbol(",")) {
                i++;
                continue;
            }
            String property = tokens.get(i).upper();
            if (!USER_PROPERTIES.contains(property)) {
                throw StandInSqlException.invalidIdentifier(property);
            }
            if (i + 2 >= tokens.size() || !tokens.get(i + 1).isSymbol("=")) {
                Token at = tokens.get(Math.min(i + 1, tokens.size() - 1));
                throw StandInSqlException.syntax(at.position(), at.text());
            }
            int valueAt = i + 2;
            if (tokens.get(valueAt).isSymbol("(")) {
                int close = SqlLexer.closing(tokens, valueAt);
                properties.put(property, new Parenthesised(tokens.subList(valueAt + 1, close)));
                i = close + 1;
                continue;
            }
            // DEFAULT_NAMESPACE = DB.SCHEMA is an unquoted dotted name.
            StringBuilder dotted = new StringBuilder(tokens.get(valueAt).text());
            while (valueAt + 2 < tokens.size() && tokens.get(valueAt + 1).isSymbol(".")) {
                dotted.append('.').append(tokens.get(valueAt + 2).text());
                valueAt += 2;
            }
            Token value = tokens.get(i + 2);
            properties.put(property, valueAt == i + 2 ? value : new Token(Kind.WORD, dotted.toString(), value.position()));
            i = valueAt + 1;
        }
        return properties;
    }


    private Object value(String property, Object raw) {
        if (property.equals(WORKLOAD_IDENTITY)) {
            if (!(raw instanceof Parenthesised inner)) {
                Token token = (Token) raw;
                throw StandInSqlException.syntax(token.position(), token.text());
            }
            return WorkloadIdentity.parse(WorkloadIdentity.DEFAULT, inner.tokens(), 0, inner.tokens().size(),
                    trustedIssuer, clock.instant());
        }
        if (raw instanceof Parenthesised inner) {
            Token at = inner.tokens().isEmpty() ? null : inner.tokens().get(0);
            throw StandInSqlException.syntax(at == null ? 0 : at.position(), "(");
        }
        Token token = (Token) raw;
        if (KEY_PROPERTIES.contains(property)) {
            if (token.kind() != Kind.STRING) {
                throw StandInSqlException.syntax(token.position(), token.text());
            }
            try {
                return PublicKeys.parse(token.stringValue());
            } catch (IllegalArgumentException e) {
                throw StandInSqlException.invalidValue(property, e.getMessage());
            }
        }
        return switch (token.kind()) {
            case STRING -> token.stringValue();
            case WORD -> token.isWord("TRUE") || token.isWord("FALSE") ? (Object) Boolean.parseBoolean(token.text())
                    : identifierPath(token.text());
            case QUOTED -> Identifiers.normalize(token.text());
            default -> token.text();
        };
    }

    private static String identifierPath(String text) {
        List<String> parts = new ArrayList<>();
        for (String part : text.split("\\.")) {
            parts.add(Identifiers.normalize(part));
        }
        return String.join(".", parts);
    }

    private static void set(Directory.User user, String property, Object value) {
        String text = value == null ? null : String.valueOf(value);
        switch (property) {
            case "TYPE" -> user.type = value == null ? "PERSON" : text;
            case "LOGIN_NAME" -> user.loginName = (value == null ? user.name : text).toUpperCase(Locale.ROOT);
            case "DISPLAY_NAME" -> user.displayName = text;
            case "COMMENT" -> user.comment = text;
            case "DEFAULT_ROLE" -> user.defaultRole = value == null ? null : Identifiers.normalize(text);
            case "DEFAULT_WAREHOUSE" -> user.defaultWarehouse = value == null ? null : Identifiers.normalize(text);
            case "DEFAULT_NAMESPACE" -> user.defaultNamespace = text;
            case "DISABLED" -> user.disabled = value != null && (Boolean.TRUE.equals(value) || "TRUE".equalsIgnoreCase(text));
            case "RSA_PUBLIC_KEY" -> user.keys[0] = (PublicKeys.RegisteredKey) value;
            case "RSA_PUBLIC_KEY_2" -> user.keys[1] = (PublicKeys.RegisteredKey) value;
            case WORKLOAD_IDENTITY -> {
                if (value == null) {
                    user.workloadIdentities.remove(WorkloadIdentity.DEFAULT);
                } else {
                    // The DEFAULT identity comes first, as SHOW lists it.
                    Map<String, WorkloadIdentity> others = new LinkedHashMap<>(user.workloadIdentities);
                    others.remove(WorkloadIdentity.DEFAULT);
                    user.workloadIdentities.clear();
                    user.workloadIdentities.put(WorkloadIdentity.DEFAULT, (WorkloadIdentity) value);
                    user.workloadIdentities.putAll(others);
                }
            }
            default -> {
                // Accepted for compatibility; not modelled.
            }
        }
    }

    private static void expect(List<Token> tokens, int at, String word) {
        if (at >= tokens.size() || !tokens.get(at).isWord(word)) {
            Token bad = tokens.get(Math.min(at, tokens.size() - 1));
            throw StandInSqlException.syntax(bad.position(), bad.text());
        }
    }

    private static List<String> row(String property, String value, String defaultValue, String description) {
        List<String> row = new ArrayList<>();
        row.add(property);
        row.add(value == null ? "null" : value);
        row.add(defaultValue == null ? "null" : defaultValue);
        row.add(description);
        return row;
    }

    private static String keyBody(Directory.User user, int slot) {
        return user.keys[slot] == null ? null : user.keys[slot].body();
    }

    private static String keyFingerprint(Directory.User user, int slot) {
        return user.keys[slot] == null ? null : user.keys[slot].fingerprint();
    }
}
