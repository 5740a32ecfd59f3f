package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.JdbcCalls.execute;
import static io.snowgate.emulator.snowflake.JdbcCalls.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.junit5.StandInExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Privileges on warehouses, the database, schemas and tables through the real driver: a role reads a table it owns or
 * holds SELECT on (with USAGE on its database and schema), runs on a warehouse it holds USAGE on, and is told of
 * anything else what it is told of something that does not exist.
 */
class SnowflakeGrantsTest {

    private static final String NO_WAREHOUSE = "No active warehouse selected in the current session.  "
            + "Select an active warehouse with the 'use warehouse' command.";

    @RegisterExtension
    final StandInExtension<SnowflakeStandIn> snowflake = StandInExtension.of(SnowflakeStandIn.class,
            () -> new SnowflakeStandIn(SnowflakeStandIn.Config.defaults().withDatabase("ANALYTICS")).start());

    @BeforeEach
    void users() {
        snowflake.get().createAdminUser("admin", TestKeys.pem(TestKeys.ALICE_NEXT));
    }

    private Connection admin() throws SQLException {
        return SignedInSnowflake.connect(snowflake.get(), "admin", TestKeys.ALICE_NEXT);
    }

    private Connection connect(String user, KeyPair key, Consumer<Properties> change) throws SQLException {
        return SignedInSnowflake.connect(snowflake.get(), user, key, change);
    }

    /** A service user {@code SVC} made in SQL, as the README makes one: its role {@code READER} holds nothing yet. */
    private void reader(Connection admin) throws SQLException {
        execute(admin, "CREATE ROLE reader");
        execute(admin, "CREATE USER svc TYPE = SERVICE DEFAULT_ROLE = reader");
        execute(admin, "GRANT ROLE reader TO USER svc");
        snowflake.get().setPublicKey("svc", 1, TestKeys.pem(TestKeys.STRANGER));
    }

    /** As {@link #reader}, the role also holding USAGE on COMPUTE_WH, the database and PUBLIC: all but the tables. */
    private void readerInPublic(Connection admin) throws SQLException {
        reader(admin);
        execute(admin, "GRANT USAGE ON WAREHOUSE compute_wh TO ROLE reader");
        execute(admin, "GRANT USAGE ON DATABASE analytics TO ROLE reader");
        execute(admin, "GRANT USAGE ON SCHEMA analytics.public TO ROLE reader");
    }

    /** SVC's session, naming the database and COMPUTE_WH as a client would. */
    private Connection svc() throws SQLException {
        return connect("svc", TestKeys.STRANGER, p -> {
        });
    }

    private static Consumer<Throwable> snowflakeError(int code, String state) {
        return e -> {
            assertThat(e).isInstanceOf(SQLException.class);
            assertThat(((SQLException) e).getErrorCode()).isEqualTo(code);
            assertThat(((SQLException) e).getSQLState()).isEqualTo(state);
        };
    }

    /** A table or view the role may not use: told as one that does not exist (SQL state 42S02). */
    private static Consumer<Throwable> notAuthorized(String object) {
        return notAuthorized(object, "42S02");
    }

    /** A database or schema: the same message, SQL state 02000. */
    private static Consumer<Throwable> namespaceNotAuthorized(String object) {
        return notAuthorized(object, "02000");
    }

    private static Consumer<Throwable> notAuthorized(String object, String sqlState) {
        return e -> {
            snowflakeError(2003, sqlState).accept(e);
            assertThat(e).hasMessageContaining("SQL compilation error:\nObject '" + object
                    + "' does not exist or not authorized.");
        };
    }

