package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void demo_runsTheScheduledHandlerColdThenWarm_onTheStandIns() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = SnowgateCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("demo");

        String printed = out.toString();
        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(printed).containsPattern("secretsmanager: http://127\\.0\\.0\\.1:\\d+")
                .containsPattern("snowflake: http://127\\.0\\.0\\.1:\\d+")
                .containsPattern("RSA_PUBLIC_KEY_FP = SHA256:[A-Za-z0-9+/]{43}=")
                .contains("\"rowCount\":1")
                .contains("1 GetSecretValue call(s), 1 Snowflake login(s)")
                .contains("0 GetSecretValue call(s), 0 Snowflake login(s)")
                .contains("log: {").contains("\"event\":\"scheduled_query_succeeded\"")
                .containsPattern("-> 200 \\{\"query\":\"current_version\"")
                .containsPattern("-> 202 \\{.*\"location\":\"/queries/current_version/runs/")
                .containsPattern("-> 400 \\{\"error\":\\{\"code\":\"INVALID_REQUEST\"")
                .containsPattern("-> 404 \\{\"error\":\\{\"code\":\"UNKNOWN_QUERY\"")
                .doesNotContain("private_key_passphrase\":\"").doesNotContain("BEGIN");
    }
}
