package io.snowgate.emulator.snowflake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Users, roles and the grants between them, modelled as Snowflake does for what key-pair auth needs: every user and
 * role has an owner role; privileges on a user are granted to roles; roles are granted to users and to other roles,
 * and a role inherits what its granted roles hold. Also the account's securable objects that queries need: warehouses,
 * the database, its schemas, and their tables and views ({@link Securable}), each owned by the role that created it
 * and usable by the roles holding a privilege on it.
 *
 * <p>Access follows Snowflake's role hierarchy (docs: user-guide/security-access-control-overview, "Role hierarchy and
 * privilege inheritance"; user-guide/security-access-control-considerations): the active role may use an object when
 * it, or a role granted to it directly or through others, owns the object (OWNERSHIP carries every privilege) or
 * holds the privilege. ACCOUNTADMIN inherits SECURITYADMIN and SYSADMIN, so it reaches an object a custom role owns
 * only when that role is granted to SYSADMIN (or to ACCOUNTADMIN), as the docs recommend and warn. Secondary roles are
 * not modelled: only the session's primary role and what it inherits count (Snowflake's DEFAULT_SECONDARY_ROLES
 * would add the user's other roles). Objects the directory was never told of (internal tables, ACCOUNT_USAGE views)
 * are not checked. Names are stored normalised (see {@link Identifiers}). Thread-safe: every method synchronises on
 * the directory.
 */
final class Directory {

    static final String ACCOUNTADMIN = "ACCOUNTADMIN";
    static final String SECURITYADMIN = "SECURITYADMIN";
    static final String USERADMIN = "USERADMIN";
    static final String SYSADMIN = "SYSADMIN";
    static final String PUBLIC = "PUBLIC";
    static final String MODIFY_AUTH_METHODS = "MODIFY PROGRAMMATIC AUTHENTICATION METHODS";
    static final String OWNERSHIP = "OWNERSHIP";
    /**
     * The SNOWFLAKE database's roles that open the ACCOUNT_USAGE views the stand-in has (docs:
     * sql-reference/snowflake-db-roles): granted to account roles with {@code GRANT DATABASE ROLE}, held here as roles
     * by their qualified names.
     */
    static final String USAGE_VIEWER = "SNOWFLAKE.USAGE_VIEWER";
    static final String SECURITY_VIEWER = "SNOWFLAKE.SECURITY_VIEWER";
    /**
     * IMPORTED PRIVILEGES on the SNOWFLAKE database, held as a role that inherits every SNOWFLAKE database role: what
     * the grant gives (docs: sql-reference/account-usage, "Enabling the SNOWFLAKE database usage for other roles").
     * Its name is no identifier SQL can spell unquoted, and revoking it leaves database roles granted on their own.
     */
    static final String SNOWFLAKE_IMPORTED_PRIVILEGES = "SNOWFLAKE.IMPORTED PRIVILEGES";

    /** The kinds of securable object the directory knows besides users and roles. */
    enum Kind {
        WAREHOUSE, DATABASE, SCHEMA, TABLE, VIEW
    }

    /**
     * One securable object: a warehouse or database by its name, a schema as {@code DB.SCHEMA}, a table or view as
     * {@code DB.SCHEMA.NAME}, each part normalised.
     */
    record Securable(Kind kind, String name) {

        /**
         * The object a name as written denotes, completed from the session's current database and schema as
         * Snowflake resolves it ({@code S.T} in the current database, {@code T} in the current schema); empty when
         * the session lacks what the name leaves out.
         */
        static Optional<Securable> resolve(Kind kind, List<String> parts, String database, String schema) {
            int depth = switch (kind) {
                case WAREHOUSE, DATABASE -> 1;
                case SCHEMA -> 2;
                case TABLE, VIEW -> 3;
            };
            List<String> full = new ArrayList<>(parts);
            if (depth == 3 && full.size() == 1) {
                full.add(0, schema);
            }
            if (depth >= 2 && full.size() == depth - 1) {
                full.add(0, database);
            }
            if (full.size() != depth || full.contains(null)) {
                return Optional.empty();
            }
            return Optional.of(new Securable(kind, String.join(".", full)));
        }
    }

