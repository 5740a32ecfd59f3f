package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code snowgate demo}, run once: what each of its steps shows. */
class DemoCommandTest {

    private static int exitCode;
    private static String printed;
    private static String err;

    @BeforeAll
    static void runTheDemo() {
        StringWriter out = new StringWriter();
        StringWriter errors = new StringWriter();
        exitCode = SnowgateCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(errors))
                .execute("demo");
        printed = out.toString();
        err = errors.toString();
    }

    @Test
    void demo_runsTheScheduledHandlerColdThenWarm_onTheStandIns() {
        assertThat(exitCode).as(err).isZero();
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

    /**
     * The run the asynchronous start answered 202 for is polled at its location by a cold execution environment, and
     * the last answer is that run's result: any status but 202 ends the polling, so a poll that failed would
     * otherwise pass for one that succeeded (the synchronous call's 200 is printed too).
     */
    @Test
    void demo_pollsTheAsyncRunFromAnotherExecutionEnvironment_untilItsResultIsIn() {
        Matcher started = Pattern.compile("-> 202 \\{.*\"location\":\"(/queries/current_version/runs/([^\"]+))\"")
                .matcher(printed);
        assertThat(started.find()).as(printed).isTrue();
        String location = started.group(1);
        String runId = started.group(2);

        String poll = step("Poll the run from another execution environment until it is done: GET " + location);

        assertThat(poll).containsPattern("\"event\":\"http_request\".*\"method\":\"GET\",\"path\":\""
                + Pattern.quote(location) + "\".*\"coldStart\":true");
        assertThat(poll.lines().filter(line -> line.startsWith("  -> ")).toList()).last().asString()
                .startsWith("  -> 200 {\"query\":\"current_version\",\"queryId\":\"" + runId
                        + "\",\"status\":\"SUCCEEDED\"")
                .contains("\"rows\":[{\"CURRENT_VERSION()\":");
    }

    /** The lines the demo printed under the step titled {@code title}, up to the blank line before the next. */
    private static String step(String title) {
        int start = printed.indexOf(". " + title + System.lineSeparator());
        assertThat(start).as("step '%s' in:%n%s", title, printed).isNotNegative();
        int end = printed.indexOf(System.lineSeparator() + System.lineSeparator(), start);
        return printed.substring(start, end < 0 ? printed.length() : end);
    }
}
