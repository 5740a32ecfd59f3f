package io.snowgate.lambda.rotation;

import io.snowgate.lambda.secret.SnowflakeSecret;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks with {@code USE} that a session can use the role, warehouse, database and schema a secret names. */
final class SessionContext {

    /** An identifier Snowflake reads unquoted (and upper-cases), as it reads the connection's own settings. */
    private static final Pattern UNQUOTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
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
        if (UNQUOTED.matcher(name).matches() || QUOTED.matcher(name).matches()) {
            return name;
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
