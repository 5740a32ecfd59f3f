package io.snowgate.cli;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Points SDK clients built from the standard chains (as the CLI builds them) at a stand-in, through the SDK's own
 * system properties: {@code aws.endpointUrlSecretsManager}, {@code aws.region}, {@code aws.accessKeyId},
 * {@code aws.secretAccessKey}. {@link #close()} restores what was there before.
 */
final class AwsSdkProperties implements AutoCloseable {

    private final Map<String, String> previous = new HashMap<>();

    AwsSdkProperties(URI secretsManagerEndpoint) {
        set("aws.endpointUrlSecretsManager", secretsManagerEndpoint.toString());
        set("aws.region", "eu-west-1");
        set("aws.accessKeyId", "AKIDSNOWGATETEST");
        set("aws.secretAccessKey", "snowgate-test-secret");
    }

    private void set(String name, String value) {
        previous.put(name, System.getProperty(name));
        System.setProperty(name, value);
    }

    @Override
    public void close() {
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
