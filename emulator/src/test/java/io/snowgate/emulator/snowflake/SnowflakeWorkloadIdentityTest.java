package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.JdbcCalls.single;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.emulator.junit5.AwsCredentialProperties;
import io.snowgate.emulator.junit5.StandInExtension;
import io.snowgate.emulator.sts.LocalAwsCredentials;
import io.snowgate.emulator.sts.StsStandIn;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Workload identity federation on the Snowflake stand-in: the unmodified snowflake-jdbc signs in with both AWS methods
 * against the local STS, the SQL that manages identities behaves as documented, and every way an attestation can be
 * wrong is refused with the reason kept for {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS}.
 */
class SnowflakeWorkloadIdentityTest {

    static final String REGION = "eu-west-1";
    static final String ROLE = "arn:aws:iam::111122223333:role/snowgate-fn";
    static final String OTHER_ROLE = "arn:aws:iam::111122223333:role/someone-else";
    private static final Pattern FAILURE_ID = Pattern.compile("\\[([0-9a-f-]{36})]");
    private static final KeyPair ADMIN_KEY = TestKeys.ALICE;

    @RegisterExtension
    @Order(1)
    final StandInExtension<StsStandIn> sts = StandInExtension.of(StsStandIn.class,
            () -> new StsStandIn(0, REGION, Clock.systemUTC()).start());

    @RegisterExtension
    @Order(2)
    final StandInExtension<SnowflakeStandIn> snowflake = StandInExtension.of(SnowflakeStandIn.class,
            () -> new SnowflakeStandIn(SnowflakeStandIn.Config.defaults()
                    .withAwsFederation(sts.get().endpoint(), sts.get().issuer())).start());

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void createAdministrator() {
        snowflake.get().createAdminUser("ADMIN", TestKeys.pem(ADMIN_KEY));
    }

    @Test
    void driverSignsIn_withASignedGetCallerIdentityRequest_theClassicMethod() throws Exception {
        admin("CREATE USER SVC TYPE = SERVICE WORKLOAD_IDENTITY = (TYPE = AWS ARN = '" + ROLE + "')");
        LocalAwsCredentials credentials = sts.get().issueRoleCredentials(ROLE);

        try (AwsCredentialProperties bound = bind(credentials); Connection connection = connect("svc", false)) {
            assertThat(single(connection, "SELECT CURRENT_USER()")).isEqualTo("SVC");
        }
        assertThat(sts.get().counters().count(StsStandIn.GET_CALLER_IDENTITY)).as("Snowflake replayed it").isEqualTo(1);
        assertThat(sts.get().counters().count(StsStandIn.GET_WEB_IDENTITY_TOKEN)).isZero();
        // What the driver sent: base64 of the signed request's URL, method and headers, nothing else.
        var login = json.readTree(snowflake.get().requests(SnowflakeStandIn.LOGIN).getLast().body()).path("data");
        assertThat(login.path("AUTHENTICATOR").asText()).isEqualTo("WORKLOAD_IDENTITY");
        assertThat(login.path("PROVIDER").asText()).isEqualTo("AWS");
        var attestation = json.readTree(Base64.getDecoder().decode(login.path("TOKEN").asText()));
        assertThat(attestation.path("url").asText())
                .isEqualTo(sts.get().endpoint() + "?Action=GetCallerIdentity&Version=2011-06-15");
        assertThat(attestation.path("method").asText()).isEqualTo("POST");
        assertThat(attestation.path("headers").path("Authorization").asText())
                .startsWith("AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + "/")
                .contains("/" + REGION + "/sts/aws4_request")
                .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-snowflake-audience,");
        assertThat(attestation.path("headers").path("X-Snowflake-Audience").asText()).isEqualTo("snowflakecomputing.com");
        assertThat(attestation.path("headers").path("X-Amz-Security-Token").asText()).isEqualTo(credentials.sessionToken());
        assertThat(showIdentities("SVC")).singleElement().satisfies(row -> {
            assertThat(row.get(0)).isEqualTo("DEFAULT");
            assertThat(row.get(1)).isEqualTo("AWS");
            assertThat(row.get(3)).as("last_used").isNotNull();
            assertThat(json.readTree(row.get(5))).isEqualTo(json.readTree("{\"awsPartition\":\"aws\","
                    + "\"awsAccount\":\"111122223333\",\"type\":\"IAM_ROLE\",\"iamRole\":\"snowgate-fn\"}"));
        });
    }

    @Test
    void driverSignsIn_withAWebIdentityToken_theJwtMethod_whenTheIdentityNamesItsIssuer() throws Exception {
        admin("CREATE USER SVC TYPE = SERVICE WORKLOAD_IDENTITY = (TYPE = AWS ARN = '" + ROLE + "' ISSUER = '"
                + sts.get().issuer() + "')");
        LocalAwsCredentials credentials = sts.get().issueRoleCredentials(ROLE);

        try (AwsCredentialProperties bound = bind(credentials); Connection connection = connect("svc", true)) {
            assertThat(single(connection, "SELECT CURRENT_USER()")).isEqualTo("SVC");
        }
        assertThat(sts.get().counters().count(StsStandIn.GET_WEB_IDENTITY_TOKEN)).isEqualTo(1);
        assertThat(sts.get().counters().count(StsStandIn.JWKS)).as("Snowflake fetched the issuer's keys").isPositive();
    }

    @Test
    void jwtMethod_isRefused_whenTheIdentityNamesNoIssuer() throws Exception {
        admin("CREATE USER SVC TYPE = SERVICE WORKLOAD_IDENTITY = (TYPE = AWS ARN = '" + ROLE + "')");

        try (AwsCredentialProperties bound = bind(sts.get().issueRoleCredentials(ROLE))) {
            assertThat(refusal(() -> connect("svc", true)))
                    .isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_ISSUER_MISMATCH);
        }
    }

