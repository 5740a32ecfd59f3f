package io.snowgate.infra.stack;

import java.util.Objects;

import io.snowgate.infra.config.InfraSettings;
import io.snowgate.infra.workload.Workload;
import software.amazon.awscdk.services.lambda.Code;

/**
 * Everything the stack is built from. Tests pass a tiny dummy package as {@code code}; {@code cdk synth} passes the
 * real deployment zip.
 *
 * @param settings the operator's choices (CDK context)
 * @param code     the functions' package: the deployment package, or the on-demand package when the settings'
 *                 {@code startup} is {@code aot-cache}
 * @param workload the schedules and HTTP routes the catalog asks for
 */
public record SnowgateStackProps(InfraSettings settings, Code code, Workload workload) {

    public SnowgateStackProps {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(workload, "workload");
    }
}
