package io.snowgate.cli;

import io.snowgate.emulator.junit5.SystemProperties;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import java.util.Map;

/**
 * Points SDK clients built from the standard chains (as the CLI builds them) at a stand-in, through the SDK's own
 * system properties: {@code aws.endpointUrlSecretsManager}, {@code aws.region} (the stand-in's, which it checks
 * signatures for), {@code aws.accessKeyId} and {@code aws.secretAccessKey} (its default access key).
 * {@link #close()} restores what was there before.
 */
final class AwsSdkProperties implements AutoCloseable {

    private final SystemProperties properties;

    AwsSdkProperties(SecretsManagerStandIn secretsManager) {
        properties = SystemProperties.set(Map.of(
                "aws.endpointUrlSecretsManager", secretsManager.endpoint().toString(),
                "aws.region", secretsManager.region(),
                "aws.accessKeyId", SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID,
                "aws.secretAccessKey", SecretsManagerStandIn.DEFAULT_SECRET_ACCESS_KEY));
    }

    @Override
    public void close() {
        properties.close();
    }
}
