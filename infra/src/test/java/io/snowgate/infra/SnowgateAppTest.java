package io.snowgate.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.snowgate.infra.config.ContextException;
import io.snowgate.infra.stack.SnowgateStack;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** The app's entry path: context in, a stack or a clear error naming the context key out. */
class SnowgateAppTest {

    private static App app(Map<String, Object> context) {
        Map<String, Object> withPackage = new HashMap<>(context);
        withPackage.putIfAbsent(SnowgateApp.FUNCTION_ZIP, Synthesized.dummyPackage().toString());
        return new App(AppProps.builder().context(withPackage).build());
    }

    @Test
    void build_readsTheContext_intoTheStack() {
        SnowgateStack stack = SnowgateApp.build(app(Map.of("stackName", "SnowgateTest", "api", "false",
                "catalog", "does/not/exist.yaml")));
        assertThat(stack.getStackName()).isEqualTo("SnowgateTest");
        assertThat(stack.api()).isEmpty();
    }

    @Test
    void build_failsNamingTheKey_whenAContextValueIsInvalid() {
        assertThatThrownBy(() -> SnowgateApp.build(app(Map.of("memorySize", "lots"))))
                .isInstanceOf(ContextException.class)
                .hasMessage("CDK context key 'memorySize': must be a whole number between 128 and 10240, "
                        + "got 'lots'");
    }

    @Test
    void build_failsNamingTheKey_whenTheFunctionPackageIsMissing() {
        Path missing = Path.of(System.getProperty("java.io.tmpdir"), "no-such-function.zip");
        assertThatThrownBy(() -> SnowgateApp.build(app(Map.of(SnowgateApp.FUNCTION_ZIP, missing.toString()))))
                .isInstanceOf(ContextException.class)
                .hasMessageContaining("'functionZip'")
                .hasMessageContaining("does not exist");
    }
}
