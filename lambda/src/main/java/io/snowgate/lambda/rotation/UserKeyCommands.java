package io.snowgate.lambda.rotation;

import io.snowgate.lambda.snowflake.SnowflakeIdentifiers;
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
 * the user or the MODIFY PROGRAMMATIC AUTHENTICATION METHODS privilege on it. Statements name the user by an
 * identifier: a secret's user as {@link SnowflakeIdentifiers#bareOrQuoted} writes it, or {@link #signedInUser} when
 * the session is that user's.
 */
final class UserKeyCommands {

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=]+");

    private UserKeyCommands() {
    }

    /** A user as {@code DESC USER} shows it: the login name it signs in by, and its key slots. */
    record DescribedUser(String loginName, UserKeys keys) {
    }

    static UserKeys describe(Connection connection, String userIdentifier) throws SQLException {
        return describeUser(connection, userIdentifier).keys();
    }

    static DescribedUser describeUser(Connection connection, String userIdentifier) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("DESC USER " + userIdentifier)) {
            while (result.next()) {
                rows.put(result.getString("property"), result.getString("value"));
            }
        } catch (SQLException e) {
            throw new StatementRefusedException("DESC USER", e);
        }
        return new DescribedUser(Optional.ofNullable(rows.get("LOGIN_NAME")).orElse(""),
                new UserKeys(value(rows, KeySlot.FIRST), value(rows, KeySlot.SECOND)));
    }

    /** {@code publicKeyBody} is the one-line base64 DER of the public key (see {@code KeyPem.publicKeyBody}). */
    static void set(Connection connection, String userIdentifier, KeySlot slot, String publicKeyBody)
            throws SQLException {
        if (!BASE64.matcher(publicKeyBody).matches()) {
            throw new IllegalArgumentException("a public key body is one line of base64");
        }
        execute(connection, "ALTER USER " + userIdentifier + " SET " + slot.property() + " = '" + publicKeyBody
                + "'", "ALTER USER SET " + slot.property());
    }

    static void unset(Connection connection, String userIdentifier, KeySlot slot) throws SQLException {
        execute(connection, "ALTER USER " + userIdentifier + " UNSET " + slot.property(),
                "ALTER USER UNSET " + slot.property());
    }

    /**
     * The session's own user, by the name {@code CURRENT_USER()} gives, quoted so that it is taken exactly. A
     * secret's user is what Snowflake signs in by, the user's LOGIN_NAME, which is its name only by default ({@code
     * CREATE USER ... LOGIN_NAME}); {@code DESC USER} and {@code ALTER USER} take the name.
     */
    static String signedInUser(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT CURRENT_USER()")) {
            result.next();
            return SnowflakeIdentifiers.quoted(result.getString(1));
        } catch (SQLException e) {
            throw new StatementRefusedException("SELECT CURRENT_USER()", e);
        }
    }

    /** @param shown the statement as a message may name it: without the user or the key */
    private static void execute(Connection connection, String sql, String shown) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new StatementRefusedException(shown, e);
        }
    }

    /**
     * A key statement Snowflake refused, with its code and SQL state, and which statement it was, for whoever reads
     * why a rotation failed (a failed DESC USER and a failed ALTER USER call for different fixes).
     */
    static final class StatementRefusedException extends SQLException {

        private final String statement;

        StatementRefusedException(String statement, SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
            this.statement = statement;
        }

        /** The statement, without the user or the key: {@code DESC USER}, {@code ALTER USER SET RSA_PUBLIC_KEY_2}. */
        String statement() {
            return statement;
        }
    }

    private static Optional<String> value(Map<String, String> rows, KeySlot slot) {
        // An empty slot shows as the text "null".
        return Optional.ofNullable(rows.get(slot.fingerprintProperty()))
                .map(String::strip)
                .filter(v -> !v.isEmpty() && !v.equalsIgnoreCase("null"));
    }
}
