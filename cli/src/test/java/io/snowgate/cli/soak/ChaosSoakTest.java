package io.snowgate.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.cli.soak.InvocationRecord.Role;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos soak of {@code ./snowgate soak}, short and with a fixed seed, as part of the test suite: four execution
 * environments of forty invocations each, with every kind of fault the full run injects, must pass.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ChaosSoakTest {

    /** Issue 18's. Any seed must pass; this one replays the same plan every time. */
    static final long SEED = 18;

    @TempDir
    Path work;

    @Test
    void aShortSoakWithAFixedSeed_passes_everyFailureUnavoidable_nothingRunTwice_nothingLeaked() throws IOException {
        SoakReport report = SoakEngine.run(new SoakSettings(SEED, 4, 40), work, new PrintStream(
                PrintStream.nullOutputStream()));

        StringWriter text = new StringWriter();
        report.print(new PrintWriter(text));
        System.out.println(text);
        assertThat(report.passed()).as(text.toString()).isTrue();
        assertThat(report.recoverableFailures()).isZero();
        assertThat(report.wrongCodes()).isZero();
        assertThat(report.duplicates()).isZero();
        assertThat(report.leaks()).isZero();
        assertThat(report.rotationSucceeded()).isTrue();
        assertThat(report.invocationsByRole()).containsKeys(Role.values());
        assertThat(report.unrecoverableByCode()).as("Secrets Manager down at a cold start")
                .containsKey("SECRET_UNAVAILABLE  Secrets Manager down at a cold start");
    }
}
