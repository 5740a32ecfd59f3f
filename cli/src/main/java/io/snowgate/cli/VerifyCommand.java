package io.snowgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.query.QueryCompilation;
import io.snowgate.lambda.rotation.KeyCheck;
import io.snowgate.lambda.rotation.KeySlot;
import io.snowgate.lambda.rotation.KeyVerifier;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.session.SnowflakeLoginException;
import io.snowgate.lambda.snowflake.SnowflakeConfigException;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.snowflake.WorkloadIdentityMethod;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@code snowgate verify}: signs in with the secret exactly as the function does (from the same environment variables)
 * and says which key slot of the user holds the secret's key, or exactly why Snowflake refused it or could not be
 * reached; then whether the session can use the secret's role, warehouse, database and schema. A thin adapter over
 * {@link KeyVerifier}.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = SnowgateCommand.Version.class,
        description = {
            "Sign in with the secret's key, as the function does, and report which slot (RSA_PUBLIC_KEY or"
                    + " RSA_PUBLIC_KEY_2) holds it, or why the login failed; then check that the session can use"
                    + " the secret's role, warehouse, database and schema.",
            "Reads SNOWGATE_SECRET_ID, SNOWGATE_PASSPHRASE_SECRET_ID and SNOWGATE_SNOWFLAKE_URL as the function"
                    + " does; options override them. Exit 0 only when the key and every object work.",
            "With --queries, also have Snowflake compile every catalog query in that session; exit 0 only when each"
                    + " compiles.",
            "With --workload-identity, sign in keyless with the AWS role this environment's credentials are a session"
                    + " of, say which ARN was presented, and exit 0 only when Snowflake accepts it."})
