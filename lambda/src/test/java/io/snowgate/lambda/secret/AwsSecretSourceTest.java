package io.snowgate.lambda.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowgate.emulator.junit5.StandInExtension;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.server.Fault;
import io.snowgate.lambda.invocation.Deadline;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** What the function's messages say when Secrets Manager refuses, through the real SDK against the stand-in. */
class AwsSecretSourceTest {

    private static final String SECRET_ID = "snowgate/snowflake";

    @RegisterExtension
    final StandInExtension<SecretsManagerStandIn> secretsManager =
            StandInExtension.of(SecretsManagerStandIn.class, () -> new SecretsManagerStandIn().start());

    private SecretsManagerClient client;
    private AwsSecretSource source;

    @BeforeEach
    void setUp() {
        client = SecretsManagerClient.builder()
                .endpointOverride(secretsManager.get().endpoint())
                .region(Region.of(secretsManager.get().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID, SecretsManagerStandIn.DEFAULT_SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        client.createSecret(r -> r.name(SECRET_ID).secretString("{}"));
        source = new AwsSecretSource(client);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(30), Clock.systemUTC());
    }

    @Test
    void aBare503WithoutAnErrorCode_isReportedAsHttp503() {
        // More than the SDK's attempts: a 503 is retried.
        secretsManager.get().faults().failNext("GetSecretValue", 10, new Fault.Status(503));

        assertThatThrownBy(() -> source.fetch(SECRET_ID, deadline()))
                .isInstanceOfSatisfying(SecretUnavailableException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("HTTP 503");
                    assertThat(e.getMessage()).isEqualTo("secret " + SECRET_ID
                            + " could not be read (HTTP 503): Secrets Manager refused the request");
                });
    }

    @Test
    void throttling_isReportedWithItsErrorCode() {
        secretsManager.get().faults().failNext("GetSecretValue", 10,
                new Fault.Error("ThrottlingException", "Rate exceeded"));

        assertThatThrownBy(() -> source.fetch(SECRET_ID, deadline()))
                .isInstanceOfSatisfying(SecretUnavailableException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("ThrottlingException");
                    assertThat(e.getMessage()).contains("(ThrottlingException)");
                });
    }

    @Test
    void noAwsCredentials_isNotReportedAsSecretsManagerNotAnswering() {
        try (SecretsManagerClient unsigned = SecretsManagerClient.builder()
                .endpointOverride(secretsManager.get().endpoint())
                .region(Region.of(secretsManager.get().region()))
                .credentialsProvider(() -> {
                    throw SdkClientException.create("Unable to load credentials from any of the providers");
                })
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            assertThatThrownBy(() -> new AwsSecretSource(unsigned).fetch(SECRET_ID, deadline()))
                    .isInstanceOfSatisfying(SecretUnavailableException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("Unreachable");
                        assertThat(e.getMessage()).doesNotContain("did not answer")
                                .contains("no AWS credentials to sign it");
                    });
        }
        assertThat(secretsManager.get().counters().count("GetSecretValue")).isZero();
    }

    @Test
    void noAnswerBeforeTheDeadline_isReportedAsSuch() {
        secretsManager.get().faults().failNext("GetSecretValue", 10, new Fault.BlackHole());

        assertThatThrownBy(() -> source.fetch(SECRET_ID, Deadline.in(Duration.ofSeconds(2), Clock.systemUTC())))
                .isInstanceOfSatisfying(SecretUnavailableException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("Unreachable");
                    assertThat(e.getMessage()).endsWith("Secrets Manager did not answer in time");
                });
    }
}
