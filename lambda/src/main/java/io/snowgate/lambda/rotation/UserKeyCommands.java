package io.snowgate.lambda.rotation;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SQL of two-slot key rotation on an open connection: {@code DESC USER} to read the slots' fingerprints,
 * {@code ALTER USER ... SET|UNSET RSA_PUBLIC_KEY[_2]} to change them. Setting or unsetting a key needs OWNERSHIP of
 * the user or the MODIFY PROGRAMMATIC AUTHENTICATION METHODS privilege on it.
 */
final class UserKeyCommands {

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=]+");

    private UserKeyCommands() {
    }

    static UserKeys describe(Connection connection, String user) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("DESC USER " + identifier(user))) {
            while (result.next()) {
                rows.put(result.getString("property"), result.getString("value"));
            }
        }
        return new UserKeys(value(rows, KeySlot.FIRST), value(rows, KeySlot.SECOND));
    }

    /** {@code publicKeyBody} is the one-line base64 DER of the public key (see {@code KeyPem.publicKeyBody}). */
    static void set(Connection connection, String user, KeySlot slot, String publicKeyBody) throws SQLException {
        if (!BASE64.matcher(publicKeyBody).matches()) {
            throw new IllegalArgumentException("a public key body is one line of base64");
        }
        execute(connection, "ALTER USER " + identifier(user) + " SET " + slot.property() + " = '" + publicKeyBody
                + "'");
    }

    static void unset(Connection connection, String user, KeySlot slot) throws SQLException {
        execute(connection, "ALTER USER " + identifier(user) + " UNSET " + slot.property());
    }

    /** Unquoted when Snowflake would resolve it the same way the login did; else a quoted identifier. */
    static String identifier(String user) {
        return PLAIN_IDENTIFIER.matcher(user).matches() ? user : "\"" + user.replace("\"", "\"\"") + "\"";
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Optional<String> value(Map<String, String> rows, KeySlot slot) {
        // An empty slot shows as the text "null".
        return Optional.ofNullable(rows.get(slot.fingerprintProperty()))
                .map(String::strip)
                .filter(v -> !v.isEmpty() && !v.equalsIgnoreCase("null"));
    }
}
