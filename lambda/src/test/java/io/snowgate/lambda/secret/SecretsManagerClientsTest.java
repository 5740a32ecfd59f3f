package io.snowgate.lambda.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.junit5.StandInExtension;
import io.snowgate.emulator.junit5.SystemProperties;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.lambda.config.ConfigException;
import io.snowgate.lambda.invocation.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The client the function, the rotation function and {@code snowgate secret put} build from the SDK's standard
 * chains: wherever its endpoint comes from (here the SDK's system properties, which it reads before the environment),
 * it never talks plain HTTP to anything but this machine.
 */
class SecretsManagerClientsTest {

    @RegisterExtension
    final StandInExtension<SecretsManagerStandIn> secretsManager =
            StandInExtension.of(SecretsManagerStandIn.class, () -> new SecretsManagerStandIn().start());

    @ParameterizedTest
    @ValueSource(strings = {"aws.endpointUrlSecretsManager", "aws.endpointUrl"})
    void fromEnvironment_refusesAnEndpointOverPlainHttpOffLoopback(String property) {
        // GetSecretValue's answer is the private key and its passphrase; PutSecretValue's request is the same; every
        // request carries the role's session token.
        try (SystemProperties sdk = SystemProperties.set(sdkProperties(property, "http://secretsmanager.example.com"))) {
            assertThatThrownBy(SecretsManagerClients::fromEnvironment)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("is plain http to a host that is not loopback")
                    .hasMessageContaining("use https");
        }
    }

    @Test
    void aSecretRead_whoseClientIsRefusedSo_failsAsASettingNotConfigured_notAsAnInternalError() {
        try (SystemProperties sdk = SystemProperties.set(sdkProperties("aws.endpointUrl",
                "http://secretsmanager.example.com"))) {
            assertThatThrownBy(() -> AwsSecretSource.fromEnvironment().fetch("snowgate/probe",
                    Deadline.in(Duration.ofSeconds(30), Clock.systemUTC())))
                    .isInstanceOfSatisfying(SecretUnavailableException.class,
                            e -> assertThat(e.errorCode()).isEqualTo("NotConfigured"))
                    .hasMessageContaining("is plain http to a host that is not loopback")
                    .hasMessageNotContaining("example.com");
        }
    }

    @Test
    void fromEnvironment_reachesAStandInOverLoopbackHttp() {
        try (SystemProperties sdk = SystemProperties.set(sdkProperties("aws.endpointUrlSecretsManager",
                secretsManager.get().endpoint().toString()));
                SecretsManagerClient client = SecretsManagerClients.fromEnvironment()) {
            client.createSecret(r -> r.name("snowgate/probe").secretString("{}"));
            assertThat(new AwsSecretSource(client).fetch("snowgate/probe",
                    Deadline.in(Duration.ofSeconds(30), Clock.systemUTC()))).isEqualTo("{}");
        }
    }

    private Map<String, String> sdkProperties(String endpointProperty, String endpoint) {
        Map<String, String> properties = new HashMap<>();
        properties.put("aws.endpointUrlSecretsManager", null);
        properties.put("aws.endpointUrl", null);
        properties.put(endpointProperty, endpoint);
        properties.put("aws.region", secretsManager.get().region());
        properties.put("aws.accessKeyId", SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID);
        properties.put("aws.secretAccessKey", SecretsManagerStandIn.DEFAULT_SECRET_ACCESS_KEY);
        return properties;
    }
}
