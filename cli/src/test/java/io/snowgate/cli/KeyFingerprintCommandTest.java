package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.lambda.testing.KeyFixtures;
import io.snowgate.lambda.testing.OpenSsl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

class KeyFingerprintCommandTest {

    private static final Map<String, String> ENV = Map.of("SNOWFLAKE_KEY_PASSPHRASE", KeyFixtures.PASSPHRASE,
            "WRONG_PASSPHRASE", "not-the-passphrase");

    @TempDir
    static Path fixtures;
    private static String opensslFingerprint;

    static final List<String> encrypted = KeyFixtures.ENCRYPTED;
    static final List<String> unencryptedAndPublic =
            Stream.concat(KeyFixtures.UNENCRYPTED.stream(), Stream.of(KeyFixtures.PUBLIC_KEY)).toList();

    @BeforeAll
    static void copyFixtures() {
        Stream.of(KeyFixtures.ENCRYPTED, KeyFixtures.UNENCRYPTED,
                        List.of(KeyFixtures.PUBLIC_KEY, KeyFixtures.RSA_1024, KeyFixtures.EC_SEC1, KeyFixtures.EC_PKCS8,
                                KeyFixtures.CORRUPT))
                .flatMap(List::stream)
                .forEach(name -> KeyFixtures.copy(name, fixtures));
        opensslFingerprint = OpenSsl.fingerprint(fixtures.resolve(KeyFixtures.PUBLIC_KEY));
    }

