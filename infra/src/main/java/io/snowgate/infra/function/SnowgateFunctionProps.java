package io.snowgate.infra.function;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * What a {@link SnowgateFunction} is built from.
 *
 * @param description         shown in the console
 * @param handler             the handler entry point ({@link FunctionHandlers})
 * @param code                the package and how it starts
 * @param memorySizeMb        memory
 * @param timeoutSeconds      timeout
 * @param logRetention        retention of the function's log group
 * @param reservedConcurrency reserved concurrency, empty for none
 * @param environment         the environment the handler reads ({@link io.snowgate.contract.FunctionEnvironment})
 * @param statements          every permission beyond writing its own logs, written out by the caller
 * @param placement           the VPC subnets and security group, or empty to run outside any VPC
 * @param roleArnVariable     an environment variable to set to the function's own role ARN (workload identity mode:
 *                            the role is the identity), or empty
 * @param snapshots           whether published versions restore a SnapStart snapshot when the package starts that
 *                            way; false for a function invoked too rarely to keep one: Lambda deactivates a SnapStart
 *                            version after 14 days without an invocation, and invoking it then fails with
 *                            SnapStartNotReadyException until it is active again (Lambda developer guide,
 *                            "Troubleshooting SnapStart errors")
 */
public record SnowgateFunctionProps(String description, String handler, FunctionCode code, int memorySizeMb,
                                    int timeoutSeconds, RetentionDays logRetention, OptionalInt reservedConcurrency,
                                    Map<String, String> environment, List<PolicyStatement> statements,
                                    Optional<FunctionPlacement> placement, Optional<String> roleArnVariable,
                                    boolean snapshots) {

    public SnowgateFunctionProps {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(code, "code");
        environment = Map.copyOf(environment);
        statements = List.copyOf(statements);
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(roleArnVariable, "roleArnVariable");
    }

    /** A function that restores SnapStart snapshots when its package starts that way. */
    public SnowgateFunctionProps(String description, String handler, FunctionCode code, int memorySizeMb,
                                 int timeoutSeconds, RetentionDays logRetention, OptionalInt reservedConcurrency,
                                 Map<String, String> environment, List<PolicyStatement> statements,
                                 Optional<FunctionPlacement> placement, Optional<String> roleArnVariable) {
        this(description, handler, code, memorySizeMb, timeoutSeconds, logRetention, reservedConcurrency, environment,
                statements, placement, roleArnVariable, true);
    }
}