    @Test
    void select_needsTheGrant_andRevokeTakesItAway() throws Exception {
        try (Connection admin = admin()) {
            execute(admin, "USE ROLE SYSADMIN");
            execute(admin, "CREATE TABLE orders (id INT)");
            execute(admin, "INSERT INTO orders VALUES (1), (2)");
            execute(admin, "USE ROLE SECURITYADMIN");
            readerInPublic(admin);
            try (Connection svc = svc()) {
                // Exists, but not for this role: told as of a table that does not exist.
                assertThatThrownBy(() -> single(svc, "SELECT COUNT(*) FROM analytics.public.orders"))
                        .satisfies(notAuthorized("ANALYTICS.PUBLIC.ORDERS"));
                assertThatThrownBy(() -> single(svc, "SELECT COUNT(*) FROM analytics.public.nothing_here"))
                        .satisfies(snowflakeError(2003, "42S02"));

                execute(admin, "GRANT SELECT ON TABLE analytics.public.orders TO ROLE reader");
                assertThat(single(svc, "SELECT COUNT(*) FROM analytics.public.orders")).isEqualTo("2");
                assertThat(single(svc, "SELECT COUNT(*) FROM orders o JOIN orders p ON o.id = p.id")).isEqualTo("2");
                // SELECT is not INSERT.
                assertThatThrownBy(() -> execute(svc, "INSERT INTO orders VALUES (3)"))
                        .satisfies(notAuthorized("ORDERS"));

                execute(admin, "REVOKE SELECT ON TABLE analytics.public.orders FROM ROLE reader");
                assertThatThrownBy(() -> single(svc, "SELECT COUNT(*) FROM orders"))
                        .satisfies(notAuthorized("ORDERS"));
                assertThatThrownBy(() -> single(svc, "SELECT 1 FROM (SELECT id FROM orders)"))
                        .satisfies(notAuthorized("ORDERS"));
            }
        }
    }

    @Test
    void schemaAndDatabaseUsage_areNeeded_besidesSelect() throws Exception {
        try (Connection admin = admin()) {
            execute(admin, "USE ROLE SYSADMIN");
            execute(admin, "CREATE TABLE orders (id INT)");
            execute(admin, "USE ROLE SECURITYADMIN");
            reader(admin);
            execute(admin, "GRANT USAGE ON WAREHOUSE compute_wh TO ROLE reader");
            execute(admin, "GRANT SELECT ON TABLE analytics.public.orders TO ROLE reader");
            try (Connection svc = svc()) {
                // Logged in naming a database it may not use: the session has none.
                assertThat(single(svc, "SELECT CURRENT_DATABASE()")).isNull();
                assertThatThrownBy(() -> execute(svc, "USE DATABASE analytics")).satisfies(snowflakeError(2043, "02000"));
                assertThatThrownBy(() -> single(svc, "SELECT COUNT(*) FROM analytics.public.orders"))
                        .satisfies(notAuthorized("ANALYTICS.PUBLIC.ORDERS"));

                execute(admin, "GRANT USAGE ON DATABASE analytics TO ROLE reader");
                execute(svc, "USE DATABASE analytics");
                assertThatThrownBy(() -> single(svc, "SELECT COUNT(*) FROM analytics.public.orders"))
                        .satisfies(notAuthorized("ANALYTICS.PUBLIC.ORDERS"));
                execute(admin, "GRANT USAGE ON SCHEMA analytics.public TO ROLE reader");
                assertThat(single(svc, "SELECT COUNT(*) FROM analytics.public.orders")).isEqualTo("0");
            }
        }
    }

