package io.snowgate.infra.stack;

import io.snowgate.catalog.ScheduleRecurrence;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.infra.alarm.OperationalAlarms;
import io.snowgate.infra.api.QueryApi;
import io.snowgate.infra.config.InfraSettings;
import io.snowgate.infra.config.NetworkSettings;
import io.snowgate.infra.config.WorkloadIdentitySettings;
import io.snowgate.infra.function.FunctionCode;
import io.snowgate.infra.function.FunctionHandlers;
import io.snowgate.infra.function.FunctionPackage;
import io.snowgate.infra.function.FunctionPlacement;
import io.snowgate.infra.function.SnowgateFunction;
import io.snowgate.infra.function.SnowgateFunctionProps;
import io.snowgate.infra.network.FunctionNetwork;
import io.snowgate.infra.network.FunctionNetworkProps;
import io.snowgate.infra.network.SnowflakePrivateLink;
import io.snowgate.infra.network.SnowflakePrivateLinkProps;
import io.snowgate.infra.rotation.KeyRotationSetup;
import io.snowgate.infra.schedule.QuerySchedules;
import io.snowgate.infra.schedule.ScheduleQueues;
import io.snowgate.infra.secret.SnowgateSecrets;
import io.snowgate.infra.workload.ScheduledQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.CfnEIP;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The whole Snowgate deployment: secrets, the scheduled function with its schedules and failure queues, the HTTP
 * function behind an IAM-authorised HTTP API (unless turned off), and the alarms; in PrivateLink or NAT mode the VPC
 * the functions run in, with the PrivateLink endpoints and records or the NAT addresses.
 *
 * <p>In workload identity mode ({@code auth=workload-identity}) there is no secret, KMS key or rotation: each
 * function's execution role is the identity a Snowflake service user trusts, its ARN reaches the function for its
 * messages, and the outputs give the role ARNs and the exact {@code CREATE USER} / {@code ALTER USER} statements.
 */
public final class SnowgateStack extends Stack {

    /** Empty in workload identity mode. */
    private final Optional<SnowgateSecrets> secrets;
    private final Optional<FunctionNetwork> network;
    private final Optional<SnowflakePrivateLink> privateLink;
    private final SnowgateFunction scheduledFunction;
    private final ScheduleQueues scheduleQueues;
    private final QuerySchedules schedules;
    private final Optional<SnowgateFunction> httpFunction;
    private final Optional<QueryApi> api;
    private final OperationalAlarms alarms;
    /** Empty in workload identity mode. */
    private final Optional<KeyRotationSetup> rotation;

