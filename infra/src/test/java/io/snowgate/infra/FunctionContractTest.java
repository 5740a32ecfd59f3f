package io.snowgate.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.infra.function.FunctionHandlers;
import io.snowgate.infra.function.FunctionPackage;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CDK app and the function agree: for every Java function of every deployment shape, the handler string names a
 * class of the function that Lambda can build and call, and the handler, built from exactly the environment the
 * template gives it, starts and reads every variable the app sets. Renaming a handler class or a variable on one side
 * only fails here, not at deploy time.
 */
class FunctionContractTest {

    /** What a CloudFormation token (a Ref to a secret, say) stands for once deployed. */
    private static final String DEPLOYED_SECRET_ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:snowgate/snowflake-AbCdEf";
    /** What the token of a function's own role ARN stands for once deployed (workload identity mode). */
    private static final String DEPLOYED_ROLE_ARN = "arn:aws:iam::123456789012:role/Snowgate-ScheduledQueryRole-1AB2C3D4";

    @ParameterizedTest
    @EnumSource(Deployment.class)
    void everyHandlerTheAppDeploys_isAStreamHandlerClassOfTheFunction(Deployment deployment) throws Exception {
        Map<String, Map<String, Object>> functions = javaFunctions(deployment.synthesized());
        assertThat(functions).isNotEmpty();
        for (var function : functions.entrySet()) {
            String handler = (String) function.getValue().get("Handler");
            assertThat(handler).as(function.getKey()).matches("[\\w.$]+::handleRequest");
            Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));

