package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.emulator.junit5.AwsCredentialProperties;
import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code snowgate local up} as the STS of local workloads: {@code --aws-identity ROLE_ARN} prints a role session's
 * credentials, {@code --user NAME=ROLE_ARN} makes a keyless service user, and the unmodified driver signs in with the
 * printed credentials through both AWS methods.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LocalUpKeylessTest {

    private static final String ROLE = "arn:aws:iam::111122223333:role/snowgate-local";
    private static final Pattern SNOWFLAKE_LINE = Pattern.compile("snowflake: http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern STS_LINE = Pattern.compile("sts: (http://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern EXPORT = Pattern.compile("export (AWS_[A-Z_]+)=(\\S+)");

    @Test
    void awsIdentity_printsCredentialsBoundToTheRole_withWhichTheDriverSignsInKeyless() throws Exception {
        PipedReader printed = new PipedReader();
        PrintWriter out = new PrintWriter(new PipedWriter(printed), true);
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        Thread up = new Thread(() -> exitCode.complete(SnowgateCommand.commandLine().setOut(out)
                .execute("local", "up", "--secrets-port", "0", "--snowflake-port", "0", "--sts-port", "0",
                        "--account", "ORG-ACCT", "--region", "eu-west-1", "--user", "SVC_KEYLESS=" + ROLE,
                        "--aws-identity", ROLE)), "local-up");
        up.start();

        BufferedReader lines = new BufferedReader(printed);
        assertThat(lines.readLine()).startsWith("secretsmanager: ");
        Matcher snowflake = SNOWFLAKE_LINE.matcher(lines.readLine());
        assertThat(snowflake.matches()).isTrue();
        Matcher sts = STS_LINE.matcher(lines.readLine());
        assertThat(sts.matches()).isTrue();
        assertThat(lines.readLine()).matches("# AWS credentials of a session of " + Pattern.quote(ROLE)
                + ", valid until .*:");
        Properties credentials = new Properties();
        for (int i = 0; i < 3; i++) {
            Matcher export = EXPORT.matcher(lines.readLine());
            assertThat(export.matches()).isTrue();
            credentials.put(export.group(1), export.group(2));
        }
        assertThat(credentials.getProperty("AWS_ACCESS_KEY_ID")).matches("ASIA[A-Z2-7]{16}");

        try (AwsCredentialProperties bound = AwsCredentialProperties.set(credentials.getProperty("AWS_ACCESS_KEY_ID"),
                credentials.getProperty("AWS_SECRET_ACCESS_KEY"), credentials.getProperty("AWS_SESSION_TOKEN"))) {
            for (boolean outboundToken : new boolean[] {false, true}) {
                Properties properties = new Properties();
                properties.put("account", "ORG-ACCT");
                properties.put("user", "SVC_KEYLESS");
                properties.put("authenticator", "WORKLOAD_IDENTITY");
                properties.put("workloadIdentityProvider", "AWS");
                properties.put("workloadIdentityHost", sts.group(1));
                properties.put("workloadIdentityAwsUseOutboundToken", Boolean.toString(outboundToken));
                properties.put("disablePlatformDetection", "true");
                properties.put("JDBC_QUERY_RESULT_FORMAT", "JSON");
                try (Connection connection = DriverManager.getConnection(
                        "jdbc:snowflake://localhost:" + snowflake.group(1) + "/?ssl=off", properties);
                        ResultSet user = connection.createStatement().executeQuery("SELECT CURRENT_USER()")) {
                    assertThat(user.next()).isTrue();
                    assertThat(user.getString(1)).isEqualTo("SVC_KEYLESS");
                }
            }
        }

        up.interrupt();
        assertThat(exitCode.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void awsIdentity_thatIsNotARoleArn_failsNamingTheOption() {
        StringWriter err = new StringWriter();

        int exitCode = SnowgateCommand.commandLine().setErr(new PrintWriter(err))
                .execute("local", "up", "--secrets-port", "0", "--snowflake-port", "0", "--sts-port", "0",
                        "--aws-identity", "arn:aws:iam::111122223333:user/alice");

        assertThat(exitCode).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(err.toString()).contains("--aws-identity: not an IAM role ARN");
    }
}
