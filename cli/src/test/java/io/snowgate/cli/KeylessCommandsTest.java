package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.StandInExtension;
import io.snowgate.emulator.snowflake.LoginFailureReason;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.emulator.sts.LocalAwsCredentials;
import io.snowgate.emulator.sts.StsStandIn;
import io.snowgate.lambda.testing.WorkloadIdentityDeployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code snowgate verify --workload-identity} and {@code snowgate invoke} in workload identity mode as a user runs
 * them after {@code aws sts assume-role}: their own JVM, the role's credentials in the standard AWS variables, a
 * local STS ({@code AWS_ENDPOINT_URL_STS}) and Snowflake stand-in, and no secret anywhere.
 */
class KeylessCommandsTest {

    private static final String USER = "SVC_KEYLESS";
    private static final String ROLE = WorkloadIdentityDeployment.ROLE_ARN;
    /** Everything a shell might hold that would let a child find credentials other than the ones given. */
    private static final Set<String> AMBIENT = Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_WEB_IDENTITY_TOKEN_FILE");

    @RegisterExtension
    @Order(1)
    final StandInExtension<StsStandIn> sts = StandInExtension.of(StsStandIn.class,
            () -> new StsStandIn(0, WorkloadIdentityDeployment.REGION, Clock.systemUTC()).start());

    @RegisterExtension
    @Order(2)
    final StandInExtension<SnowflakeStandIn> snowflake = StandInExtension.of(SnowflakeStandIn.class,
            () -> WorkloadIdentityDeployment.snowflakeTrusting(sts.get()));

    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void verify_signsInWithTheRole_andSaysWhichArnItPresented() throws Exception {
        snowflake.get().createWorkloadIdentityUser(USER, ROLE, Optional.empty());
        LocalAwsCredentials credentials = sts.get().issueRoleCredentials(ROLE, "laptop-session",
                java.time.Duration.ofHours(1));

        Run run = run(List.of("verify", "--workload-identity", "--account", snowflake.get().clientAccount(),
                "--user", USER, "--snowflake-url", localhostSnowflake()), withCredentials(credentials));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("role works\n")
                .contains("presented arn:aws:sts::111122223333:assumed-role/snowgate-query/laptop-session\n")
                .contains("method caller-identity\n")
                .contains("workload identity DEFAULT {\"awsPartition\":\"aws\",\"awsAccount\":\"111122223333\","
                        + "\"type\":\"IAM_ROLE\",\"iamRole\":\"snowgate-query\"}");
        assertNoCredential(run, credentials);
    }

    @Test
    void verify_withTheJwtMethod_signsInToo() throws Exception {
        snowflake.get().createWorkloadIdentityUser(USER, ROLE, Optional.of(sts.get().issuer()));
        LocalAwsCredentials credentials = sts.get().issueRoleCredentials(ROLE);

        Run run = run(List.of("verify", "--workload-identity", "--account", snowflake.get().clientAccount(),
                "--user", USER, "--method", "web-identity-token", "--snowflake-url", localhostSnowflake()),
                withCredentials(credentials));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("role works\n").contains("method web-identity-token\n");
        assertNoCredential(run, credentials);
        assertThat(sts.get().counters().count(StsStandIn.GET_WEB_IDENTITY_TOKEN)).isEqualTo(1);
    }

    @Test
    void verifyQueries_keyless_namesTheQueriesSnowflakeDoesNotCompileInTheRolesSession() throws Exception {
        snowflake.get().createWorkloadIdentityUser(USER, ROLE, Optional.empty());
        Path catalog = java.nio.file.Files.createTempFile("keyless-catalog", ".yaml");
        try {
            java.nio.file.Files.writeString(catalog, """
                    queries:
                      - name: version
                        description: Needs no table
                        sql: SELECT CURRENT_VERSION()
                      - name: orders
                        description: Reads a table this account lacks
                        sql: SELECT * FROM orders
                    """);
            Map<String, String> environment = withCredentials(sts.get().issueRoleCredentials(ROLE));
            environment.put("SNOWGATE_CATALOG", catalog.toString());

            Run run = run(List.of("verify", "--workload-identity", "--queries", "--account",
                    snowflake.get().clientAccount(), "--user", USER, "--snowflake-url", localhostSnowflake()),
                    environment);

            assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
            assertThat(run.out()).contains("role works\n").contains("query version compiles\n")
                    .contains("query orders failed (code 2003");
            assertThat(run.err()).contains("the role works, but Snowflake does not compile orders in its session");
        } finally {
            java.nio.file.Files.delete(catalog);
        }
    }

    @Test
    void verify_withoutMethod_signsInWithTheMethodTheFunctionIsSetTo() throws Exception {
        snowflake.get().createWorkloadIdentityUser(USER, ROLE, Optional.of(sts.get().issuer()));
        Map<String, String> environment = withCredentials(sts.get().issueRoleCredentials(ROLE));
        environment.put("SNOWGATE_WORKLOAD_IDENTITY_METHOD", "web-identity-token");

        Run run = run(List.of("verify", "--workload-identity", "--account", snowflake.get().clientAccount(),
                "--user", USER, "--snowflake-url", localhostSnowflake()), environment);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("role works\n").contains("method web-identity-token\n");
        assertThat(sts.get().counters().count(StsStandIn.GET_WEB_IDENTITY_TOKEN)).isEqualTo(1);
    }

