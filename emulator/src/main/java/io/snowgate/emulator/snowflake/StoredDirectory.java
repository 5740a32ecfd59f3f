package io.snowgate.emulator.snowflake;

import java.util.List;
import java.util.Map;

/**
 * The Snowflake stand-in's users, roles, privileges on users and warehouses, as exported to be restored in another run
 * ({@code local up --state-dir}): public keys, workload identities and grants, never any private material. Tables and
 * their rows are not kept. Times are ISO-8601 instants, so the form is plain JSON; a state written before warehouses
 * were kept reads as having none (the stand-in's own {@link SnowflakeStandIn#DEFAULT_WAREHOUSE} stays).
 * {@code objectPrivileges} holds, per warehouse, database and schema ({@code "WAREHOUSE NAME"}, {@code "DATABASE
 * NAME"}, {@code "SCHEMA DB.NAME"}), the roles holding each privilege, {@code OWNERSHIP} naming its owner; a warehouse
 * it does not list (a state written before they were kept) is owned by SYSADMIN. Tables and their grants are not kept.
 */
public record StoredDirectory(List<User> users, List<Role> roles, Map<String, Map<String, List<String>>> userPrivileges,
                              List<String> warehouses, Map<String, Map<String, List<String>>> objectPrivileges) {

    public StoredDirectory {
        users = users == null ? List.of() : List.copyOf(users);
        roles = roles == null ? List.of() : List.copyOf(roles);
        userPrivileges = userPrivileges == null ? Map.of() : Map.copyOf(userPrivileges);
        warehouses = warehouses == null ? List.of() : List.copyOf(warehouses);
        objectPrivileges = objectPrivileges == null ? Map.of() : Map.copyOf(objectPrivileges);
    }

    /** Nothing stored. */
    public static StoredDirectory empty() {
        return new StoredDirectory(List.of(), List.of(), Map.of(), List.of(), Map.of());
    }

    /** One user; {@code rsaPublicKey} and {@code rsaPublicKey2} are the slots' base64 bodies, or null. */
    public record User(String name, String type, String loginName, String displayName, String comment,
                       String defaultRole, String defaultWarehouse, String defaultNamespace, boolean disabled,
                       String owner, String rsaPublicKey, String rsaPublicKey2, List<Identity> workloadIdentities,
                       List<String> roles) {
        public User {
            workloadIdentities = workloadIdentities == null ? List.of() : List.copyOf(workloadIdentities);
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /** One workload identity of a user. */
    public record Identity(String name, String arn, String issuer, String createdOn) {
    }

    /** One role, its owner (null for the system roles) and the roles granted to it. */
    public record Role(String name, String owner, List<String> granted) {
        public Role {
            granted = granted == null ? List.of() : List.copyOf(granted);
        }
    }
}
