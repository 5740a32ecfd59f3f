package io.snowgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.emulator.sts.LocalAwsCredentials;
import io.snowgate.emulator.sts.StsStandIn;
import io.snowgate.lambda.QueryFunction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code snowgate demo --keyless}: the same job signed in with the function's own IAM role (workload identity
 * federation) instead of a key pair. An administrator creates a service user that trusts the role, the local STS
 * gives the function its role's temporary credentials as Lambda would, one execution environment (its own JVM, with
 * exactly the function's variables) runs the scheduled handler cold and warm with no secret anywhere, and a role the
 * user does not trust is refused with the message that says what to check.
 */
final class KeylessDemo {

    static final String ROLE = "arn:aws:iam::" + io.snowgate.emulator.secretsmanager.SecretsManagerStandIn
            .DEFAULT_ACCOUNT_ID + ":role/snowgate-demo-query";
    static final String OTHER_ROLE = "arn:aws:iam::" + io.snowgate.emulator.secretsmanager.SecretsManagerStandIn
            .DEFAULT_ACCOUNT_ID + ":role/someone-else";
    static final String USER = "SVC_SNOWGATE_KEYLESS";
    private static final String EVENT = "{\"query\":\"current_version\",\"params\":{}}";
    private static final Pattern FAILURE_ID = Pattern.compile("login failure id ([0-9a-f-]{36})");
    /** What a developer's shell may hold that must not reach the function's environment. */
    private static final Set<String> AMBIENT = Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_WEB_IDENTITY_TOKEN_FILE");

    private final PrintWriter out;
    private final ObjectMapper json = QueryFunction.jsonMapper();
    private int step;

    KeylessDemo(PrintWriter out) {
        this.out = out;
    }

    void run(LocalDemoDeployment deployment) throws SQLException, IOException, InterruptedException {
        LocalStandIns standIns = deployment.standIns();
        SnowflakeStandIn snowflake = standIns.snowflake();
        StsStandIn sts = standIns.sts();

        step("The function's execution role is its identity: " + ROLE + " (no key pair, no passphrase, no secret)");
        out.println("  the CDK app (-c auth=workload-identity) outputs the statement below with the role's real ARN");

        step("As an administrator, create a role with USAGE on the warehouse, database and schema the function names,"
                + " and the TYPE = SERVICE user that trusts the AWS role and holds that one");
        String create = "CREATE USER " + USER + " TYPE = SERVICE DEFAULT_ROLE = " + LocalDemoDeployment.SERVICE_ROLE
                + " WORKLOAD_IDENTITY = (TYPE = AWS ARN = '" + ROLE + "')";
        List<String> statements = new ArrayList<>(deployment.serviceRoleStatements());
        statements.add(create);
        statements.add(LocalDemoDeployment.grantServiceRoleStatement(USER));
        for (String sql : statements) {
            out.println("  " + sql);
            deployment.adminSql(sql);
        }
        for (List<String> row : deployment.adminRows("SHOW USER WORKLOAD IDENTITY AUTHENTICATION METHODS FOR USER "
                + USER)) {
            out.println("  SHOW USER WORKLOAD IDENTITY AUTHENTICATION METHODS: " + row.get(0) + " " + row.get(1) + " "
                    + row.get(5).replaceAll("\\s+", ""));
        }

        step("Lambda puts the role's temporary credentials in the function's environment; here the local STS issues"
                + " them");
        LocalAwsCredentials credentials = sts.issueRoleCredentials(ROLE, "snowgate-demo-query",
                StsStandIn.DEFAULT_SESSION_VALIDITY);
        out.println("  AWS_ACCESS_KEY_ID=" + credentials.accessKeyId() + " (secret key and session token not shown)");

        step("One execution environment (a JVM with exactly the function's variables): the scheduled handler, cold"
                + " then warm: " + EVENT);
        long loginsBefore = snowflake.counters().count(SnowflakeStandIn.LOGIN);
        long secretReads = standIns.secretsManager().counters().count("GetSecretValue");
        List<String> answers = executionEnvironment(deployment, credentials, List.of(EVENT, EVENT));
        out.println("  " + (snowflake.counters().count(SnowflakeStandIn.LOGIN) - loginsBefore)
                + " Snowflake login(s) for 2 invocations, "
                + (standIns.secretsManager().counters().count("GetSecretValue") - secretReads)
                + " GetSecretValue call(s), " + sts.counters().count(StsStandIn.GET_CALLER_IDENTITY)
                + " signed GetCallerIdentity request(s) Snowflake replayed to STS");
        if (answers.stream().anyMatch(a -> a.startsWith(DemoExecutionEnvironment.FAILED))) {
            throw new CommandFailedException("the keyless run failed: " + answers);
        }

        step("Point the user at another role: the function is refused, and its message says what to check");
        String alter = "ALTER USER " + USER + " SET WORKLOAD_IDENTITY = (TYPE = AWS ARN = '" + OTHER_ROLE + "')";
        out.println("  " + alter);
        deployment.adminSql(alter);
        List<String> refused = executionEnvironment(deployment, credentials, List.of(EVENT));
        Matcher id = FAILURE_ID.matcher(refused.get(0));
        if (!id.find()) {
            throw new CommandFailedException("the refused run named no login failure id: " + refused);
        }
        String details = "SELECT SYSTEM$GET_LOGIN_FAILURE_DETAILS('" + id.group(1) + "')";
        out.println("  " + details);
        JsonNode reason = json.readTree(deployment.adminRows(details).get(0).get(0));
        out.println("  -> errorCode " + reason.path("errorCode").asText() + ", username "
                + reason.path("username").asText());
    }

