package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.junit5.StandInExtension;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up most Snowflake tests share: a fresh stand-in for each test, the service user {@code alice} holding
 * {@link TestKeys#ALICE}, and a session signed in as her through the real snowflake-jdbc; after the test the session
 * is closed, then the stand-in. Register it in place of a {@link StandInExtension}:
 * {@code @RegisterExtension final SignedInSnowflake snowflake = SignedInSnowflake.on(() -> new SnowflakeStandIn()
 * .start());}, then {@code snowflake.get()} is the stand-in and {@code snowflake.connection()} alice's session.
 */
final class SignedInSnowflake implements BeforeEachCallback, AfterEachCallback {

    static final String USER = "alice";

    private final StandInExtension<SnowflakeStandIn> standIn;
    private Connection connection;

    private SignedInSnowflake(Supplier<SnowflakeStandIn> start) {
        this.standIn = StandInExtension.of(SnowflakeStandIn.class, start);
    }

    /** @param start makes and starts the stand-in; called before each test */
    static SignedInSnowflake on(Supplier<SnowflakeStandIn> start) {
        return new SignedInSnowflake(start);
    }

    /** The stand-in of the running test. */
    SnowflakeStandIn get() {
        return standIn.get();
    }

    /** Alice's session, open for the running test. */
    Connection connection() {
        if (connection == null) {
            throw new IllegalStateException("alice is only signed in while a test runs");
        }
        return connection;
    }

    /** The first column of the first row {@code sql} answers in alice's session, as text. */
    String single(String sql) throws SQLException {
        try (Statement statement = connection().createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new AssertionError("no row from " + sql);
            }
            return rows.getString(1);
        }
    }

    /** Runs {@code sql} in alice's session. */
    void execute(String sql) throws SQLException {
        try (Statement statement = connection().createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Signs {@code user} in with {@code key} through snowflake-jdbc, configured as the stand-in's
     * {@link SnowflakeStandIn#connectionProperties} configure a client; the caller closes the session.
     */
    static Connection connect(SnowflakeStandIn standIn, String user, KeyPair key) throws SQLException {
        return connect(standIn, user, key, properties -> {
        });
    }

    /** As {@link #connect(SnowflakeStandIn, String, KeyPair)}, with the properties changed first. */
    static Connection connect(SnowflakeStandIn standIn, String user, KeyPair key, Consumer<Properties> change)
            throws SQLException {
        Properties properties = standIn.connectionProperties(user, key.getPrivate());
        change.accept(properties);
        return DriverManager.getConnection(standIn.jdbcUrl(), properties);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        standIn.beforeEach(context);
        get().createServiceUser(USER, TestKeys.pem(TestKeys.ALICE));
        connection = connect(get(), USER, TestKeys.ALICE);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (connection != null) {
                connection.close();
            }
        } finally {
            connection = null;
            standIn.afterEach(context);
        }
    }
}
