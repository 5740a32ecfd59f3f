package io.snowgate.lambda.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.lambda.prime.PrimedClassesRecorder;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's class figure for SnapStart, in fresh JVMs on the deployment package's class path: after the snapshot
 * hook has primed the function, its first invocation loads at most 5% of the classes a cold process loads; and every
 * class of the recorded list is in the package. Run in the {@code e2e-on-the-function-package} execution.
 */
class PrimedFirstInvocationIT {

    /** The share of a cold process's classes the first invocation after priming may still load. */
    static final double MAX_FIRST_INVOCATION_SHARE = 0.05;
    private static final long PROBE_TIMEOUT_SECONDS = 180;

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path keys;

    @Test
    void afterPriming_theFirstInvocationLoadsAtMostFivePercentOfAColdProcesssClasses() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake())
                .install(UserKey.generate(keys, "probe-passphrase"))) {
            Map<String, Long> cold = probe(deployment, "cold");
            Map<String, Long> primed = probe(deployment, "primed");

            System.out.printf("classes: cold process %d (first invocation %d); after priming the first invocation"
                    + " loads %d%n", cold.get("total"), cold.get("first"), primed.get("first"));
            assertThat(primed.get("missing")).as("recorded classes the package lacks").isZero();
            assertThat((double) primed.get("first") / cold.get("total"))
                    .as("first invocation after priming: %s classes; cold process: %s", primed.get("first"),
                            cold.get("total"))
                    .isLessThanOrEqualTo(MAX_FIRST_INVOCATION_SHARE);
            assertThat(primed.get("first")).isLessThan(cold.get("first"));
        }
    }

    private Map<String, Long> probe(LocalDeployment deployment, String mode) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                PrimedFirstInvocationProbe.class.getName(), mode);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The deployment's settings alone, not a catalog or AWS profile the shell running the build exported.
        Map<String, String> environment = PrimedClassesRecorder.runEnvironment(System.getenv(),
                deployment.processEnvironment("AKIDSNOWGATEPROBE"));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String line = output.lines().filter(l -> l.startsWith("probe: ")).findFirst().orElseThrow(
                () -> new AssertionError("no probe line in:\n" + output));
        return Arrays.stream(line.substring("probe: ".length()).split(" "))
                .map(pair -> pair.split("="))
                .collect(Collectors.toMap(pair -> pair[0], pair -> Long.parseLong(pair[1])));
    }
}
