package io.snowgate.lambda.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.contract.FunctionEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver settings every function is deployed with ({@link FunctionEnvironment#DRIVER_SETTINGS}) do what they are
 * set for, in a fresh JVM per case (the driver reads them once per process, from the process environment).
 */
class DriverEnvironmentTest {

    private static final long PROBE_TIMEOUT_SECONDS = 60;

    @TempDir
    Path tmp;

    @Test
    void inTheFunctionsEnvironment_aFirstConnectionLoadsNoNativeLibrary_andLeavesNothingInTheTempDirectory()
            throws Exception {
        String probe = probe(FunctionEnvironment.DRIVER_SETTINGS);

        assertThat(probe).isEqualTo("disabled=true started=true");
        assertThat(entries(tmp)).isEmpty();
    }

    /** Why the setting exists: without it the load is tried, fails for want of JNA, and leaves its directory. */
    @Test
    void withoutTheSettings_aFirstConnectionWritesTheNativeLibraryToANewTempDirectory_andLeavesIt() throws Exception {
        String probe = probe(Map.of());

        assertThat(probe).isEqualTo("disabled=false started=true");
        assertThat(entries(tmp)).singleElement().asString().startsWith("snowflake-minicore-");
    }

    /** The build gives every test JVM the same settings (the parent POM), so tests run the driver as deployed. */
    @Test
    void theTestsThemselvesRunWithTheDriverSettings() {
        assertThat(System.getenv()).containsAllEntriesOf(FunctionEnvironment.DRIVER_SETTINGS);
    }

    private String probe(Map<String, String> settings) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                DriverEnvironmentProbe.class.getName())).redirectErrorStream(true);
        // Only what is given: the build's own environment sets the deployed settings for every test JVM.
        builder.environment().keySet().removeIf(name -> name.startsWith("SNOWFLAKE_"));
        builder.environment().putAll(settings);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().filter(line -> line.startsWith("probe: ")).findFirst()
                .map(line -> line.substring("probe: ".length()))
                .orElseThrow(() -> new AssertionError("no probe line in:\n" + output));
    }

    private static List<String> entries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).toList();
        }
    }
}
