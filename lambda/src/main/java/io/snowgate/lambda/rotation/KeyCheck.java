package io.snowgate.lambda.rotation;

import io.snowgate.lambda.query.QueryCompilation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A key that signed in: which user and account it signed in as, its fingerprint, and where {@code DESC USER} has it.
 *
 * @param user              the user from the secret
 * @param jwtAccount        the account identifier put in the JWT
 * @param fingerprint       the key's {@code SHA256:...} fingerprint
 * @param keys              the user's two slots, empty when {@code DESC USER} was refused
 * @param describeErrorCode Snowflake's error code when {@code DESC USER} was refused
 * @param context           the secret's role, warehouse, database and schema, each checked with {@code USE} (empty
 *                          unless asked for)
 * @param queries           whether Snowflake compiles each query asked for, in that session
 */
public record KeyCheck(String user, String jwtAccount, String fingerprint, Optional<UserKeys> keys,
        Optional<Integer> describeErrorCode, List<ContextCheck> context, List<QueryCompilation.Outcome> queries) {

    public KeyCheck {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(jwtAccount, "jwtAccount");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(describeErrorCode, "describeErrorCode");
        context = List.copyOf(context);
        queries = List.copyOf(queries);
    }

    /** The slot holding this key, when DESC USER could be read and shows it. */
    public Optional<KeySlot> slot() {
        return keys.flatMap(k -> k.slotOf(fingerprint));
    }
}
