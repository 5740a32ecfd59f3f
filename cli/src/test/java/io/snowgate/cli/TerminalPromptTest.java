package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.emulator.junit5.Eventually;
import io.snowgate.lambda.testing.KeyFixtures;
import io.snowgate.lambda.testing.OpenSsl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The passphrase prompt as a person meets it: on a real terminal (a pseudo-terminal made by util-linux
 * {@code script}), with the command's stdout captured by the shell ({@code FP=$(...)}), so the JVM has no console
 * and the prompt must go through the controlling terminal; and with no controlling terminal at all
 * ({@code setsid}), as under cron.
 */
@EnabledOnOs(OS.LINUX)
class TerminalPromptTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path fixtures;
    private static String opensslFingerprint;

    @BeforeAll
    static void copyFixtures() {
        KeyFixtures.copy("pkcs8-des3.p8", fixtures);
        KeyFixtures.copy(KeyFixtures.PUBLIC_KEY, fixtures);
        opensslFingerprint = OpenSsl.fingerprint(fixtures.resolve(KeyFixtures.PUBLIC_KEY));
    }

    private static String fingerprintCommand(Path key) {
        return ChildJvm.command(List.of(Main.class.getName(), "key", "fingerprint", "--key", key.toString())).stream()
                .map(TerminalPromptTest::shellQuoted).collect(Collectors.joining(" "));
    }

    private static String shellQuoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** What a terminal on which {@code shell} runs in {@code locale} shows, {@code typed} once it asks. */
    private static String typedAtThePrompt(String shell, String typed, String locale) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("script", "--quiet", "--return", "--command", shell, "/dev/null")
                .redirectErrorStream(true);
        builder.environment().put("LC_ALL", locale);
        Process terminal = builder.start();
        StringBuffer shown = new StringBuffer();
        Thread reader = Thread.ofVirtual().start(() -> copy(terminal.getInputStream(), shown));
        try (OutputStream keyboard = terminal.getOutputStream()) {
            Eventually.await("the passphrase prompt on the terminal", WAIT, shown::toString,
                    text -> text.contains("Passphrase for "));
            // Typed only once asked, as a person would: type-ahead is echoed before anyone can turn echo off.
            keyboard.write((typed + "\n").getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            assertThat(terminal.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as(shown::toString).isTrue();
        } finally {
            terminal.destroyForcibly();
        }
        reader.join(WAIT.toMillis());
        assertThat(terminal.exitValue()).as(shown::toString).isZero();
        return shown.toString();
    }

    @Test
    void fingerprintCapturedByTheShell_asksOnTheTerminal_withEchoOff_andPutsTheTerminalBack() throws Exception {
        String screen = typedAtThePrompt("FP=$(" + fingerprintCommand(fixtures.resolve("pkcs8-des3.p8"))
                + "); echo \"captured=$FP\"; stty -a", KeyFixtures.PASSPHRASE, "C.UTF-8");

        assertThat(screen).contains("captured=" + opensslFingerprint)
                .as("the passphrase is not echoed").doesNotContain(KeyFixtures.PASSPHRASE);
        String settingsAfter = screen.substring(screen.indexOf("captured="));
        assertThat(settingsAfter).as("echo is back on").containsPattern("(?<![-\\w])echo(?!\\w)")
                .doesNotContainPattern("-echo(?!\\w)");
    }

    @Test
    void aPassphraseBeyondAscii_typedInAUtf8Locale_opensTheKey_andInTheCLocale_isRefusedNamingTheFix(
            @TempDir Path dir) throws Exception {
        String passphrase = "pässwörd-ünicode";
        java.util.Map<String, String> env = java.util.Map.of("PASS", passphrase, "LC_ALL", "C.UTF-8");
        OpenSsl.run(dir, env, "genrsa", "-out", "plain.pem", "2048");
        OpenSsl.run(dir, env, "pkcs8", "-topk8", "-v2", "aes256", "-in", "plain.pem", "-out", "rsa_key.p8",
                "-passout", "env:PASS");
        OpenSsl.run(dir, env, "rsa", "-in", "plain.pem", "-pubout", "-out", "rsa_key.pub");
        String shell = "FP=$(" + fingerprintCommand(dir.resolve("rsa_key.p8")) + "); echo \"captured=$FP\"";

        assertThat(typedAtThePrompt(shell, passphrase, "C.UTF-8"))
                .contains("captured=" + OpenSsl.fingerprint(dir.resolve("rsa_key.pub")));
        assertThat(typedAtThePrompt(shell, passphrase, "C"))
                .contains("snowgate: the passphrase typed holds characters this process's locale")
                .contains("run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8")
                .as("nothing captured").contains("captured=\r\n");
    }

    @Test
    void enterAloneAtThePrompt_failsSayingNothingWasTyped_notThatThereIsNoTerminal() throws Exception {
        String screen = typedAtThePrompt("FP=$(" + fingerprintCommand(fixtures.resolve("pkcs8-des3.p8"))
                + "); echo \"exit=$?\"", "", "C.UTF-8");

        assertThat(screen).contains("snowgate: no passphrase was typed; type it at the prompt, or give"
                + " --passphrase-env VAR").contains("exit=1")
                .doesNotContain("there is no terminal");
    }

    @Test
    void withoutAControllingTerminal_thereIsNothingToAsk_andItSaysHowToGiveThePassphrase() throws Exception {
        List<String> command = new ArrayList<>(List.of("setsid", "--wait"));
        command.addAll(ChildJvm.command(List.of(Main.class.getName(), "key", "fingerprint", "--key",
                fixtures.resolve("pkcs8-des3.p8").toString())));
        Process detached = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        ChildJvm.Exited exited = ChildJvm.exited(detached).get();

        assertThat(exited.exitCode()).isEqualTo(1);
        assertThat(exited.out()).isEmpty();
        assertThat(exited.err()).contains("the private key is encrypted; give --passphrase-env VAR (there is no"
                + " terminal to ask for the passphrase)");
    }

    private static void copy(InputStream in, StringBuffer into) {
        byte[] buffer = new byte[1024];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
