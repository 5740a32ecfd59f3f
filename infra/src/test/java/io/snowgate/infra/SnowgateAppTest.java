package io.snowgate.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.snowgate.infra.config.ContextException;
import io.snowgate.infra.stack.SnowgateStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/** The app's entry path: context in, a stack or a clear error naming the context key out. */
class SnowgateAppTest {

    @TempDir
    Path dir;

    private App app(Map<String, Object> context) throws IOException {
        Map<String, Object> withDefaults = new HashMap<>(context);
        withDefaults.putIfAbsent(SnowgateApp.FUNCTION_ZIP, Synthesized.dummyPackage().toString());
        if (!withDefaults.containsKey("catalog")) {
            withDefaults.put("catalog", Files.writeString(dir.resolve("catalog.yaml"), """
                    queries:
                      - name: heartbeat
                        sql: SELECT CURRENT_VERSION()
                        http: true
                        schedule:
                          expression: rate(1 hour)
                    """).toString());
        }
        return new App(AppProps.builder().context(withDefaults).build());
    }

    /**
     * With an account and region, cdk.json's {@code @aws-cdk/core:enablePartitionLiterals} writes the partition into
     * ARNs as a literal; the network-interface ARN's cdk-nag suppression must still apply, or a pinned stack in a VPC
     * cannot be synthesized at all.
     */
    @ParameterizedTest
    @ValueSource(strings = {"privateLink", "egress"})
    void build_inAVpc_pinnedToAnAccountAndRegion_withCdkJsonsFeatureFlags_hasNoUnsuppressedNagFinding(String mode)
            throws IOException {
        Map<String, Object> context = new HashMap<>(Synthesized.cdkJsonContext());
        context.remove("catalog");  // relative to the repository root; app() writes one
        context.putAll(Map.of("account", "123456789012", "region", "eu-west-1"));
        if (mode.equals("privateLink")) {
            context.put("privateLink", Files.readString(Path.of("examples", "privatelink.json")));
        } else {
            context.put("egress", "nat");
        }
        SnowgateStack stack = SnowgateApp.build(app(context));
        Annotations annotations = Annotations.fromStack(stack);
        assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    }

    @Test
    void build_readsTheContextAndTheCatalog_intoTheStack() throws IOException {
        SnowgateStack stack = SnowgateApp.build(app(Map.of("stackName", "SnowgateTest", "api", "false")));
        assertThat(stack.getStackName()).isEqualTo("SnowgateTest");
        assertThat(stack.api()).isEmpty();
        assertThat(stack.schedules().schedules()).hasSize(1);
    }

    @Test
    void build_createsNoSchedulerRole_whenTheCatalogSchedulesNothing() throws IOException {
        Path unscheduled = Files.writeString(dir.resolve("unscheduled.yaml"), """
                queries:
                  - name: heartbeat
                    sql: SELECT CURRENT_VERSION()
                    http: true
                """);
        SnowgateStack stack = SnowgateApp.build(app(Map.of("catalog", unscheduled.toString())));
        assertThat(stack.schedules().schedules()).isEmpty();
        assertThat(stack.schedules().role()).isEmpty();
    }

    @Test
    void build_failsNamingTheCatalogKey_whenTheCatalogIsInvalid() throws IOException {
        Path invalid = Files.writeString(dir.resolve("invalid.yaml"), """
                queries:
                  - name: Bad-Name
                    sql: SELECT 1
                """);
        App app = app(Map.of("catalog", invalid.toString()));
        assertThatThrownBy(() -> SnowgateApp.build(app))
                .isInstanceOf(ContextException.class)
                .hasMessageStartingWith("CDK context key 'catalog': " + invalid)
                .hasMessageContaining("query 'Bad-Name': name must be");
    }

    @Test
    void build_failsNamingTheKey_whenAContextValueIsInvalid() throws IOException {
        App app = app(Map.of("memorySize", "lots"));
        assertThatThrownBy(() -> SnowgateApp.build(app))
                .isInstanceOf(ContextException.class)
                .hasMessage("CDK context key 'memorySize': must be a whole number between 128 and 10240, "
                        + "got 'lots'");
    }

    @Test
    void build_failsNamingTheKey_whenAKeyIsMisspelt_ratherThanDeployingItsDefault() throws IOException {
        Map<String, Object> context = new HashMap<>(Synthesized.cdkJsonContext());
        context.remove("catalog");
        context.put("rotaton", "function");
        App app = app(context);
        assertThatThrownBy(() -> SnowgateApp.build(app))
                .isInstanceOf(ContextException.class)
                .hasMessage("CDK context key 'rotaton': is not a Snowgate setting and would be ignored; did you mean"
                        + " 'rotation'?");
    }

    @Test
    void build_failsNamingTheKey_whenTheFunctionPackageIsMissing() throws IOException {
        Path missing = Path.of(System.getProperty("java.io.tmpdir"), "no-such-function.zip");
        App app = app(Map.of(SnowgateApp.FUNCTION_ZIP, missing.toString()));
        assertThatThrownBy(() -> SnowgateApp.build(app))
                .isInstanceOf(ContextException.class)
                .hasMessageContaining("'functionZip'")
                .hasMessageContaining("does not exist");
    }

    @Test
    void build_failsNamingThePrivateLinkKey_whenTheConfigLacksTheEndpointService() throws IOException {
        App app = app(Map.of("privateLink", "{\"privatelink-account-url\": "
                + "\"xy12345.eu-west-1.privatelink.snowflakecomputing.com\"}"));
        assertThatThrownBy(() -> SnowgateApp.build(app))
                .isInstanceOf(ContextException.class)
                .hasMessage("CDK context key 'privateLink': 'privatelink-vpce-id' is missing or not a string");
    }
}
