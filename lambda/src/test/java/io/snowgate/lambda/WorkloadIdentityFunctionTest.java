package io.snowgate.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.emulator.junit5.AwsCredentialProperties;
import io.snowgate.emulator.junit5.StandInExtension;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.snowflake.LoginFailureReason;
import io.snowgate.emulator.snowflake.QueryInfo;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.emulator.sts.StsStandIn;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.config.WorkloadIdentityConfig;
import io.snowgate.lambda.http.ApiGatewayEventFixtures;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.RsaKeyGenerator;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.schedule.ScheduledRunFailedException;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.snowflake.WorkloadIdentityMethod;
import io.snowgate.lambda.testing.WorkloadIdentityDeployment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;

/**
 * The function in workload identity mode, end to end: the unmodified snowflake-jdbc attests with the role's
 * credentials against the STS stand-in, the Snowflake stand-in verifies it as Snowflake does, and no secret is read
 * anywhere. Sessions, deadlines, failures and metrics behave as in key-pair mode; every failure says what to check.
 */
class WorkloadIdentityFunctionTest {

    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern FAILURE_ID = Pattern.compile("login failure id ([0-9a-f-]{36})");

    @RegisterExtension
    @Order(1)
    final StandInExtension<StsStandIn> sts = StandInExtension.of(StsStandIn.class,
            () -> new StsStandIn(0, WorkloadIdentityDeployment.REGION, Clock.systemUTC()).start());

    @RegisterExtension
    @Order(2)
    final StandInExtension<SnowflakeStandIn> snowflake = StandInExtension.of(SnowflakeStandIn.class,
            () -> WorkloadIdentityDeployment.snowflakeTrusting(sts.get()));

    private final ObjectMapper json = new ObjectMapper();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private WorkloadIdentityDeployment deployment;
    private QueryFunction function;
    private static final RsaKeyPair ADMIN_KEY = RsaKeyGenerator.generate();
    private boolean adminCreated;

    @AfterEach
    void tearDown() {
        if (function != null) {
            function.close();
        }
        if (deployment != null) {
            deployment.close();
        }
    }

    private QueryFunction deploy(WorkloadIdentityMethod method) {
        deployment = new WorkloadIdentityDeployment(sts.get(), snowflake.get()).install();
        function = deployment.function(deployment.config(method), Clock.systemUTC(), Duration.ofMinutes(1),
                new PrintStream(logs, true, StandardCharsets.UTF_8));
        return function;
    }

