package io.snowgate.emulator.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.MutableClock;
import io.snowgate.emulator.junit5.StandInExtension;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.GetWebIdentityTokenResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** The STS stand-in against the real AWS SDK v2 client: real SigV4 checks, the two actions, the issuer's keys. */
class StsStandInTest {

    static final String ROLE = "arn:aws:iam::111122223333:role/service/snowgate-fn";
    static final String REGION = "eu-west-1";

    private final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    final StandInExtension<StsStandIn> sts = StandInExtension.of(StsStandIn.class,
            () -> new StsStandIn(0, REGION, clock).start());

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void getCallerIdentity_answersTheSessionOfTheRole_whenSignedWithItsCredentials() {
        LocalAwsCredentials issued = sts.get().issueRoleCredentials(ROLE, "fn-session", Duration.ofHours(1));

        GetCallerIdentityResponse identity = client(issued, Region.EU_WEST_1).getCallerIdentity();

        assertThat(issued.accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(identity.arn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/snowgate-fn/fn-session");
        assertThat(identity.account()).isEqualTo("111122223333");
        assertThat(identity.userId()).matches("AROA[A-Z2-7]{17}:fn-session");
        assertThat(issued.toString()).contains(issued.accessKeyId()).doesNotContain(issued.secretAccessKey())
                .doesNotContain(issued.sessionToken());
    }

    @Test
    void aWrongSecretKey_isRefusedAsSignatureDoesNotMatch() {
        LocalAwsCredentials issued = sts.get().issueRoleCredentials(ROLE);
        LocalAwsCredentials forged = new LocalAwsCredentials(issued.accessKeyId(), "not-the-secret-key-at-all-0000000",
                issued.sessionToken(), issued.role(), issued.session(), issued.expiration());

        assertThatThrownBy(() -> client(forged, Region.EU_WEST_1).getCallerIdentity())
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    assertThat(e.statusCode()).isEqualTo(403);
                });
    }

    @Test
    void unknownKeyWrongSessionTokenOtherRegionAndExpiredCredentials_areRefusedAsAwsRefusesThem() {
        LocalAwsCredentials issued = sts.get().issueRoleCredentials(ROLE, "s1", Duration.ofMinutes(30));
        LocalAwsCredentials otherToken = new LocalAwsCredentials(issued.accessKeyId(), issued.secretAccessKey(),
                "another-token", issued.role(), issued.session(), issued.expiration());
        LocalAwsCredentials unknown = new LocalAwsCredentials("ASIAAAAAAAAAAAAAAAAA", issued.secretAccessKey(),
                issued.sessionToken(), issued.role(), issued.session(), issued.expiration());

        assertThat(code(() -> client(unknown, Region.EU_WEST_1).getCallerIdentity())).isEqualTo("InvalidClientTokenId 403");
        assertThat(code(() -> client(otherToken, Region.EU_WEST_1).getCallerIdentity()))
                .isEqualTo("InvalidClientTokenId 403");
        assertThat(code(() -> client(issued, Region.US_EAST_1).getCallerIdentity())).isEqualTo("SignatureDoesNotMatch 403");

        clock.advance(Duration.ofMinutes(31));
        // Signed with the real time, checked against the moved clock: first the signature's age.
        assertThat(code(() -> client(issued, Region.EU_WEST_1).getCallerIdentity())).isEqualTo("SignatureDoesNotMatch 403");
    }

    @Test
    void expiredCredentials_areRefusedAsExpiredToken() {
        LocalAwsCredentials issued = sts.get().issueRoleCredentials(ROLE, "s1", Duration.ofMinutes(-1));

        assertThat(code(() -> client(issued, Region.EU_WEST_1).getCallerIdentity())).isEqualTo("ExpiredToken 403");
    }

    @Test
    void getWebIdentityToken_signsAJwtForTheRole_verifiableWithTheIssuersPublishedKeys() throws Exception {
        LocalAwsCredentials issued = sts.get().issueRoleCredentials(ROLE);

        GetWebIdentityTokenResponse answer = client(issued, Region.EU_WEST_1).getWebIdentityToken(r -> r
                .audience("snowflakecomputing.com").signingAlgorithm("RS256").durationSeconds(120));

        String[] parts = answer.webIdentityToken().split("\\.");
        JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("iss").asText()).isEqualTo(sts.get().issuer());
        assertThat(claims.path("sub").asText()).isEqualTo(ROLE);
        assertThat(claims.path("aud").asText()).isEqualTo("snowflakecomputing.com");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(120);
        assertThat(answer.expiration()).isEqualTo(Instant.ofEpochSecond(claims.path("exp").asLong()));

        JsonNode discovery = get(sts.get().issuer() + StsStandIn.DISCOVERY_PATH);
        assertThat(discovery.path("issuer").asText()).isEqualTo(sts.get().issuer());
        JsonNode key = null;
        for (JsonNode candidate : get(discovery.path("jwks_uri").asText()).path("keys")) {
            if (candidate.path("kid").asText().equals(header.path("kid").asText())) {
                key = candidate;
            }
        }
        assertThat(key).isNotNull();
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(key.path("n").asText())),
                new BigInteger(1, Base64.getUrlDecoder().decode(key.path("e").asText()))));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void getWebIdentityToken_isRefused_whileFederationIsOff_andForARoleDeniedIt() {
        LocalAwsCredentials issued = sts.get().issueRoleCredentials(ROLE);
        sts.get().outboundFederation(false);

        assertThat(code(() -> client(issued, Region.EU_WEST_1).getWebIdentityToken(r -> r
                .audience("snowflakecomputing.com").signingAlgorithm("ES384"))))
                .isEqualTo("OutboundWebIdentityFederationDisabledException 403");

        sts.get().outboundFederation(true).denyWebIdentityToken(ROLE);
        assertThat(code(() -> client(issued, Region.EU_WEST_1).getWebIdentityToken(r -> r
                .audience("snowflakecomputing.com").signingAlgorithm("ES384")))).isEqualTo("AccessDenied 403");
    }

    @Test
    void issueRoleCredentials_refusesWhatIsNotARoleArn() {
        assertThatThrownBy(() -> sts.get().issueRoleCredentials("arn:aws:iam::111122223333:user/alice"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IAM role ARN");
        assertThatThrownBy(() -> sts.get().issueRoleCredentials(
                "arn:aws:sts::111122223333:assumed-role/snowgate-fn/s")).isInstanceOf(IllegalArgumentException.class);
    }

    private StsClient client(LocalAwsCredentials credentials, Region region) {
        return StsClient.builder()
                .region(region)
                .endpointOverride(sts.get().endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The refusal's error code and HTTP status, as "Code 403": the SDK retries and classifies by both. */
    private static String code(Runnable call) {
        try {
            call.run();
        } catch (StsException e) {
            return e.awsErrorDetails().errorCode() + " " + e.statusCode();
        }
        throw new AssertionError("the call succeeded");
    }

    private JsonNode get(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return json.readTree(response.body());
        }
    }
}
