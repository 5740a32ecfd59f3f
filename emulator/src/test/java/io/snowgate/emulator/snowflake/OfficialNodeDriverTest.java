package io.snowgate.emulator.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.StandInExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snowflake's official Node.js driver ({@code snowflake-sdk}, pinned in {@code src/test/node/package.json}, installed
 * by {@code ./snowgate test} with {@code npm ci}) against the Snowflake stand-in: a client nobody here wrote. Runs
 * {@code src/test/node/official-driver-check.js} under {@code loopback-guard.js}, which refuses any connection or DNS
 * lookup that is not the loopback stand-in. Node.js is part of the build (the CDK CLI needs it too): a missing node
 * or driver fails this test rather than skipping it.
 */
class OfficialNodeDriverTest {

    private static final Path NODE_DIR = Path.of("src/test/node");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);
    private static final List<String> CHECKS = List.of("key-pair login", "query", "bound values", "dml",
            "describe only: compiled, not run, a placeholder in the select list",
            "dates and timestamps on the proleptic gregorian calendar", "sql error with its code",
            "parse_json is a variant, bad json 100069", "warehouse errors with their codes",
            "names completed from the session, 090105 without a database", "create or replace, dollar-quoted strings",
            "snowflake functions: week parts, try_cast, constructors, from values",
            "anchored regexps, array_agg of variants, object_agg, sorted keys, last_value, avg scale",
            "escapes, to_char, regexp groups, $n, split_to_table, auto dates, column names, characters, number formats",
            "async query polled to completion", "result_scan of the async query", "close");

    @RegisterExtension
    final StandInExtension<SnowflakeStandIn> snowflake = StandInExtension.of(SnowflakeStandIn.class,
            () -> new SnowflakeStandIn(SnowflakeStandIn.Config.defaults()
                    .withAccount(SnowflakeAccount.parse("xy12345.us-east-1"))).start());

    @TempDir
    Path home;

    @Test
    void officialNodeDriver_logsInWithAKeyPair_andRunsQueriesBindsDmlErrorsWarehouseErrorsAsyncAndResultScan() throws Exception {
        assertThat(NODE_DIR.resolve("node_modules/snowflake-sdk/package.json"))
                .as("the pinned snowflake-sdk; ./snowgate test installs it (npm ci in emulator/src/test/node)")
                .exists();
        snowflake.get().createServiceUser("node_user", TestKeys.pem(TestKeys.ALICE));
        // A login naming no database then has none, as for a user without DEFAULT_NAMESPACE.
        snowflake.get().setDefaultNamespace("node_user", null);
        Path key = home.resolve("rsa_key.p8");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(TestKeys.ALICE.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");

        ProcessBuilder node = new ProcessBuilder("node", "--require", "./loopback-guard.js", "official-driver-check.js")
                .directory(NODE_DIR.toFile()).redirectErrorStream(true);
        node.environment().clear();
        node.environment().put("PATH", System.getenv("PATH"));
        // The driver reads a client config and caches under HOME; keep both in the test's own directory.
        node.environment().put("HOME", home.toString());
        node.environment().put("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true");
        node.environment().put("SNOWGATE_SNOWFLAKE_URL", snowflake.get().endpoint().toString());
        node.environment().put("SNOWGATE_ACCOUNT", "xy12345");
        node.environment().put("SNOWGATE_USER", "node_user");
        node.environment().put("SNOWGATE_PRIVATE_KEY_FILE", key.toString());
        node.environment().put("SNOWGATE_DATABASE", snowflake.get().config().database());
        node.environment().put("SNOWGATE_WAREHOUSE", SnowflakeStandIn.DEFAULT_WAREHOUSE);
        Process process;
        try {
            process = node.start();
        } catch (IOException e) {
            throw new AssertionError("node is needed for this test (./snowgate installs it with the CDK CLI)", e);
        }
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        boolean ended = process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String printed = new String(output, StandardCharsets.UTF_8);

        assertThat(ended).as("node ended within %s:%n%s", RUN_LIMIT, printed).isTrue();
        assertThat(process.exitValue()).as("node's exit code; it printed:%n%s", printed).isZero();
        for (String check : CHECKS) {
            assertThat(printed).as(printed).contains("ok " + check + "\n");
        }
        assertThat(printed).contains("all checks passed").doesNotContain("loopback-guard");

        // It really was the official driver, signing its JWT in milliseconds.
        JsonNode login = new ObjectMapper().readTree(snowflake.get().requests(SnowflakeStandIn.LOGIN).getFirst().bodyText());
        assertThat(login.path("data").path("CLIENT_APP_ID").asText()).isEqualTo("JavaScript");
        String[] jwt = login.path("data").path("TOKEN").asText().split("\\.");
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(claims.path("iat").asLong()).isGreaterThan(JwtVerifier.LARGEST_SECONDS);
        assertThat(snowflake.get().queries()).anySatisfy(q -> assertThat(q.sqlText()).contains("RESULT_SCAN"));
    }
}