    @Test
    void verify_aRoleTheUserDoesNotTrust_reportsWhatWasPresentedAndTheFailureId_andExits1() throws Exception {
        snowflake.get().createWorkloadIdentityUser(USER, "arn:aws:iam::111122223333:role/another", Optional.empty());

        Run run = run(List.of("verify", "--workload-identity", "--account", snowflake.get().clientAccount(),
                "--user", USER, "--snowflake-url", localhostSnowflake()),
                withCredentials(sts.get().issueRoleCredentials(ROLE)));

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.out()).contains("login failed\n").contains("user " + USER + "\n")
                .contains("presented arn:aws:sts::111122223333:assumed-role/snowgate-query/snowgate-local\n")
                .contains("snowflake code 390144\n");
        Matcher id = Pattern.compile("login failure id ([0-9a-f-]{36})").matcher(run.out());
        assertThat(id.find()).isTrue();
        assertThat(snowflake.get().loginFailure(id.group(1)).orElseThrow().reason())
                .isEqualTo(LoginFailureReason.WORKLOAD_IDENTITY_ARN_MISMATCH);
        assertThat(run.err().strip()).startsWith("snowgate: Snowflake login failed for user " + USER)
                .contains("with AWS role " + ROLE).contains("SYSTEM$GET_LOGIN_FAILURE_DETAILS").doesNotContain("\n");
    }

    @Test
    void verify_withoutAwsCredentials_failsSayingSo() throws Exception {
        snowflake.get().createWorkloadIdentityUser(USER, ROLE, Optional.empty());

        Run run = run(List.of("verify", "--workload-identity", "--account", snowflake.get().clientAccount(),
                "--user", USER, "--snowflake-url", localhostSnowflake()), base());

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.err()).contains("cannot learn who the environment's AWS credentials are");
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.LOGIN)).isZero();
    }

    @Test
    void invoke_runsTheScheduledHandlerKeyless_configuredAsTheCdkAppConfiguresIt_loggingNoCredential()
            throws Exception {
        snowflake.get().createWorkloadIdentityUser(USER, ROLE, Optional.empty());
        LocalAwsCredentials credentials = sts.get().issueRoleCredentials(ROLE);

        Run run = run(List.of("invoke", "--handler", "scheduled", "--event",
                Path.of("../events/scheduled-current-version.json").toString(), "--timeout", "30"),
                function(withCredentials(credentials)));

        assertThat(run.exitCode()).as(run.err()).isZero();
        // stdout is the result alone; the function's log lines go to stderr.
        assertThat(new ObjectMapper().readTree(run.out()).path("rowCount").asInt()).isEqualTo(1);
        assertThat(run.err()).contains("\"event\":\"snowflake_login\"").contains("\"roleArn\":\"" + ROLE + "\"");
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.LOGIN)).isEqualTo(1);
        assertThat(sts.get().counters().count(StsStandIn.GET_CALLER_IDENTITY)).as("Snowflake's replay").isEqualTo(1);
        assertNoCredential(run, credentials);
    }

    @Test
    void invoke_withoutAwsCredentials_failsBeforeSigningIn_namingUserAndRole() throws Exception {
        snowflake.get().createWorkloadIdentityUser(USER, ROLE, Optional.empty());

        Run run = run(List.of("invoke", "--handler", "scheduled", "--event",
                Path.of("../events/scheduled-current-version.json").toString()), function(base()));

        assertThat(run.exitCode()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.err()).contains("AUTHENTICATION_FAILED").contains("No AWS credentials to sign in to Snowflake"
                + " as user " + USER + " with AWS role " + ROLE);
        assertThat(snowflake.get().counters().count(SnowflakeStandIn.LOGIN)).isZero();
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    /** Neither the role's secret key nor its session token is on the child's stdout or stderr (its log lines). */
    private static void assertNoCredential(Run run, LocalAwsCredentials credentials) {
        assertThat(run.out() + run.err()).doesNotContain(credentials.secretAccessKey())
                .doesNotContain(credentials.sessionToken());
    }

    private String localhostSnowflake() {
        return "http://localhost:" + snowflake.get().port();
    }

    /** What every child gets: region, the local STS, the host the driver may attest to, and no other credentials. */
    private Map<String, String> base() {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_REGION", WorkloadIdentityDeployment.REGION);
        environment.put("AWS_ENDPOINT_URL_STS", sts.get().endpoint().toString());
        environment.put("SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES", "localhost");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/snowgate/credentials");
        environment.put("AWS_CONFIG_FILE", "/nonexistent/snowgate/config");
        return environment;
    }

    private Map<String, String> withCredentials(LocalAwsCredentials credentials) {
        Map<String, String> environment = base();
        environment.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        environment.put("AWS_SESSION_TOKEN", credentials.sessionToken());
        return environment;
    }

    /** The function's variables in workload identity mode, as the CDK app sets them, pointed at the stand-ins. */
    private Map<String, String> function(Map<String, String> environment) {
        environment.put("SNOWGATE_AUTH", "workload-identity");
        environment.put("SNOWGATE_SNOWFLAKE_ACCOUNT", snowflake.get().clientAccount());
        environment.put("SNOWGATE_SNOWFLAKE_USER", USER);
        environment.put("SNOWGATE_WORKLOAD_IDENTITY_ROLE_ARN", ROLE);
        environment.put("SNOWGATE_SNOWFLAKE_URL", localhostSnowflake());
        return environment;
    }

    private Run run(List<String> arguments, Map<String, String> environment) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Main.class.getName()));
        command.addAll(arguments);
        Process process = ChildJvm.start(command, environment, AMBIENT);
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }
}