    @ParameterizedTest
    @FieldSource("encrypted")
    void fingerprint_printsOpenSslsFingerprint_forEveryEncryptedForm(String fixture) {
        CliRun run = CliRun.run(ENV, "key", "fingerprint", "--key", path(fixture),
                "--passphrase-env", "SNOWFLAKE_KEY_PASSPHRASE");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(opensslFingerprint + System.lineSeparator());
        assertThat(run.err()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("unencryptedAndPublic")
    void fingerprint_printsOpenSslsFingerprint_forUnencryptedAndPublicKeys(String fixture) {
        CliRun run = CliRun.run(Map.of(), "key", "fingerprint", "--key", path(fixture));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(opensslFingerprint + System.lineSeparator());
    }

    @Test
    void fingerprint_readsBinaryDer() throws IOException {
        Path der = fixtures.resolve("rsa_key.der");
        Files.write(der, Base64.getDecoder().decode(KeyFixtures.text("pkcs1-plain.der.b64").strip()));

        assertThat(CliRun.run(Map.of(), "key", "fingerprint", "--key", der.toString()).out().strip())
                .isEqualTo(opensslFingerprint);
    }

    /** openssl's -passout pass: (or Enter at its prompt) encrypts with the empty passphrase: nothing to ask for. */
    @Test
    void fingerprint_ofAKeyEncryptedWithAnEmptyPassphrase_asksForNone() {
        OpenSsl.run(fixtures, Map.of(), "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", path("pkcs8-plain.p8"),
                "-passout", "pass:", "-out", "empty-passphrase.p8");

        CliRun run = CliRun.run(Map.of(), "key", "fingerprint", "--key", path("empty-passphrase.p8"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo(opensslFingerprint);
    }

    @Test
    void fingerprint_promptsForThePassphrase_whenEncryptedAndNoVariableIsGiven() {
        CliRun run = CliRun.runTyping(Map.of(), KeyFixtures.PASSPHRASE, "key", "fingerprint", "--key",
                path("pkcs8-des3.p8"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo(opensslFingerprint);
    }

    @Test
    void fingerprint_readsKeysMadeByOpenSslJustNow(@TempDir Path dir) {
        Map<String, String> env = Map.of("PASS", "fresh-only");
        OpenSsl.run(dir, env, "genrsa", "-out", "plain.pem", "2048");
        OpenSsl.run(dir, env, "pkcs8", "-topk8", "-v2", "des3", "-in", "plain.pem", "-out", "rsa_key.p8",
                "-passout", "env:PASS");
        OpenSsl.run(dir, env, "rsa", "-traditional", "-aes256", "-in", "plain.pem", "-out", "legacy.pem",
                "-passout", "env:PASS");
        OpenSsl.run(dir, env, "rsa", "-in", "plain.pem", "-pubout", "-out", "rsa_key.pub");
        String expected = OpenSsl.fingerprint(dir.resolve("rsa_key.pub"));

        for (String file : List.of("rsa_key.p8", "legacy.pem", "plain.pem", "rsa_key.pub")) {
            CliRun run = CliRun.run(env, "key", "fingerprint", "--key", dir.resolve(file).toString(),
                    "--passphrase-env", "PASS");
            assertThat(run.out().strip()).as(file).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            pkcs8-des3.p8  | WRONG_PASSPHRASE         | the passphrase does not decrypt the private key (wrong passphrase)
            pkcs1-aes256.pem | WRONG_PASSPHRASE       | the passphrase does not decrypt the private key (wrong passphrase)
            pkcs8-des3.p8  |                          | the private key is encrypted; give --passphrase-env VAR (there is no terminal to ask for the passphrase)
            corrupt.p8     |                          | not a private key in a supported form, or corrupt: the decoded bytes are not valid DER (truncated or damaged)
            rsa-1024.p8    |                          | the RSA key has 1024 bits; Snowflake requires at least 2048
            ec-sec1.pem    |                          | the key is EC, not RSA; Snowflake key-pair authentication needs an RSA key
            ec-pkcs8.p8    |                          | the key is EC, not RSA; Snowflake key-pair authentication needs an RSA key
            """)
    void fingerprint_failsWithOneClearLine_andNoKeyMaterial(String fixture, String passphraseEnv, String reason)
            throws IOException {
        List<String> args = passphraseEnv == null
                ? List.of("key", "fingerprint", "--key", path(fixture))
                : List.of("key", "fingerprint", "--key", path(fixture), "--passphrase-env", passphraseEnv);

        CliRun run = CliRun.run(ENV, args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("snowgate: " + path(fixture) + ": " + reason + System.lineSeparator());
        assertNoKeyMaterial(run, Files.readString(fixtures.resolve(fixture)));
    }

    @Test
    void fingerprint_failsClearly_whenThePassphraseVariableIsUnset() {
        CliRun run = CliRun.run(Map.of(), "key", "fingerprint", "--key", path("pkcs8-des3.p8"),
                "--passphrase-env", "NOT_SET_ANYWHERE");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("snowgate: environment variable NOT_SET_ANYWHERE (from --passphrase-env) is "
                + "not set or empty" + System.lineSeparator());
    }

    @Test
    void fingerprint_failsClearly_whenTheFileIsMissing() {
        CliRun run = CliRun.run(Map.of(), "key", "fingerprint", "--key", fixtures.resolve("nope.p8").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).endsWith("nope.p8: no such file" + System.lineSeparator());
    }

    @Test
    void usageErrors_exitWith2() {
        assertThat(CliRun.run(Map.of(), "key", "fingerprint").exitCode()).isEqualTo(2);
        assertThat(CliRun.run(Map.of(), "key").exitCode()).isEqualTo(2);
        assertThat(CliRun.run(Map.of(), "key", "fingerprint", "--key", path("pkcs8-des3.p8"), "--passphrase", "x")
                .exitCode()).isEqualTo(2);
    }

    private static String path(String fixture) {
        return fixtures.resolve(fixture).toString();
    }

    /** No 16-character run of the key file's base64 and no passphrase may appear in the output. */
    static void assertNoKeyMaterial(CliRun run, String keyFile) {
        String base64 = keyFile.lines().filter(l -> !l.startsWith("-----") && !l.contains(":"))
                .reduce("", String::concat).replace("\\n", "");
        String output = run.out() + run.err();
        for (int i = 0; i + 16 <= base64.length(); i += 8) {
            assertThat(output).doesNotContain(base64.substring(i, i + 16));
        }
        assertThat(output).doesNotContain(KeyFixtures.PASSPHRASE).doesNotContain("not-the-passphrase");
    }
}