    public SnowgateStack(Construct scope, String id, SnowgateStackProps props) {
        super(scope, id, stackProps(props.settings()));
        InfraSettings settings = props.settings();
        FunctionCode code = new FunctionCode(props.code(), settings.startup());

        Optional<WorkloadIdentitySettings> keyless = settings.workloadIdentity();
        this.secrets = keyless.isPresent() ? Optional.empty() : Optional.of(new SnowgateSecrets(this, "Secrets",
                settings.secret(), settings.passphraseSecret(), settings.key()));
        NetworkSettings networkSettings = settings.network();
        this.network = networkSettings.inVpc()
                ? Optional.of(new FunctionNetwork(this, "Network", new FunctionNetworkProps(networkSettings.vpc(),
                        networkSettings.egress(), settings.logRetention())))
                : Optional.empty();
        Optional<FunctionPlacement> placement = network.map(FunctionNetwork::placement);
        this.privateLink = networkSettings.privateLink().map(config -> new SnowflakePrivateLink(this, "PrivateLink",
                new SnowflakePrivateLinkProps(placement.orElseThrow(), config,
                        networkSettings.privateLinkHostedZoneId(), networkSettings.s3PrefixListId(),
                        keyless.isEmpty(), keyless.map(k -> k.method().callsSts()).orElse(false))));
        this.rotation = secrets.map(s -> new KeyRotationSetup(this, "Rotation", settings.rotation(), s, code,
                settings.logRetention(), placement, privateLink.map(SnowflakePrivateLink::connectionUrl)));
        Map<String, String> environment = functionEnvironment(settings);
        // In workload identity mode the function's own role is the identity: its ARN goes in for messages.
        Optional<String> roleArnVariable = keyless.map(k -> FunctionEnvironment.WORKLOAD_IDENTITY_ROLE_ARN);
        List<PolicyStatement> signIn = secrets.map(SnowgateSecrets::readStatements)
                .orElseGet(() -> keyless.filter(k -> k.method().callsSts())
                        .map(k -> List.of(webIdentityTokenStatement())).orElse(List.of()));

        this.scheduleQueues = new ScheduleQueues(this, "ScheduleQueues");
        List<PolicyStatement> scheduledStatements = new ArrayList<>(signIn);
        scheduledStatements.add(scheduleQueues.onFailureSendStatement());
        this.scheduledFunction = new SnowgateFunction(this, "ScheduledQuery", new SnowgateFunctionProps(
                "Snowgate: runs scheduled catalog queries", FunctionHandlers.SCHEDULED, code,
                settings.memorySizeMb(), settings.timeoutSeconds(), settings.logRetention(),
                settings.reservedConcurrency(), environment, scheduledStatements, placement, roleArnVariable,
                keepsASnapshotActive(props.workload().schedules())));
        this.schedules = new QuerySchedules(this, "Schedules", scheduledFunction.alias(), scheduleQueues,
                props.workload().schedules());

        this.alarms = new OperationalAlarms(this, "Alarms", settings.alarmTopicArn());
        alarms.watchFunction("ScheduledQuery", scheduledFunction.function());
        if (secrets.isPresent()) {
            alarms.watchSecretReads("ScheduledQuery", scheduledFunction.function());
        }
        alarms.watchQueue("SchedulerDeadLetters", scheduleQueues.deadLetterQueue());
        alarms.watchQueue("FailedRuns", scheduleQueues.onFailureQueue());
        rotation.flatMap(KeyRotationSetup::function).ifPresent(f -> alarms.watchFunction("KeyRotation", f.function()));

        if (settings.api().enabled()) {
            // The function answers (or goes asynchronous) within what the API waits, so it must know that wait.
            Map<String, String> httpEnvironment = new HashMap<>(environment);
            httpEnvironment.put(FunctionEnvironment.API_TIMEOUT_SECONDS,
                    Integer.toString(settings.api().timeoutSeconds()));
            SnowgateFunction http = new SnowgateFunction(this, "HttpQuery", new SnowgateFunctionProps(
                    "Snowgate: runs catalog queries over HTTP", FunctionHandlers.HTTP, code,
                    settings.memorySizeMb(), settings.api().timeoutSeconds(), settings.logRetention(),
                    settings.reservedConcurrency(), httpEnvironment, signIn, placement, roleArnVariable));
            QueryApi queryApi = new QueryApi(this, "Http", http.alias(), props.workload().httpQueries(),
                    settings.api(), settings.logRetention());
            alarms.watchFunction("HttpQuery", http.function());
            if (secrets.isPresent()) {
                alarms.watchSecretReads("HttpQuery", http.function());
            }
            alarms.watchApi("HttpQuery", queryApi.api());
            CfnOutput.Builder.create(this, "ApiUrl").description("Base URL of the IAM-authorised query API")
                    .value(queryApi.api().getApiEndpoint()).build();
            this.httpFunction = Optional.of(http);
            this.api = Optional.of(queryApi);
        } else {
            this.httpFunction = Optional.empty();
            this.api = Optional.empty();
        }
        // CloudFormation orders only what references what. CDK makes a function in NAT subnets wait for the default
        // routes; in PrivateLink mode the way out is the endpoints, their security group rules and the CNAMEs, which
        // nothing references. Every trigger (schedules, API routes, the rotation schedule, whose check runs
        // testSecret at once) invokes an alias, so the aliases wait for that way out.
        privateLink.ifPresent(link -> {
            List<SnowgateFunction> functions = new ArrayList<>(List.of(scheduledFunction));
            httpFunction.ifPresent(functions::add);
            rotation.flatMap(KeyRotationSetup::function).ifPresent(functions::add);
            functions.forEach(f -> f.alias().getNode().addDependency(link, network.orElseThrow().securityGroup()));
        });
        if (keyless.filter(k -> k.method().callsSts()).isPresent()) {
            suppressWebIdentityTokenWildcard(scheduledFunction);
            httpFunction.ifPresent(SnowgateStack::suppressWebIdentityTokenWildcard);
        }

        secrets.ifPresent(s -> CfnOutput.Builder.create(this, "SecretId")
                .description("The connection secret to put the real key into")
                .value(s.connection().id()).build());
        // In both modes: what a migration to workload identity adds to the Snowflake user before it deploys.
        CfnOutput.Builder.create(this, "ScheduledFunctionRoleArn")
                .description("The scheduled function's execution role: its identity in workload identity mode")
                .value(scheduledFunction.role().getRoleArn()).build();
        httpFunction.ifPresent(http -> CfnOutput.Builder.create(this, "HttpFunctionRoleArn")
                .description("The HTTP function's execution role: its identity in workload identity mode")
                .value(http.role().getRoleArn()).build());
        keyless.ifPresent(k -> workloadIdentityOutputs(k));
        CfnOutput.Builder.create(this, "ScheduledFunctionAlias")
                .description("Invoke this alias to run a scheduled query once")
                .value(scheduledFunction.alias().getFunctionArn()).build();
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(alarms.topic().getTopicArn()).build();
        privateLink.ifPresent(link -> CfnOutput.Builder.create(this, "SnowflakeEndpointId")
                .description("The Snowflake PrivateLink endpoint: for an AWSVPCEID network rule")
                .value(link.snowflakeEndpoint().getVpcEndpointId())
                .build());
        network.filter(n -> !n.natAddresses().isEmpty()).ifPresent(n -> CfnOutput.Builder.create(this, "NatEgressIps")
                .description("The functions' public addresses: add them to the Snowflake network policy")
                .value(Fn.join(",", n.natAddresses().stream().map(CfnEIP::getAttrPublicIp).toList()))
                .build());
    }

