package io.snowgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code snowgate} does with a failure no command handles. */
class MainTest {

    @CommandLine.Command(name = "broken")
    static final class Broken implements Runnable {
        @Override
        public void run() {
            throw new NoClassDefFoundError("net/snowflake/client/Missing\n(slim driver)");
        }
    }

    @Test
    void anErrorFromACommand_isOneLineOnStderr_andExit1_notAStackTrace() {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new Broken()).setErr(new PrintWriter(err, true))
                .setOut(new PrintWriter(out, true))
                .setExecutionExceptionHandler(new CliFailureHandler());

        int exitCode = Main.run(commandLine);

        assertThat(exitCode).isEqualTo(CliFailureHandler.FAILURE);
        assertThat(err.toString()).isEqualTo("snowgate: NoClassDefFoundError: net/snowflake/client/Missing"
                + " (slim driver)" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }
}
