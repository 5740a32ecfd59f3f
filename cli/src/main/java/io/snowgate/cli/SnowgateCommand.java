package io.snowgate.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
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
        footer = {"", "The ./snowgate script also runs: test (the whole suite and cdk synth), cdk ARGS (the pinned AWS CDK CLI),",
            "cdk-app (the CDK app that cdk.json runs) and build (rebuilds this CLI)."},
        subcommands = {
            CommandLine.HelpCommand.class,
            KeyCommand.class,
            BenchCommand.class,
            CatalogCommand.class,
            DemoCommand.class,
            EventsCommand.class,
            InvokeCommand.class,
            LocalCommand.class,
            RunCommand.class,
            SecretCommand.class,
            SoakCommand.class,
            VerifyCommand.class,
        })
public final class SnowgateCommand implements Runnable {

    /** The system property {@code ./snowgate} sets to the working tree it runs from. */
    static final String HOME_PROPERTY = "snowgate.home";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The environment commands read, as the function reads its own; replaced in tests. */
    Map<String, String> environment = System.getenv();

    /** The working tree whose {@code queries/catalog.yaml} local commands run; the current directory by default. */
    Path home = Path.of(System.getProperty(HOME_PROPERTY, "."));

    /** What {@code --event -} reads; replaced in tests. */
    InputStream stdin = System.in;

    /** The root command of the command line {@code spec} belongs to: the environment and working tree. */
    static SnowgateCommand root(CommandLine.Model.CommandSpec spec) {
        return (SnowgateCommand) spec.root().userObject();
    }

    /** The catalog local commands use, announced on stderr once. */
    static LocalCatalog catalog(CommandLine.Model.CommandSpec spec) {
        SnowgateCommand root = root(spec);
        LocalCatalog catalog = LocalCatalog.find(root.environment, root.home);
        spec.commandLine().getErr().println("snowgate: catalog " + catalog.file());
        spec.commandLine().getErr().flush();
        return catalog;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    /** Builds the command line with Snowgate's exit-code and error conventions. */
    static CommandLine commandLine() {
        return new CommandLine(new SnowgateCommand())
                .setExecutionExceptionHandler(new CliFailureHandler())
                .setParameterExceptionHandler(new CliUsageErrorHandler());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SnowgateCommand.class.getPackage().getImplementationVersion();
            return new String[] {"snowgate " + (version == null ? "dev" : version)};
        }
    }
}