    @ParameterizedTest
    @EnumSource(WorkloadIdentityMethod.class)
    void scheduledAndHttpRuns_signInWithTheRole_andReuseTheSession_withNoSecretAnywhere(WorkloadIdentityMethod method)
            throws IOException {
        ScheduledQueryHandler scheduled = new ScheduledQueryHandler(deploy(method));

        JsonNode first = invoke(scheduled, "{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);
        JsonNode second = invoke(scheduled, "{\"query\":\"echo_text\",\"params\":{\"text\":\"keyless\"}}",
                INVOCATION_TIMEOUT);
        String http = http(new HttpQueryHandler(function), "/queries/echo_text", "{\"params\":{\"text\":\"hi\"}}");

        assertThat(first.path("rowCount").asInt()).isEqualTo(1);
        assertThat(second.path("rows").get(0).path("ECHOED").asText()).isEqualTo("keyless");
        assertThat(json.readTree(http).path("statusCode").asInt()).isEqualTo(200);
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.LOGIN)).as("one session, reused").isEqualTo(1);
        assertThat(snowflake.get().sessions()).singleElement()
                .satisfies(session -> assertThat(session.user()).isEqualTo(WorkloadIdentityDeployment.USER));
        if (method == WorkloadIdentityMethod.CALLER_IDENTITY) {
            assertThat(sts.get().counters().count(StsStandIn.GET_CALLER_IDENTITY)).as("Snowflake's replay").isEqualTo(1);
            assertThat(sts.get().counters().count(StsStandIn.GET_WEB_IDENTITY_TOKEN)).isZero();
        } else {
            assertThat(sts.get().counters().count(StsStandIn.GET_WEB_IDENTITY_TOKEN)).as("the function's call")
                    .isEqualTo(1);
            assertThat(sts.get().counters().count(StsStandIn.GET_CALLER_IDENTITY)).isZero();
        }
        JsonNode login = logLine("snowflake_login");
        assertThat(login.path("roleArn").asText()).isEqualTo(WorkloadIdentityDeployment.ROLE_ARN);
        assertThat(login.path("user").asText()).isEqualTo(WorkloadIdentityDeployment.USER);
        assertThat(login.has("fingerprint")).isFalse();
        assertThat(metricValues("Invocations")).hasSize(3);
        assertThat(metricValues("SecretRefetches")).isEmpty();
    }

    @Test
    void aSessionSnowflakeEnded_isReplaced_andADeadlineStillCancelsTheStatement() throws IOException {
        ScheduledQueryHandler scheduled = new ScheduledQueryHandler(deploy(WorkloadIdentityMethod.CALLER_IDENTITY));
        invoke(scheduled, "{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);
        snowflake.get().endSessions(WorkloadIdentityDeployment.USER);

        invoke(scheduled, "{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.LOGIN)).isEqualTo(2);

        long start = System.nanoTime();
        assertThatThrownBy(() -> invoke(scheduled, "{\"query\":\"slow\",\"params\":{\"seconds\":120}}",
                Duration.ofSeconds(4)))
                .isInstanceOf(ScheduledRunFailedException.class).hasMessageStartingWith("DEADLINE_EXCEEDED");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered at the deadline")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(snowflake.get().queries()).filteredOn(q -> q.sqlText().contains("SYSTEM$WAIT"))
                .singleElement().satisfies(q -> assertThat(q.status()).isEqualTo(QueryInfo.Status.ABORTED));
        JsonNode sent = json.readTree(snowflake.get().requests(SnowflakeStandIn.QUERY).stream()
                .map(request -> new String(request.body(), StandardCharsets.UTF_8))
                .filter(body -> body.contains("SYSTEM$WAIT")).findFirst().orElseThrow());
        assertThat(sent.path("parameters").path("STATEMENT_TIMEOUT_IN_SECONDS").asInt())
                .as("Snowflake itself enforces the invocation's budget").isBetween(1, 4);
    }

    @Test
    void noAwsCredentials_failsBeforeAnyLogin_namingTheUserAndTheRole() {
        deployment = new WorkloadIdentityDeployment(sts.get(), snowflake.get()).install();
        try (AwsCredentialProperties none = AwsCredentialProperties.cleared()) {
            function = deployment.function(deployment.config(WorkloadIdentityMethod.CALLER_IDENTITY),
                    () -> AwsCredentialsProviderChain.of(SystemPropertyCredentialsProvider.create()),
                    Clock.systemUTC(), Duration.ofMinutes(1), new PrintStream(logs, true, StandardCharsets.UTF_8));
            ScheduledQueryHandler scheduled = new ScheduledQueryHandler(function);

            assertThatThrownBy(() -> invoke(scheduled, "{\"query\":\"current_version\"}", INVOCATION_TIMEOUT))
                    .isInstanceOf(ScheduledRunFailedException.class)
                    .hasMessageStartingWith("AUTHENTICATION_FAILED: query 'current_version': No AWS credentials to sign"
                            + " in to Snowflake as user SVC_SNOWGATE with AWS role "
                            + WorkloadIdentityDeployment.ROLE_ARN)
                    .hasMessageContaining("AWS_ACCESS_KEY_ID");
        }
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.LOGIN)).isZero();
        assertThat(logLine("aws_credentials_missing").path("roleArn").asText())
                .isEqualTo(WorkloadIdentityDeployment.ROLE_ARN);
    }

    @Test
    void aUserNotFederated_andARoleOtherThanTheUsers_areRefused_pointingAtTheLoginFailureDetails() throws IOException {
        deployment = new WorkloadIdentityDeployment(sts.get(), snowflake.get());
        snowflake.get().createWorkloadIdentityUser(WorkloadIdentityDeployment.USER,
                "arn:aws:iam::111122223333:role/another-function", Optional.empty());
        deployment.withRoleCredentials();
        function = deployment.function(deployment.config(WorkloadIdentityMethod.CALLER_IDENTITY), Clock.systemUTC(),
                Duration.ofMinutes(1), new PrintStream(logs, true, StandardCharsets.UTF_8));
        ScheduledQueryHandler scheduled = new ScheduledQueryHandler(function);

        String mismatch = failure(scheduled);
        assertThat(mismatch).startsWith("AUTHENTICATION_FAILED: query 'current_version': Snowflake login failed for"
                        + " user SVC_SNOWGATE in account SNOWGATE with AWS role " + WorkloadIdentityDeployment.ROLE_ARN
                        + " (code 390144, login failure id ")
                .contains("SHOW USER WORKLOAD IDENTITY AUTHENTICATION METHODS FOR USER SVC_SNOWGATE")
                .contains("SYSTEM$GET_LOGIN_FAILURE_DETAILS");
        assertThat(reason(mismatch)).isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_ARN_MISMATCH);
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.LOGIN)).as("a role is not refetched").isEqualTo(1);

        admin("ALTER USER SVC_SNOWGATE UNSET WORKLOAD_IDENTITY");
        assertThat(reason(failure(scheduled))).isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_NOT_FEDERATED);
        JsonNode logged = logLine("snowflake_login_failed");
        assertThat(logged.path("roleArn").asText()).isEqualTo(WorkloadIdentityDeployment.ROLE_ARN);
        assertThat(logged.path("loginFailureId").asText()).matches("[0-9a-f-]{36}");
    }

    @Test
    void aRoleNotGrantedToTheUser_isRefused_namingWorkloadIdentitysRoleSetting_notASecret() {
        deployment = new WorkloadIdentityDeployment(sts.get(), snowflake.get()).install();
        SnowgateConfig base = deployment.config(WorkloadIdentityMethod.CALLER_IDENTITY);
        WorkloadIdentityConfig settings = base.workloadIdentity().orElseThrow();
        SnowgateConfig withRole = SnowgateConfig.workloadIdentity(new WorkloadIdentityConfig(settings.account(),
                settings.user(), settings.warehouse(), settings.database(), settings.schema(),
                Optional.of("NOPE_ROLE"), settings.roleArn(), settings.method(), settings.stsHost()),
                base.catalogLocation(), base.snowflakeUrl());
        function = deployment.function(withRole, Clock.systemUTC(), Duration.ofMinutes(1),
                new PrintStream(logs, true, StandardCharsets.UTF_8));

        assertThat(failure(new ScheduledQueryHandler(function)))
                .contains("the role NOPE_ROLE it signs in with is not granted to the user")
                .contains(FunctionEnvironment.SNOWFLAKE_ROLE);
    }

    @Test
    void anUnreachableSnowflake_namesWorkloadIdentitysAccountSetting_amongTheHostsToCheck() throws IOException {
        deployment = new WorkloadIdentityDeployment(sts.get(), snowflake.get()).install();
        SnowgateConfig base = deployment.config(WorkloadIdentityMethod.CALLER_IDENTITY);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        function = deployment.function(SnowgateConfig.workloadIdentity(base.workloadIdentity().orElseThrow(),
                base.catalogLocation(), Optional.of(new SnowflakeEndpoint("http", "localhost", closedPort))),
                Clock.systemUTC(), Duration.ofMinutes(1), new PrintStream(logs, true, StandardCharsets.UTF_8));

        assertThat(failure(new ScheduledQueryHandler(function))).contains("could not be reached")
                .contains(FunctionEnvironment.SNOWFLAKE_ACCOUNT);
    }

    @Test
    void aLoginNeverAnswered_isADeadlineBeforeSending_thatSaysNothingOfASecret() {
        deploy(WorkloadIdentityMethod.CALLER_IDENTITY);
        snowflake.get().faults().failNext(SnowflakeStandIn.LOGIN, 1, new Fault.BlackHole());

        assertThatThrownBy(() -> invoke(new ScheduledQueryHandler(function), "{\"query\":\"current_version\"}",
                Duration.ofSeconds(3)))
                .isInstanceOfSatisfying(ScheduledRunFailedException.class, e -> {
                    assertThat(e.failure().code()).isEqualTo("DEADLINE_EXCEEDED");
                    assertThat(e.failure().message()).contains("was not run: signing in to Snowflake")
                            .doesNotContain("reading the secret from Secrets Manager, logging in");
                });
    }

    @Test
    void anAttestationAwsRefuses_isAnAuthenticationFailure_sayingWhy() {
        deploy(WorkloadIdentityMethod.WEB_IDENTITY_TOKEN);
        sts.get().outboundFederation(false);

        assertThatThrownBy(() -> invoke(new ScheduledQueryHandler(function), "{\"query\":\"current_version\"}",
                INVOCATION_TIMEOUT))
                .isInstanceOf(ScheduledRunFailedException.class)
                .hasMessageStartingWith("AUTHENTICATION_FAILED: query 'current_version': Snowflake login failed for"
                        + " user SVC_SNOWGATE in account SNOWGATE with AWS role " + WorkloadIdentityDeployment.ROLE_ARN
                        + " (code 200071)")
                .hasMessageContaining("GetWebIdentityToken")
                .hasMessageContaining("Outbound web identity federation is not enabled");
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.LOGIN)).isZero();
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private String failure(ScheduledQueryHandler scheduled) {
        try {
            invoke(scheduled, "{\"query\":\"current_version\"}", INVOCATION_TIMEOUT);
        } catch (ScheduledRunFailedException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("the run succeeded");
    }

    private LoginFailureReason reason(String message) {
        Matcher id = FAILURE_ID.matcher(message);
        assertThat(id.find()).as(message).isTrue();
        return snowflake.get().loginFailure(id.group(1)).orElseThrow().reason();
    }

    private void admin(String sql) {
        if (!adminCreated) {
            snowflake.get().createAdminUser("ADMIN", new KeyPem().publicKey(ADMIN_KEY.publicKey()));
            adminCreated = true;
        }
        try (Connection connection = DriverManager.getConnection(snowflake.get().jdbcUrl(),
                snowflake.get().connectionProperties("ADMIN", ADMIN_KEY.privateKey()));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode invoke(ScheduledQueryHandler handler, String event, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("scheduled", timeout, Clock.systemUTC()));
        return json.readTree(out.toByteArray());
    }

    private String http(HttpQueryHandler handler, String path, String body) throws IOException {
        String event = ApiGatewayEventFixtures.event(ApiGatewayEventFixtures.Payload.values()[0], "POST", path,
                Map.of(), body, ApiGatewayEventFixtures.CALLER);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("http", Duration.ofSeconds(29), Clock.systemUTC()));
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<JsonNode> logLines() {
        return logs.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return json.readTree(line);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    private JsonNode logLine(String event) {
        return logLines().stream().filter(line -> event.equals(line.path("event").asText())).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + event + " line in " + logs));
    }

    private List<Long> metricValues(String metric) {
        return logLines().stream().filter(line -> line.has("_aws") && line.has(metric))
                .map(line -> line.get(metric).asLong()).toList();
    }
}
