package io.snowgate.emulator.secretsmanager;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/** The real AWS SDK v2 client as Snowgate builds it: static test credentials, explicit region, one HTTP client. */
final class SdkClients {

    static final Region REGION = Region.EU_WEST_1;
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSNOWGATETEST", "snowgate-test-secret"));

    private SdkClients() {
    }

    /** A client whose endpoint is set with {@code endpointOverride}. */
    static SecretsManagerClient against(URI endpoint) {
        return base().endpointOverride(endpoint).build();
    }

    /** A client with no endpoint set in code: it must come from the environment or system properties. */
    static SecretsManagerClient fromSettings() {
        return base().build();
    }

    private static SecretsManagerClientBuilder base() {
        return SecretsManagerClient.builder()
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create());
    }
}
