package io.snowgate.emulator.secretsmanager;

import io.snowgate.emulator.junit5.StandInExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A test with a default Secrets Manager stand-in of its own, started for each test, and the real SDK client for it
 * ({@link LazySdkClient}), built on first use.
 */
abstract class DefaultStandInTest {

    @RegisterExtension
    final StandInExtension<SecretsManagerStandIn> standIn =
            StandInExtension.of(SecretsManagerStandIn.class, () -> new SecretsManagerStandIn().start());

    @RegisterExtension
    final LazySdkClient clients = new LazySdkClient(standIn);

    SecretsManagerClient client() {
        return clients.get();
    }
}
