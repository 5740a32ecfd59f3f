package io.snowgate.lambda.rotation;

import io.snowgate.lambda.secret.SnowflakeSecret;
import io.snowgate.lambda.snowflake.SnowflakeIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks with {@code USE} that a session can use the role, warehouse, database and schema a secret names. */
final class SessionContext {

    /** A name the secret already quotes, with no quote inside. */
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]+\"");

    private SessionContext() {
    }

    /** One check per field the secret sets, in the order role, warehouse, database, schema. */
    static List<ContextCheck> check(Connection connection, SnowflakeSecret secret) {
        List<ContextCheck> checks = new ArrayList<>();
        secret.role().ifPresent(role -> checks.add(use(connection, "role", role, "USE ROLE " + identifier(role))));
        secret.warehouse().ifPresent(warehouse -> checks.add(use(connection, "warehouse", warehouse,
                "USE WAREHOUSE " + identifier(warehouse))));
        secret.database().ifPresent(database -> checks.add(use(connection, "database", database,
                "USE DATABASE " + identifier(database))));
        secret.schema().ifPresent(schema -> {
            String qualified = secret.database().map(database -> database + "." + schema).orElse(schema);
            String sql = "USE SCHEMA " + secret.database().map(database -> identifier(database) + ".").orElse("")
                    + identifier(schema);
            checks.add(use(connection, "schema", qualified, sql));
        });
        return checks;
    }

    private static ContextCheck use(Connection connection, String field, String name, String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return new ContextCheck(field, name, Optional.empty(), Optional.empty());
        } catch (SQLException e) {
            return new ContextCheck(field, name, Optional.of(e.getErrorCode()), Optional.ofNullable(e.getSQLState()));
        }
    }

    /** The name as the driver sends it at login: as is when Snowflake reads it unquoted, else quoted. */
    private static String identifier(String name) {
        return QUOTED.matcher(name).matches() ? name : SnowflakeIdentifiers.bareOrQuoted(name);
    }
}
