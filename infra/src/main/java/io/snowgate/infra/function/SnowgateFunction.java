package io.snowgate.infra.function;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.snowgate.contract.FunctionEnvironment;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The CDK construct of one Snowgate function (scheduled, HTTP or rotation) as every trigger sees it: a hand-written
 * role, an explicit log group, the runtime its package needs ({@link FunctionCode}: by default java25 on arm64 with
 * SnapStart on published versions; a custom runtime on x86_64 for the on-demand package), and the
 * {@value #ALIAS} alias that schedules, the API and their permissions target. This is the one place a function is
 * built (network settings belong here too); the handlers it runs are in the {@code lambda} module
 * ({@link FunctionHandlers}).
 *
 * <p>No {@code JAVA_TOOL_OPTIONS}: Lambda's java25 runtime already stops at C1 with SerialGC for an on-demand
 * environment and keeps the full JIT under SnapStart, where priming compiles before the snapshot; an option set here
 * would apply to both. The on-demand package sets its JVM's options itself, in its {@code bootstrap} (README,
 * "On-demand start-up").
 *
 * <p>Every function's environment also carries the driver's own settings ({@link FunctionEnvironment#DRIVER_SETTINGS}).
 *
 * <p>The role gets exactly the caller's statements plus log writes to its own group, and in a VPC the network
 * interface statements of its {@link FunctionPlacement}. It is handed to the function
 * as an immutable role, so CDK grants made elsewhere (async destinations, integrations) cannot widen it silently.
 */
public final class SnowgateFunction extends Construct {

    /** Days without an invocation after which Lambda makes a SnapStart version inactive. */
    public static final int SNAPSHOT_IDLE_DAYS = 14;

    /** The alias every trigger invokes; SnapStart restores snapshots of published versions only. */
    public static final String ALIAS = "live";

    private final Role role;
    private final LogGroup logGroup;
    private final Function function;
    private final Alias alias;

    public SnowgateFunction(Construct scope, String id, SnowgateFunctionProps props) {
        super(scope, id);
        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(props.logRetention())
                .build();

        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(PolicyStatement.Builder.create()
                .sid("WriteOwnLogs")
                .effect(Effect.ALLOW)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        statements.addAll(props.statements());
        props.placement().ifPresent(placement -> statements.addAll(placement.networkInterfaceStatements()));
        this.role = Role.Builder.create(this, "Role")
                .description(props.description() + ": execution role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .inlinePolicies(Map.of("SnowgateFunction",
                        PolicyDocument.Builder.create().statements(statements).build()))
                .build();
        props.placement().ifPresent(placement -> NagSuppressions.addResourceSuppressions(role, List.of(
                NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason("Lambda attaches the function to its subnets with the execution role. "
                                + "ec2:DescribeNetworkInterfaces and ec2:DescribeSubnets support no resource-level "
                                + "permissions (Resource must be *); the interfaces Lambda creates have ids not "
                                + "known in advance, so they are matched as network-interface/* but only in the "
                                + "function subnets (ec2:Subnet condition).")
                        // The partition is a token, or a literal once the stack has a region (cdk.json's
                        // @aws-cdk/core:enablePartitionLiterals).
                        .appliesTo(List.of("Resource::*", RegexAppliesTo.builder()
                                .regex("/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):ec2:.+:network-interface\\/\\*$/")
                                .build()))
                        .build())));

        Map<String, String> environment = new java.util.HashMap<>(props.environment());
        environment.putAll(FunctionEnvironment.DRIVER_SETTINGS);
        props.roleArnVariable().ifPresent(variable -> environment.put(variable, role.getRoleArn()));
        Function.Builder builder = Function.Builder.create(this, "Function")
                .description(props.description())
                .runtime(props.code().runtime())
                .architecture(props.code().architecture())
                .handler(props.handler())
                .code(props.code().code())
                .memorySize(props.memorySizeMb())
                .timeout(Duration.seconds(props.timeoutSeconds()))
                .role(role.withoutPolicyUpdates())
                .logGroup(logGroup)
                .environment(environment);
        boolean snapStart = props.code().snapStart() && props.snapshots();
        if (snapStart) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        props.reservedConcurrency().ifPresent(builder::reservedConcurrentExecutions);
        props.placement().ifPresent(placement -> builder
                .vpc(placement.vpc())
                .vpcSubnets(SubnetSelection.builder().subnets(placement.subnets()).build())
                .securityGroups(List.of(placement.securityGroup())));
        this.function = builder.build();

        this.alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
        if (snapStart) {
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "Every trigger targets the live alias, which points at a published version (currentVersion).");
        }
    }

    /** The execution role (its inline policy is the function's whole permission set). */
    public Role role() {
        return role;
    }

    /** The function's log group. */
    public LogGroup logGroup() {
        return logGroup;
    }

    /** The function itself, for metrics; triggers use {@link #alias()}. */
    public Function function() {
        return function;
    }

    /** The {@value #ALIAS} alias: what every trigger targets. */
    public Alias alias() {
        return alias;
    }
}
