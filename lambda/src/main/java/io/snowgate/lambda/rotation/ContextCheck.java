package io.snowgate.lambda.rotation;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether the session can use an object the secret names for it: Snowflake signs in even when the secret's warehouse,
 * database or schema does not exist or is not granted, and fails only the first statement that needs it. Checked with
 * {@code USE ...} right after signing in.
 *
 * @param field     the secret's field: {@code role}, {@code warehouse}, {@code database} or {@code schema}
 * @param name      the name the secret gives (for a schema, qualified with the database when the secret has one)
 * @param errorCode Snowflake's error code when {@code USE} was refused
 * @param sqlState  its SQL state when refused
 */
public record ContextCheck(String field, String name, Optional<Integer> errorCode, Optional<String> sqlState) {

    public ContextCheck {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(sqlState, "sqlState");
    }

    /** Whether {@code USE} succeeded. */
    public boolean ok() {
        return errorCode.isEmpty();
    }
}