    /** An object's owner role and the roles holding each privilege on it. Mutable under the directory's lock only. */
    private static final class Grants {
        String owner;
        final Map<String, Set<String>> privileges = new TreeMap<>();

        Grants(String owner) {
            this.owner = owner;
        }
    }

    /** One user. Mutable under the directory's lock only. */
    static final class User {
        final String name;
        String type = "PERSON";
        String loginName;
        String displayName;
        String comment;
        String defaultRole;
        String defaultWarehouse;
        String defaultNamespace;
        boolean disabled;
        String owner;
        final PublicKeys.RegisteredKey[] keys = new PublicKeys.RegisteredKey[2];
        /** By name, {@value WorkloadIdentity#DEFAULT} (the WORKLOAD_IDENTITY property) first. */
        final Map<String, WorkloadIdentity> workloadIdentities = new LinkedHashMap<>();
        final Set<String> roles = new HashSet<>();

        User(String name, String owner) {
            this.name = name;
            // Login names are case-insensitive (CREATE USER, LOGIN_NAME): a quoted lower-case name signs in too.
            this.loginName = name.toUpperCase(java.util.Locale.ROOT);
            this.displayName = name;
            this.owner = owner;
        }
    }

    private static final class Role {
        final String owner;
        final Set<String> granted = new HashSet<>();

        Role(String owner) {
            this.owner = owner;
        }
    }

    private final Map<String, User> users = new TreeMap<>();
    private final Map<String, Role> roles = new LinkedHashMap<>();
    /** Privileges on users: user name to privilege to the roles holding it. */
    private final Map<String, Map<String, Set<String>>> userPrivileges = new TreeMap<>();
    /**
     * Owners and privileges of warehouses, databases, schemas, tables and views; the account's warehouses are those
     * here (names only: nothing suspends, resizes or queues).
     */
    private final Map<Securable, Grants> objects = new LinkedHashMap<>();
    /** Parameters set for the whole account ({@code ALTER ACCOUNT SET}): every new session starts from them. */
    private final Map<String, Object> accountParameters = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    synchronized void setAccountParameter(String name, Object value) {
        accountParameters.put(name, value);
    }

    synchronized Map<String, Object> accountParameters() {
        return Map.copyOf(accountParameters);
    }

    Directory() {
        roles.put(ACCOUNTADMIN, new Role(null));
        roles.put(SECURITYADMIN, new Role(null));
        roles.put(USERADMIN, new Role(null));
        roles.put(SYSADMIN, new Role(null));
        roles.put(PUBLIC, new Role(null));
        roles.put(USAGE_VIEWER, new Role(null));
        roles.put(SECURITY_VIEWER, new Role(null));
        roles.put(SNOWFLAKE_IMPORTED_PRIVILEGES, new Role(null));
        roles.get(SNOWFLAKE_IMPORTED_PRIVILEGES).granted.addAll(Set.of(USAGE_VIEWER, SECURITY_VIEWER));
        roles.get(ACCOUNTADMIN).granted.addAll(Set.of(SECURITYADMIN, SYSADMIN));
        roles.get(SECURITYADMIN).granted.add(USERADMIN);
    }

