package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.JdbcCalls.execute;
import static io.snowgate.emulator.snowflake.JdbcCalls.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.junit5.StandInExtension;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Users, key slots and the privilege to change them, through SQL as an administrator and a service user run it. */
class SnowflakeUsersTest {

    @RegisterExtension
    final StandInExtension<SnowflakeStandIn> snowflake =
            StandInExtension.of(SnowflakeStandIn.class, () -> new SnowflakeStandIn().start());

    private Connection connect(String user, KeyPair key) throws SQLException {
        return SignedInSnowflake.connect(snowflake.get(), user, key);
    }

    private static String body(KeyPair key) {
        return TestKeys.pem(key).replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replace("\n", "");
    }

    private static Map<String, String> describe(Connection connection, String user) throws SQLException {
        Map<String, String> properties = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("DESC USER " + user)) {
            assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("property");
            assertThat(rows.getMetaData().getColumnLabel(2)).isEqualTo("value");
            assertThat(rows.getMetaData().getColumnLabel(3)).isEqualTo("default");
            assertThat(rows.getMetaData().getColumnLabel(4)).isEqualTo("description");
            while (rows.next()) {
                properties.put(rows.getString("property"), rows.getString("value"));
            }
        }
        return properties;
    }

    @Test
    void adminCreatesAServiceUserWithAKey_whichThenLogsIn() throws Exception {
        snowflake.get().createAdminUser("admin", TestKeys.pem(TestKeys.ALICE));
        try (Connection admin = connect("admin", TestKeys.ALICE)) {
            execute(admin, "CREATE USER svc TYPE = SERVICE DEFAULT_ROLE = PUBLIC RSA_PUBLIC_KEY = '" + body(TestKeys.ALICE_NEXT) + "'");

            Map<String, String> properties = describe(admin, "svc");
            assertThat(properties).containsEntry("NAME", "SVC").containsEntry("TYPE", "SERVICE")
                    .containsEntry("RSA_PUBLIC_KEY_FP", HandBuiltLogin.fingerprint(TestKeys.ALICE_NEXT))
                    .containsEntry("RSA_PUBLIC_KEY_2_FP", "null");
        }
        try (Connection svc = connect("svc", TestKeys.ALICE_NEXT)) {
            assertThat(single(svc, "SELECT CURRENT_USER()")).isEqualTo("SVC");
        }
    }

    @Test
    void createUser_isRefused_toARoleWithoutUserAdmin() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection alice = connect("alice", TestKeys.ALICE)) {
            assertThatThrownBy(() -> execute(alice, "CREATE USER mallory TYPE = SERVICE"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(3001);
                        assertThat(e.getSQLState()).isEqualTo("42501");
                    });
        }
    }

    @Test
    void serviceUserRotatesItsOwnKeys_throughBothSlots() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection alice = connect("alice", TestKeys.ALICE)) {
            execute(alice, "ALTER USER alice SET RSA_PUBLIC_KEY_2 = '" + TestKeys.pem(TestKeys.ALICE_NEXT).replace("\n", "\\n") + "'");
        }
        try (Connection next = connect("alice", TestKeys.ALICE_NEXT)) {
            execute(next, "ALTER USER alice UNSET RSA_PUBLIC_KEY");
            assertThat(describe(next, "alice")).containsEntry("RSA_PUBLIC_KEY_FP", "null")
                    .containsEntry("RSA_PUBLIC_KEY_2_FP", HandBuiltLogin.fingerprint(TestKeys.ALICE_NEXT));
        }
        assertThat(snowflake.get().publicKeyFingerprint("alice", 1)).isEmpty();
        assertThatThrownBy(() -> connect("alice", TestKeys.ALICE))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(394304));
    }

    @Test
    void alterUserKey_isRefused_withoutOwnershipOrTheModifyPrivilege_untilGranted() throws Exception {
        snowflake.get().createAdminUser("admin", TestKeys.pem(TestKeys.STRANGER));
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        snowflake.get().createServiceUser("bob", TestKeys.pem(TestKeys.ALICE_NEXT));
        String setBobsKey = "ALTER USER bob SET RSA_PUBLIC_KEY_2 = '" + body(TestKeys.ALICE) + "'";

        try (Connection alice = connect("alice", TestKeys.ALICE)) {
            assertThatThrownBy(() -> execute(alice, setBobsKey))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2003));
            try (Connection admin = connect("admin", TestKeys.STRANGER)) {
                execute(admin, "GRANT MODIFY PROGRAMMATIC AUTHENTICATION METHODS ON USER bob TO ROLE alice_role");
            }
            execute(alice, setBobsKey);
            assertThatThrownBy(() -> execute(alice, "ALTER USER bob SET DEFAULT_ROLE = PUBLIC"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(3001);
                        assertThat(e.getSQLState()).isEqualTo("42501");
                    });
        }
        assertThat(snowflake.get().publicKeyFingerprint("bob", 2)).contains(HandBuiltLogin.fingerprint(TestKeys.ALICE));
    }

    @Test
    void invalidPublicKey_isRefusedNamingTheProperty() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection alice = connect("alice", TestKeys.ALICE)) {
            assertThatThrownBy(() -> execute(alice, "ALTER USER alice SET RSA_PUBLIC_KEY_2 = 'not-a-key'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(2029);
                        assertThat(e.getSQLState()).isEqualTo("22023");
                        assertThat(e.getMessage()).startsWith(
                                "SQL compilation error:\ninvalid value for property 'RSA_PUBLIC_KEY_2': ");
                    });
        }
        assertThat(snowflake.get().publicKeyFingerprint("alice", 2)).isEmpty();
    }

    @Test
    void fingerprintCheckFromTheDocs_worksOverResultScanOfDescUser() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection alice = connect("alice", TestKeys.ALICE)) {
            execute(alice, "DESC USER alice");
            String fingerprint = single(alice, "SELECT SUBSTR((SELECT \"value\" FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()))"
                    + " WHERE \"property\" = 'RSA_PUBLIC_KEY_FP'), LEN('SHA256:') + 1)");

            assertThat("SHA256:" + fingerprint).isEqualTo(HandBuiltLogin.fingerprint(TestKeys.ALICE));
        }
    }

    @Test
    void fingerprintCheckWithTheFlowOperator_readsDescUserAsDollarOne() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection alice = connect("alice", TestKeys.ALICE)) {
            String fingerprint = single(alice, "DESC USER alice\n  ->> SELECT SUBSTR((SELECT \"value\" FROM $1"
                    + " WHERE \"property\" = 'RSA_PUBLIC_KEY_FP'), LEN('SHA256:') + 1) AS key");

            assertThat("SHA256:" + fingerprint).isEqualTo(HandBuiltLogin.fingerprint(TestKeys.ALICE));
        }
    }

    @Test
    void resultScan_ofAnotherUsersQuery_isNotFound() throws Exception {
        snowflake.get().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        snowflake.get().createServiceUser("bob", TestKeys.pem(TestKeys.ALICE_NEXT));
        String queryId;
        try (Connection alice = connect("alice", TestKeys.ALICE);
             Statement statement = alice.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 42 AS ANSWER")) {
            queryId = rows.unwrap(net.snowflake.client.api.resultset.SnowflakeResultSet.class).getQueryID();
            assertThat(single(alice, "SELECT ANSWER FROM TABLE(RESULT_SCAN('" + queryId + "'))")).isEqualTo("42");
        }
        try (Connection bob = connect("bob", TestKeys.ALICE_NEXT)) {
            assertThatThrownBy(() -> single(bob, "SELECT * FROM TABLE(RESULT_SCAN('" + queryId + "'))"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(709));
        }
    }
}
