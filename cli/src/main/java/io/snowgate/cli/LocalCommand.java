package io.snowgate.cli;

import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.sts.LocalAwsCredentials;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        description = "Run local stand-ins of AWS Secrets Manager, AWS STS and Snowflake.",
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
                "Prints one line per endpoint: secretsmanager: http://127.0.0.1:PORT, then snowflake: ..., then sts: ...;",
                "then, for each --aws-identity, a comment line and the export lines of that role's credentials.",
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

        @Option(names = "--user", paramLabel = "NAME=PUBLIC_KEY_PEM_FILE|IAM_ROLE_ARN",
                description = {"A Snowflake service user and the public key it authenticates with, or the IAM role ARN",
                    "that is its workload identity (keyless sign-in; with the local issuer) (repeatable)."})
        Map<String, Path> users = new LinkedHashMap<>();

        @Option(names = "--sts-port", paramLabel = "N", defaultValue = "0",
                description = "Port of the STS stand-in (default: a free port).")
        int stsPort;

        @Option(names = "--aws-identity", paramLabel = "ROLE_ARN",
                description = {"Act as STS for a local workload in this IAM role: print a set of temporary credentials",
                    "(access key id, secret key, session token) bound to it, as export lines (repeatable)."})
        List<String> awsIdentities = new ArrayList<>();

        @Override
        public Integer call() {
            LocalStandIns standIns = LocalStandIns.start(
                    new LocalStandIns.Options(secretsPort, snowflakePort, account, users, region, accountId, stsPort));
            List<LocalAwsCredentials> identities = new ArrayList<>();
            try {
                awsIdentities.forEach(role -> identities.add(standIns.sts().issueRoleCredentials(role)));
            } catch (IllegalArgumentException e) {
                standIns.close();
                throw new CommandFailedException("--aws-identity: " + e.getMessage(), e);
            }
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
            // Local credentials, printed on purpose as `aws sts assume-role` would hand them out: they are worth
            // nothing outside this process's stand-ins.
            for (LocalAwsCredentials identity : identities) {
                out.println("# AWS credentials of a session of " + identity.role() + ", valid until "
                        + identity.expiration() + ":");
                out.println("export AWS_ACCESS_KEY_ID=" + identity.accessKeyId());
                out.println("export AWS_SECRET_ACCESS_KEY=" + identity.secretAccessKey());
                out.println("export AWS_SESSION_TOKEN=" + identity.sessionToken());
            }
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