    /** The users, roles and privileges on users, to be loaded by another stand-in ({@link #load}). */
    synchronized StoredDirectory stored() {
        List<StoredDirectory.User> storedUsers = new ArrayList<>();
        for (User user : users.values()) {
            List<StoredDirectory.Identity> identities = user.workloadIdentities.values().stream()
                    .map(w -> new StoredDirectory.Identity(w.name(), w.arn().toString(), w.issuer().orElse(null),
                            w.createdOn().toString()))
                    .toList();
            storedUsers.add(new StoredDirectory.User(user.name, user.type, user.loginName, user.displayName,
                    user.comment, user.defaultRole, user.defaultWarehouse, user.defaultNamespace, user.disabled,
                    user.owner, user.keys[0] == null ? null : user.keys[0].body(),
                    user.keys[1] == null ? null : user.keys[1].body(), identities, new TreeSet<>(user.roles).stream()
                            .toList()));
        }
        List<StoredDirectory.Role> storedRoles = new ArrayList<>();
        roles.forEach((name, role) -> storedRoles.add(new StoredDirectory.Role(name, role.owner,
                new TreeSet<>(role.granted).stream().toList())));
        Map<String, Map<String, List<String>>> privileges = new TreeMap<>();
        userPrivileges.forEach((user, byPrivilege) -> {
            Map<String, List<String>> held = new TreeMap<>();
            byPrivilege.forEach((privilege, holders) -> held.put(privilege, new TreeSet<>(holders).stream().toList()));
            privileges.put(user, held);
        });
        Map<String, Map<String, List<String>>> onObjects = new TreeMap<>();
        objects.forEach((object, grants) -> {
            if (object.kind() != Kind.TABLE && object.kind() != Kind.VIEW) {
                Map<String, List<String>> held = new TreeMap<>();
                if (grants.owner != null) {
                    held.put(OWNERSHIP, List.of(grants.owner));
                }
                grants.privileges.forEach((privilege, holders) -> held.put(privilege,
                        new TreeSet<>(holders).stream().toList()));
                onObjects.put(object.kind() + " " + object.name(), held);
            }
        });
        return new StoredDirectory(storedUsers, storedRoles, privileges, warehouses(), onObjects);
    }

    /**
     * Replaces every user and privilege on users with {@code stored}, and adds its roles and warehouses to those there
     * are, after checking all of it: a bad public key or ARN changes nothing.
     *
     * @throws IllegalArgumentException naming the user whose key or workload identity cannot be read
     */
    synchronized void load(StoredDirectory stored) {
        Map<String, User> loaded = new TreeMap<>();
        for (StoredDirectory.User kept : stored.users()) {
            User user = new User(kept.name(), kept.owner());
            user.type = kept.type();
            user.loginName = kept.loginName();
            user.displayName = kept.displayName();
            user.comment = kept.comment();
            user.defaultRole = kept.defaultRole();
            user.defaultWarehouse = kept.defaultWarehouse();
            user.defaultNamespace = kept.defaultNamespace();
            user.disabled = kept.disabled();
            try {
                user.keys[0] = kept.rsaPublicKey() == null ? null : PublicKeys.parse(kept.rsaPublicKey());
                user.keys[1] = kept.rsaPublicKey2() == null ? null : PublicKeys.parse(kept.rsaPublicKey2());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("stored user " + kept.name() + ": " + e.getMessage(), e);
            }
            for (StoredDirectory.Identity identity : kept.workloadIdentities()) {
                io.snowgate.emulator.sts.AwsArn arn = io.snowgate.emulator.sts.AwsArn.parse(identity.arn())
                        .orElseThrow(() -> new IllegalArgumentException("stored user " + kept.name()
                                + ": workload identity " + identity.name() + " has no valid ARN"));
                user.workloadIdentities.put(identity.name(), new WorkloadIdentity(identity.name(), arn,
                        Optional.ofNullable(identity.issuer()), java.time.Instant.parse(identity.createdOn()), null));
            }
            user.roles.addAll(kept.roles());
            loaded.put(user.name, user);
        }
        users.clear();
        users.putAll(loaded);
        for (StoredDirectory.Role kept : stored.roles()) {
            Role role = roles.computeIfAbsent(kept.name(), name -> new Role(kept.owner()));
            role.granted.addAll(kept.granted());
        }
        userPrivileges.clear();
        stored.userPrivileges().forEach((user, byPrivilege) -> byPrivilege.forEach((privilege, holders) ->
                userPrivileges.computeIfAbsent(user, u -> new TreeMap<>())
                        .computeIfAbsent(privilege, p -> new HashSet<>()).addAll(holders)));
        for (String warehouse : stored.warehouses()) {
            objects.putIfAbsent(warehouse(warehouse), new Grants(SYSADMIN));
        }
        // Grants on the warehouses, and on a database and schema this stand-in has too (tables are not kept).
        stored.objectPrivileges().forEach((key, held) -> {
            String[] kindAndName = key.split(" ", 2);
            Securable object = new Securable(Kind.valueOf(kindAndName[0]), kindAndName[1]);
            if (objects.containsKey(object)) {
                Grants grants = new Grants(held.getOrDefault(OWNERSHIP, List.of(SYSADMIN)).get(0));
                held.forEach((privilege, holders) -> {
                    if (!privilege.equals(OWNERSHIP)) {
                        grants.privileges.computeIfAbsent(privilege, p -> new HashSet<>()).addAll(holders);
                    }
                });
                objects.put(object, grants);
            }
        });
    }