    @Test
    void aUserWithoutWorkloadIdentity_isNotFederated_andAnotherRole_isAnArnMismatch() throws Exception {
        admin("CREATE USER PLAIN TYPE = SERVICE");
        admin("CREATE USER SVC TYPE = SERVICE WORKLOAD_IDENTITY = (TYPE = AWS ARN = '" + ROLE + "')");

        try (AwsCredentialProperties bound = bind(sts.get().issueRoleCredentials(OTHER_ROLE))) {
            assertThat(refusal(() -> connect("plain", false))).isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_NOT_FEDERATED);
            SQLException mismatch = catchLogin(() -> connect("svc", false));
            assertThat(mismatch.getErrorCode()).isEqualTo(390144);
            assertThat(reasonOf(mismatch)).isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_ARN_MISMATCH);
            assertThat(failureDetails(mismatch)).contains("\"errorCode\":\"WORKLOAD_IDENTITY_ARN_MISMATCH\"")
                    .contains("\"username\":\"SVC\"");
        }
    }

    @Test
    void aRoleWithAPath_isMatchedByItsName_becauseASessionArnCarriesNoPath() throws Exception {
        String withPath = "arn:aws:iam::111122223333:role/apps/reporting/snowgate-fn";
        admin("CREATE USER SVC TYPE = SERVICE WORKLOAD_IDENTITY = (TYPE = AWS ARN = '" + withPath + "')");

        try (AwsCredentialProperties bound = bind(sts.get().issueRoleCredentials(withPath));
                Connection connection = connect("svc", false)) {
            assertThat(single(connection, "SELECT CURRENT_USER()")).isEqualTo("SVC");
        }
    }

    @Test
    void addAndRemoveWorkloadIdentity_changeWhoMaySignIn_andDescShowsTheDefault() throws Exception {
        admin("CREATE USER SVC TYPE = SERVICE WORKLOAD_IDENTITY = (TYPE = AWS ARN = '" + ROLE + "')");
        admin("ALTER USER SVC ADD WORKLOAD IDENTITY SECOND TYPE = AWS ARN = '" + OTHER_ROLE + "'");

        assertThat(showIdentities("SVC")).extracting(row -> row.get(0)).containsExactly("DEFAULT", "SECOND");
        assertThat(describe("SVC", "WORKLOAD_IDENTITY")).isEqualTo("TYPE=AWS ARN=" + ROLE);
        try (AwsCredentialProperties bound = bind(sts.get().issueRoleCredentials(OTHER_ROLE));
                Connection connection = connect("svc", false)) {
            assertThat(single(connection, "SELECT CURRENT_USER()")).isEqualTo("SVC");
        }

        admin("ALTER USER SVC REMOVE WORKLOAD IDENTITY SECOND");
        admin("ALTER USER SVC UNSET WORKLOAD_IDENTITY");
        assertThat(showIdentities("SVC")).isEmpty();
        assertThat(describe("SVC", "WORKLOAD_IDENTITY")).isEqualTo("null");
        try (AwsCredentialProperties bound = bind(sts.get().issueRoleCredentials(ROLE))) {
            assertThat(refusal(() -> connect("svc", false))).isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_NOT_FEDERATED);
        }
    }

    @Test
    void identitiesAreRefused_forAPersonUser_aSessionArn_aForeignIssuer_theReservedName_andOtherProviders()
            throws Exception {
        admin("CREATE USER SVC TYPE = SERVICE");
        assertThat(adminError("CREATE USER PERSONA WORKLOAD_IDENTITY = (TYPE = AWS ARN = '" + ROLE + "')"))
                .startsWith("004616/42601: ").contains("WORKLOAD_IDENTITY can only be set for users of TYPE = SERVICE.");
        assertThat(adminError("ALTER USER SVC SET WORKLOAD_IDENTITY = (TYPE = AWS ARN ="
                + " 'arn:aws:sts::111122223333:assumed-role/snowgate-fn/s')"))
                .startsWith("004616/42601: ").contains("Invalid ARN property in WORKLOAD_IDENTITY of TYPE 'AWS'");
        assertThat(adminError("ALTER USER SVC SET WORKLOAD_IDENTITY = (TYPE = AWS ARN = '" + ROLE
                + "' ISSUER = 'https://sts.amazonaws.com')"))
                .startsWith("004616/42601: ").contains("Invalid ISSUER property in WORKLOAD_IDENTITY of TYPE 'AWS'");
        assertThat(adminError("ALTER USER SVC ADD WORKLOAD IDENTITY DEFAULT TYPE = AWS ARN = '" + ROLE + "'"))
                .startsWith("004616/42601: ").contains("The workload identity name 'DEFAULT' is reserved");
        assertThat(adminError("ALTER USER SVC SET WORKLOAD_IDENTITY = (TYPE = GCP SUBJECT = '123')"))
                .startsWith("002040/0A000: ").contains("Unsupported feature 'WORKLOAD_IDENTITY TYPE = GCP");
        admin("ALTER USER SVC SET WORKLOAD_IDENTITY = (TYPE = AWS ARN = '" + ROLE
                + "' ISSUER = 'https://0b8c2e7e-3f5d-4e6a-9a7b-2c1d0e9f8a7b.tokens.sts.global.api.aws')");
    }

    @Test
    void changingAWorkloadIdentity_needsModifyProgrammaticAuthenticationMethods() throws Exception {
        admin("CREATE USER SVC TYPE = SERVICE");
        admin("CREATE ROLE HELPER");
        admin("GRANT ROLE HELPER TO USER ADMIN");
        admin("GRANT MONITOR ON USER SVC TO ROLE HELPER");

        assertThat(adminError("USE ROLE HELPER; ALTER USER SVC ADD WORKLOAD IDENTITY X TYPE = AWS ARN = '" + ROLE + "'"))
                .startsWith("003001/42501: ").contains("Insufficient privileges to operate on user 'SVC'");
        admin("GRANT MODIFY PROGRAMMATIC AUTHENTICATION METHODS ON USER SVC TO ROLE HELPER");
        admin("USE ROLE HELPER; ALTER USER SVC ADD WORKLOAD IDENTITY X TYPE = AWS ARN = '" + ROLE + "'");
        assertThat(snowflake.get().workloadIdentities("SVC")).containsEntry("X", ROLE);
    }

    @Test
    void handBuiltAttestations_areRefusedForEveryWayTheyCanBeWrong() throws Exception {
        admin("CREATE USER SVC TYPE = SERVICE WORKLOAD_IDENTITY = (TYPE = AWS ARN = '" + ROLE + "')");
        LocalAwsCredentials credentials = sts.get().issueRoleCredentials(ROLE);
        URI good = URI.create(sts.get().endpoint() + "?Action=GetCallerIdentity&Version=2011-06-15");
        Instant now = Instant.now();

        assertThat(login(attestation(credentials, good, now, true))).isNull();
        assertThat(login(attestation(credentials, good, now.minus(Duration.ofMinutes(6)), true)))
                .isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_STALE);
        assertThat(login(attestation(credentials, good, now, false)))
                .isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_WRONG_AUDIENCE);
        assertThat(login(attestation(credentials, URI.create("http://127.0.0.1:1?Action=GetCallerIdentity"
                + "&Version=2011-06-15"), now, true))).isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_UNTRUSTED_HOST);
        assertThat(login(attestation(credentials, URI.create(sts.get().endpoint() + "?Action=GetSessionToken"
                + "&Version=2011-06-15"), now, true))).isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_WRONG_ACTION);
        LocalAwsCredentials forged = new LocalAwsCredentials(credentials.accessKeyId(), "wrong-secret-key-000000000000",
                credentials.sessionToken(), credentials.role(), credentials.session(), credentials.expiration());
        assertThat(login(attestation(forged, good, now, true))).isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_BAD_SIGNATURE);
        LocalAwsCredentials expired = sts.get().issueRoleCredentials(ROLE, "old", Duration.ofSeconds(-1));
        assertThat(login(attestation(expired, good, now, true)))
                .isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_CREDENTIALS_REFUSED);
        assertThat(login(Base64.getEncoder().encodeToString("not json".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_MALFORMED);

        HandBuiltLogin.Answer azure = HandBuiltLogin.postWorkloadIdentity(snowflake.get().endpoint(),
                SnowflakeStandIn.DEFAULT_CLIENT_ACCOUNT, "SVC", attestation(credentials, good, now, true), "AZURE");
        assertThat(snowflake.get().loginFailure(azure.failureId().orElseThrow()).orElseThrow().reason())
                .isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_UNSUPPORTED_PROVIDER);
        assertThat(azure.code()).isEqualTo("390144");
    }

    @Test
    void withoutALoginName_theUserIsFoundByTheIdentity_whenExactlyOneFederatesIt() throws Exception {
        admin("CREATE USER SVC TYPE = SERVICE WORKLOAD_IDENTITY = (TYPE = AWS ARN = '" + ROLE + "')");
        LocalAwsCredentials credentials = sts.get().issueRoleCredentials(ROLE);
        String token = attestation(credentials, URI.create(sts.get().endpoint()
                + "?Action=GetCallerIdentity&Version=2011-06-15"), Instant.now(), true);

        HandBuiltLogin.Answer answer = HandBuiltLogin.postWorkloadIdentity(snowflake.get().endpoint(),
                SnowflakeStandIn.DEFAULT_CLIENT_ACCOUNT, null, token, "AWS");

        assertThat(answer.success()).as(answer.message()).isTrue();
        assertThat(answer.data().path("displayUserName").asText()).isEqualTo("SVC");
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private Connection connect(String user, boolean outboundToken) throws SQLException {
        Properties properties = new Properties();
        properties.put("account", snowflake.get().clientAccount());
        properties.put("user", user);
        properties.put("authenticator", "WORKLOAD_IDENTITY");
        properties.put("workloadIdentityProvider", "AWS");
        properties.put("workloadIdentityHost", sts.get().endpoint().toString());
        if (outboundToken) {
            properties.put("workloadIdentityAwsUseOutboundToken", "true");
        }
        properties.put("db", snowflake.get().config().database());
        properties.put("disablePlatformDetection", "true");
        properties.put("maxHttpRetries", "0");
        properties.put("JDBC_QUERY_RESULT_FORMAT", "JSON");
        return DriverManager.getConnection(snowflake.get().workloadIdentityJdbcUrl(), properties);
    }

    private static AwsCredentialProperties bind(LocalAwsCredentials credentials) {
        return AwsCredentialProperties.set(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken());
    }

    /** A signed GetCallerIdentity request as snowflake-jdbc encodes it, signed by the AWS SDK's own signer. */
    private String attestation(LocalAwsCredentials credentials, URI url, Instant signedAt, boolean withAudience)
            throws Exception {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(url)
                .putHeader("Host", url.getRawAuthority())
                .contentStreamProvider(() -> new ByteArrayInputStream(new byte[0]));
        if (withAudience) {
            request.putHeader("X-Snowflake-Audience", "snowflakecomputing.com");
        }
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(SignRequest.builder(AwsSessionCredentialsIdentity.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()))
                .request(request.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC))
                .build()).request();
        ObjectNode attestation = json.createObjectNode();
        ObjectNode headers = attestation.putObject("headers");
        signed.headers().forEach((name, values) -> headers.put(name, values.get(0)));
        attestation.put("url", signed.getUri().toString());
        attestation.put("method", signed.method().toString());
        return Base64.getEncoder().encodeToString(json.writeValueAsBytes(attestation));
    }

    /** Null when the hand-built login succeeded, otherwise why it was refused. */
    private LoginFailureReason login(String attestation) throws Exception {
        HandBuiltLogin.Answer answer = HandBuiltLogin.postWorkloadIdentity(snowflake.get().endpoint(),
                SnowflakeStandIn.DEFAULT_CLIENT_ACCOUNT, "SVC", attestation, "AWS");
        if (answer.success()) {
            return null;
        }
        assertThat(answer.code()).isEqualTo("390144");
        return snowflake.get().loginFailure(answer.failureId().orElseThrow()).orElseThrow().reason();
    }

    private LoginFailureReason refusal(LoginAttempt attempt) {
        return reasonOf(catchLogin(attempt));
    }

    private static SQLException catchLogin(LoginAttempt attempt) {
        try (Connection ignored = attempt.connect()) {
            throw new AssertionError("the login succeeded");
        } catch (SQLException e) {
            return e;
        }
    }

    private LoginFailureReason reasonOf(SQLException e) {
        Matcher m = FAILURE_ID.matcher(e.getMessage());
        assertThat(m.find()).as("login-failure id in %s", e.getMessage()).isTrue();
        return snowflake.get().loginFailure(m.group(1)).orElseThrow().reason();
    }

    private String failureDetails(SQLException e) throws SQLException {
        Matcher m = FAILURE_ID.matcher(e.getMessage());
        assertThat(m.find()).isTrue();
        return adminSingle("SELECT SYSTEM$GET_LOGIN_FAILURE_DETAILS('" + m.group(1) + "')");
    }

    @FunctionalInterface
    private interface LoginAttempt {
        Connection connect() throws SQLException;
    }

    private void admin(String sql) throws SQLException {
        try (Connection connection = SignedInSnowflake.connect(snowflake.get(), "ADMIN", ADMIN_KEY);
                Statement statement = connection.createStatement()) {
            for (String part : sql.split(";")) {
                statement.execute(part.strip());
            }
        }
    }

    /** The refusal of {@code sql} as "code/SQL state: message", the code in Snowflake's six digits. */
    private String adminError(String sql) {
        try {
            admin(sql);
        } catch (SQLException e) {
            return String.format("%06d/%s: %s", e.getErrorCode(), e.getSQLState(), e.getMessage());
        }
        throw new AssertionError("Snowflake accepted: " + sql);
    }

    private String adminSingle(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(snowflake.get().jdbcUrl(),
                snowflake.get().connectionProperties("ADMIN", ADMIN_KEY.getPrivate()))) {
            return single(connection, sql);
        }
    }

    private List<List<String>> showIdentities(String user) throws SQLException {
        try (Connection connection = SignedInSnowflake.connect(snowflake.get(), "ADMIN", ADMIN_KEY);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW USER WORKLOAD IDENTITY AUTHENTICATION METHODS FOR USER "
                        + user)) {
            assertThat(rows.getMetaData().getColumnName(6)).isEqualTo("additional_info");
            List<List<String>> all = new ArrayList<>();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= 6; i++) {
                    row.add(rows.getString(i));
                }
                all.add(row);
            }
            return all;
        }
    }

    private String describe(String user, String property) throws SQLException {
        try (Connection connection = SignedInSnowflake.connect(snowflake.get(), "ADMIN", ADMIN_KEY);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("DESC USER " + user)) {
            while (rows.next()) {
                if (rows.getString(1).equals(property)) {
                    return rows.getString(2);
                }
            }
        }
        throw new AssertionError(property + " not in DESC USER");
    }

}
