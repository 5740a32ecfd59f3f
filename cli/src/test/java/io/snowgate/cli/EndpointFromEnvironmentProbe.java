package io.snowgate.cli;

import io.snowgate.lambda.secret.SecretsManagerClients;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Run in a child JVM by {@link LocalUpTest}: the function's own client ({@link SecretsManagerClients#fromEnvironment}),
 * with no endpoint in code, so only {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} in its environment can lead it to the
 * stand-in. Prints what it read back.
 */
final class EndpointFromEnvironmentProbe {

    static final String VALUE = "found-through-AWS_ENDPOINT_URL_SECRETS_MANAGER";

    private EndpointFromEnvironmentProbe() {
    }

    public static void main(String[] args) {
        try (SecretsManagerClient client = SecretsManagerClients.fromEnvironment()) {
            client.createSecret(r -> r.name("snowgate/probe").secretString(VALUE));
            System.out.println(client.getSecretValue(r -> r.secretId("snowgate/probe")).secretString());
        }
    }
}
