package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.lambda.testing.OpenSsl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyNewCommandTest {

    private static final Pattern FINGERPRINT = Pattern.compile("Fingerprint: (SHA256:\\S+)");
    private static final Pattern ALTER_USER = Pattern.compile("ALTER USER (.+) SET RSA_PUBLIC_KEY='([A-Za-z0-9+/=]+)';");

    @TempDir
    Path dir;

    @Test
    void new_writesAnEncryptedKeyPairThatOpenSslReads_andPrintsItsFingerprint() throws IOException {
        Path out = dir.resolve("keys");

        CliRun run = CliRun.run(Map.of("KEY_PASS", "new-test-only"), "key", "new", "--out", out.toString(),
                "--passphrase-env", "KEY_PASS", "--user", "svc_reporting");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        String opensslFingerprint = OpenSsl.fingerprint(out.resolve("rsa_key.pub"));
        Path derived = OpenSsl.publicKeyOf(out.resolve("rsa_key.p8"), "new-test-only", dir.resolve("derived.pub"));
        assertThat(OpenSsl.fingerprint(derived)).isEqualTo(opensslFingerprint);
        assertThat(printedFingerprint(run)).isEqualTo(opensslFingerprint);
        assertThat(Files.readString(out.resolve("rsa_key.p8"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(out.resolve("rsa_key.p8")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Matcher alter = ALTER_USER.matcher(run.out());
        assertThat(alter.find()).isTrue();
        assertThat(alter.group(1)).isEqualTo("svc_reporting");
        assertThat(run.out()).doesNotContain("new-test-only");
    }

    @Test
    void new_createsTheDirectoryItIsGiven_ownerOnly_asSshKeygenDoesItsOwn() throws IOException {
        Path out = dir.resolve("team").resolve("keys");

        CliRun run = CliRun.run(Map.of(), "key", "new", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(out.resolve("rsa_key.p8")).exists();
    }

    @Test
    void new_withoutPassphrase_writesAnUnencryptedKey_andTheAlterUserKeyIsThePublicKey() throws IOException {
        CliRun run = CliRun.run(Map.of(), "key", "new", "--out", dir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("rsa_key.p8"))).startsWith("-----BEGIN PRIVATE KEY-----");
        Matcher alter = ALTER_USER.matcher(run.out());
        assertThat(alter.find()).isTrue();
        assertThat(alter.group(1)).isEqualTo("<user>");
        // The statement's key, written back as PEM, has the fingerprint openssl computes for rsa_key.pub.
        Path fromStatement = Files.writeString(dir.resolve("statement.pub"),
                "-----BEGIN PUBLIC KEY-----\n" + alter.group(2).replaceAll("(.{64})", "$1\n")
                        + "\n-----END PUBLIC KEY-----\n");
        assertThat(OpenSsl.fingerprint(fromStatement)).isEqualTo(OpenSsl.fingerprint(dir.resolve("rsa_key.pub")));
        assertThat(OpenSsl.fingerprint(OpenSsl.publicKeyOf(dir.resolve("rsa_key.p8"), null, dir.resolve("d.pub"))))
                .isEqualTo(printedFingerprint(run));
    }

    @Test
    void new_quotesAUserNameThatIsNoPlainIdentifier() {
        CliRun run = CliRun.run(Map.of(), "key", "new", "--out", dir.toString(), "--user", "etl.user@corp");

        assertThat(run.out()).contains("ALTER USER \"etl.user@corp\" SET RSA_PUBLIC_KEY='");
    }

    @Test
    void new_doublesAQuoteInTheUserName_soTheStatementNamesThatUserAlone() {
        CliRun run = CliRun.run(Map.of(), "key", "new", "--out", dir.toString(), "--user", "o\"brien");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("ALTER USER \"o\"\"brien\" SET RSA_PUBLIC_KEY='");
    }

    @Test
    void new_refusesToOverwriteAnExistingKey() throws IOException {
        Path existing = Files.writeString(dir.resolve("rsa_key.p8"), "keep me");

        CliRun run = CliRun.run(Map.of(), "key", "new", "--out", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("snowgate: " + existing + " already exists; refusing to overwrite a key"
                + System.lineSeparator());
        assertThat(Files.readString(existing)).isEqualTo("keep me");
        assertThat(dir.resolve("rsa_key.pub")).doesNotExist();
    }

    @Test
    void new_withADanglingSymlinkAtThePublicKey_writesNeitherFile() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("rsa_key.pub"), dir.resolve("gone").resolve("rsa_key.pub"));

        CliRun run = CliRun.run(Map.of(), "key", "new", "--out", dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(dir.resolve("rsa_key.p8")).doesNotExist();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(run.err()).isEqualTo("snowgate: " + link + " already exists (a symbolic link); refusing to "
                + "overwrite a key" + System.lineSeparator());
    }

    @Test
    void writeAllOrNone_removesTheFilesItWrote_whenALaterOneCannotBeWritten() throws IOException {
        Path first = dir.resolve("rsa_key.p8");
        Path second = dir.resolve("no-such-dir").resolve("rsa_key.pub");

        assertThatThrownBy(() -> KeyNewCommand.writeAllOrNone(List.of(
                new KeyNewCommand.KeyFile(first, "private", "rw-------"),
                new KeyNewCommand.KeyFile(second, "public", "rw-r--r--"))))
                .isInstanceOf(NoSuchFileException.class);

        assertThat(first).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void new_refusesAPassphraseTheLocaleCouldNotDecode_ratherThanEncryptWithAnotherOne() {
        // What the JVM hands over for PP='pässwörd' under LC_ALL=C: each byte beyond ASCII decoded as U+FFFD.
        CliRun run = CliRun.run(Map.of("KEY_PASS", "p\uFFFD\uFFFDssw\uFFFD\uFFFDrd"), "key", "new", "--out",
                dir.toString(), "--passphrase-env", "KEY_PASS");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("environment variable KEY_PASS (from --passphrase-env) holds characters",
                "cannot decode; run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8");
        assertThat(dir.resolve("rsa_key.p8")).doesNotExist();
    }

    @Test
    void new_failsClearly_whenThePassphraseVariableIsUnset() {
        CliRun run = CliRun.run(Map.of(), "key", "new", "--out", dir.toString(), "--passphrase-env", "MISSING_VAR");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("environment variable MISSING_VAR (from --passphrase-env) is not set or empty");
        assertThat(dir.resolve("rsa_key.p8")).doesNotExist();
    }

    @Test
    void new_withoutOut_isAUsageError() {
        assertThat(CliRun.run(Map.of(), "key", "new").exitCode()).isEqualTo(2);
    }

    private static String printedFingerprint(CliRun run) {
        Matcher matcher = FINGERPRINT.matcher(run.out());
        assertThat(matcher.find()).as("fingerprint line in %s", run.out()).isTrue();
        return matcher.group(1);
    }
}
