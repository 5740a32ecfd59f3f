package io.snowgate.cli;

import com.sun.net.httpserver.HttpServer;
import io.snowgate.catalog.api.ApiRoutes;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.emulator.secretsmanager.Rotation;
import io.snowgate.emulator.secretsmanager.RotationAttempt;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.snowflake.LoginFailure;
import io.snowgate.emulator.sts.LocalAwsCredentials;
import io.snowgate.lambda.http.HttpQueryHandler;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        subcommands = {LocalCommand.Up.class, LocalCommand.StartApi.class})
final class LocalCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand (up, start-api)");
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
                "Prints one line per endpoint: secretsmanager: http://127.0.0.1:PORT, then snowflake: ..., then"
                        + " sts: ...; then, for each --aws-identity, a comment line and the export lines of that"
                        + " role's credentials.",
                "Secrets Manager checks SigV4 signatures as AWS does: sign for --region with access key "
                        + SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID + " (secret key "
                        + SecretsManagerStandIn.DEFAULT_SECRET_ACCESS_KEY + ") or an --aws-identity's credentials.",
                "aws secretsmanager rotate-secret against it starts the Snowgate rotation function, which runs in"
                        + " the background as in AWS: wait with describe-secret until AWSPENDING is on no version or"
                        + " on the AWSCURRENT one. Refused Snowflake logins (with their reason) and how each"
                        + " rotation ended are printed on stderr."})
    static final class Up implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--secrets-port", paramLabel = "N", defaultValue = "" + LocalStandIns.DEFAULT_SECRETS_PORT,
                description = "Port of the Secrets Manager stand-in (default: ${DEFAULT-VALUE}; 0: a free port).")
        int secretsPort;

        @Option(names = "--snowflake-port", paramLabel = "N", defaultValue = "" + LocalStandIns.DEFAULT_SNOWFLAKE_PORT,
                description = "Port of the Snowflake stand-in (default: ${DEFAULT-VALUE}; 0: a free port).")
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
                description = "A Snowflake service user and the public key it authenticates with, or the IAM role ARN"
                        + " that is its workload identity (keyless sign-in; with the local issuer) (repeatable).")
        Map<String, Path> users = new LinkedHashMap<>();

        @Option(names = "--sts-port", paramLabel = "N", defaultValue = "" + LocalStandIns.DEFAULT_STS_PORT,
                description = "Port of the STS stand-in (default: ${DEFAULT-VALUE}; 0: a free port).")
        int stsPort;

        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "Keep secrets, Snowflake users, roles, grants and warehouses here across restarts:"
                        + " loaded at start, saved when stopped (Ctrl-C or SIGTERM). Holds secret values: made"
                        + " owner-only.")
        Path stateDir;

        @Option(names = "--aws-identity", paramLabel = "ROLE_ARN",
                description = "Act as STS for a local workload in this IAM role: print a set of temporary credentials"
                        + " (access key id, secret key, session token) bound to it, as export lines (repeatable).")
        List<String> awsIdentities = new ArrayList<>();

        @Override
        public Integer call() {
            LocalStandIns.Options options;
            try {
                options = new LocalStandIns.Options(secretsPort, snowflakePort, account, users, region, accountId,
                        stsPort);
            } catch (IllegalArgumentException e) {
                // A port, region or account id the options refuse is a usage error (exit 2), as picocli's own are.
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Optional<LocalState> kept = Optional.ofNullable(stateDir).flatMap(LocalState::read);
            LocalStandIns standIns;
            try {
                standIns = LocalStandIns.start(options, kept);
            } catch (java.io.UncheckedIOException e) {
                throw new CommandFailedException(e.getMessage() + " (in use?); choose another with --secrets-port,"
                        + " --snowflake-port or --sts-port (0: a free port)", e);
            }
            List<LocalAwsCredentials> identities = new ArrayList<>();
            try {
                awsIdentities.forEach(role -> identities.add(standIns.sts().issueRoleCredentials(role)));
            } catch (IllegalArgumentException e) {
                standIns.close();
                throw new CommandFailedException("--aws-identity: " + e.getMessage(), e);
            }
            CountDownLatch stopped = new CountDownLatch(1);
            PrintWriter err = spec.commandLine().getErr();
            // The client is told only a code, as Snowflake tells it; whoever runs the stand-ins sees why.
            standIns.snowflake().onLoginFailure(failure -> {
                synchronized (err) {
                    err.println(refusal(failure));
                    err.flush();
                }
            });
            // Secrets Manager runs rotations in the background and tells CloudTrail how each ended; here, stderr.
            standIns.secretsManager().onRotationEnded(rotation -> {
                synchronized (err) {
                    err.println(rotationEnded(rotation));
                    err.flush();
                }
            });
            Thread stopOnSignal = new Thread(() -> {
                saveState(standIns, err);
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
                saveState(standIns, err);
                standIns.close();
                Thread.currentThread().interrupt();
            }
            return 0;
        }

        private void saveState(LocalStandIns standIns, PrintWriter err) {
            if (stateDir == null) {
                return;
            }
            try {
                LocalState.of(standIns).write(stateDir);
                err.println("snowgate: state saved in " + stateDir.resolve(LocalState.FILE));
            } catch (java.io.UncheckedIOException e) {
                err.println("snowgate: state not saved: " + e.getMessage());
            }
            err.flush();
        }
    }

    /** One line of {@code local up}'s stderr for a refused login: who, why, and the id the client was given. */
    static String refusal(LoginFailure failure) {
        return "snowflake: login refused for " + (failure.userName() != null ? "user " + failure.userName()
                : "login name " + failure.loginName()) + ": " + failure.reason()
                + (failure.reason().errorName() == null ? "" : " (" + failure.reason().errorName() + ")")
                + ", code " + failure.code() + ", login failure id " + failure.id();
    }

    /**
     * One line of {@code local up}'s stderr for a rotation that ended: how, after how many attempts, and for one that
     * failed for good, the step and error of its last attempt and what it leaves behind.
     */
    static String rotationEnded(Rotation rotation) {
        String which = "secretsmanager: rotation of " + rotation.secretArn() + " to version "
                + rotation.clientRequestToken();
        int attempts = rotation.attempts().size();
        Optional<RotationAttempt> last = rotation.attempts().isEmpty() ? Optional.empty()
                : Optional.of(rotation.attempts().get(attempts - 1));
        String stuck = "; AWSPENDING stays on that version, and rotate-secret fails until the rotation is resumed or"
                + " abandoned (README: Rotating the key pair, Roll back)";
        return switch (rotation.status()) {
            case SUCCEEDED -> which + " succeeded (attempt " + attempts + ")";
            case FAILED -> which + " failed after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                    + last.map(a -> ", the last at " + a.failedStep() + ": " + a.failure()).orElse("") + stuck;
            case CANCELLED -> which + " cancelled by CancelRotateSecret"
                    + last.map(a -> " at " + a.failedStep()).orElse("") + stuck;
            case RUNNING -> which + " is running";
        };
    }

    /**
     * {@code snowgate local start-api}: the HTTP API on 127.0.0.1 ({@link LocalApi}), its routes as the CDK app
     * declares them from the catalog, answered by one warm HTTP handler. The handler is configured by the environment
     * as {@code invoke} is when {@code SNOWGATE_SECRET_ID} is set (e.g. pointing at {@code local up}); otherwise the
     * stand-ins are started here with a service user and its secret, as the demo sets them up.
     */
    @Command(
            name = "start-api",
            mixinStandardHelpOptions = true,
            versionProvider = SnowgateCommand.Version.class,
            description = {
                "Serve the HTTP API on 127.0.0.1 with the catalog's routes and one warm HTTP handler, until Ctrl-C.",
                "With SNOWGATE_SECRET_ID set, the handler is configured by the environment as for invoke;"
                        + " otherwise stand-ins, a service user and its secret are started here.",
                "Prints api: http://127.0.0.1:PORT, then one route: METHOD PATH line per route."})
    static final class StartApi implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--port", paramLabel = "N", defaultValue = "" + LocalApi.DEFAULT_PORT,
                description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
        int port;

        @Option(names = "--caller", paramLabel = "ARN", defaultValue = ApiEvents.DEFAULT_CALLER,
                description = "The IAM caller every request comes from (default: ${DEFAULT-VALUE}).")
        String caller;

        @Override
        public Integer call() {
            if (port < 0 || port > 65_535) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
            }
            String iamCaller = ApiEvents.checkCaller(spec.commandLine(), caller);
            SnowgateCommand root = SnowgateCommand.root(spec);
            LocalCatalog catalog = SnowgateCommand.catalog(spec);
            ApiRoutes routes = ApiRoutes.of(catalog.load());
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            PrintStream logs = CliStreams.lines(err);
            String secretId = root.environment.get(FunctionEnvironment.SECRET_ID);
            HttpServer bound = LocalApi.bind(port);
            LocalDemoDeployment deployment = null;
            HttpQueryHandler handler = null;
            LocalApi api;
            try {
                if (secretId != null && !secretId.isBlank()) {
                    handler = LocalHandlers.http(catalog.functionEnvironment(root.environment), logs);
                } else {
                    err.println("snowgate: SNOWGATE_SECRET_ID is not set: starting the stand-ins with a service user"
                            + " and its secret (" + LocalDemoDeployment.SECRET_ID + ")");
                    err.flush();
                    try {
                        deployment = LocalDemoDeployment.ready(catalog);
                    } catch (SQLException e) {
                        throw new CommandFailedException("cannot set up the service user: " + e.getMessage(), e);
                    }
                    deployment.standIns().endpoints().forEach(out::println);
                    handler = deployment.httpHandler(logs);
                }
                api = LocalApi.start(bound, handler, routes, iamCaller);
            } catch (RuntimeException e) {
                bound.stop(0);
                if (handler != null) {
                    LocalHandlers.close(handler);
                }
                if (deployment != null) {
                    deployment.close();
                }
                throw e;
            }
            LocalDemoDeployment started = deployment;
            CountDownLatch stopped = new CountDownLatch(1);
            Runnable stop = () -> {
                api.close();
                if (started != null) {
                    started.close();
                }
            };
            Thread stopOnSignal = new Thread(() -> {
                stop.run();
                err.println("snowgate: local API stopped");
                err.flush();
                stopped.countDown();
            }, "snowgate-local-api-stop");
            Runtime.getRuntime().addShutdownHook(stopOnSignal);
            out.println("api: " + api.endpoint());
            api.routeLines().forEach(out::println);
            out.flush();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                // Run in-process (tests): stop here, as the shutdown hook would on a signal.
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
                stop.run();
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }
}
