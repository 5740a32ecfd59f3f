package io.snowgate.infra.function;

import java.util.Objects;

import io.snowgate.infra.config.FunctionStartup;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * A function's package and how it starts, which go together: the deployment package runs on the managed java25
 * runtime (arm64) with SnapStart; the on-demand package is a custom runtime that brings its own x86_64 JDK and AOT
 * cache, which only that JDK can use.
 *
 * @param code    the package
 * @param startup which of the two it is
 */
public record FunctionCode(Code code, FunctionStartup startup) {

    public FunctionCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(startup, "startup");
    }

    /** The Lambda runtime the package runs on. */
    public Runtime runtime() {
        return startup == FunctionStartup.SNAPSTART ? Runtime.JAVA_25 : Runtime.PROVIDED_AL2023;
    }

    /** The architecture the package's JVM runs on: Graviton for the managed runtime, the bundled JDK's otherwise. */
    public Architecture architecture() {
        return startup == FunctionStartup.SNAPSTART ? Architecture.ARM_64 : Architecture.X86_64;
    }

    /** Whether published versions restore a SnapStart snapshot (a custom runtime has none). */
    public boolean snapStart() {
        return startup == FunctionStartup.SNAPSTART;
    }
}
