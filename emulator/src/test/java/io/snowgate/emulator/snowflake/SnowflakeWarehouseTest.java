package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.JdbcCalls.execute;
import static io.snowgate.emulator.snowflake.JdbcCalls.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.junit5.StandInExtension;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Warehouses through the real driver: which statements need one, USE, login, CREATE and DROP. */
class SnowflakeWarehouseTest {

    private static final String NO_WAREHOUSE = "No active warehouse selected in the current session.  "
            + "Select an active warehouse with the 'use warehouse' command.";

    @RegisterExtension
    final StandInExtension<SnowflakeStandIn> snowflake =
            StandInExtension.of(SnowflakeStandIn.class, () -> new SnowflakeStandIn().start());

    @BeforeEach
    void users() {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        snowflake.get().createAdminUser("admin", TestKeys.pem(TestKeys.ALICE_NEXT));
    }

    private Connection connect(String user, Consumer<Properties> change) throws SQLException {
        KeyPair key = user.equals("admin") ? TestKeys.ALICE_NEXT : TestKeys.ALICE;
        return SignedInSnowflake.connect(snowflake.get(), user, key, change);
    }

    private Connection withoutWarehouse() throws SQLException {
        return connect("alice", p -> p.remove("warehouse"));
    }

    private static Consumer<Throwable> snowflakeError(int code, String state) {
        return e -> {
            assertThat(e).isInstanceOf(SQLException.class);
            assertThat(((SQLException) e).getErrorCode()).isEqualTo(code);
            assertThat(((SQLException) e).getSQLState()).isEqualTo(state);
        };
    }

    @Test
    void tableStatements_withNoCurrentWarehouse_failWith606() throws Exception {
        try (Connection connection = withoutWarehouse()) {
            execute(connection, "CREATE TABLE orders (id INT)");

            for (String sql : new String[] {"SELECT * FROM orders", "SELECT COUNT(*) FROM public.orders o",
                    "INSERT INTO orders VALUES (1)", "UPDATE orders SET id = 2", "DELETE FROM orders",
                    "SELECT 1 FROM (SELECT id FROM orders)", "WITH o AS (SELECT id FROM orders) SELECT * FROM o",
                    "SELECT v.x FROM (SELECT 1 AS x) v, orders", "CREATE TABLE copied AS SELECT * FROM orders",
                    "CREATE OR REPLACE TABLE copied AS SELECT 1 AS x"}) {
                assertThatThrownBy(() -> execute(connection, sql)).as(sql)
                        .satisfies(snowflakeError(606, "57P03")).hasMessageContaining(NO_WAREHOUSE);
            }
            assertThat(single(connection, "SELECT CURRENT_WAREHOUSE()")).isNull();
        }
    }

    @Test
    void cloudServicesStatements_runWithNoWarehouse() throws Exception {
        try (Connection connection = withoutWarehouse()) {
            assertThat(single(connection, "SELECT CURRENT_VERSION()")).matches("\\d+\\.\\d+\\.\\d+");
            assertThat(single(connection, "SELECT 1")).isEqualTo("1");
            assertThat(single(connection, "SELECT EXTRACT(YEAR FROM CURRENT_DATE()) > 2000")).isEqualToIgnoringCase("true");
            assertThat(single(connection, "WITH one AS (SELECT 1 AS x) SELECT x FROM one")).isEqualTo("1");
            assertThat(single(connection, "WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq"
                    + " WHERE i < 3) SELECT MAX(i) FROM seq")).isEqualTo("3");
            execute(connection, "ALTER SESSION SET QUERY_TAG = 'no compute'");
            execute(connection, "USE SCHEMA PUBLIC");
            execute(connection, "CREATE TABLE orders (id INT)");
            execute(connection, "CREATE VIEW order_ids AS SELECT id FROM orders");
            execute(connection, "DESC USER alice");
            assertThat(single(connection, "SELECT \"property\" FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()))"
                    + " WHERE \"property\" = 'NAME'")).isEqualTo("NAME");
        }
    }

    @Test
    void useWarehouse_ofAWarehouseThatDoesNotExist_failsWith2043_andKeepsTheCurrentOne() throws Exception {
        try (Connection connection = connect("alice", p -> { })) {
            assertThatThrownBy(() -> execute(connection, "USE WAREHOUSE no_such_wh"))
                    .satisfies(snowflakeError(2043, "02000"))
                    .hasMessageContaining("SQL compilation error:\nObject does not exist, or operation cannot be performed.");
            assertThat(single(connection, "SELECT CURRENT_WAREHOUSE()")).isEqualTo("COMPUTE_WH");
        }
        try (Connection connection = withoutWarehouse()) {
            execute(connection, "CREATE TABLE orders (id INT)");
            execute(connection, "USE WAREHOUSE compute_wh");
            assertThat(single(connection, "SELECT COUNT(*) FROM orders")).isEqualTo("0");
        }
    }