final class VerifyCommand implements Callable<Integer> {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--secret-id", paramLabel = "ID",
            description = "The connection secret, key pair (default: $SNOWGATE_SECRET_ID).")
    String secretId;

    @CommandLine.ArgGroup(exclusive = false, heading = "Workload identity (keyless):%n")
    KeylessOptions keyless;

    /** {@code --workload-identity} and the plain settings the function reads in that mode. */
    static final class KeylessOptions {
        @Option(names = "--workload-identity", required = true,
                description = "Sign in with this environment's AWS role instead of a secret's key.")
        boolean enabled;

        @Option(names = "--account", required = true, paramLabel = "ACCOUNT", description = "Snowflake account.")
        String account;

        @Option(names = "--user", required = true, paramLabel = "USER", description = "Snowflake service user.")
        String user;

        @Option(names = "--method", paramLabel = "METHOD",
                description = "caller-identity or web-identity-token (default: $SNOWGATE_WORKLOAD_IDENTITY_METHOD, "
                        + "else caller-identity).")
        String method;

        @Option(names = "--role", paramLabel = "ROLE",
                description = "Snowflake role (default: $SNOWGATE_SNOWFLAKE_ROLE, else the user's).")
        String role;

        @Option(names = "--warehouse", paramLabel = "WAREHOUSE",
                description = "Snowflake warehouse (default: $SNOWGATE_SNOWFLAKE_WAREHOUSE).")
        String warehouse;
    }

    @Option(names = "--passphrase-secret-id", paramLabel = "ID",
            description = "The secret holding the key's passphrase, when kept apart"
                    + " (default: $SNOWGATE_PASSPHRASE_SECRET_ID).")
    String passphraseSecretId;

    @Option(names = "--queries",
            description = "Also have Snowflake compile every catalog query ($SNOWGATE_CATALOG, else this working"
                    + " tree's queries/catalog.yaml) in the same session, without running any (a table missing or"
                    + " not granted, an invalid identifier).")
    boolean queries;

    @Option(names = "--snowflake-url", paramLabel = "URL",
            description = "Snowflake endpoint overriding the secret's account host, http only for 127.0.0.1"
                    + " (default: $SNOWGATE_SNOWFLAKE_URL).")
    String snowflakeUrl;

    @Override
    public Integer call() {
        Map<String, String> env = SnowgateCommand.root(spec).environment;
        Optional<SnowflakeEndpoint> endpoint = chosen(snowflakeUrl, env, FunctionEnvironment.SNOWFLAKE_URL)
                .map(url -> endpoint(url, snowflakeUrl != null ? "--snowflake-url" : FunctionEnvironment.SNOWFLAKE_URL));
        PrintWriter out = spec.commandLine().getOut();
        if (keyless != null) {
            if (secretId != null || passphraseSecretId != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--workload-identity reads no secret: drop --secret-id and --passphrase-secret-id");
            }
            // What the options leave out comes from the function's own settings, so that it signs in as the function.
            String methodName = chosen(keyless.method, env, FunctionEnvironment.WORKLOAD_IDENTITY_METHOD)
                    .orElse(FunctionEnvironment.METHOD_CALLER_IDENTITY);
            WorkloadIdentityMethod method = WorkloadIdentityMethod.of(methodName).orElseThrow(() ->
                    new CommandLine.ParameterException(spec.commandLine(), (keyless.method != null ? "--method"
                            : FunctionEnvironment.WORKLOAD_IDENTITY_METHOD)
                            + " must be caller-identity or web-identity-token"));
            return WorkloadIdentityVerification.run(new WorkloadIdentityVerification.Target(keyless.account,
                    keyless.user, method, chosen(keyless.warehouse, env, FunctionEnvironment.SNOWFLAKE_WAREHOUSE),
                    chosen(null, env, FunctionEnvironment.SNOWFLAKE_DATABASE),
                    chosen(null, env, FunctionEnvironment.SNOWFLAKE_SCHEMA),
                    chosen(keyless.role, env, FunctionEnvironment.SNOWFLAKE_ROLE), endpoint), queriesToCompile(),
                    out, TIMEOUT);
        }
        String secret = chosen(secretId, env, FunctionEnvironment.SECRET_ID).orElseThrow(() ->
                new CommandLine.ParameterException(spec.commandLine(),
                        "--secret-id (or " + FunctionEnvironment.SECRET_ID + ") is required, or --workload-identity"));
        Optional<String> passphraseSecret = chosen(passphraseSecretId, env, FunctionEnvironment.PASSPHRASE_SECRET_ID);
        // The verifier's JSON log lines are for Lambda; here the report below says it all.
        JsonLog quiet = new JsonLog(new PrintStream(OutputStream.nullOutputStream()), new ObjectMapper(),
                Clock.systemUTC());
        KeyCheck check;
        try {
            check = new KeyVerifier(Clock.systemUTC(), quiet).verify(source(), secret, passphraseSecret, endpoint,
                    Deadline.in(TIMEOUT, Clock.systemUTC()), true, queriesToCompile());
        } catch (SnowflakeLoginException e) {
            if (e.unreachable()) {
                out.println("snowflake unreachable");
                out.println("host " + e.unreachableHost().orElseThrow());
            } else {
                out.println("login failed");
                out.println("user " + e.user());
                out.println("jwt account " + e.jwtAccount());
                out.println("fingerprint " + e.fingerprint());
                out.println("snowflake code " + (e.errorCode() == 0 ? "none (no answer)" : e.errorCode()));
                out.println("login failure id " + e.loginFailureId().orElse("none"));
            }
            out.flush();
            throw new CommandFailedException(e.getMessage(), e);
        } catch (SQLException e) {
            throw new CommandFailedException("signed in, but SELECT 1 failed (code " + e.getErrorCode() + ")", e);
        }
        out.println("key works");
        out.println("user " + check.user());
        out.println("jwt account " + check.jwtAccount());
        out.println("fingerprint " + check.fingerprint());
        out.println(slotLine(check));
        check.keys().ifPresent(keys -> {
            for (KeySlot slot : KeySlot.values()) {
                out.println(slot.fingerprintProperty() + " " + keys.fingerprint(slot).orElse("(empty)"));
            }
        });
        check.context().forEach(context -> out.println(context.field() + " " + context.name() + " "
                + (context.ok() ? "ok" : "failed (" + code(context.errorCode(), context.sqlState()) + ")")));
        printQueries(out, check.queries());
        out.flush();
        List<String> failed = check.context().stream().filter(context -> !context.ok())
                .map(context -> context.field() + " " + context.name() + " (" + code(context.errorCode(),
                        context.sqlState()) + ")").toList();
        if (!failed.isEmpty()) {
            throw new CommandFailedException("the key works, but the session cannot use the secret's "
                    + String.join(", ", failed) + ": it does not exist or the role has no USAGE on it");
        }
        failIfAnyDoesNotCompile("the key works", check.queries());
        return 0;
    }

    /** The catalog's queries when {@code --queries} asks for them, read and validated as local commands do. */
    private List<NamedQuery> queriesToCompile() {
        return queries ? SnowgateCommand.catalog(spec).load().queries() : List.of();
    }

    /** One line per query: {@code query NAME compiles}, or why Snowflake would not. */
    static void printQueries(PrintWriter out, List<QueryCompilation.Outcome> outcomes) {
        outcomes.forEach(outcome -> out.println("query " + outcome.query() + " " + (outcome.compiles() ? "compiles"
                : "failed (" + code(outcome.errorCode(), outcome.sqlState()) + ")"
                        + outcome.message().map(message -> ": " + CliFailureHandler.oneLine(message)).orElse(""))));
    }

    /** @param signedIn what worked, to begin the failure's message */
    static void failIfAnyDoesNotCompile(String signedIn, List<QueryCompilation.Outcome> outcomes) {
        List<String> failed = outcomes.stream().filter(outcome -> !outcome.compiles())
                .map(QueryCompilation.Outcome::query).toList();
        if (!failed.isEmpty()) {
            throw new CommandFailedException(signedIn + ", but Snowflake does not compile " + String.join(", ", failed)
                    + " in its session (each query's line above says why)");
        }
    }

    private static String code(Optional<Integer> errorCode, Optional<String> sqlState) {
        return "code " + errorCode.orElse(0) + sqlState.map(state -> ", SQL state " + state).orElse("");
    }

    /** The option when given, otherwise the function's variable, as the function reads it (blank is unset). */
    private static Optional<String> chosen(String option, Map<String, String> env, String variable) {
        if (option != null) {
            return Optional.of(option);
        }
        return Optional.ofNullable(env.get(variable)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static String slotLine(KeyCheck check) {
        if (check.keys().isEmpty()) {
            return "slot unknown: DESC USER was refused (code " + check.describeErrorCode().orElse(0) + ")";
        }
        return check.slot().map(slot -> "slot " + slot.property())
                .orElse("slot none: neither RSA_PUBLIC_KEY_FP nor RSA_PUBLIC_KEY_2_FP shows this fingerprint");
    }

    private static AwsSecretSource source() {
        try {
            return AwsSecretSource.fromEnvironment();
        } catch (SdkClientException e) {
            throw new CommandFailedException("cannot set up the Secrets Manager client: " + e.getMessage(), e);
        }
    }

    private SnowflakeEndpoint endpoint(String url, String from) {
        try {
            return SnowflakeEndpoint.parse(url);
        } catch (SnowflakeConfigException e) {
            // A bad option is a usage error (exit 2), as picocli's own are; a bad variable is the environment's (1).
            if (from.startsWith("--")) {
                throw new CommandLine.ParameterException(spec.commandLine(), from + ": " + e.getMessage());
            }
            throw new CommandFailedException(from + ": " + e.getMessage(), e);
        }
    }
}
