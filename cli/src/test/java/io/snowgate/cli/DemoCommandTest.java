package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code snowgate demo}, run once: what each of its steps shows. */
class DemoCommandTest {

    /** The service user's key the demo is given, so that the test knows what must not be printed. */
    private static final LocalDemoDeployment.ServiceKey KEY = LocalDemoDeployment.newServiceKey();

    private static int exitCode;
    private static String printed;
    private static String err;

    @BeforeAll
    static void runTheDemo() {
        StringWriter out = new StringWriter();
        StringWriter errors = new StringWriter();
        CommandLine commandLine = SnowgateCommand.commandLine();
        DemoCommand demo = commandLine.getSubcommands().get("demo").getCommand();
        demo.serviceKeys = () -> KEY;
        exitCode = commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(errors)).execute("demo");
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
                // The grants the administrator made are what the function's session has: not PUBLIC and no context.
                .containsPattern("Snowflake session: role SNOWGATE_RUNNER, warehouse COMPUTE_WH, schema \\w+\\.PUBLIC")
                .contains("log: {").contains("\"event\":\"scheduled_query_succeeded\"")
                .containsPattern("-> 200 \\{\"query\":\"current_version\"")
                .containsPattern("-> 202 \\{.*\"location\":\"/queries/current_version/runs/")
                .containsPattern("-> 400 \\{\"error\":\\{\"code\":\"INVALID_REQUEST\"")
                .containsPattern("-> 404 \\{\"error\":\\{\"code\":\"UNKNOWN_QUERY\"");
    }

    /**
     * The demo shows the key's fingerprint and the secret's field names, never the passphrase or the private key: not
     * the encrypted body the secret stores, nor the key itself in base64, nor PEM armour.
     */
    @Test
    void demo_printsNeitherThePrivateKeyNorItsPassphrase() {
        assertThat(printed).contains(KEY.fingerprint());
        assertThat(secretMaterialIn(printed + err)).isEmpty();
        // The search finds each of them when they are there.
        assertThat(secretMaterialIn(KEY.passphrase() + KEY.body() + der() + "-----BEGIN PRIVATE KEY-----"))
                .hasSize(4);
    }

    /**
     * What of the key's secret material {@code text} holds, by name (never the material, which a failure would print):
     * whole lines of the stored body, and 64-character runs of the key's DER, far too long to match by chance.
     */
    private static List<String> secretMaterialIn(String text) {
        List<String> found = new ArrayList<>();
        if (text.contains(KEY.passphrase())) {
            found.add("the passphrase");
        }
        if (KEY.body().lines().filter(line -> line.length() >= 24).anyMatch(text::contains)) {
            found.add("a line of the encrypted key's stored body");
        }
        if (chunks(der()).stream().anyMatch(text::contains)) {
            found.add("a run of the private key's DER in base64");
        }
        if (text.contains("PRIVATE KEY")) {
            found.add("PEM private key armour");
        }
        return found;
    }

    private static String der() {
        return Base64.getEncoder().encodeToString(KEY.pair().privateKey().getEncoded());
    }

    /** {@code text} in whole runs of 64 characters. */
    private static List<String> chunks(String text) {
        return IntStream.range(0, text.length() / 64).mapToObj(i -> text.substring(i * 64, i * 64 + 64)).toList();
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

    /**
     * Each step's answer is checked, not only printed: with a catalog that does not expose {@code current_version}
     * over HTTP, the scheduled steps still succeed, the first HTTP step is answered 404 instead of 200, and the demo
     * stops there and exits 1 saying so.
     */
    @Test
    void demo_failsAtTheFirstStepAnsweredOtherwiseThanItShows(@TempDir Path dir) throws IOException {
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), """
                queries:
                  - name: current_version
                    sql: SELECT CURRENT_VERSION()
                """);

        CliRun run = CliRun.run(Map.of("SNOWGATE_CATALOG", catalog.toString()), "demo");

        assertThat(run.exitCode()).as(run.out()).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(run.out()).contains("\"event\":\"scheduled_query_succeeded\"")
                .containsPattern("-> 404 \\{\"error\":\\{\"code\":\"UNKNOWN_QUERY\"")
                .doesNotContain("Start the same query asynchronously").doesNotContain("Done.");
        assertThat(run.err()).contains("snowgate: the handler answered 404 where the demo expects 200");
    }

    /** The lines the demo printed under the step titled {@code title}, up to the blank line before the next. */
    private static String step(String title) {
        int start = printed.indexOf(". " + title + System.lineSeparator());
        assertThat(start).as("step '%s' in:%n%s", title, printed).isNotNegative();
        int end = printed.indexOf(System.lineSeparator() + System.lineSeparator(), start);
        return printed.substring(start, end < 0 ? printed.length() : end);
    }
}
