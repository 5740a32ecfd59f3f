package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.JdbcCalls.count;
import static io.snowgate.emulator.snowflake.JdbcCalls.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.junit5.StandInExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** INFORMATION_SCHEMA.QUERY_HISTORY as documented (functions/query_history), through the real driver. */
class SnowflakeQueryHistoryTest {

    @RegisterExtension
    final StandInExtension<SnowflakeStandIn> snowflake =
            StandInExtension.of(SnowflakeStandIn.class, () -> new SnowflakeStandIn().start());

    @BeforeEach
    void users() {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
    }

    private Connection connect() throws SQLException {
        return SignedInSnowflake.connect(snowflake.get(), "alice", TestKeys.ALICE);
    }

    @Test
    void withoutACurrentDatabase_queryHistoryFailsWith090105_unlessQualified() throws Exception {
        snowflake.get().createAdminUser("admin", TestKeys.pem(TestKeys.ALICE_NEXT));
        try (Connection admin = SignedInSnowflake.connect(snowflake.get(), "admin", TestKeys.ALICE_NEXT)) {
            execute(admin, "CREATE USER nodb DEFAULT_ROLE = PUBLIC RSA_PUBLIC_KEY = '" + TestKeys.pem(TestKeys.STRANGER) + "'");
        }
        Properties properties = snowflake.get().connectionProperties("nodb", TestKeys.STRANGER.getPrivate());
        properties.remove("db");
        try (Connection connection = DriverManager.getConnection(snowflake.get().jdbcUrl(), properties)) {
            assertThat(connection.getCatalog()).isNull();
            execute(connection, "SELECT 1");

            assertThatThrownBy(() -> count(connection,
                    "SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY()) WHERE QUERY_TEXT = 'SELECT 1'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(90105);
                        assertThat(e.getSQLState()).isEqualTo("22000");
                        assertThat(e.getMessage()).startsWith("Cannot perform SELECT. This session does not have a current database.");
                    });
            assertThat(count(connection, "SELECT COUNT(*) FROM TABLE(SNOWGATE.INFORMATION_SCHEMA.QUERY_HISTORY())"
                    + " WHERE QUERY_TEXT = 'SELECT 1'")).isEqualTo(1);
        }
    }

    @Test
    void resultLimit_defaultsTo100_andCutsTheNewestRowsBeforeTheWhereClause() throws Exception {
        try (Connection connection = connect()) {
            execute(connection, "SELECT 'the oldest' AS MARK");
            for (int i = 0; i < 120; i++) {
                execute(connection, "SELECT " + i);
            }

            assertThat(count(connection, "SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY())"))
                    .isEqualTo(100);
            assertThat(count(connection, "SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY())"
                    + " WHERE QUERY_TEXT = 'SELECT ''the oldest'' AS MARK'")).as("the oldest is past the default 100").isZero();
            assertThat(count(connection, "SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY("
                    + "RESULT_LIMIT => 10000)) WHERE QUERY_TEXT = 'SELECT ''the oldest'' AS MARK'")).isEqualTo(1);
            assertThat(count(connection, "SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 5))"))
                    .isEqualTo(5);
        }
    }

    @Test
    void resultLimit_aboveTenThousand_isRefused() throws Exception {
        try (Connection connection = connect()) {
            assertThatThrownBy(() -> count(connection,
                    "SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 10001))"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(2029);
                        assertThat(e.getMessage()).contains("RESULT_LIMIT");
                    });
        }
    }

    @Test
    void newestFirst_withTheStatementAskingShownAsRunning() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            execute(connection, "SELECT 'before' AS MARK");
            try (ResultSet rows = statement.executeQuery("SELECT QUERY_TEXT, EXECUTION_STATUS, END_TIME"
                    + " FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 2))")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).contains("QUERY_HISTORY");
                assertThat(rows.getString(2)).isEqualTo("running");
                assertThat(rows.getTimestamp(3)).isNull();
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("SELECT 'before' AS MARK");
                assertThat(rows.getString(2)).isEqualTo("success");
                assertThat(rows.getMetaData().getColumnTypeName(3)).isEqualTo("TIMESTAMPLTZ");
            }
        }
    }

    @Test
    void bySession_listsOnlyThatSessionsStatements_andByUser_onlyTheUsersOwn() throws Exception {
        snowflake.get().createServiceUser("bob", TestKeys.pem(TestKeys.ALICE_NEXT));
        try (Connection first = connect(); Connection second = connect();
             Connection bob = SignedInSnowflake.connect(snowflake.get(), "bob", TestKeys.ALICE_NEXT)) {
            execute(first, "SELECT 'first session' AS MARK");
            execute(second, "SELECT 'second session' AS MARK");
            execute(bob, "SELECT 'bob' AS MARK");

            assertThat(count(second, "SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY_BY_SESSION())"
                    + " WHERE QUERY_TEXT LIKE '%session%' AND QUERY_TEXT NOT LIKE '%QUERY_HISTORY%'")).isEqualTo(1);
            assertThat(count(second, "SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY())"
                    + " WHERE QUERY_TEXT LIKE '%session%' AND QUERY_TEXT NOT LIKE '%QUERY_HISTORY%'")).isEqualTo(2);
            assertThat(count(second, "SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER("
                    + "USER_NAME => 'BOB'))")).as("another user's statements are not visible").isZero();
        }
    }
}