    synchronized boolean warehouseExists(String name) {
        return objects.containsKey(warehouse(name));
    }

    /** Adds a warehouse owned by {@code ownerRole}; false when one of that name already exists. */
    synchronized boolean createWarehouse(String name, String ownerRole) {
        return objects.putIfAbsent(warehouse(name), new Grants(ownerRole)) == null;
    }

    /** Removes a warehouse; false when there was none of that name. */
    synchronized boolean dropWarehouse(String name) {
        return objects.remove(warehouse(name)) != null;
    }

    private static Securable warehouse(String name) {
        return new Securable(Kind.WAREHOUSE, name);
    }

    /**
     * Records {@code object} as created by {@code ownerRole}, with no privileges granted on it yet: a replaced object
     * is a new one (Snowflake's CREATE OR REPLACE drops the old object and its grants, unless COPY GRANTS).
     */
    synchronized void createObject(Securable object, String ownerRole) {
        objects.put(object, new Grants(ownerRole));
    }

    /** Forgets {@code object}, and for a schema every table and view in it. */
    synchronized void dropObject(Securable object) {
        objects.remove(object);
        if (object.kind() == Kind.SCHEMA) {
            objects.keySet().removeIf(o -> (o.kind() == Kind.TABLE || o.kind() == Kind.VIEW)
                    && o.name().startsWith(object.name() + "."));
        }
    }

    synchronized boolean known(Securable object) {
        return objects.containsKey(object);
    }

    /** The tables (not views) of schema {@code DB.SCHEMA} that exist now. */
    synchronized List<Securable> tablesIn(String schema) {
        return objects.keySet().stream()
                .filter(o -> o.kind() == Kind.TABLE && o.name().startsWith(schema + ".")
                        && o.name().indexOf('.', schema.length() + 1) < 0)
                .toList();
    }

    /** Whether the active {@code role} owns {@code object}, directly or through an inherited role. */
    synchronized boolean ownsObject(String role, Securable object) {
        Grants grants = objects.get(object);
        return grants != null && reaches(role, grants.owner);
    }

    /**
     * Whether the active {@code role} may use {@code object} with {@code privilege}: it owns it or holds the privilege
     * through its hierarchy. An object the directory does not know is not checked (true).
     */
    synchronized boolean mayAccess(String role, Securable object, String privilege) {
        Grants grants = objects.get(object);
        return grants == null || ownsOrHolds(role, grants, privilege::equals);
    }

    /**
     * Whether the active {@code role} holds any privilege on a known {@code object} (ownership among them), so that
     * Snowflake shows it the object: a statement it may not run then fails for want of privileges, not as for an
     * object that is not there.
     */
    synchronized boolean seesObject(String role, Securable object) {
        Grants grants = objects.get(object);
        return grants != null && ownsOrHolds(role, grants, privilege -> true);
    }

    /** Whether the active {@code role} owns an object with {@code grants} or holds one of the privileges named. */
    private boolean ownsOrHolds(String role, Grants grants, java.util.function.Predicate<String> privileges) {
        Set<String> active = closure(role);
        return grants.owner != null && active.contains(grants.owner)
                || grants.privileges.entrySet().stream().anyMatch(held -> privileges.test(held.getKey())
                        && held.getValue().stream().anyMatch(active::contains));
    }

