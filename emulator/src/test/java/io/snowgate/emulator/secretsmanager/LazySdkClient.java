package io.snowgate.emulator.secretsmanager;

import io.snowgate.emulator.junit5.StandInExtension;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The real SDK client for a test's Secrets Manager stand-in ({@link SdkClients#against}), built on first use, so a
 * test that makes its own client builds none, and closed after each test ({@link DefaultStandInTest} registers one).
 */
final class LazySdkClient implements AfterEachCallback {

    private final StandInExtension<SecretsManagerStandIn> standIn;
    private SecretsManagerClient client;

    LazySdkClient(StandInExtension<SecretsManagerStandIn> standIn) {
        this.standIn = standIn;
    }

    SecretsManagerClient get() {
        if (client == null) {
            client = SdkClients.against(standIn.get());
        }
        return client;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
