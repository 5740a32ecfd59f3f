package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class KeylessDemoTest {

    @Test
    void demoKeyless_signsInWithTheRole_coldThenWarm_withNoSecret_andShowsARefusalsReason() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = SnowgateCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("demo", "--keyless");

        String printed = out.toString();
        assertThat(exitCode).as(err + printed).isZero();
        assertThat(printed).containsPattern("sts: http://127\\.0\\.0\\.1:\\d+")
                .contains("CREATE USER SVC_SNOWGATE_KEYLESS TYPE = SERVICE DEFAULT_ROLE = SNOWGATE_RUNNER WORKLOAD_IDENTITY = (TYPE = AWS ARN = '"
                        + KeylessDemo.ROLE + "')")
                .contains("\"iamRole\":\"snowgate-demo-query\"")
                .contains("1 Snowflake login(s) for 2 invocations, 0 GetSecretValue call(s), 1 signed"
                        + " GetCallerIdentity request(s) Snowflake replayed to STS")
                .contains("\"rowCount\":1")
                .contains("\"event\":\"snowflake_login\"").contains("\"roleArn\":\"" + KeylessDemo.ROLE + "\"")
                .containsPattern("failed: AUTHENTICATION_FAILED: query 'current_version': Snowflake login failed for"
                        + " user SVC_SNOWGATE_KEYLESS .* with AWS role " + java.util.regex.Pattern.quote(KeylessDemo.ROLE))
                .contains("-> errorCode WORKLOAD_IDENTITY_ARN_MISMATCH, username SVC_SNOWGATE_KEYLESS")
                .doesNotContain("AWS_SECRET_ACCESS_KEY").doesNotContain("AWS_SESSION_TOKEN");
        // The demo's STS issues the role's secret key (40 base64 characters) and session token (160) inside the
        // command, so they are looked for by their form: no run of base64 that long is printed. File paths the demo
        // prints (its catalog's), which depend on where the project is checked out, are left out of the search.
        String withoutPaths = (printed + err).replaceAll("(?m)(^|\\s)/\\S*", "$1");
        assertThat(withoutPaths).doesNotContainPattern("[A-Za-z0-9+/]{40,}");
    }
}