    /**
     * Whether {@code role} may make {@code name} its current warehouse: it exists and the role holds USAGE on it or
     * owns it (docs: user-guide/security-access-control-privileges, virtual warehouse privileges: USAGE "enables using
     * a virtual warehouse and, as a result, executing queries on the warehouse").
     */
    synchronized boolean mayUseWarehouse(String role, String name) {
        return name != null && warehouseExists(name) && mayAccess(role, warehouse(name), "USAGE");
    }

    /**
     * Whether {@code role} may use database {@code database} and, when not null, its schema {@code schema}: USAGE (or
     * ownership) on each, as Snowflake requires to resolve any object inside them (docs:
     * user-guide/security-access-control-privileges, database and schema USAGE).
     */
    synchronized boolean mayUseNamespace(String role, String database, String schema) {
        return mayAccess(role, new Securable(Kind.DATABASE, database), "USAGE")
                && (schema == null || mayAccess(role, new Securable(Kind.SCHEMA, database + "." + schema), "USAGE"));
    }

    /** Grants {@code privilege} on a known {@code object} to {@code role}; OWNERSHIP transfers the object. */
    synchronized void grantOnObject(String privilege, Securable object, String role) {
        requireRole(role);
        Grants grants = objects.get(object);
        if (grants == null) {
            throw StandInSqlException.doesNotExist(object.name());
        }
        if (privilege.equals(OWNERSHIP)) {
            grants.owner = role;
        } else {
            grants.privileges.computeIfAbsent(privilege, p -> new HashSet<>()).add(role);
        }
    }

    synchronized void revokeOnObject(String privilege, Securable object, String role) {
        Grants grants = objects.get(object);
        if (grants != null) {
            grants.privileges.getOrDefault(privilege, new HashSet<>()).remove(role);
        }
    }

    synchronized List<String> warehouses() {
        return objects.keySet().stream().filter(o -> o.kind() == Kind.WAREHOUSE).map(Securable::name).sorted().toList();
    }

    synchronized Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    /**
     * The user who signs in as {@code loginName} (compared upper-cased): Snowflake authenticates by {@code LOGIN_NAME},
     * which defaults to the user's name but may differ from it.
     */
    synchronized Optional<String> userByLoginName(String loginName) {
        String wanted = loginName.toUpperCase(java.util.Locale.ROOT);
        return users.values().stream().filter(u -> u.loginName.equals(wanted)).map(u -> u.name).findFirst();
    }

    /** The users with a workload identity that admits {@code presented}. */
    synchronized java.util.List<String> usersAdmitting(io.snowgate.emulator.sts.AwsArn presented) {
        return users.values().stream()
                .filter(u -> u.workloadIdentities.values().stream().anyMatch(w -> w.arn().admits(presented)))
                .map(u -> u.name).toList();
    }

    /** Whether another user than {@code except} already signs in as {@code loginName}. */
    synchronized boolean loginNameTaken(String loginName, String except) {
        String wanted = loginName.toUpperCase(java.util.Locale.ROOT);
        return users.values().stream().anyMatch(u -> u.loginName.equals(wanted) && !u.name.equals(except));
    }

    synchronized boolean roleExists(String name) {
        return roles.containsKey(name);
    }

    synchronized User createUser(String name, String ownerRole) {
        if (users.containsKey(name) || loginNameTaken(name, null)) {
            throw StandInSqlException.alreadyExists(name);
        }
        User user = new User(name, ownerRole);
        users.put(name, user);
        return user;
    }

    synchronized void dropUser(String name) {
        users.remove(name);
        userPrivileges.remove(name);
    }

    synchronized void createRole(String name, String ownerRole) {
        if (roles.containsKey(name)) {
            throw StandInSqlException.alreadyExists(name);
        }
        roles.put(name, new Role(ownerRole));
    }

    synchronized void dropRole(String name) {
        roles.remove(name);
        roles.values().forEach(role -> role.granted.remove(name));
        users.values().forEach(user -> user.roles.remove(name));
    }

    synchronized void grantRoleToUser(String role, String user) {
        requireRole(role);
        requireUser(user).roles.add(role);
    }

    synchronized void revokeRoleFromUser(String role, String user) {
        requireUser(user).roles.remove(role);
    }

