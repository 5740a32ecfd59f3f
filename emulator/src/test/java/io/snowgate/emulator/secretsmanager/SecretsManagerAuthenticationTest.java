package io.snowgate.emulator.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.StandInExtension;
import io.snowgate.emulator.server.RecordedRequest;
import io.snowgate.emulator.sts.LocalAwsCredentials;
import io.snowgate.emulator.sts.StsStandIn;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The stand-in authenticates every request as AWS's front end does (SigV4 recomputed with the caller's secret key;
 * scope, time, key and token checked), proved through the real AWS SDK v2 client and the SDK's own signer. Each
 * refusal is the error the SDK knows from AWS: type, status 400 and message.
 */
class SecretsManagerAuthenticationTest {

    private static final String NAME = "snowgate/auth";
    private static final String VALUE = "the-secret-value";
    private static final String ROLE = "arn:aws:iam::111122223333:role/snowgate-query";
    /** The SDK's clock is this far behind the stand-in's: twice the five minutes a signature is valid for. */
    private static final Duration SLOW_CLOCK = Duration.ofMinutes(10);

    @RegisterExtension
    final StandInExtension<SecretsManagerStandIn> standIn =
            StandInExtension.of(SecretsManagerStandIn.class, () -> new SecretsManagerStandIn().start());

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void signedForAnotherRegion_isRefusedWithInvalidSignature() {
        store();
        try (SecretsManagerClient otherRegion = SdkClients.builder(Region.EU_WEST_1)
                .endpointOverride(standIn.get().endpoint()).build()) {
            assertThatThrownBy(() -> otherRegion.getSecretValue(r -> r.secretId(NAME)))
                    .satisfies(refused("InvalidSignatureException",
                            "Credential should be scoped to a valid region, not 'eu-west-1'. "));
        }
        assertThat(standIn.get().region()).isEqualTo("us-east-1");
    }

    @Test
    void anAccessKeyTheStandInWasNotGiven_isRefusedWithUnrecognizedClient_untilItIsGiven() {
        store();
        AwsCredentials stranger = AwsBasicCredentials.create("AKIDSNOWGATESTRANGER", "strangers-secret-key");
        try (SecretsManagerClient client = client(stranger)) {
            assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId(NAME)))
                    .satisfies(refused("UnrecognizedClientException",
                            "The security token included in the request is invalid."));