            assertThat(RequestStreamHandler.class).as(handler).isAssignableFrom(type);
            assertThat(Modifier.isPublic(type.getModifiers())).as(handler).isTrue();
            assertThat(type.getConstructor()).as("Lambda builds %s with its no-argument constructor", handler)
                    .isNotNull();
            Method method = type.getMethod("handleRequest", InputStream.class, OutputStream.class, Context.class);
            assertThat(Modifier.isPublic(method.getModifiers())).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Deployment.class)
    void everyHandler_startsFromTheEnvironmentTheAppSets_andReadsEveryVariableInIt(Deployment deployment)
            throws Exception {
        for (var function : javaFunctions(deployment.synthesized()).entrySet()) {
            String handler = (String) function.getValue().get("Handler");
            Map<String, String> deployed = deployedEnvironment(function.getValue());
            RecordingEnvironment environment = new RecordingEnvironment(deployed);

            Constructor<?> fromEnvironment = Class.forName(handler.substring(0, handler.indexOf("::")))
                    .getConstructor(Map.class);
            Object built = fromEnvironment.newInstance(environment);
            if (built instanceof AutoCloseable closeable) {
                closeable.close();
            }

            Set<String> forTheHandler = new TreeSet<>(deployed.keySet());
            forTheHandler.removeAll(FunctionEnvironment.DRIVER_SETTINGS.keySet());
            assertThat(environment.read()).as("variables %s reads of those %s sets", handler, function.getKey())
                    .containsAll(forTheHandler);
        }
    }

    /** The driver reads its settings from the process environment alone: every function has them, as tested. */
    @ParameterizedTest
    @EnumSource(Deployment.class)
    void everyFunction_hasTheDriverSettings(Deployment deployment) {
        for (var function : javaFunctions(deployment.synthesized()).entrySet()) {
            assertThat(deployedEnvironment(function.getValue())).as(function.getKey())
                    .containsAllEntriesOf(FunctionEnvironment.DRIVER_SETTINGS);
        }
    }

    /**
     * The JVM's start-up is left to Lambda (README, "On-demand start-up"): java25 stops at C1 with SerialGC for an
     * on-demand environment and keeps the full JIT under SnapStart, where priming compiles before the snapshot. Any
     * JVM option in the environment would apply to both, so none is set, and SnapStart stays on (but for functions
     * invoked too rarely to keep a snapshot active: the rotation function, and the scheduled one without a frequent
     * schedule). With
     * {@code startup=aot-cache} the package is a custom runtime on x86_64 (its JDK's architecture) without SnapStart,
     * whose {@code bootstrap} sets its JVM's options; none is set in the environment either.
     */
    @ParameterizedTest
    @EnumSource(Deployment.class)
    @SuppressWarnings("unchecked")
    void everyFunction_startsAsItsPackageNeeds_withNoJvmOptionsInItsEnvironment(Deployment deployment) {
        boolean aotCache = deployment == Deployment.AOT_CACHE;
        for (var function : javaFunctions(deployment.synthesized()).entrySet()) {
            Map<String, Object> environment =
                    (Map<String, Object>) function.getValue().getOrDefault("Environment", Map.of());
            assertThat((Map<String, Object>) environment.getOrDefault("Variables", Map.of()))
                    .as(function.getKey())
                    .doesNotContainKeys("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
            if (aotCache) {
                assertThat(function.getValue()).as(function.getKey())
                        .containsEntry("Runtime", "provided.al2023")
                        .containsEntry("Architectures", List.of("x86_64"))
                        .doesNotContainKey("SnapStart");
            } else if (FunctionHandlers.ROTATION.equals(function.getValue().get("Handler"))) {
                // Invoked a few times a rotation, days apart: its SnapStart version would be inactive (14 idle days)
                // when Secrets Manager calls it, and the call would fail with SnapStartNotReadyException.
                assertThat(function.getValue()).as(function.getKey())
                        .containsEntry("Runtime", "java25")
                        .containsEntry("Architectures", List.of("arm64"))
                        .doesNotContainKey("SnapStart");
            } else if (FunctionHandlers.SCHEDULED.equals(function.getValue().get("Handler"))
                    && deployment.synthesized().template().findResources("AWS::Scheduler::Schedule").isEmpty()) {
                // No schedule invokes it (these deployments' schedules all run at least daily, and
                // SnowgateStackTest covers rarer ones): a snapshot would be inactive whenever someone invoked it.
                assertThat(function.getValue()).as(function.getKey())
                        .containsEntry("Runtime", "java25")
                        .containsEntry("Architectures", List.of("arm64"))
                        .doesNotContainKey("SnapStart");
            } else {
                assertThat(function.getValue()).as(function.getKey())
                        .containsEntry("Runtime", "java25")
                        .containsEntry("Architectures", List.of("arm64"))
                        .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
            }
        }
    }

    /**
     * Every Snowgate function of the template (handlers of the {@code lambda} module, on the java25 runtime or the
     * on-demand package's custom runtime; not CDK's own helper functions), by logical id, as its properties.
     */
    private static Map<String, Map<String, Object>> javaFunctions(Synthesized synthesized) {
        Map<String, Map<String, Object>> java = new LinkedHashMap<>();
        synthesized.propertiesOfType("AWS::Lambda::Function").forEach((id, properties) -> {
            if (String.valueOf(properties.get("Handler")).startsWith("io.snowgate.")) {
                java.put(id, properties);
            }
        });
        return java;
    }

    /**
     * The function's variables as Lambda would hand them over: a token becomes the ARN it resolves to, and the
     * catalog path inside the package becomes the working tree's catalog, which the app copies there.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> deployedEnvironment(Map<String, Object> properties) {
        Map<String, Object> environment = (Map<String, Object>) properties.getOrDefault("Environment", Map.of());
        Map<String, Object> variables = (Map<String, Object>) environment.getOrDefault("Variables", Map.of());
        Map<String, String> deployed = new HashMap<>();
        variables.forEach((name, value) -> {
            String text = value instanceof String literal ? literal
                    : name.equals(FunctionEnvironment.WORKLOAD_IDENTITY_ROLE_ARN) ? DEPLOYED_ROLE_ARN
                    : DEPLOYED_SECRET_ARN;
            if (text.equals(FunctionPackage.CATALOG_PATH)) {
                Path catalog = Path.of("..", FunctionPackage.CATALOG_ENTRY).toAbsolutePath().normalize();
                assertThat(Files.isRegularFile(catalog)).as(catalog.toString()).isTrue();
                text = catalog.toString();
            }
            deployed.put(name, text);
        });
        return deployed;
    }

    /** An environment that remembers which variables were asked for. */
    private static final class RecordingEnvironment extends AbstractMap<String, String> {

        private final Map<String, String> variables;
        private final Set<String> read = new TreeSet<>();

        RecordingEnvironment(Map<String, String> variables) {
            this.variables = variables;
        }

        Set<String> read() {
            return read;
        }

        @Override
        public String get(Object name) {
            read.add((String) name);
            return variables.get(name);
        }

        @Override
        public boolean containsKey(Object name) {
            read.add((String) name);
            return variables.containsKey(name);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            throw new UnsupportedOperationException("the function reads variables by name");
        }
    }
}
