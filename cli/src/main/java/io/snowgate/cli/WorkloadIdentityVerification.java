package io.snowgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.catalog.NamedQuery;
import io.snowgate.lambda.config.WorkloadIdentityConfig;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.query.QueryCompilation;
import io.snowgate.lambda.session.JdbcSnowflakeSessions;
import io.snowgate.lambda.session.NoAwsCredentialsException;
import io.snowgate.lambda.session.SnowflakeLoginException;
import io.snowgate.lambda.session.WorkloadIdentitySignIns;
import io.snowgate.lambda.snowflake.AccountIdentifier;
import io.snowgate.lambda.snowflake.SnowflakeConfigException;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import io.snowgate.lambda.snowflake.WorkloadIdentityMethod;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code snowgate verify --workload-identity}: signs in exactly as the function does in workload identity mode, with
 * whatever AWS credentials this environment holds (on a laptop, after {@code aws sts assume-role} into the function's
 * role), and says which principal it presented, as STS names it, and which of the user's workload identities let it in.
 * The AWS SDK's standard settings apply: {@code AWS_REGION}, and {@code AWS_ENDPOINT_URL_STS} for a local STS, which
 * the driver is then pointed at too.
 */
final class WorkloadIdentityVerification {

    /** An STS session ARN, which names the role it is a session of (its path is not part of it). */
    private static final Pattern SESSION = Pattern.compile(
            "arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([^/]+)/.+");

    /**
     * What to sign in as.
     *
     * @param account      the Snowflake account
     * @param user         the service user
     * @param method       how the role is proved
     * @param warehouse    optional
     * @param database     optional
     * @param schema       optional
     * @param role         optional Snowflake role
     * @param snowflakeUrl a Snowflake endpoint overriding the account's (a local stand-in)
     */
    record Target(String account, String user, WorkloadIdentityMethod method, Optional<String> warehouse,
                  Optional<String> database, Optional<String> schema, Optional<String> role,
                  Optional<SnowflakeEndpoint> snowflakeUrl) {
    }

    private WorkloadIdentityVerification() {
    }

    /** What the session found: the user's workload identities, and whether each query asked for compiles. */
    private record Found(List<String> identities, List<QueryCompilation.Outcome> queries) {
    }

    /**
     * Prints what was presented and what Snowflake said; 0 when the role signs in and each of {@code compile}
     * compiles.
     */
    static int run(Target target, List<NamedQuery> compile, PrintWriter out, Duration timeout) {
        String presented = callerArn();
        Matcher session = SESSION.matcher(presented);
        if (!session.matches()) {
            throw new CommandFailedException("the environment's AWS credentials are " + presented + ", not a role"
                    + " session: assume the function's role first (aws sts assume-role)");
        }
        String roleArn = "arn:" + session.group(1) + ":iam::" + session.group(2) + ":role/" + session.group(3);
        WorkloadIdentityConfig config;
        try {
            config = new WorkloadIdentityConfig(AccountIdentifier.parse(target.account()), target.user(),
                    target.warehouse(), target.database(), target.schema(), target.role(), roleArn, target.method(),
                    stsHost());
        } catch (SnowflakeConfigException e) {
            throw new CommandFailedException("--account: " + e.getMessage(), e);
        }
        // The sign-in's JSON log lines are for Lambda; here the report below says it all.
        JsonLog quiet = new JsonLog(new PrintStream(OutputStream.nullOutputStream()), new ObjectMapper(),
                Clock.systemUTC());
        Found found;
        try (JdbcSnowflakeSessions sessions = new JdbcSnowflakeSessions(new WorkloadIdentitySignIns(config,
                WorkloadIdentitySignIns.DEFAULT_CHAIN, quiet), target.snowflakeUrl(),
                JdbcSnowflakeSessions.DEFAULT_VALIDATE_AFTER_IDLE, Clock.systemUTC(), quiet)) {
            found = sessions.withConnection(Deadline.in(timeout, Clock.systemUTC()), connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.executeQuery("SELECT 1").close();
                    List<String> rows = new ArrayList<>();
                    try (ResultSet shown = statement.executeQuery(
                            "SHOW USER WORKLOAD IDENTITY AUTHENTICATION METHODS")) {
                        while (shown.next()) {
                            rows.add(shown.getString("name") + " " + shown.getString("additional_info")
                                    .replaceAll("\\s+", ""));
                        }
                    } catch (SQLException e) {
                        rows.add("(SHOW USER WORKLOAD IDENTITY AUTHENTICATION METHODS was refused: code "
                                + e.getErrorCode() + ")");
                    }
                    return new Found(rows, QueryCompilation.check(connection, compile));
                }
            });
        } catch (SnowflakeLoginException e) {
            out.println("login failed");
            out.println("user " + e.user());
            out.println("account " + e.jwtAccount());
            out.println("presented " + presented);
            out.println("method " + target.method().setting());
            out.println("snowflake code " + (e.errorCode() == 0 ? "none (no answer)" : e.errorCode()));
            out.println("login failure id " + e.loginFailureId().orElse("none"));
            out.flush();
            throw new CommandFailedException(e.getMessage(), e);
        } catch (NoAwsCredentialsException e) {
            throw new CommandFailedException(e.getMessage(), e);
        } catch (SQLException e) {
            throw new CommandFailedException("signed in, but SELECT 1 failed (code " + e.getErrorCode() + ")", e);
        }
        out.println("role works");
        out.println("user " + config.user());
        out.println("account " + config.account().jwtIdentifier());
        out.println("presented " + presented);
        out.println("method " + target.method().setting());
        found.identities().forEach(identity -> out.println("workload identity " + identity));
        VerifyCommand.printQueries(out, found.queries());
        out.flush();
        VerifyCommand.failIfAnyDoesNotCompile("the role works", found.queries());
        return 0;
    }

    /** Who the environment's AWS credentials are, as STS says (what Snowflake learns from the attestation). */
    private static String callerArn() {
        try (StsClient sts = StsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()) {
            return sts.getCallerIdentity().arn();
        } catch (SdkException e) {
            throw new CommandFailedException("cannot learn who the environment's AWS credentials are (STS"
                    + " GetCallerIdentity): " + e.getMessage(), e);
        }
    }

    /** The STS endpoint the SDK call above used, for the driver too: {@code AWS_ENDPOINT_URL_STS}, if set. */
    private static Optional<SnowflakeEndpoint> stsHost() {
        String configured = System.getenv(WorkloadIdentityConfig.STS_ENDPOINT_VARIABLE);
        if (configured == null || configured.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SnowflakeEndpoint.parse(configured));
        } catch (SnowflakeConfigException e) {
            throw new CommandFailedException(WorkloadIdentityConfig.STS_ENDPOINT_VARIABLE + ": " + e.getMessage(), e);
        }
    }
}
