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
 * and a role inherits what its granted roles hold. Also the account's warehouses, by name only (privileges on them are
 * not modelled, as on tables: any role may use any warehouse). Names are stored normalised (see {@link Identifiers}).
 * Thread-safe: every method synchronises on the directory.
 */
final class Directory {

    static final String ACCOUNTADMIN = "ACCOUNTADMIN";
    static final String SECURITYADMIN = "SECURITYADMIN";
    static final String USERADMIN = "USERADMIN";
    static final String SYSADMIN = "SYSADMIN";
    static final String PUBLIC = "PUBLIC";
    static final String MODIFY_AUTH_METHODS = "MODIFY PROGRAMMATIC AUTHENTICATION METHODS";

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
    /** The account's warehouses (names only: nothing suspends, resizes or queues). */
    private final Set<String> warehouses = new TreeSet<>();
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
        return new StoredDirectory(storedUsers, storedRoles, privileges, List.copyOf(warehouses));
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
        warehouses.addAll(stored.warehouses());
    }

    synchronized boolean warehouseExists(String name) {
        return warehouses.contains(name);
    }

    /** Adds a warehouse; false when one of that name already exists. */
    synchronized boolean createWarehouse(String name) {
        return warehouses.add(name);
    }

    /** Removes a warehouse; false when there was none of that name. */
    synchronized boolean dropWarehouse(String name) {
        return warehouses.remove(name);
    }

    synchronized List<String> warehouses() {
        return List.copyOf(warehouses);
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
        return u != null && u.owner != null && closure(role).contains(u.owner);
    }

    synchronized boolean ownsRole(String activeRole, String role) {
        Role r = roles.get(role);
        return r != null && r.owner != null && closure(activeRole).contains(r.owner);
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
