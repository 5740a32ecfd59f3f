package io.snowgate.cli;

import io.snowgate.emulator.junit5.SystemProperties;
import java.net.URI;
import java.util.Map;

/**
 * Points SDK clients built from the standard chains (as the CLI builds them) at a stand-in, through the SDK's own
 * system properties: {@code aws.endpointUrlSecretsManager}, {@code aws.region}, {@code aws.accessKeyId},
 * {@code aws.secretAccessKey}. {@link #close()} restores what was there before.
 */
final class AwsSdkProperties implements AutoCloseable {

    private final SystemProperties properties;

    AwsSdkProperties(URI secretsManagerEndpoint) {
        properties = SystemProperties.set(Map.of(
                "aws.endpointUrlSecretsManager", secretsManagerEndpoint.toString(),
                "aws.region", "eu-west-1",
                "aws.accessKeyId", "AKIDSNOWGATETEST",
                "aws.secretAccessKey", "snowgate-test-secret"));
    }

    @Override
    public void close() {
        properties.close();
    }
}