    synchronized void grantRoleToRole(String role, String parent) {
        requireRole(role);
        requireRole(parent);
        roles.get(parent).granted.add(role);
    }

    synchronized void revokeRoleFromRole(String role, String parent) {
        requireRole(parent);
        roles.get(parent).granted.remove(role);
    }

    synchronized void grantOnUser(String privilege, String user, String role) {
        requireUser(user);
        requireRole(role);
        userPrivileges.computeIfAbsent(user, u -> new TreeMap<>())
                .computeIfAbsent(privilege, p -> new HashSet<>()).add(role);
    }

    synchronized void revokeOnUser(String privilege, String user, String role) {
        requireUser(user);
        userPrivileges.getOrDefault(user, Map.of()).getOrDefault(privilege, new HashSet<>()).remove(role);
    }

    synchronized void transferUserOwnership(String user, String role) {
        requireRole(role);
        requireUser(user).owner = role;
    }

    /** Whether {@code user} may activate {@code role}: PUBLIC, or a role granted to it directly or through others. */
    synchronized boolean mayUseRole(String user, String role) {
        User u = users.get(user);
        if (u == null || !roles.containsKey(role)) {
            return false;
        }
        if (role.equals(PUBLIC)) {
            return true;
        }
        for (String direct : u.roles) {
            if (closure(direct).contains(role)) {
                return true;
            }
        }
        return false;
    }

    /** The role and every role it inherits, PUBLIC included. */
    synchronized Set<String> closure(String role) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(role);
        while (!todo.isEmpty()) {
            String next = todo.removeFirst();
            if (seen.add(next) && roles.containsKey(next)) {
                todo.addAll(roles.get(next).granted);
            }
        }
        seen.add(PUBLIC);
        return seen;
    }

    /** Whether the active {@code role} owns {@code user}, directly or through an inherited role. */
    synchronized boolean owns(String role, String user) {
        User u = users.get(user);
        return u != null && reaches(role, u.owner);
    }

    synchronized boolean ownsRole(String activeRole, String role) {
        Role r = roles.get(role);
        return r != null && reaches(activeRole, r.owner);
    }

    /** Whether the active {@code role} is {@code owner} or inherits it: what owning through the hierarchy means. */
    private boolean reaches(String role, String owner) {
        return owner != null && closure(role).contains(owner);
    }

    /**
     * Whether the active {@code role} holds MANAGE GRANTS, which lets it grant and revoke on any object, user or role
     * it does not own: SECURITYADMIN, and ACCOUNTADMIN through it (docs: sql/grant-privilege, access control).
     */
    synchronized boolean managesGrants(String role) {
        return closure(role).contains(SECURITYADMIN);
    }

    /** Whether the active {@code role} holds {@code privilege} on {@code user}, or owns the user. */
    synchronized boolean holds(String role, String privilege, String user) {
        if (owns(role, user)) {
            return true;
        }
        Set<String> holders = userPrivileges.getOrDefault(user, Map.of()).getOrDefault(privilege, Set.of());
        Set<String> active = closure(role);
        return holders.stream().anyMatch(active::contains);
    }

    /** Whether the active role holds any privilege on {@code user} (what makes the user visible to it). */
    synchronized boolean seesUser(String role, String user) {
        if (owns(role, user)) {
            return true;
        }
        Set<String> active = closure(role);
        return userPrivileges.getOrDefault(user, Map.of()).values().stream()
                .anyMatch(holders -> holders.stream().anyMatch(active::contains));
    }

    /** Runs {@code change} on the user under the directory lock. */
    synchronized void update(String user, Consumer<User> change) {
        change.accept(requireUser(user));
    }

    /** Reads from the user under the directory lock. */
    synchronized <T> T read(String user, Function<User, T> reader) {
        return reader.apply(requireUser(user));
    }

    private User requireUser(String name) {
        User user = users.get(name);
        if (user == null) {
            throw StandInSqlException.doesNotExist(name);
        }
        return user;
    }

    private void requireRole(String name) {
        if (!roles.containsKey(name)) {
            throw StandInSqlException.doesNotExist(name);
        }
    }
}
