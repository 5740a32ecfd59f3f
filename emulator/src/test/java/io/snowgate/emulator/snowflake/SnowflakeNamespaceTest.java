package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.JdbcCalls.count;
import static io.snowgate.emulator.snowflake.JdbcCalls.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.junit5.StandInExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Names completed from the session's current database and schema, as Snowflake completes them: a name left
 * incomplete in a session without what it leaves out fails with 090105 or 090106 naming the operation, and a whole
 * name ({@code DB.SCHEMA.T}) works in any session. The real driver, as an admin so that no grant is in the way.
 */
class SnowflakeNamespaceTest {

    @RegisterExtension
    final StandInExtension<SnowflakeStandIn> snowflake =
            StandInExtension.of(SnowflakeStandIn.class, () -> new SnowflakeStandIn().start());

    private String database;

    @BeforeEach
    void notesTable() throws SQLException {
        snowflake.get().createAdminUser("admin", TestKeys.pem(TestKeys.ALICE));
        database = snowflake.get().config().database();
        try (Connection admin = connect(properties -> {
        })) {
            execute(admin, "CREATE TABLE NOTES (NOTE VARCHAR)");
            execute(admin, "INSERT INTO NOTES VALUES ('kept')");
        }
    }

    private Connection connect(Consumer<Properties> change) throws SQLException {
        return SignedInSnowflake.connect(snowflake.get(), "admin", TestKeys.ALICE, change);
    }

    private static void assertRefused(ThrowingCallable statement, int code, String message) {
        assertThatThrownBy(statement).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(code);
            assertThat(e.getSQLState()).isEqualTo("22000");
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static String noDatabase(String operation) {
        return "Cannot perform " + operation + ". This session does not have a current database. Call 'USE DATABASE',"
                + " or use a qualified name.";
    }

    private static String noSchema(String operation) {
        return "Cannot perform " + operation + ". This session does not have a current schema. Call 'USE SCHEMA', or"
                + " use a qualified name.";
    }

    @Test
    void withoutACurrentDatabase_wholeNamesWork_andAnyNameLeftIncompleteFails090105() throws Exception {
        snowflake.get().setDefaultNamespace("admin", null);
        try (Connection session = connect(properties -> properties.remove("db"))) {
            assertThat(session.getCatalog()).isNull();

            assertThat(count(session, "SELECT 1")).as("no name: any session").isEqualTo(1);
            assertThat(count(session, "(SELECT 1) UNION ALL (SELECT 2) ORDER BY 1 LIMIT 1")).isEqualTo(1);
            execute(session, "INSERT INTO " + database + ".PUBLIC.NOTES VALUES ('written whole')");
            execute(session, "CREATE TABLE " + database + ".PUBLIC.MORE_NOTES (NOTE VARCHAR)");
            assertThat(count(session, "SELECT COUNT(*) FROM " + database + ".PUBLIC.NOTES")).isEqualTo(2);
            execute(session, "ALTER TABLE " + database + ".PUBLIC.MORE_NOTES ADD COLUMN WRITTEN DATE");
            execute(session, "ALTER TABLE IF EXISTS " + database + ".PUBLIC.MORE_NOTES ADD COLUMN BY_WHOM VARCHAR");
            execute(session, "COMMENT ON TABLE " + database + ".PUBLIC.MORE_NOTES IS 'whole names'");
            execute(session, "COMMENT ON COLUMN " + database + ".PUBLIC.MORE_NOTES.NOTE IS 'the note'");

            assertRefused(() -> count(session, "SELECT COUNT(*) FROM NOTES"), 90105, noDatabase("SELECT"));
            assertRefused(() -> count(session, "SELECT COUNT(*) FROM PUBLIC.NOTES"), 90105, noDatabase("SELECT"));
            assertRefused(() -> count(session, "WITH n AS (SELECT * FROM NOTES) SELECT COUNT(*) FROM n"), 90105,
                    noDatabase("SELECT"));
            assertRefused(() -> execute(session, "INSERT INTO NOTES VALUES ('lost')"), 90105, noDatabase("INSERT"));
            assertRefused(() -> execute(session, "INSERT INTO " + database + ".PUBLIC.NOTES SELECT * FROM NOTES"),
                    90105, noDatabase("INSERT"));
            assertRefused(() -> execute(session, "DELETE FROM NOTES"), 90105, noDatabase("DELETE"));
            assertRefused(() -> execute(session, "CREATE TABLE SCRATCH (N INT)"), 90105, noDatabase("CREATE TABLE"));
            assertRefused(() -> execute(session, "CREATE OR REPLACE VIEW V AS SELECT 1 AS N"), 90105,
                    noDatabase("CREATE VIEW"));
            assertRefused(() -> execute(session, "DROP TABLE NOTES"), 90105, noDatabase("DROP"));
            assertRefused(() -> execute(session, "ALTER TABLE PUBLIC.NOTES ADD COLUMN LOST INT"), 90105,
                    noDatabase("ALTER"));
            assertRefused(() -> execute(session, "COMMENT ON COLUMN PUBLIC.NOTES.NOTE IS 'lost'"), 90105,
                    noDatabase("COMMENT"));
            // A prepared statement's metadata is snowflake-jdbc's describe-only request: compiled, refused alike.
            try (PreparedStatement prepared = session.prepareStatement("SELECT NOTE FROM NOTES")) {
                assertRefused(prepared::getMetaData, 90105, noDatabase("SELECT"));
            }
        }
        try (Connection admin = connect(properties -> {
        })) {
            assertThat(count(admin, "SELECT COUNT(*) FROM NOTES")).as("nothing refused was run").isEqualTo(2);
            assertThat(count(admin, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'MORE_NOTES'"))
                    .as("the whole-named ALTERs ran").isEqualTo(3);
            assertThat(count(admin, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'NOTES'"))
                    .as("the refused ALTER did not").isEqualTo(1);
        }
    }

    @Test
    void withADatabaseButNoSchema_namesWithTheirSchemaWork_andBareNamesFail090106() throws Exception {
        try (Connection session = connect(properties -> properties.put("schema", "NO_SUCH_SCHEMA"))) {
            assertThat(session.getCatalog()).isEqualTo(database);

            assertThat(count(session, "SELECT COUNT(*) FROM PUBLIC.NOTES")).isEqualTo(1);
            execute(session, "CREATE SCHEMA STAGING");

            assertRefused(() -> count(session, "SELECT COUNT(*) FROM NOTES"), 90106, noSchema("SELECT"));
            assertRefused(() -> execute(session, "UPDATE NOTES SET NOTE = 'lost'"), 90106, noSchema("UPDATE"));
            assertRefused(() -> execute(session, "ALTER TABLE NOTES ADD COLUMN LOST INT"), 90106, noSchema("ALTER"));
            assertRefused(() -> execute(session, "COMMENT ON COLUMN NOTES.NOTE IS 'lost'"), 90106,
                    noSchema("COMMENT"));
            execute(session, "COMMENT ON COLUMN PUBLIC.NOTES.NOTE IS 'named with its schema'");
            assertRefused(() -> execute(session, "CREATE TEMPORARY TABLE SCRATCH (N INT)"), 90106,
                    noSchema("CREATE TEMPTABLE"));
        }
    }
}
