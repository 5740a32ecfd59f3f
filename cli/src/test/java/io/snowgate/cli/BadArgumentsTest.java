package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.testing.KeyFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad command lines and bad files given to the real {@code snowgate} command in-process: each exits 2 (usage) or 1
 * (failure) with its one reason on stderr, and neither the passphrases in the environment (the right one and a
 * wrong one) nor the lines of the keys it was given appear on stdout or stderr.
 */
class BadArgumentsTest {

    private static final String WRONG = "CANARY-wrong-cli-passphrase";
    private static final Map<String, String> ENV = Map.of("SNOWFLAKE_KEY_PASSPHRASE", KeyFixtures.PASSPHRASE,
            "WRONG_PASSPHRASE", WRONG, "EMPTY_PASSPHRASE", "");

    @TempDir
    static Path dir;

    @BeforeAll
    static void copyFixtures() throws IOException {
        for (String name : List.of("pkcs8-des3.p8", "pkcs8-plain.p8", "corrupt.p8", "ec-sec1.pem", "rsa-1024.p8",
                "rsa_key.pub")) {
            KeyFixtures.copy(name, dir);
        }
        Files.writeString(dir.resolve("empty.json"), "\n");
        Files.createDirectories(dir.resolve("taken"));
        KeyFixtures.copy("pkcs8-plain.p8", dir.resolve("taken")).toFile()
                .renameTo(dir.resolve("taken/rsa_key.p8").toFile());
    }