    @Test
    void warehouse_needsUsage() throws Exception {
        try (Connection admin = admin()) {
            execute(admin, "USE ROLE SYSADMIN");
            execute(admin, "CREATE WAREHOUSE reporting_wh");
            execute(admin, "CREATE TABLE orders (id INT)");
            execute(admin, "USE ROLE SECURITYADMIN");
            execute(admin, "CREATE ROLE reader");
            execute(admin, "GRANT USAGE ON DATABASE analytics TO ROLE reader");
            execute(admin, "GRANT USAGE ON SCHEMA analytics.public TO ROLE reader");
            execute(admin, "GRANT SELECT ON TABLE orders TO ROLE reader");
            execute(admin, "CREATE USER svc TYPE = SERVICE DEFAULT_ROLE = reader DEFAULT_WAREHOUSE = reporting_wh");
            execute(admin, "GRANT ROLE reader TO USER svc");
            snowflake.get().setPublicKey("svc", 1, TestKeys.pem(TestKeys.STRANGER));

            try (Connection svc = connect("svc", TestKeys.STRANGER, p -> p.remove("warehouse"))) {
                // Its default warehouse exists but the role may not use it: no current warehouse.
                assertThat(single(svc, "SELECT CURRENT_WAREHOUSE()")).isNull();
                assertThatThrownBy(() -> single(svc, "SELECT COUNT(*) FROM orders"))
                        .satisfies(snowflakeError(606, "57P03")).hasMessageContaining(NO_WAREHOUSE);
                assertThatThrownBy(() -> execute(svc, "USE WAREHOUSE reporting_wh"))
                        .satisfies(snowflakeError(2043, "02000"));

                execute(admin, "GRANT USAGE ON WAREHOUSE reporting_wh TO ROLE reader");
                execute(svc, "USE WAREHOUSE reporting_wh");
                assertThat(single(svc, "SELECT COUNT(*) FROM orders")).isEqualTo("0");
            }
            try (Connection svc = connect("svc", TestKeys.STRANGER, p -> p.remove("warehouse"))) {
                assertThat(single(svc, "SELECT CURRENT_WAREHOUSE()")).isEqualTo("REPORTING_WH");
                execute(admin, "REVOKE USAGE ON WAREHOUSE reporting_wh FROM ROLE reader");
                // Still named, but nothing runs on it.
                assertThatThrownBy(() -> single(svc, "SELECT COUNT(*) FROM orders"))
                        .satisfies(snowflakeError(606, "57P03"));
            }
        }
    }

