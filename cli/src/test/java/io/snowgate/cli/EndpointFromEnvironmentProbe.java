package io.snowgate.cli;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Run in a child JVM by {@link LocalUpTest}: an SDK client with no endpoint in code, so only
 * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} in its environment can lead it to the stand-in. Prints what it read back.
 */
final class EndpointFromEnvironmentProbe {

    static final String VALUE = "found-through-AWS_ENDPOINT_URL_SECRETS_MANAGER";

    private EndpointFromEnvironmentProbe() {
    }

    public static void main(String[] args) {
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDSNOWGATETEST", "snowgate-test-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            client.createSecret(r -> r.name("snowgate/probe").secretString(VALUE));
            System.out.println(client.getSecretValue(r -> r.secretId("snowgate/probe")).secretString());
        }
    }
}