    record Case(String name, int exitCode, String reason, List<String> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badCommandLines() {
        return Stream.of(
                new Case("no command", 2, "Missing command", List.of()),
                new Case("an unknown command", 2, "Unknown command: 'fingerprints'", List.of("fingerprints")),
                new Case("key without a subcommand", 2, "Missing subcommand", List.of("key")),
                new Case("fingerprint without --key", 2, "Missing required option", List.of("key", "fingerprint")),
                new Case("--key given twice", 2, "should be specified only once",
                        List.of("key", "fingerprint", "--key", key("rsa_key.pub"), "--key", key("rsa_key.pub"))),
                new Case("an unknown option", 2, "Unknown option", List.of("key", "fingerprint", "--key",
                        key("pkcs8-des3.p8"), "--passphrase-file")),
                new Case("a mistyped passphrase option, its value after it", 2, "Unknown option: '--passphrase'",
                        List.of("verify", "--secret-id", "s", "--passphrase", KeyFixtures.PASSPHRASE)),
                new Case("a mistyped passphrase option, its value attached", 2, "Unknown option: '--passphrase'",
                        List.of("verify", "--secret-id", "s", "--passphrase=" + KeyFixtures.PASSPHRASE)),
                new Case("a key given where no argument is taken", 2, "1 unmatched argument",
                        List.of("key", "fingerprint", "--key", key("rsa_key.pub"), WRONG)),
                new Case("a key file that does not exist", 1, "no such file",
                        List.of("key", "fingerprint", "--key", key("missing.p8"))),
                new Case("a directory as the key file", 1, "cannot read it",
                        List.of("key", "fingerprint", "--key", dir.resolve("taken").toString())),
                new Case("a corrupt key file", 1, "not a private key in a supported form",
                        List.of("key", "fingerprint", "--key", key("corrupt.p8"))),
                new Case("an EC key", 1, "not RSA", List.of("key", "fingerprint", "--key", key("ec-sec1.pem"))),
                new Case("a 1024-bit key", 1, "Snowflake requires at least 2048",
                        List.of("key", "fingerprint", "--key", key("rsa-1024.p8"))),
                new Case("an encrypted key with the wrong passphrase", 1, "wrong passphrase", List.of("key",
                        "fingerprint", "--key", key("pkcs8-des3.p8"), "--passphrase-env", "WRONG_PASSPHRASE")),
                new Case("a passphrase variable that is not set", 1, "is not set or empty", List.of("key",
                        "fingerprint", "--key", key("pkcs8-des3.p8"), "--passphrase-env", "NO_SUCH_VARIABLE")),
                new Case("a passphrase variable that is empty", 1, "is not set or empty", List.of("key",
                        "fingerprint", "--key", key("pkcs8-des3.p8"), "--passphrase-env", "EMPTY_PASSPHRASE")),
                new Case("an encrypted key and no terminal to ask on", 1, "there is no terminal",
                        List.of("key", "fingerprint", "--key", key("pkcs8-des3.p8"))),
                new Case("key new without --out", 2, "Missing required option", List.of("key", "new")),
                new Case("key new with an unset passphrase variable", 1, "is not set or empty", List.of("key", "new",
                        "--out", dir.resolve("new-key").toString(), "--passphrase-env", "NO_SUCH_VARIABLE")),
                new Case("key new over an existing key", 1, "rsa_key.p8",
                        List.of("key", "new", "--out", dir.resolve("taken").toString())),
                new Case("secret put without a secret id", 2, "Missing required option", List.of("secret", "put",
                        "--key", key("pkcs8-des3.p8"), "--passphrase-env", "SNOWFLAKE_KEY_PASSPHRASE")),
                new Case("secret put --passphrase-secret-id without the passphrase", 2,
                        "--passphrase-secret-id needs --passphrase-env", List.of("secret", "put", "--secret-id", "s",
                                "--key", key("pkcs8-des3.p8"), "--passphrase-secret-id", "s-passphrase", "--user",
                                "SVC", "--account", "ACCT")),
                new Case("verify without a secret id", 2, "--secret-id (or SNOWGATE_SECRET_ID) is required",
                        List.of("verify")),
                new Case("verify --snowflake-url that is no Snowflake endpoint", 2, "--snowflake-url: ",
                        List.of("verify", "--secret-id", "s", "--snowflake-url", "ftp://snowflake.example")),
                new Case("verify --workload-identity without --account and --user", 2,
                        "Missing required argument(s): --account=ACCOUNT, --user=USER",
                        List.of("verify", "--workload-identity")),
                // Checked before the catalog is read or a handler built, as --timeout and --port are.
                new Case("invoke --event - with nothing on stdin", 1, "--event -: stdin held no event",
                        List.of("invoke", "--handler", "http", "--event", "-")),
                new Case("invoke --event with an empty file", 1, "holds no event",
                        List.of("invoke", "--handler", "scheduled", "--event", key("empty.json"))),
                new Case("run with a --param that is not NAME=VALUE", 2,
                        "Value for option '--param' (NAME=VALUE) should be in KEY=VALUE format",
                        List.of("run", "current_version", "--param", "days")),
                new Case("run with a query the catalog does not have", 2, "no query 'nope' in the catalog ",
                        List.of("run", "nope")),
                new Case("run with a --caller that is not an IAM ARN", 2, "--caller: not an IAM ARN",
                        List.of("run", "current_version", "--caller", "reporting-job")),
                new Case("events generate http with a --caller that is not an IAM ARN", 2,
                        "--caller: not an IAM ARN", List.of("events", "generate", "http", "--caller", "reporting-job")),
                new Case("local start-api with a --caller that is not an IAM ARN", 2, "--caller: not an IAM ARN",
                        List.of("local", "start-api", "--port", "0", "--caller", "reporting-job")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommandLines")
    void badCommandLine_exitsWithItsCodeAndReason_andNoPassphraseOrKeyIsPrinted(Case bad) {
        CliRun run = CliRun.run(ENV, bad.args().toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(bad.exitCode());
        assertThat(run.err()).contains(bad.reason());
        if (bad.exitCode() == 1) {
            assertThat(run.err().lines()).singleElement().asString().startsWith("snowgate: ");
        } else {
            assertThat(run.err()).as("worded as every other usage error").doesNotStartWith("Error: ");
        }
        String printed = run.out() + run.err();
        for (String canary : canaries()) {
            assertThat(printed).as("printed the canary %s", canary).doesNotContain(canary);
        }
    }

    private static List<String> canaries() {
        List<String> canaries = new ArrayList<>(List.of(KeyFixtures.PASSPHRASE, WRONG));
        for (String key : List.of("pkcs8-des3.p8", "pkcs8-plain.p8", "corrupt.p8", "ec-sec1.pem", "rsa-1024.p8")) {
            KeyPem.body(KeyFixtures.text(key)).lines().filter(line -> line.length() >= 24).forEach(canaries::add);
        }
        return canaries;
    }

    private static String key(String name) {
        return dir.resolve(name).toString();
    }
}