    @Test
    void login_namingAWarehouseThatDoesNotExist_succeedsWithNoCurrentWarehouse() throws Exception {
        try (Connection connection = connect("alice", p -> p.put("warehouse", "NO_SUCH_WH"))) {
            assertThat(single(connection, "SELECT CURRENT_WAREHOUSE()")).isNull();
            execute(connection, "CREATE TABLE orders (id INT)");
            assertThatThrownBy(() -> single(connection, "SELECT * FROM orders"))
                    .satisfies(snowflakeError(606, "57P03"));
        }
        assertThat(snowflake.get().sessions()).extracting(SessionInfo::warehouse).containsOnlyNulls();
    }

    @Test
    void theUsersDefaultWarehouse_isTheSessionsWhenItExists_andNoneWhenItDoesNot() throws Exception {
        try (Connection admin = connect("admin", p -> { })) {
            execute(admin, "ALTER USER alice SET DEFAULT_WAREHOUSE = compute_wh");
            try (Connection connection = withoutWarehouse()) {
                assertThat(single(connection, "SELECT CURRENT_WAREHOUSE()")).isEqualTo("COMPUTE_WH");
            }
            execute(admin, "ALTER USER alice SET DEFAULT_WAREHOUSE = gone_wh");
            try (Connection connection = withoutWarehouse()) {
                assertThat(single(connection, "SELECT CURRENT_WAREHOUSE()")).isNull();
            }
        }
    }

    @Test
    void createWarehouse_makesItTheSessionsWarehouse_andDropLeavesItsSessionsWithNone() throws Exception {
        try (Connection admin = connect("admin", p -> p.remove("warehouse"));
             Connection alice = withoutWarehouse()) {
            execute(admin, "CREATE WAREHOUSE reporting_wh WITH WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60");
            assertThat(single(admin, "SELECT CURRENT_WAREHOUSE()")).isEqualTo("REPORTING_WH");
            execute(admin, "CREATE TABLE orders (id INT)");
            assertThat(single(admin, "SELECT COUNT(*) FROM orders")).isEqualTo("0");
            assertThat(snowflake.get().warehouses()).containsExactly("COMPUTE_WH", "REPORTING_WH");

            assertThatThrownBy(() -> execute(admin, "CREATE WAREHOUSE reporting_wh"))
                    .satisfies(snowflakeError(2002, "42710"));
            assertThat(single(admin, "CREATE WAREHOUSE IF NOT EXISTS reporting_wh"))
                    .isEqualTo("REPORTING_WH already exists, statement succeeded.");
            assertThatThrownBy(() -> execute(alice, "CREATE WAREHOUSE alices_wh"))
                    .satisfies(snowflakeError(3001, "42501"));

            // ACCOUNTADMIN owns what it made: alice's role needs USAGE on the warehouse and SELECT on the table.
            assertThatThrownBy(() -> execute(alice, "USE WAREHOUSE reporting_wh"))
                    .satisfies(snowflakeError(2043, "02000"));
            execute(admin, "GRANT USAGE ON WAREHOUSE reporting_wh TO ROLE alice_role");
            execute(admin, "GRANT SELECT ON TABLE orders TO ROLE alice_role");
            execute(alice, "USE WAREHOUSE reporting_wh");
            assertThat(single(admin, "DROP WAREHOUSE reporting_wh")).isEqualTo("REPORTING_WH successfully dropped.");
            assertThatThrownBy(() -> single(alice, "SELECT * FROM orders")).satisfies(snowflakeError(606, "57P03"));
            assertThatThrownBy(() -> execute(admin, "DROP WAREHOUSE reporting_wh"))
                    .satisfies(snowflakeError(2003, "02000"));
            execute(admin, "DROP WAREHOUSE IF EXISTS reporting_wh");
            assertThatThrownBy(() -> execute(alice, "USE WAREHOUSE reporting_wh"))
                    .satisfies(snowflakeError(2043, "02000"));
        }
    }

    @Test
    void warehouses_areKeptWithTheDirectory() {
        snowflake.get().createWarehouse("nightly_wh");
        StoredDirectory stored = snowflake.get().storedDirectory();

        try (SnowflakeStandIn restarted = new SnowflakeStandIn()) {
            restarted.load(stored);
            assertThat(restarted.warehouses()).containsExactly("COMPUTE_WH", "NIGHTLY_WH");
        }
    }
}
