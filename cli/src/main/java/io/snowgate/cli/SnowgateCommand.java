package io.snowgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root command. Failures print one line on stderr and exit 1; usage errors exit 2.
 * Subcommands are registered here, one class per command group.
 */
@Command(
        name = "snowgate",
        mixinStandardHelpOptions = true,
        versionProvider = SnowgateCommand.Version.class,
        description = "Run named Snowflake queries from AWS Lambda with key-pair auth.",
        footer = {"", "The ./snowgate script also runs: test (the whole suite and cdk synth), cdk ARGS (the pinned AWS CDK CLI)."},
        subcommands = {
            CommandLine.HelpCommand.class,
            KeyCommand.class,
            BenchCommand.class,
            DemoCommand.class,
            InvokeCommand.class,
            LocalCommand.class,
            SecretCommand.class,
            SoakCommand.class,
            VerifyCommand.class,
        })
public final class SnowgateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    /** Builds the command line with Snowgate's exit-code and error conventions. */
    static CommandLine commandLine() {
        return new CommandLine(new SnowgateCommand())
                .setExecutionExceptionHandler(new CliFailureHandler());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SnowgateCommand.class.getPackage().getImplementationVersion();
            return new String[] {"snowgate " + (version == null ? "dev" : version)};
        }
    }
}
