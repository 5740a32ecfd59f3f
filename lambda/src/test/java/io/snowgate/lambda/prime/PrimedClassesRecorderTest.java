package io.snowgate.lambda.prime;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.contract.FunctionEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrimedClassesRecorderTest {

    @Test
    void runEnvironment_keepsOnlyTheDeploymentsSettings_notACatalogOrAwsProfileTheBuildingShellExported() {
        Map<String, String> shell = Map.of(
                "PATH", "/usr/bin:/bin",
                FunctionEnvironment.CATALOG, "/home/dana/catalog-being-edited.yaml",
                FunctionEnvironment.PASSPHRASE_SECRET_ID, "team/passphrase",
                "AWS_PROFILE", "analytics-prod",
                "AWS_SESSION_TOKEN", "token-of-the-shell");
        Map<String, String> deployment = Map.of(
                FunctionEnvironment.SECRET_ID, "snowgate/local",
                "AWS_ACCESS_KEY_ID", "AKIDSNOWGATERECORD");

        assertThat(PrimedClassesRecorder.runEnvironment(shell, deployment)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PATH", "/usr/bin:/bin",
                FunctionEnvironment.SECRET_ID, "snowgate/local",
                "AWS_ACCESS_KEY_ID", "AKIDSNOWGATERECORD"));
    }
}
