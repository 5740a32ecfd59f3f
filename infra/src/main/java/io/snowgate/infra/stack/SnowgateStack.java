package io.snowgate.infra.stack;

import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.infra.alarm.OperationalAlarms;
import io.snowgate.infra.api.QueryApi;
import io.snowgate.infra.config.InfraSettings;
import io.snowgate.infra.config.NetworkSettings;
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
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.CfnEIP;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The whole Snowgate deployment: secrets, the scheduled function with its schedules and failure queues, the HTTP
 * function behind an IAM-authorised HTTP API (unless turned off), and the alarms; in PrivateLink or NAT mode the VPC
 * the functions run in, with the PrivateLink endpoints and records or the NAT addresses.
 */
public final class SnowgateStack extends Stack {

    private final SnowgateSecrets secrets;
    private final Optional<FunctionNetwork> network;
    private final Optional<SnowflakePrivateLink> privateLink;
    private final SnowgateFunction scheduledFunction;
    private final ScheduleQueues scheduleQueues;
    private final QuerySchedules schedules;
    private final Optional<SnowgateFunction> httpFunction;
    private final Optional<QueryApi> api;
    private final OperationalAlarms alarms;
    private final KeyRotationSetup rotation;

    public SnowgateStack(Construct scope, String id, SnowgateStackProps props) {
        super(scope, id, stackProps(props.settings()));
        InfraSettings settings = props.settings();

        this.secrets = new SnowgateSecrets(this, "Secrets", settings.secret(), settings.passphraseSecret(),
                settings.key());
        NetworkSettings networkSettings = settings.network();
        this.network = networkSettings.inVpc()
                ? Optional.of(new FunctionNetwork(this, "Network", new FunctionNetworkProps(networkSettings.vpc(),
                        networkSettings.egress(), settings.logRetention())))
                : Optional.empty();
        Optional<FunctionPlacement> placement = network.map(FunctionNetwork::placement);
        this.privateLink = networkSettings.privateLink().map(config -> new SnowflakePrivateLink(this, "PrivateLink",
                new SnowflakePrivateLinkProps(placement.orElseThrow(), config,
                        networkSettings.privateLinkHostedZoneId(), networkSettings.s3PrefixListId())));
        this.rotation = new KeyRotationSetup(this, "Rotation", settings.rotation(), secrets, props.code(),
                settings.logRetention(), placement,
                privateLink.map(SnowflakePrivateLink::connectionUrl));
        Map<String, String> environment = functionEnvironment(settings);

        this.scheduleQueues = new ScheduleQueues(this, "ScheduleQueues");
        List<PolicyStatement> scheduledStatements = new ArrayList<>(secrets.readStatements());
        scheduledStatements.add(scheduleQueues.onFailureSendStatement());
        this.scheduledFunction = new SnowgateFunction(this, "ScheduledQuery", new SnowgateFunctionProps(
                "Snowgate: runs scheduled catalog queries", FunctionHandlers.SCHEDULED, props.code(),
                settings.memorySizeMb(), settings.timeoutSeconds(), settings.logRetention(),
                settings.reservedConcurrency(), environment, scheduledStatements, placement));
        this.schedules = new QuerySchedules(this, "Schedules", scheduledFunction.alias(), scheduleQueues,
                props.workload().schedules());

        this.alarms = new OperationalAlarms(this, "Alarms", settings.alarmTopicArn());
        alarms.watchFunction("ScheduledQuery", scheduledFunction.function());
        alarms.watchQueue("SchedulerDeadLetters", scheduleQueues.deadLetterQueue());
        alarms.watchQueue("FailedRuns", scheduleQueues.onFailureQueue());
        rotation.function().ifPresent(f -> alarms.watchFunction("KeyRotation", f.function()));

        if (settings.api().enabled()) {
            // The function answers (or goes asynchronous) within what the API waits, so it must know that wait.
            Map<String, String> httpEnvironment = new HashMap<>(environment);
            httpEnvironment.put(FunctionEnvironment.API_TIMEOUT_SECONDS,
                    Integer.toString(settings.api().timeoutSeconds()));
            SnowgateFunction http = new SnowgateFunction(this, "HttpQuery", new SnowgateFunctionProps(
                    "Snowgate: runs catalog queries over HTTP", FunctionHandlers.HTTP, props.code(),
                    settings.memorySizeMb(), settings.api().timeoutSeconds(), settings.logRetention(),
                    settings.reservedConcurrency(), httpEnvironment, secrets.readStatements(), placement));
            QueryApi queryApi = new QueryApi(this, "Http", http.alias(), props.workload().httpQueries(),
                    settings.api(), settings.logRetention());
            alarms.watchFunction("HttpQuery", http.function());
            CfnOutput.Builder.create(this, "ApiUrl").description("Base URL of the IAM-authorised query API")
                    .value(queryApi.api().getApiEndpoint()).build();
            this.httpFunction = Optional.of(http);
            this.api = Optional.of(queryApi);
        } else {
            this.httpFunction = Optional.empty();
            this.api = Optional.empty();
        }

        CfnOutput.Builder.create(this, "SecretId").description("The connection secret to put the real key into")
                .value(secrets.connection().id()).build();
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
     * A stack pinned to a region would otherwise look its availability zones up with AWS credentials at synth time
     * (a created VPC asks for them). Zones a and b exist in every commercial region, so synth stays offline; an
     * environment-agnostic stack keeps CloudFormation's own choice (Fn::GetAZs).
     */
    @Override
    public List<String> getAvailabilityZones() {
        String region = getRegion();
        return Token.isUnresolved(region) ? super.getAvailabilityZones() : List.of(region + "a", region + "b");
    }

    private Map<String, String> functionEnvironment(InfraSettings settings) {
        Map<String, String> environment = new HashMap<>();
        environment.put(FunctionEnvironment.SECRET_ID, secrets.connection().id());
        secrets.passphrase().ifPresent(p -> environment.put(FunctionEnvironment.PASSPHRASE_SECRET_ID, p.id()));
        environment.put(FunctionEnvironment.CATALOG, FunctionPackage.CATALOG_PATH);
        environment.put(FunctionEnvironment.SECRET_TTL_SECONDS, Integer.toString(settings.secretTtlSeconds()));
        privateLink.ifPresent(link -> environment.put(FunctionEnvironment.SNOWFLAKE_URL, link.connectionUrl()));
        return environment;
    }

    /** The secrets and the key. */
    public SnowgateSecrets secrets() {
        return secrets;
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

    /** Who rotates the key pair: the rotation function and schedule with {@code rotation=function}. */
    public KeyRotationSetup rotation() {
        return rotation;
    }

    /** The alarms and their topic. */
    public OperationalAlarms alarms() {
        return alarms;
    }
}