    /** The Snowflake audience snowflake-jdbc asks STS to put in a web identity token. */
    static final String SNOWFLAKE_AUDIENCE = "snowflakecomputing.com";
    /** GetWebIdentityToken's default lifetime, which snowflake-jdbc keeps; nothing longer is allowed. */
    static final int TOKEN_SECONDS = 300;

    /**
     * {@code sts:GetWebIdentityToken} for Snowflake's audience only and tokens of at most five minutes: the JWT method
     * needs it, the default method calls nothing.
     */
    private static PolicyStatement webIdentityTokenStatement() {
        return PolicyStatement.Builder.create()
                .sid("GetWebIdentityTokenForSnowflake")
                .effect(Effect.ALLOW)
                .actions(List.of("sts:GetWebIdentityToken"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "ForAllValues:StringEquals", Map.of("sts:IdentityTokenAudience", SNOWFLAKE_AUDIENCE),
                        "NumericLessThanEquals", Map.of("sts:DurationSeconds", TOKEN_SECONDS)))
                .build();
    }

    private static void suppressWebIdentityTokenWildcard(SnowgateFunction function) {
        NagSuppressions.addResourceSuppressions(function.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("sts:GetWebIdentityToken has no resource type: it mints a token for the caller's own role, so"
                        + " Resource must be *. The statement is narrowed by its conditions to Snowflake's audience"
                        + " (sts:IdentityTokenAudience) and to tokens of at most five minutes (sts:DurationSeconds).")
                .appliesTo(List.of("Resource::*"))
                .build()));
    }

    /**
     * The role ARNs, and the statements a Snowflake administrator runs: {@code SnowflakeCreateUser} for a new service
     * user, {@code SnowflakeAlterUser} to add the roles to an existing one (the key-pair user, for a migration with no
     * downtime: its keys keep working until removed). The scheduled function's role is the user's
     * {@code WORKLOAD_IDENTITY}, the HTTP function's an identity named {@value #HTTP_IDENTITY}.
     */
    private void workloadIdentityOutputs(WorkloadIdentitySettings keyless) {
        String issuer = keyless.issuer().map(i -> " ISSUER = '" + i + "'").orElse("");
        String user = keyless.user();
        String scheduledArn = scheduledFunction.role().getRoleArn();
        List<Object> create = new ArrayList<>(List.of("CREATE USER " + user
                + " TYPE = SERVICE WORKLOAD_IDENTITY = (TYPE = AWS ARN = '", scheduledArn, "'" + issuer + ")"));
        keyless.role().ifPresent(role -> create.add(" DEFAULT_ROLE = " + role));
        keyless.warehouse().ifPresent(warehouse -> create.add(" DEFAULT_WAREHOUSE = " + warehouse));
        create.add(";");
        List<Object> alter = new ArrayList<>(List.of("ALTER USER " + user + " ADD WORKLOAD IDENTITY "
                + SCHEDULED_IDENTITY + " TYPE = AWS ARN = '", scheduledArn, "'" + issuer + ";"));
        httpFunction.ifPresent(http -> {
            String httpArn = http.role().getRoleArn();
            for (List<Object> statements : List.of(create, alter)) {
                statements.addAll(List.of(" ALTER USER " + user + " ADD WORKLOAD IDENTITY " + HTTP_IDENTITY
                        + " TYPE = AWS ARN = '", httpArn, "'" + issuer + ";"));
            }
        });
        CfnOutput.Builder.create(this, "SnowflakeCreateUser")
                .description("Run in Snowflake (USERADMIN) to create the service user trusting the functions' roles")
                .value(Fn.join("", create.stream().map(String::valueOf).toList())).build();
        CfnOutput.Builder.create(this, "SnowflakeAlterUser")
                .description("Or run in Snowflake to let an existing user (the key-pair one) trust the roles too")
                .value(Fn.join("", alter.stream().map(String::valueOf).toList())).build();
    }

    /** The named workload identities the outputs give the functions' roles on an existing user. */
    public static final String SCHEDULED_IDENTITY = "SNOWGATE_SCHEDULED";
    public static final String HTTP_IDENTITY = "SNOWGATE_HTTP";

    private static StackProps stackProps(InfraSettings settings) {
        StackProps.Builder builder = StackProps.builder()
                .stackName(settings.stackName())
                .description("Snowgate: named, parameterised Snowflake queries from AWS Lambda")
                // No AWS::CDK::Metadata resource: nothing about this deployment is reported anywhere.
                .analyticsReporting(false);
        if (settings.account().isPresent() || settings.region().isPresent()) {
            builder.env(Environment.builder()
                    .account(settings.account().orElse(null))
                    .region(settings.region().orElse(null))
                    .build());
        }
        return builder.build();
    }

    /**
     * The created VPC's two zones, chosen by CloudFormation at deploy time (Fn::GetAZs), as CDK chooses them for an
     * environment-agnostic stack. A stack pinned to an account and region would otherwise look its zones up with AWS
     * credentials at synth time, and naming them by letter is wrong: zone letters are mapped per account, and not
     * every letter exists for every account (ap-northeast-1 offers new accounts a, c and d).
     */
    @Override
    public List<String> getAvailabilityZones() {
        return List.of(Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs()));
    }

    private Map<String, String> functionEnvironment(InfraSettings settings) {
        Map<String, String> environment = new HashMap<>();
        secrets.ifPresent(s -> {
            environment.put(FunctionEnvironment.SECRET_ID, s.connection().id());
            s.passphrase().ifPresent(p -> environment.put(FunctionEnvironment.PASSPHRASE_SECRET_ID, p.id()));
            environment.put(FunctionEnvironment.SECRET_TTL_SECONDS, Integer.toString(settings.secretTtlSeconds()));
        });
        settings.workloadIdentity().ifPresent(keyless -> {
            environment.put(FunctionEnvironment.AUTH, FunctionEnvironment.AUTH_WORKLOAD_IDENTITY);
            environment.put(FunctionEnvironment.SNOWFLAKE_ACCOUNT, keyless.account());
            environment.put(FunctionEnvironment.SNOWFLAKE_USER, keyless.user());
            keyless.warehouse().ifPresent(v -> environment.put(FunctionEnvironment.SNOWFLAKE_WAREHOUSE, v));
            keyless.database().ifPresent(v -> environment.put(FunctionEnvironment.SNOWFLAKE_DATABASE, v));
            keyless.schema().ifPresent(v -> environment.put(FunctionEnvironment.SNOWFLAKE_SCHEMA, v));
            keyless.role().ifPresent(v -> environment.put(FunctionEnvironment.SNOWFLAKE_ROLE, v));
            environment.put(FunctionEnvironment.WORKLOAD_IDENTITY_METHOD, keyless.method().contextValue());
        });
        environment.put(FunctionEnvironment.CATALOG, FunctionPackage.CATALOG_PATH);
        privateLink.ifPresent(link -> environment.put(FunctionEnvironment.SNOWFLAKE_URL, link.connectionUrl()));
        return environment;
    }

    /**
     * The secrets and the key (key-pair mode).
     *
     * @throws IllegalStateException in workload identity mode, which has none
     */
    public SnowgateSecrets secrets() {
        return secrets.orElseThrow(() -> new IllegalStateException("workload identity mode has no secrets"));
    }

    /** Whether the stack signs in with a key pair from a secret (rather than the functions' roles). */
    public boolean usesSecrets() {
        return secrets.isPresent();
    }

    /** The functions' VPC and security group, when they run in one. */
    public Optional<FunctionNetwork> network() {
        return network;
    }

    /** The Snowflake PrivateLink endpoints and records, in PrivateLink mode. */
    public Optional<SnowflakePrivateLink> privateLink() {
        return privateLink;
    }

    /** The scheduled function. */
    public SnowgateFunction scheduledFunction() {
        return scheduledFunction;
    }

    /** The scheduler's dead-letter queue and the on-failure queue. */
    public ScheduleQueues scheduleQueues() {
        return scheduleQueues;
    }

    /** The schedules and Scheduler's role. */
    public QuerySchedules schedules() {
        return schedules;
    }

    /** The HTTP function, unless the API is off. */
    public Optional<SnowgateFunction> httpFunction() {
        return httpFunction;
    }

    /** The HTTP API, unless turned off. */
    public Optional<QueryApi> api() {
        return api;
    }

    /**
     * Who rotates the key pair: the rotation function and schedule with {@code rotation=function}.
     *
     * @throws IllegalStateException in workload identity mode, which has no key to rotate
     */
    public KeyRotationSetup rotation() {
        return rotation.orElseThrow(() -> new IllegalStateException("workload identity mode has no key to rotate"));
    }

    /** The alarms and their topic. */
    public OperationalAlarms alarms() {
        return alarms;
    }

    /**
     * Whether the schedules invoke the scheduled function often enough for SnapStart: Lambda makes a version
     * inactive after {@value SnowgateFunction#SNAPSHOT_IDLE_DAYS} days without an invocation, and Scheduler's next
     * run would then meet SnapStartNotReadyException while the snapshot is made again (Lambda developer guide,
     * "Troubleshooting SnapStart errors"). One schedule that always comes a day sooner keeps it active; a catalog of
     * monthly reports runs without SnapStart, where a cold start costs nothing that matters.
     */
    private static boolean keepsASnapshotActive(List<ScheduledQuery> schedules) {
        return schedules.stream().anyMatch(schedule ->
                ScheduleRecurrence.firesAtLeastEvery(schedule.expression(), SnowgateFunction.SNAPSHOT_IDLE_DAYS - 1));
    }
}