    /** Runs the events in one fresh execution environment; returns its result and failure lines. */
    private List<String> executionEnvironment(LocalDemoDeployment deployment, LocalAwsCredentials credentials,
            List<String> events) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DemoExecutionEnvironment.class.getName()));
        command.addAll(events);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> AMBIENT.contains(name) || name.startsWith("SNOWGATE_")
                || name.startsWith("AWS_ENDPOINT_URL"));
        builder.environment().putAll(environment(deployment, credentials));
        Process process = builder.start();
        process.getOutputStream().close();
        List<String> answers = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(DemoExecutionEnvironment.RESULT)) {
                    ObjectNode result = (ObjectNode) json.readTree(line.substring(DemoExecutionEnvironment.RESULT
                            .length()));
                    result.remove("elapsedMs");
                    out.println("  result: " + json.writeValueAsString(result));
                    answers.add(line);
                } else if (line.startsWith(DemoExecutionEnvironment.FAILED)) {
                    out.println("  failed: " + line.substring(DemoExecutionEnvironment.FAILED.length()));
                    answers.add(line);
                } else if (line.startsWith("{")) {
                    out.println("  log: " + line);
                }
            }
        }
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new CommandFailedException("the function's execution environment ended with "
                    + (process.isAlive() ? "no answer" : "exit code " + process.exitValue()));
        }
        out.flush();
        return answers;
    }

    /**
     * The function's environment as Lambda and the CDK app give it, pointed at the stand-ins: the role's
     * credentials, the region, {@code SNOWGATE_AUTH=workload-identity} and the plain connection settings; plus the
     * two local-only settings: the local STS ({@code AWS_ENDPOINT_URL_STS}) and {@code localhost} as a host
     * snowflake-jdbc may send an attestation to ({@code SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES}).
     */
    private static Map<String, String> environment(LocalDemoDeployment deployment, LocalAwsCredentials credentials) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        environment.put("AWS_SESSION_TOKEN", credentials.sessionToken());
        environment.put("AWS_REGION", deployment.standIns().sts().region());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put(FunctionEnvironment.AUTH, FunctionEnvironment.AUTH_WORKLOAD_IDENTITY);
        environment.put(FunctionEnvironment.SNOWFLAKE_ACCOUNT, LocalDemoDeployment.ACCOUNT);
        environment.put(FunctionEnvironment.SNOWFLAKE_USER, USER);
        environment.put(FunctionEnvironment.SNOWFLAKE_WAREHOUSE, SnowflakeStandIn.DEFAULT_WAREHOUSE);
        environment.put(FunctionEnvironment.SNOWFLAKE_DATABASE, deployment.standIns().snowflake().config().database());
        environment.put(FunctionEnvironment.SNOWFLAKE_SCHEMA, "PUBLIC");
        environment.put(FunctionEnvironment.WORKLOAD_IDENTITY_ROLE_ARN, ROLE);
        environment.put(FunctionEnvironment.SNOWFLAKE_URL, "http://localhost:"
                + deployment.standIns().snowflake().port());
        environment.put("AWS_ENDPOINT_URL_STS", deployment.standIns().sts().endpoint().toString());
        environment.put("SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES", "localhost");
        return environment;
    }

    private void step(String title) {
        out.println();
        out.println(++step + ". " + title);
        out.flush();
    }
}
