package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.JdbcCalls.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.junit5.StandInExtension;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SnowflakeLoginTest {

    private static final Pattern FAILURE_ID = Pattern.compile("\\[([0-9a-f-]{36})]");
    private static final String RS256 = "{\"alg\":\"RS256\"}";

    @RegisterExtension
    final StandInExtension<SnowflakeStandIn> snowflake = StandInExtension.of(SnowflakeStandIn.class,
            () -> new SnowflakeStandIn(SnowflakeStandIn.Config.defaults()
                    .withAccount(SnowflakeAccount.parse("xy12345.us-east-1"))).start());

    private SnowflakeStandIn standIn() {
        return snowflake.get();
    }

    private Connection connect(String user, KeyPair key) throws SQLException {
        return SignedInSnowflake.connect(standIn(), user, key);
    }

    private LoginFailureReason reasonOf(SQLException e) {
        return reasonOf(standIn(), e);
    }

    private static LoginFailureReason reasonOf(SnowflakeStandIn standIn, SQLException e) {
        Matcher m = FAILURE_ID.matcher(e.getMessage());
        assertThat(m.find()).as("login-failure id in %s", e.getMessage()).isTrue();
        return standIn.loginFailure(m.group(1)).orElseThrow().reason();
    }

    private LoginFailureReason reasonOf(HandBuiltLogin.Answer answer) {
        return standIn().loginFailure(answer.failureId().orElseThrow()).orElseThrow().reason();
    }

    @Test
    void driverLogsIn_withTheKeyInEitherSlot() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        standIn().setPublicKey("alice", 2, TestKeys.pem(TestKeys.ALICE_NEXT));

        try (Connection first = connect("alice", TestKeys.ALICE); Connection second = connect("alice", TestKeys.ALICE_NEXT)) {
            assertThat(single(first, "SELECT CURRENT_USER()")).isEqualTo("ALICE");
            assertThat(single(second, "SELECT CURRENT_USER()")).isEqualTo("ALICE");
            assertThat(single(second, "SELECT CURRENT_ACCOUNT()")).isEqualTo("XY12345");
            assertThat(first.getCatalog()).isEqualTo("SNOWGATE");
            assertThat(first.getSchema()).isEqualTo("PUBLIC");
        }
        assertThat(standIn().counters().count(SnowflakeStandIn.LOGIN)).isEqualTo(2);
    }

    @Test
    void driverLogsIn_throughTheHttpUrlFormToo() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        String url = "jdbc:snowflake://http://127.0.0.1:" + standIn().port();

        try (Connection connection = DriverManager.getConnection(url,
                standIn().connectionProperties("alice", TestKeys.ALICE.getPrivate()))) {
            assertThat(single(connection, "SELECT CURRENT_USER()")).isEqualTo("ALICE");
        }
    }

    @Test
    void driverIsRefusedWith394304_whenItsKeyIsInNoSlot() {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));

        assertThatThrownBy(() -> connect("alice", TestKeys.STRANGER))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(394304);
                    assertThat(e.getSQLState()).isEqualTo("08001");
                    assertThat(reasonOf(e)).isEqualTo(LoginFailureReason.FINGERPRINT_NOT_REGISTERED);
                });
    }

    @Test
    void unregisteredKeyIsAnswered390144_whenConfiguredLikeOlderServers() {
        try (SnowflakeStandIn older = new SnowflakeStandIn(SnowflakeStandIn.Config.defaults()
                .withFingerprintMismatchCode(390144))) {
            older.start();
            older.createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
            assertThatThrownBy(() -> DriverManager.getConnection(older.jdbcUrl(),
                    older.connectionProperties("alice", TestKeys.STRANGER.getPrivate())))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(390144);
                        assertThat(reasonOf(older, e)).isEqualTo(LoginFailureReason.FINGERPRINT_NOT_REGISTERED);
                    });
        }
    }

    @Test
    void unknownUserIsRefusedAsAnInvalidJwt() {
        assertThatThrownBy(() -> connect("nobody", TestKeys.ALICE))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(390144);
                    assertThat(e.getMessage()).startsWith("JWT token is invalid.");
                    assertThat(reasonOf(e)).isEqualTo(LoginFailureReason.UNKNOWN_USER);
                });
    }

    @Test
    void driverForAnotherAccountIsRefused() {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        Properties properties = standIn().connectionProperties("alice", TestKeys.ALICE.getPrivate());
        properties.put("account", "zz99999");

        assertThatThrownBy(() -> DriverManager.getConnection(standIn().jdbcUrl(), properties))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(390144);
                    assertThat(reasonOf(e)).isEqualTo(LoginFailureReason.WRONG_ACCOUNT);
                });
    }

    @Test
    void handBuiltJwt_isAccepted_whenWellFormed_gzippedOrNot() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        long now = Instant.now().getEpochSecond();
        String token = HandBuiltLogin.jwt("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", "XY12345", "ALICE",
                HandBuiltLogin.fingerprint(TestKeys.ALICE), now, now + 3600, TestKeys.ALICE);

        HandBuiltLogin.Answer plain = HandBuiltLogin.post(standIn().endpoint(), "xy12345", "alice", token, false);
        HandBuiltLogin.Answer gzipped = HandBuiltLogin.post(standIn().endpoint(), "xy12345", "alice", token, true);

        assertThat(plain.success()).isTrue();
        assertThat(plain.data().path("token").asText()).isNotBlank();
        assertThat(gzipped.success()).isTrue();
    }

    @Test
    void handBuiltJwt_signedByAnotherKeyForARegisteredFingerprint_isRefused() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        long now = Instant.now().getEpochSecond();
        String token = HandBuiltLogin.jwt(RS256, "XY12345", "ALICE", HandBuiltLogin.fingerprint(TestKeys.ALICE),
                now, now + 60, TestKeys.STRANGER);

        HandBuiltLogin.Answer answer = HandBuiltLogin.post(standIn().endpoint(), "xy12345", "alice", token, false);

        assertThat(answer.success()).isFalse();
        assertThat(answer.code()).isEqualTo("390144");
        assertThat(reasonOf(answer)).isEqualTo(LoginFailureReason.BAD_SIGNATURE);
    }

    @Test
    void handBuiltJwt_withAlgNone_isRefused() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        long now = Instant.now().getEpochSecond();
        String token = HandBuiltLogin.jwt("{\"alg\":\"none\"}", "XY12345", "ALICE",
                HandBuiltLogin.fingerprint(TestKeys.ALICE), now, now + 60, null);

        HandBuiltLogin.Answer answer = HandBuiltLogin.post(standIn().endpoint(), "xy12345", "alice", token, false);

        assertThat(answer.code()).isEqualTo("390144");
        assertThat(reasonOf(answer)).isEqualTo(LoginFailureReason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void handBuiltJwt_livingLongerThanAnHour_isRefused() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        long now = Instant.now().getEpochSecond();
        String token = HandBuiltLogin.jwt(RS256, "XY12345", "ALICE", HandBuiltLogin.fingerprint(TestKeys.ALICE),
                now, now + 3601, TestKeys.ALICE);

        HandBuiltLogin.Answer answer = HandBuiltLogin.post(standIn().endpoint(), "xy12345", "alice", token, false);

        assertThat(answer.code()).isEqualTo("390144");
        assertThat(reasonOf(answer)).isEqualTo(LoginFailureReason.LIFETIME_TOO_LONG);
    }

    @Test
    void handBuiltJwt_expiredBeyondTheSkew_isRefused() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        long now = Instant.now().getEpochSecond();
        String token = HandBuiltLogin.jwt(RS256, "XY12345", "ALICE", HandBuiltLogin.fingerprint(TestKeys.ALICE),
                now - 600, now - 300, TestKeys.ALICE);

        HandBuiltLogin.Answer answer = HandBuiltLogin.post(standIn().endpoint(), "xy12345", "alice", token, false);

        assertThat(answer.code()).isEqualTo("390144");
        assertThat(reasonOf(answer)).isEqualTo(LoginFailureReason.EXPIRED);
    }

    @Test
    void handBuiltJwt_forAnotherAccount_isRefused() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        long now = Instant.now().getEpochSecond();
        String token = HandBuiltLogin.jwt(RS256, "OTHERACCT", "ALICE", HandBuiltLogin.fingerprint(TestKeys.ALICE),
                now, now + 60, TestKeys.ALICE);

        HandBuiltLogin.Answer answer = HandBuiltLogin.post(standIn().endpoint(), "otheracct", "alice", token, false);

        assertThat(answer.code()).isEqualTo("390144");
        assertThat(reasonOf(answer)).isEqualTo(LoginFailureReason.WRONG_ACCOUNT);
    }

    @Test
    void handBuiltJwt_inMilliseconds_asTheNodeDriverSignsIt_isAccepted() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        // snowflake-sdk (2.x, 3.x): iat = Date.now(), exp = iat + 120 * 1000.
        long nowMillis = System.currentTimeMillis();
        String token = HandBuiltLogin.jwt(RS256, "XY12345", "ALICE", HandBuiltLogin.fingerprint(TestKeys.ALICE),
                nowMillis, nowMillis + 120_000, TestKeys.ALICE);

        HandBuiltLogin.Answer answer = HandBuiltLogin.post(standIn().endpoint(), "xy12345", "alice", token, true);

        assertThat(answer.success()).as(answer.message()).isTrue();
        assertThat(answer.data().path("token").asText()).isNotBlank();
    }

    @Test
    void handBuiltJwt_inMilliseconds_meetsTheSameLifetimeIssueAndExpiryRules() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        long now = System.currentTimeMillis();
        String fingerprint = HandBuiltLogin.fingerprint(TestKeys.ALICE);

        assertThat(refusal(HandBuiltLogin.jwt(RS256, "XY12345", "ALICE", fingerprint, now, now + 3_601_000, TestKeys.ALICE)))
                .isEqualTo(LoginFailureReason.LIFETIME_TOO_LONG);
        assertThat(refusal(HandBuiltLogin.jwt(RS256, "XY12345", "ALICE", fingerprint, now - 600_000, now - 300_000,
                TestKeys.ALICE))).isEqualTo(LoginFailureReason.EXPIRED);
        assertThat(refusal(HandBuiltLogin.jwt(RS256, "XY12345", "ALICE", fingerprint, now + 600_000, now + 660_000,
                TestKeys.ALICE))).isEqualTo(LoginFailureReason.ISSUED_IN_FUTURE);
        assertThat(refusal(HandBuiltLogin.jwt(RS256, "XY12345", "ALICE", fingerprint, now - 120_000, now + 60_000,
                TestKeys.ALICE))).isEqualTo(LoginFailureReason.ISSUED_TOO_LONG_AGO);
    }

    @Test
    void handBuiltJwt_inMilliseconds_isStillRefusedForItsSignatureKeyAndAccount() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        long now = System.currentTimeMillis();

        assertThat(refusal(HandBuiltLogin.jwt(RS256, "XY12345", "ALICE", HandBuiltLogin.fingerprint(TestKeys.ALICE),
                now, now + 120_000, TestKeys.STRANGER))).isEqualTo(LoginFailureReason.BAD_SIGNATURE);
        assertThat(refusal(HandBuiltLogin.jwt(RS256, "XY12345", "ALICE", HandBuiltLogin.fingerprint(TestKeys.STRANGER),
                now, now + 120_000, TestKeys.STRANGER))).isEqualTo(LoginFailureReason.FINGERPRINT_NOT_REGISTERED);
        assertThat(refusal(HandBuiltLogin.jwt(RS256, "OTHERACCT", "ALICE", HandBuiltLogin.fingerprint(TestKeys.ALICE),
                now, now + 120_000, TestKeys.ALICE))).isEqualTo(LoginFailureReason.WRONG_ACCOUNT);
    }

    @Test
    void handBuiltJwt_receivedMoreThanAMinuteAfterItsIssueTime_isRefused() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        long now = Instant.now().getEpochSecond();
        String token = HandBuiltLogin.jwt(RS256, "XY12345", "ALICE", HandBuiltLogin.fingerprint(TestKeys.ALICE),
                now - 120, now + 60, TestKeys.ALICE);

        HandBuiltLogin.Answer answer = HandBuiltLogin.post(standIn().endpoint(), "xy12345", "alice", token, false);

        assertThat(answer.code()).isEqualTo("390144");
        assertThat(reasonOf(answer)).isEqualTo(LoginFailureReason.ISSUED_TOO_LONG_AGO);
        assertThat(reasonOf(answer).errorName()).isEqualTo("JWT_TOKEN_INVALID_ISSUE_TIME");
    }

    /** Posts a hand-built JWT for alice and answers why it was refused. */
    private LoginFailureReason refusal(String token) throws Exception {
        HandBuiltLogin.Answer answer = HandBuiltLogin.post(standIn().endpoint(), "xy12345", "alice", token, false);
        assertThat(answer.success()).isFalse();
        return reasonOf(answer);
    }

    @Test
    void loginFailureDetails_answerAsSql_forAnAdministrator_asTheDocsShow() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        standIn().createAdminUser("admin", TestKeys.pem(TestKeys.ALICE_NEXT));
        SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> connect("alice", TestKeys.STRANGER));
        Matcher id = FAILURE_ID.matcher(refused.getMessage());
        assertThat(id.find()).isTrue();

        try (Connection admin = connect("admin", TestKeys.ALICE_NEXT)) {
            com.fasterxml.jackson.databind.JsonNode details = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    single(admin, "SELECT SYSTEM$GET_LOGIN_FAILURE_DETAILS('" + id.group(1) + "')"));
            assertThat(details.path("errorCode").asText()).isEqualTo("JWT_TOKEN_INVALID_PUBLIC_KEY_FINGERPRINT_MISMATCH");
            assertThat(details.path("username").asText()).isEqualTo("ALICE");
            assertThat(details.path("clientType").asText()).isEqualTo("JDBC_DRIVER");
            assertThat(details.path("clientIP").asText()).isEqualTo("127.0.0.1");
            assertThat(details.path("timestamp").asLong()).isCloseTo(Instant.now().getEpochSecond(),
                    org.assertj.core.data.Offset.offset(60L));
            // The docs' own query, with the id upper-cased as their example shows it.
            assertThat(single(admin, "SELECT JSON_EXTRACT_PATH_TEXT(SYSTEM$GET_LOGIN_FAILURE_DETAILS('"
                    + id.group(1).toUpperCase(java.util.Locale.ROOT) + "'), 'errorCode')"))
                    .isEqualTo("JWT_TOKEN_INVALID_PUBLIC_KEY_FINGERPRINT_MISMATCH");
        }
    }

    @Test
    void loginFailureDetails_needMonitorOnTheAccount() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection alice = connect("alice", TestKeys.ALICE)) {
            assertThatThrownBy(() -> single(alice, "SELECT SYSTEM$GET_LOGIN_FAILURE_DETAILS('"
                    + java.util.UUID.randomUUID() + "')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(3001));
        }
    }

    @Test
    void disabledUser_isRefusedWith390101_evenWithTheRightKey() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        standIn().createAdminUser("admin", TestKeys.pem(TestKeys.ALICE_NEXT));
        try (Connection admin = connect("admin", TestKeys.ALICE_NEXT); Statement statement = admin.createStatement()) {
            statement.execute("ALTER USER alice SET DISABLED = TRUE");
        }

        assertThatThrownBy(() -> connect("alice", TestKeys.ALICE))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(390101);
                    assertThat(e.getMessage()).isEqualTo("User access disabled. Contact your local system administrator.");
                });
        assertThat(standIn().loginFailures()).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(LoginFailureReason.USER_DISABLED));
    }

    @Test
    void usersSignInByTheirLoginName_notTheirName_onceItDiffers() throws Exception {
        standIn().createAdminUser("admin", TestKeys.pem(TestKeys.ALICE_NEXT));
        try (Connection admin = connect("admin", TestKeys.ALICE_NEXT); Statement statement = admin.createStatement()) {
            statement.execute("CREATE USER svc_reports LOGIN_NAME = 'reporter' DEFAULT_ROLE = PUBLIC RSA_PUBLIC_KEY = '"
                    + TestKeys.pem(TestKeys.ALICE) + "'");
        }

        try (Connection reporter = connect("reporter", TestKeys.ALICE)) {
            assertThat(single(reporter, "SELECT CURRENT_USER()")).isEqualTo("SVC_REPORTS");
        }
        assertThatThrownBy(() -> connect("svc_reports", TestKeys.ALICE))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(390144);
                    assertThat(reasonOf(e)).isEqualTo(LoginFailureReason.UNKNOWN_USER);
                });
    }

    @Test
    void loginNameDefaultsToTheName_andAlterUserMovesIt() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        standIn().createAdminUser("admin", TestKeys.pem(TestKeys.ALICE_NEXT));
        try (Connection alice = connect("alice", TestKeys.ALICE)) {
            assertThat(single(alice, "SELECT CURRENT_USER()")).isEqualTo("ALICE");
        }
        try (Connection admin = connect("admin", TestKeys.ALICE_NEXT); Statement statement = admin.createStatement()) {
            statement.execute("GRANT OWNERSHIP ON USER alice TO ROLE ACCOUNTADMIN");
            statement.execute("ALTER USER alice SET LOGIN_NAME = 'alice@example.com'");
            assertThatThrownBy(() -> statement.execute("CREATE USER bob LOGIN_NAME = 'ALICE@EXAMPLE.COM'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2002));
        }

        try (Connection alice = connect("alice@example.com", TestKeys.ALICE)) {
            assertThat(single(alice, "SELECT CURRENT_USER()")).isEqualTo("ALICE");
        }
        assertThatThrownBy(() -> connect("alice", TestKeys.ALICE)).isInstanceOf(SQLException.class);
    }

    @Test
    void aUserWithAQuotedLowerCaseName_signsIn_itsLoginNameTakenWithoutRegardToCase() throws Exception {
        standIn().createAdminUser("admin", TestKeys.pem(TestKeys.ALICE_NEXT));
        try (Connection admin = connect("admin", TestKeys.ALICE_NEXT); Statement statement = admin.createStatement()) {
            statement.execute("CREATE USER \"svc_lower\" DEFAULT_ROLE = PUBLIC RSA_PUBLIC_KEY = '"
                    + TestKeys.pem(TestKeys.ALICE) + "'");
        }

        try (Connection lower = connect("svc_lower", TestKeys.ALICE)) {
            assertThat(single(lower, "SELECT CURRENT_USER()")).isEqualTo("svc_lower");
        }
    }

    @Test
    void malformedLoginBody_isAnsweredWithAnEnvelopeNotADroppedConnection() throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(standIn().endpoint().resolve("/session/v1/login-request"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("not json")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode envelope = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        assertThat(envelope.path("code").asText()).isEqualTo("390142");
        assertThat(envelope.path("success").asBoolean(true)).isFalse();
    }

    @Test
    void anyAccountIsAccepted_andReportedUpperCased_whenNoneIsConfigured() throws Exception {
        try (SnowflakeStandIn open = new SnowflakeStandIn(SnowflakeStandIn.Config.defaults()
                .withAccount(SnowflakeAccount.any()))) {
            open.start();
            open.createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
            Properties properties = open.connectionProperties("alice", TestKeys.ALICE.getPrivate());
            properties.put("account", "myorg-myacct");
            try (Connection connection = DriverManager.getConnection(open.jdbcUrl(), properties)) {
                assertThat(single(connection, "SELECT CURRENT_ACCOUNT()")).isEqualTo("MYORG-MYACCT");
            }
        }
    }

    @Test
    void byDefault_theStandInServesOneAccount_andRefusesAJwtForAnother() throws Exception {
        try (SnowflakeStandIn defaults = new SnowflakeStandIn().start()) {
            defaults.createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
            try (Connection connection = SignedInSnowflake.connect(defaults, "alice", TestKeys.ALICE)) {
                assertThat(single(connection, "SELECT CURRENT_ACCOUNT()")).isEqualTo(SnowflakeStandIn.DEFAULT_CLIENT_ACCOUNT);
            }
            Properties other = defaults.connectionProperties("alice", TestKeys.ALICE.getPrivate());
            other.put("account", "myorg-myacct");
            assertThatThrownBy(() -> DriverManager.getConnection(defaults.jdbcUrl(), other))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(390144));
        }
    }

    @Test
    void plannedLoginFault_isAnsweredAsASnowflakeError_thenLoginWorks() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        standIn().faults().failNext(SnowflakeStandIn.LOGIN, 1, new Fault.Error("390144", "JWT token is invalid."));

        assertThatThrownBy(() -> connect("alice", TestKeys.ALICE))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(390144));
        try (Connection connection = connect("alice", TestKeys.ALICE)) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void plannedQueryFault_carriesItsCodeToTheDriver() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection connection = connect("alice", TestKeys.ALICE)) {
            standIn().faults().failNext(SnowflakeStandIn.QUERY, 1, new Fault.Error("000625", "Statement reached its timeout."));

            assertThatThrownBy(() -> single(connection, "SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(625));
            assertThat(single(connection, "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void heartbeatAndClose_reachTheSession() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        Connection connection = connect("alice", TestKeys.ALICE);

        assertThat(connection.isValid(5)).isTrue();
        assertThat(standIn().counters().count(SnowflakeStandIn.HEARTBEAT)).isEqualTo(1);
        connection.close();

        assertThat(standIn().counters().count(SnowflakeStandIn.CLOSE)).isEqualTo(1);
        assertThat(standIn().sessions()).singleElement().satisfies(s -> assertThat(s.ended()).isTrue());
    }

    @Test
    void sessionEndedServerSide_failsTheNextStatementWith390111() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection connection = connect("alice", TestKeys.ALICE)) {
            assertThat(single(connection, "SELECT 1")).isEqualTo("1");

            assertThat(standIn().endSessions("alice")).isEqualTo(1);

            assertThatThrownBy(() -> single(connection, "SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(390111));
            assertThat(connection.isValid(5)).isFalse();
        }
    }

    @Test
    void sessionsAskingForArrow_areCounted_andJsonSessionsAreNot() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        try (Connection json = connect("alice", TestKeys.ALICE)) {
            assertThat(single(json, "SELECT 1")).isEqualTo("1");
        }
        assertThat(standIn().nonJsonResultFormatSessions()).isZero();

        Properties arrow = standIn().connectionProperties("alice", TestKeys.ALICE.getPrivate());
        arrow.put("JDBC_QUERY_RESULT_FORMAT", "ARROW");
        try (Connection connection = DriverManager.getConnection(standIn().jdbcUrl(), arrow)) {
            assertThat(single(connection, "SELECT 2")).isEqualTo("2");
        }
        try (Connection connection = connect("alice", TestKeys.ALICE);
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER SESSION SET JDBC_QUERY_RESULT_FORMAT = 'ARROW'");
        }

        assertThat(standIn().nonJsonResultFormatSessions()).isEqualTo(2);
        assertThat(standIn().sessions()).filteredOn(SessionInfo::requestedNonJsonResultFormat).hasSize(2);
    }

    @Test
    void sessionsAskingForNoFormat_areCountedAsArrow_asSnowflakeSendsArrowToThem() throws Exception {
        standIn().createServiceUser("alice", TestKeys.pem(TestKeys.ALICE));
        Properties noFormat = standIn().connectionProperties("alice", TestKeys.ALICE.getPrivate());
        noFormat.remove("JDBC_QUERY_RESULT_FORMAT");
        try (Connection connection = DriverManager.getConnection(standIn().jdbcUrl(), noFormat)) {
            assertThat(single(connection, "SELECT 1")).isEqualTo("1");
        }

        assertThat(standIn().nonJsonResultFormatSessions()).isEqualTo(1);
    }
}
