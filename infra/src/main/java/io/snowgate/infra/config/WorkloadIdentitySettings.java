package io.snowgate.infra.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Workload identity mode (context {@code auth=workload-identity}): no secret, no key; each function's execution role
 * is the identity a Snowflake service user trusts, and these plain settings reach the functions as environment
 * variables.
 *
 * @param account   the Snowflake account identifier
 * @param user      the service user the roles sign in as (an unquoted identifier)
 * @param warehouse optional session warehouse
 * @param database  optional session database
 * @param schema    optional session schema
 * @param role      optional session role
 * @param method    how the roles are proved
 * @param issuer    the AWS account's outbound web identity issuer, for the Snowflake statements (JWT method only)
 */
public record WorkloadIdentitySettings(String account, String user, Optional<String> warehouse,
                                       Optional<String> database, Optional<String> schema, Optional<String> role,
                                       AttestationMethod method, Optional<String> issuer) {

    public WorkloadIdentitySettings {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(warehouse, "warehouse");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(issuer, "issuer");
    }
}
