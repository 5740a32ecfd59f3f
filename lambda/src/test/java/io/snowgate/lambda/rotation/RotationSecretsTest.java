package io.snowgate.lambda.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.server.Fault;
import io.snowgate.lambda.secret.SecretUnavailableException;
import io.snowgate.lambda.testing.LocalDeployment;
import io.snowgate.lambda.testing.LocalStandInsExtension;
import io.snowgate.lambda.testing.UserKey;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The rotation function's own Secrets Manager calls, as its messages report a refusal, through the real SDK. */
class RotationSecretsTest {

    @RegisterExtension
    final LocalStandInsExtension standIns = new LocalStandInsExtension();

    @TempDir
    Path keys;

    private LocalDeployment deployment;

    @BeforeEach
    void deploy() {
        deployment = new LocalDeployment(standIns.secretsManager(), standIns.snowflake())
                .install(UserKey.generate(keys, "rotation-secrets-passphrase"));
    }

    @AfterEach
    void tearDown() {
        deployment.close();
    }

    @Test
    void aBare503WithoutAnErrorCode_isReportedAsHttp503() {
        standIns.secretsManager().faults().failNext("DescribeSecret", 10, new Fault.Status(503));

        assertThatThrownBy(() -> new RotationSecrets(deployment.client()).describe(LocalDeployment.SECRET_ID))
                .isInstanceOfSatisfying(SecretUnavailableException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("HTTP 503");
                    assertThat(e.getMessage()).contains("(HTTP 503): Secrets Manager refused DescribeSecret");
                });
    }
}