    @Test
    void creatingRole_ownsTheTable_andAccountAdminSeesItOnlyThroughSysadmin() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection admin = admin(); Connection alice = connect("alice", TestKeys.ALICE, p -> {
        })) {
            execute(alice, "CREATE TABLE alices (id INT)");
            execute(alice, "INSERT INTO alices VALUES (7)");
            execute(alice, "UPDATE alices SET id = 8");
            assertThat(single(alice, "SELECT id FROM alices")).isEqualTo("8");

            // ALICE_ROLE is granted to no system role: ACCOUNTADMIN's hierarchy does not reach it.
            assertThatThrownBy(() -> single(admin, "SELECT id FROM alices")).satisfies(notAuthorized("ALICES"));
            execute(admin, "GRANT ROLE alice_role TO ROLE sysadmin");
            assertThat(single(admin, "SELECT id FROM alices")).isEqualTo("8");

            // The owner grants on what it owns.
            execute(admin, "USE ROLE SECURITYADMIN");
            readerInPublic(admin);
            try (Connection svc = svc()) {
                assertThatThrownBy(() -> single(svc, "SELECT id FROM alices")).satisfies(notAuthorized("ALICES"));
                execute(alice, "GRANT SELECT ON TABLE alices TO ROLE reader");
                assertThat(single(svc, "SELECT id FROM alices")).isEqualTo("8");
            }
        }
    }

    @Test
    void allTablesInSchema_grantsTheTablesThatExistNow() throws Exception {
        try (Connection admin = admin()) {
            execute(admin, "USE ROLE SYSADMIN");
            execute(admin, "CREATE TABLE before_grant (id INT)");
            execute(admin, "USE ROLE SECURITYADMIN");
            readerInPublic(admin);
            try (Connection svc = svc()) {
                execute(admin, "GRANT SELECT ON ALL TABLES IN SCHEMA analytics.public TO ROLE reader");
                execute(admin, "USE ROLE SYSADMIN");
                execute(admin, "CREATE TABLE after_grant (id INT)");

                assertThat(single(svc, "SELECT COUNT(*) FROM before_grant")).isEqualTo("0");
                assertThatThrownBy(() -> single(svc, "SELECT COUNT(*) FROM after_grant"))
                        .satisfies(notAuthorized("AFTER_GRANT"));
            }
        }
    }

    /** 003001 naming the object by its own name, as Snowflake's "Insufficient privileges to operate on ..." does. */
    private static Consumer<Throwable> insufficientPrivileges(String kind, String object) {
        return e -> {
            snowflakeError(3001, "42501").accept(e);
            assertThat(e).hasMessageContaining("SQL access control error:\nInsufficient privileges to operate on "
                    + kind + " '" + object + "'");
        };
    }

    @Test
    void create_needsTheCreatePrivilegeOnTheSchema_butATemporaryTableNeedsNone() throws Exception {
        try (Connection admin = admin()) {
            execute(admin, "USE ROLE SECURITYADMIN");
            readerInPublic(admin);
            try (Connection svc = svc()) {
                assertThatThrownBy(() -> execute(svc, "CREATE TABLE scratch (n INT)"))
                        .satisfies(insufficientPrivileges("schema", "PUBLIC"));
                assertThatThrownBy(() -> execute(svc, "CREATE OR REPLACE VIEW v AS SELECT 1 AS n"))
                        .satisfies(insufficientPrivileges("schema", "PUBLIC"));
                assertThatThrownBy(() -> execute(svc, "CREATE TABLE IF NOT EXISTS scratch (n INT)"))
                        .satisfies(insufficientPrivileges("schema", "PUBLIC"));
                assertThatThrownBy(() -> execute(svc, "CREATE SCHEMA reporting"))
                        .satisfies(insufficientPrivileges("database", "ANALYTICS"));
                execute(svc, "CREATE TEMPORARY TABLE scratch (n INT)");

                execute(admin, "USE ROLE SYSADMIN");
                execute(admin, "GRANT CREATE TABLE ON SCHEMA analytics.public TO ROLE reader");
                execute(svc, "CREATE TABLE made_by_reader (n INT)");
                execute(svc, "INSERT INTO made_by_reader VALUES (1)");
                assertThat(single(svc, "SELECT COUNT(*) FROM made_by_reader")).isEqualTo("1");
                // CREATE TABLE is not CREATE VIEW.
                assertThatThrownBy(() -> execute(svc, "CREATE VIEW v AS SELECT n FROM made_by_reader"))
                        .satisfies(insufficientPrivileges("schema", "PUBLIC"));
                execute(admin, "GRANT CREATE VIEW ON SCHEMA analytics.public TO ROLE reader");
                execute(svc, "CREATE VIEW v AS SELECT n FROM made_by_reader");
                execute(admin, "REVOKE CREATE TABLE ON SCHEMA analytics.public FROM ROLE reader");
                assertThatThrownBy(() -> execute(svc, "CREATE TABLE another (n INT)"))
                        .satisfies(insufficientPrivileges("schema", "PUBLIC"));
            }
        }
    }

    @Test
    void create_inASchemaTheRoleMayNotUse_isAsForOneThatDoesNotExist() throws Exception {
        try (Connection admin = admin()) {
            execute(admin, "USE ROLE SYSADMIN");
            execute(admin, "CREATE SCHEMA private");
            execute(admin, "USE ROLE SECURITYADMIN");
            readerInPublic(admin);
            execute(admin, "USE ROLE SYSADMIN");
            execute(admin, "GRANT CREATE TABLE ON SCHEMA analytics.private TO ROLE reader");
            try (Connection svc = svc()) {
                assertThatThrownBy(() -> execute(svc, "CREATE TABLE private.t (n INT)"))
                        .satisfies(namespaceNotAuthorized("ANALYTICS.PRIVATE"));
            }
        }
    }

    @Test
    void drop_createOrReplace_andAlter_needOwnership_andLeaveTheObjectAsItWas() throws Exception {
        try (Connection admin = admin()) {
            execute(admin, "USE ROLE SYSADMIN");
            execute(admin, "CREATE TABLE orders (id INT)");
            execute(admin, "INSERT INTO orders VALUES (1)");
            execute(admin, "CREATE TABLE payroll (amount INT)");
            execute(admin, "USE ROLE SECURITYADMIN");
            readerInPublic(admin);
            execute(admin, "USE ROLE SYSADMIN");
            execute(admin, "GRANT SELECT ON TABLE orders TO ROLE reader");
            execute(admin, "GRANT CREATE TABLE ON SCHEMA analytics.public TO ROLE reader");
            try (Connection svc = svc()) {
                // A table the role can see but does not own: insufficient privileges, naming it.
                assertThatThrownBy(() -> execute(svc, "DROP TABLE orders"))
                        .satisfies(insufficientPrivileges("table", "ORDERS"));
                assertThatThrownBy(() -> execute(svc, "CREATE OR REPLACE TABLE orders (id INT)"))
                        .satisfies(insufficientPrivileges("table", "ORDERS"));
                assertThatThrownBy(() -> execute(svc, "ALTER TABLE orders ADD COLUMN note VARCHAR"))
                        .satisfies(insufficientPrivileges("table", "ORDERS"));
                // One it cannot see at all: as one that does not exist.
                assertThatThrownBy(() -> execute(svc, "DROP TABLE payroll"))
                        .satisfies(notAuthorized("PAYROLL"));
                assertThat(single(svc, "SELECT COUNT(*) FROM orders")).isEqualTo("1");

                // Its own table, it may drop and replace.
                execute(svc, "CREATE TABLE mine (n INT)");
                execute(svc, "CREATE OR REPLACE TABLE mine (n INT, m INT)");
                execute(svc, "ALTER TABLE mine ADD COLUMN note VARCHAR");
                execute(svc, "DROP TABLE mine");
            }
            assertThat(single(admin, "SELECT COUNT(*) FROM payroll")).isEqualTo("0");
        }
    }

    @Test
    void accountUsageViews_needTheirSnowflakeDatabaseRole_orAccountAdmin() throws Exception {
        String logins = "SELECT COUNT(*) FROM snowflake.account_usage.login_history";
        String metering = "SELECT COUNT(*) FROM snowflake.account_usage.warehouse_metering_history";
        try (Connection admin = admin()) {
            assertThat(single(admin, "SELECT CURRENT_ROLE()")).isEqualTo("ACCOUNTADMIN");
            assertThat(single(admin, logins)).isNotEqualTo("0");
            execute(admin, "USE ROLE SECURITYADMIN");
            readerInPublic(admin);
            try (Connection svc = svc()) {
                assertThatThrownBy(() -> single(svc, logins))
                        .satisfies(notAuthorized("SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY"));
                assertThatThrownBy(() -> single(svc, metering))
                        .satisfies(notAuthorized("SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_METERING_HISTORY"));

                execute(admin, "GRANT DATABASE ROLE SNOWFLAKE.USAGE_VIEWER TO ROLE reader");
                assertThat(single(svc, metering)).isNotNull();
                assertThatThrownBy(() -> single(svc, logins))
                        .satisfies(notAuthorized("SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY"));
                execute(admin, "GRANT DATABASE ROLE SNOWFLAKE.SECURITY_VIEWER TO ROLE reader");
                assertThat(single(svc, logins)).isNotEqualTo("0");

                execute(admin, "REVOKE DATABASE ROLE SNOWFLAKE.USAGE_VIEWER FROM ROLE reader");
                assertThatThrownBy(() -> single(svc, metering))
                        .satisfies(notAuthorized("SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_METERING_HISTORY"));
                // Only a role that manages grants gives them; a role the SNOWFLAKE database does not have is none.
                assertThatThrownBy(() -> execute(svc, "GRANT DATABASE ROLE SNOWFLAKE.USAGE_VIEWER TO ROLE reader"))
                        .satisfies(snowflakeError(3001, "42501"));
                assertThatThrownBy(() -> execute(admin, "GRANT DATABASE ROLE SNOWFLAKE.NO_SUCH TO ROLE reader"))
                        .satisfies(snowflakeError(2003, "02000"));
            }
        }
    }

    @Test
    void importedPrivilegesOnTheSnowflakeDatabase_openEveryAccountUsageView_untilRevoked() throws Exception {
        String logins = "SELECT COUNT(*) FROM snowflake.account_usage.login_history";
        String metering = "SELECT COUNT(*) FROM snowflake.account_usage.warehouse_metering_history";
        try (Connection admin = admin()) {
            readerInPublic(admin);
            try (Connection svc = svc()) {
                // Only ACCOUNTADMIN (whose database it is) or a role that manages grants gives it.
                assertThatThrownBy(() -> execute(svc,
                        "GRANT IMPORTED PRIVILEGES ON DATABASE snowflake TO ROLE reader"))
                        .satisfies(snowflakeError(3001, "42501"));
                execute(admin, "GRANT IMPORTED PRIVILEGES ON DATABASE snowflake TO ROLE reader");
                assertThat(single(svc, logins)).isNotEqualTo("0");
                assertThat(single(svc, metering)).isNotNull();

                // Revoking it leaves a database role granted on its own.
                execute(admin, "GRANT DATABASE ROLE SNOWFLAKE.USAGE_VIEWER TO ROLE reader");
                execute(admin, "REVOKE IMPORTED PRIVILEGES ON DATABASE snowflake FROM ROLE reader");
                assertThatThrownBy(() -> single(svc, logins))
                        .satisfies(notAuthorized("SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY"));
                assertThat(single(svc, metering)).isNotNull();

                // The shared database takes no other privilege, and a role must exist to be given one.
                assertThatThrownBy(() -> execute(admin, "GRANT USAGE ON DATABASE snowflake TO ROLE reader"))
                        .satisfies(snowflakeError(2040, "0A000"));
                assertThatThrownBy(() -> execute(admin,
                        "GRANT IMPORTED PRIVILEGES ON DATABASE snowflake TO ROLE no_such_role"))
                        .satisfies(snowflakeError(2003, "02000"));
            }
        }
    }

    @Test
    void grant_byARoleThatNeitherOwnsNorManagesGrants_isRefused() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection admin = admin(); Connection alice = connect("alice", TestKeys.ALICE, p -> {
        })) {
            execute(admin, "USE ROLE SYSADMIN");
            execute(admin, "CREATE TABLE payroll (amount INT)");
            assertThatThrownBy(() -> execute(alice, "GRANT SELECT ON TABLE payroll TO ROLE alice_role"))
                    .satisfies(snowflakeError(3001, "42501"));
            assertThatThrownBy(() -> execute(alice, "GRANT USAGE ON WAREHOUSE compute_wh TO ROLE public"))
                    .satisfies(snowflakeError(3001, "42501"));
            assertThatThrownBy(() -> single(alice, "SELECT COUNT(*) FROM payroll")).satisfies(notAuthorized("PAYROLL"));
            // USERADMIN creates roles but holds no MANAGE GRANTS; SYSADMIN owns the table and may.
            execute(admin, "USE ROLE USERADMIN");
            assertThatThrownBy(() -> execute(admin, "GRANT SELECT ON TABLE payroll TO ROLE alice_role"))
                    .satisfies(snowflakeError(3001, "42501"));
            execute(admin, "USE ROLE SYSADMIN");
            execute(admin, "GRANT SELECT ON TABLE payroll TO ROLE alice_role");
            assertThat(single(alice, "SELECT COUNT(*) FROM payroll")).isEqualTo("0");
        }
    }

    @Test
    void grantsOnWarehousesTheDatabaseAndItsSchema_areKeptWithTheDirectory() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection admin = admin()) {
            execute(admin, "USE ROLE SYSADMIN");
            execute(admin, "CREATE WAREHOUSE nightly_wh");
            execute(admin, "GRANT USAGE ON WAREHOUSE nightly_wh TO ROLE alice_role");
        }
        StoredDirectory stored = snowflake.get().storedDirectory();

        try (SnowflakeStandIn restarted = new SnowflakeStandIn(SnowflakeStandIn.Config.defaults()
                .withDatabase("ANALYTICS")).start()) {
            restarted.load(stored);
            try (Connection alice = SignedInSnowflake.connect(restarted, "alice", TestKeys.ALICE,
                    p -> p.put("warehouse", "NIGHTLY_WH"))) {
                assertThat(single(alice, "SELECT CURRENT_WAREHOUSE() || ' ' || CURRENT_DATABASE() || '.'"
                        + " || CURRENT_SCHEMA()")).isEqualTo("NIGHTLY_WH ANALYTICS.PUBLIC");
                execute(alice, "CREATE TABLE kept (id INT)");
                assertThat(single(alice, "SELECT COUNT(*) FROM kept")).isEqualTo("0");
            }
        }
    }

    /**
     * The README's "Snowflake side: a service user with least privilege" block, read from the README and run as
     * written except its {@code GRANT DATABASE ROLE SNOWFLAKE.*} lines (the stand-in has no SNOWFLAKE database roles;
     * its ACCOUNT_USAGE views are not checked): the service user then reads ANALYTICS.PUBLIC on its default warehouse
     * and nothing in another schema.
     */
    @Test
    void readmeLeastPrivilegeBlock_isEnough_forThePublicSchema_andNoMore() throws Exception {
        try (Connection admin = admin()) {
            execute(admin, "USE ROLE SYSADMIN");
            execute(admin, "CREATE WAREHOUSE snowgate_wh");
            execute(admin, "CREATE TABLE analytics.public.daily_revenue (day DATE, region VARCHAR, amount INT)");
            execute(admin, "INSERT INTO analytics.public.daily_revenue VALUES ('2026-11-30', 'EU', 5), ('2026-11-30', 'US', 7)");
            execute(admin, "CREATE SCHEMA finance");  // the stand-in takes no database-qualified schema here
            execute(admin, "CREATE TABLE analytics.finance.salaries (name VARCHAR, amount INT)");

            for (String statement : readmeLeastPrivilegeBlock()) {
                execute(admin, statement);
            }
            snowflake.get().setPublicKey("SNOWGATE_SVC", 1, TestKeys.pem(TestKeys.STRANGER));

            // As the function connects: the secret names the database and schema; the user's default warehouse.
            try (Connection svc = connect("SNOWGATE_SVC", TestKeys.STRANGER, p -> p.remove("warehouse"))) {
                assertThat(single(svc, "SELECT CURRENT_ROLE() || ' ' || CURRENT_WAREHOUSE()"))
                        .isEqualTo("SNOWGATE_RUNNER SNOWGATE_WH");
                assertThat(single(svc, "SELECT SUM(amount) FROM analytics.public.daily_revenue"
                        + " WHERE day >= '2026-11-01' GROUP BY day")).isEqualTo("12");
                assertThatThrownBy(() -> single(svc, "SELECT COUNT(*) FROM analytics.finance.salaries"))
                        .satisfies(notAuthorized("ANALYTICS.FINANCE.SALARIES"));
                assertThatThrownBy(() -> execute(svc, "USE SCHEMA analytics.finance"))
                        .satisfies(namespaceNotAuthorized("ANALYTICS.FINANCE"));
                assertThatThrownBy(() -> execute(svc, "INSERT INTO analytics.public.daily_revenue VALUES"
                        + " ('2026-12-01', 'EU', 1)")).satisfies(notAuthorized("ANALYTICS.PUBLIC.DAILY_REVENUE"));
                assertThatThrownBy(() -> execute(svc, "CREATE TABLE analytics.public.scratch (n INT)"))
                        .satisfies(insufficientPrivileges("schema", "PUBLIC"));
                assertThatThrownBy(() -> execute(svc, "DROP TABLE analytics.public.daily_revenue"))
                        .satisfies(insufficientPrivileges("table", "DAILY_REVENUE"));
                // The shipped catalog's ACCOUNT_USAGE views, through the SNOWFLAKE database roles the block grants.
                assertThat(single(svc, "SELECT COUNT(*) FROM snowflake.account_usage.login_history"
                        + " WHERE user_name = 'SNOWGATE_SVC'")).isNotEqualTo("0");
                assertThat(single(svc, "SELECT COUNT(*) FROM snowflake.account_usage.warehouse_metering_history"))
                        .isNotNull();
            }
        }
    }

    /** Each of the block's four object grants is needed: without any one, the same SELECT fails. */
    @Test
    void readmeLeastPrivilegeBlock_everyObjectGrantIsNeeded() throws Exception {
        List<String> block = readmeLeastPrivilegeBlock();
        List<String> objectGrants = block.stream().filter(s -> s.startsWith("GRANT") && s.contains(" ON ")).toList();
        assertThat(objectGrants).hasSize(4);
        try (Connection admin = admin()) {
            execute(admin, "USE ROLE SYSADMIN");
            execute(admin, "CREATE WAREHOUSE snowgate_wh");
            execute(admin, "CREATE TABLE analytics.public.daily_revenue (day DATE, region VARCHAR, amount INT)");
            for (String statement : block) {
                if (!statement.startsWith("GRANT DATABASE ROLE SNOWFLAKE.") && !objectGrants.contains(statement)) {
                    execute(admin, statement);
                }
            }
            snowflake.get().setPublicKey("SNOWGATE_SVC", 1, TestKeys.pem(TestKeys.STRANGER));
            execute(admin, "USE ROLE SECURITYADMIN");
            for (String missing : objectGrants) {
                for (String grant : objectGrants) {
                    execute(admin, grant.equals(missing) ? grant.replace("GRANT ", "REVOKE ")
                            .replace(" TO ROLE ", " FROM ROLE ") : grant);
                }
                try (Connection svc = connect("SNOWGATE_SVC", TestKeys.STRANGER, p -> p.remove("warehouse"))) {
                    assertThatThrownBy(() -> single(svc, "SELECT COUNT(*) FROM analytics.public.daily_revenue"))
                            .as("without " + missing).isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isIn(2003, 606));
                }
            }
            for (String grant : objectGrants) {
                execute(admin, grant);
            }
            try (Connection svc = connect("SNOWGATE_SVC", TestKeys.STRANGER, p -> p.remove("warehouse"))) {
                assertThat(single(svc, "SELECT COUNT(*) FROM analytics.public.daily_revenue")).isEqualTo("0");
            }
        }
    }

    /** The statements of the README's least-privilege block, comments dropped, one per element. */
    private static List<String> readmeLeastPrivilegeBlock() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("../README.md"));
        int start = lines.indexOf("## Snowflake side: a service user with least privilege");
        assertThat(start).as("the README's least-privilege section").isNotNegative();
        StringBuilder sql = new StringBuilder();
        int i = start + 1;
        while (lines.get(i).isBlank()) {
            i++;
        }
        for (; i < lines.size() && (lines.get(i).startsWith("    ") || lines.get(i).isBlank()); i++) {
            String line = lines.get(i).strip();
            int comment = line.indexOf("--");
            sql.append(comment < 0 ? line : line.substring(0, comment)).append(' ');
        }
        List<String> statements = new ArrayList<>();
        for (String statement : sql.toString().split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip().replaceAll("\\s+", " "));
            }
        }
        assertThat(statements).as("the block's statements").hasSizeGreaterThan(8);
        return statements;
    }
}
