package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark command keeps working; its figures are measured by running it, never asserted here. */
class BenchCommandTest {

    @Test
    void bench_reportsAMedianAndRatioForEachScenario() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = SnowgateCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("bench", "--runs", "3", "--warmup", "0");

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString())
                .containsPattern("recipe \\(baseline\\) +3 +\\d+\\.\\d{2} +1\\.00x")
                .containsPattern("snowgate cold +3 +\\d+\\.\\d{2} +\\d+\\.\\d{2}x")
                .containsPattern("snowgate warm +3 +\\d+\\.\\d{2} +\\d+\\.\\d{2}x");
    }

    @Test
    void median_ofOddAndEvenCounts() {
        assertThat(new BenchCommand.Result("x", List.of(ms(5), ms(1), ms(3))).median()).isEqualTo(ms(3));
        assertThat(new BenchCommand.Result("x", List.of(ms(4), ms(1), ms(2), ms(8))).median()).isEqualTo(ms(3));
    }

    @Test
    void invalidRuns_isAUsageError() {
        assertThat(SnowgateCommand.commandLine().setErr(new PrintWriter(new StringWriter()))
                .execute("bench", "--runs", "0")).isEqualTo(2);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
