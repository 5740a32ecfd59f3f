package io.snowgate.cli;

import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snowgate local ...}: the local stand-ins of the services Snowgate talks to. */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        versionProvider = SnowgateCommand.Version.class,
        description = "Run local stand-ins of AWS Secrets Manager and Snowflake.",
        subcommands = {LocalCommand.Up.class})
final class LocalCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand (up)");
    }

    /**
     * {@code snowgate local up}: starts the stand-ins, prints one {@code name: http://127.0.0.1:PORT} line per
     * endpoint (flushed, so a script can read them), then serves until SIGINT/SIGTERM, or until the thread running
     * it is interrupted when it runs in-process.
     */
    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            versionProvider = SnowgateCommand.Version.class,
            description = {
                "Start the local stand-ins and serve until interrupted (Ctrl-C).",
                "Prints one line per endpoint: secretsmanager: http://127.0.0.1:PORT, then snowflake: ...",
                "aws secretsmanager rotate-secret against it starts the Snowgate rotation function, which runs in",
                "the background as in AWS: wait with describe-secret until AWSPENDING is on no version or on the",
                "AWSCURRENT one."})
    static final class Up implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--secrets-port", paramLabel = "N", defaultValue = "0",
                description = "Port of the Secrets Manager stand-in (default: a free port).")
        int secretsPort;

        @Option(names = "--snowflake-port", paramLabel = "N", defaultValue = "0",
                description = "Port of the Snowflake stand-in (default: a free port).")
        int snowflakePort;

        @Option(names = "--account", paramLabel = "ID", description = "Snowflake account the stand-in serves.")
        String account;

        @Option(names = "--region", paramLabel = "REGION", defaultValue = SecretsManagerStandIn.DEFAULT_REGION,
                description = "AWS region in the Secrets Manager stand-in's ARNs (default: ${DEFAULT-VALUE}).")
        String region;

        @Option(names = "--account-id", paramLabel = "ID", defaultValue = SecretsManagerStandIn.DEFAULT_ACCOUNT_ID,
                description = "AWS account id in the Secrets Manager stand-in's ARNs (default: ${DEFAULT-VALUE}).")
        String accountId;

        @Option(names = "--user", paramLabel = "NAME=PUBLIC_KEY_PEM_FILE",
                description = "A Snowflake user and the public key it authenticates with (repeatable).")
        Map<String, Path> users = new LinkedHashMap<>();

        @Override
        public Integer call() {
            LocalStandIns standIns = LocalStandIns.start(
                    new LocalStandIns.Options(secretsPort, snowflakePort, account, users, region, accountId));
            CountDownLatch stopped = new CountDownLatch(1);
            PrintWriter err = spec.commandLine().getErr();
            Thread stopOnSignal = new Thread(() -> {
                standIns.close();
                err.println("snowgate: local stand-ins stopped");
                err.flush();
                stopped.countDown();
            }, "snowgate-local-stop");
            Runtime.getRuntime().addShutdownHook(stopOnSignal);

            PrintWriter out = spec.commandLine().getOut();
            standIns.endpoints().forEach(out::println);
            out.flush();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                // Run in-process (tests): stop here, as the shutdown hook would on a signal.
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
                standIns.close();
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }
}