            standIn.get().accessKey("AKIDSNOWGATESTRANGER", "strangers-secret-key");
            assertThat(client.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo(VALUE);
        }
    }

    @Test
    void aWrongSecretKey_isRefusedWithInvalidSignature_andNotRetried() {
        store();
        try (SecretsManagerClient client = client(AwsBasicCredentials.create(
                SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID, "not-the-secret-key"))) {
            assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId(NAME)))
                    .satisfies(refused("InvalidSignatureException", "The request signature we calculated does not"
                            + " match the signature you provided. Check your AWS Secret Access Key and signing method."
                            + " Consult the service documentation for details."));
        }
        // InvalidSignatureException is retried only when the answer's Date shows a skewed clock; this one does not.
        assertThat(standIn.get().requests("GetSecretValue")).hasSize(1);
    }

    @Test
    void aBodyChangedAfterSigning_isRefusedWithInvalidSignature() throws Exception {
        store();
        SdkHttpRequest signed = signedGetSecretValue("{\"SecretId\":\"" + NAME + "\"}", Clock.systemUTC());

        HttpResponse<String> asSigned = send(signed, "{\"SecretId\":\"" + NAME + "\"}");
        HttpResponse<String> tampered = send(signed, "{\"SecretId\":\"snowgate/other\"}");

        assertThat(asSigned.statusCode()).as(asSigned.body()).isEqualTo(200);
        assertThat(json.readTree(asSigned.body()).path("SecretString").asText()).isEqualTo(VALUE);
        assertThat(tampered.statusCode()).isEqualTo(400);
        JsonNode refusal = json.readTree(tampered.body());
        assertThat(refusal.path("__type").asText()).isEqualTo("com.amazon.coral.service#InvalidSignatureException");
        assertThat(refusal.path("message").asText()).startsWith("The request signature we calculated does not match");
    }

    @Test
    void aCredentialScopeForAnotherDay_isRefusedWithInvalidSignature() throws Exception {
        SdkHttpRequest signed = signedGetSecretValue("{\"SecretId\":\"" + NAME + "\"}", Clock.systemUTC());
        String amzDate = signed.firstMatchingHeader("X-Amz-Date").orElseThrow();
        String yesterday = LocalDate.parse(amzDate.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE).minusDays(1)
                .format(DateTimeFormatter.BASIC_ISO_DATE);
        SdkHttpRequest otherDay = signed.toBuilder().putHeader("Authorization", signed.firstMatchingHeader(
                "Authorization").orElseThrow().replace("/" + amzDate.substring(0, 8) + "/", "/" + yesterday + "/"))
                .build();

        HttpResponse<String> response = send(otherDay, "{\"SecretId\":\"" + NAME + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("message").asText()).isEqualTo("Date in Credential scope does"
                + " not match YYYYMMDD from ISO-8601 version of date from HTTP: '" + yesterday + "' != '"
                + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
    }

    @Test
    void signedTenMinutesAgo_isRefusedWithSignatureExpired() {
        store();
        try (SecretsManagerClient slow = withSlowClock(b -> b.overrideConfiguration(
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())))) {
            assertThatThrownBy(() -> slow.getSecretValue(r -> r.secretId(NAME)))
                    .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage()).matches("Signature expired: \\d{8}T\\d{6}Z is"
                                + " now earlier than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 5 min\\.\\)");
                    });
        } finally {
            SdkGlobalTime.setGlobalTimeOffset(0);
        }
    }

    /**
     * AWS SDKs recover from a skewed clock: on InvalidSignatureException they compare their time with the answer's
     * {@code Date} header, and when the two differ by four minutes or more they sign again with the server's time
     * (aws-sdk-java-v2 ClockSkew, ClockSkewAdjuster). The stand-in must let that happen, as AWS does.
     */
    @Test
    void signedTenMinutesAgo_theSdkAdoptsTheAnswersDate_andItsRetryIsServed() {
        store();
        try (SecretsManagerClient slow = withSlowClock(b -> { })) {
            assertThat(slow.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo(VALUE);
        } finally {
            SdkGlobalTime.setGlobalTimeOffset(0);
        }

        List<RecordedRequest> attempts = standIn.get().requests("GetSecretValue");
        assertThat(attempts).hasSize(2);
        assertThat(signedAt(attempts.get(0))).isBefore(Instant.now().minus(SLOW_CLOCK).plusSeconds(60));
        assertThat(signedAt(attempts.get(1))).isAfter(Instant.now().minusSeconds(60));
    }

    @Test
    void credentialsATrustedStsIssued_areAccepted_withTheirSessionTokenOnly_untilTheyExpire() {
        store();
        try (StsStandIn sts = new StsStandIn(0, standIn.get().region(), Clock.systemUTC()).start()) {
            LocalAwsCredentials role = sts.issueRoleCredentials(ROLE);
            AwsCredentials session = AwsSessionCredentials.create(role.accessKeyId(), role.secretAccessKey(),
                    role.sessionToken());
            try (SecretsManagerClient client = client(session)) {
                assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId(NAME)))
                        .as("before the stand-in trusts that STS")
                        .satisfies(refused("UnrecognizedClientException",
                                "The security token included in the request is invalid."));

                standIn.get().trust(sts.issuedKeys());
                assertThat(client.getSecretValue(r -> r.secretId(NAME)).secretString()).isEqualTo(VALUE);
            }

            AwsCredentials otherToken = AwsSessionCredentials.create(role.accessKeyId(), role.secretAccessKey(),
                    "another-session-token");
            AwsCredentials noToken = AwsBasicCredentials.create(role.accessKeyId(), role.secretAccessKey());
            for (AwsCredentials wrong : List.of(otherToken, noToken)) {
                try (SecretsManagerClient client = client(wrong)) {
                    assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId(NAME)))
                            .satisfies(refused("UnrecognizedClientException",
                                    "The security token included in the request is invalid."));
                }
            }

            LocalAwsCredentials lapsed = sts.issueRoleCredentials(ROLE, "lapsed", Duration.ofMinutes(-1));
            try (SecretsManagerClient client = client(AwsSessionCredentials.create(lapsed.accessKeyId(),
                    lapsed.secretAccessKey(), lapsed.sessionToken()))) {
                assertThatThrownBy(() -> client.getSecretValue(r -> r.secretId(NAME)))
                        .satisfies(refused("ExpiredTokenException",
                                "The security token included in the request is expired"));
            }
        }
    }

    private void store() {
        try (SecretsManagerClient client = SdkClients.against(standIn.get())) {
            client.createSecret(r -> r.name(NAME).secretString(VALUE));
        }
        standIn.get().reset();
    }

    private SecretsManagerClient client(AwsCredentials credentials) {
        return SdkClients.builder(Region.of(standIn.get().region())).endpointOverride(standIn.get().endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
    }

    /**
     * A client whose clock runs {@link #SLOW_CLOCK} behind, through the SDK's own time offset (what it adjusts on a
     * skewed answer); the caller resets the offset, which is global to the SDK.
     */
    private SecretsManagerClient withSlowClock(Consumer<SecretsManagerClientBuilder> configure) {
        SdkGlobalTime.setGlobalTimeOffset((int) SLOW_CLOCK.toSeconds());
        SecretsManagerClientBuilder builder = SdkClients.builder(Region.of(standIn.get().region()))
                .endpointOverride(standIn.get().endpoint());
        configure.accept(builder);
        return builder.build();
    }

    /** A GetSecretValue request signed at {@code clock}'s time by the SDK's signer with the default key. */
    private SdkHttpRequest signedGetSecretValue(String body, Clock clock) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                .uri(standIn.get().endpoint().resolve("/"))
                .putHeader("Host", standIn.get().endpoint().getRawAuthority())
                .putHeader("Content-Type", SecretsManagerStandIn.CONTENT_TYPE)
                .putHeader("X-Amz-Target", "secretsmanager.GetSecretValue")
                .contentStreamProvider(() -> new ByteArrayInputStream(bytes))
                .build();
        return AwsV4HttpSigner.create().sign(SignRequest.builder(AwsCredentialsIdentity.create(
                        SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID, SecretsManagerStandIn.DEFAULT_SECRET_ACCESS_KEY))
                .request(request)
                .payload(() -> new ByteArrayInputStream(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "secretsmanager")
                .putProperty(AwsV4HttpSigner.REGION_NAME, standIn.get().region())
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock)
                .build()).request();
    }

    /** {@code signed}'s headers with {@code body}, over plain HTTP/1.1. */
    private static HttpResponse<String> send(SdkHttpRequest signed, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri())
                .version(HttpClient.Version.HTTP_1_1)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        // The JDK client sets these itself (Host from the URI, as signed).
        Set<String> restricted = Set.of("host", "content-length", "connection", "expect", "upgrade");
        signed.headers().forEach((name, values) -> {
            if (!restricted.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static Instant signedAt(RecordedRequest request) {
        return Instant.from(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .parse(request.header("X-Amz-Date")));
    }

    private static Consumer<Throwable> refused(String errorCode, String message) {
        return thrown -> assertThat(thrown).isInstanceOfSatisfying(SecretsManagerException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(errorCode);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            assertThat(e.getMessage()).doesNotContain(VALUE);
        });
    }
}
