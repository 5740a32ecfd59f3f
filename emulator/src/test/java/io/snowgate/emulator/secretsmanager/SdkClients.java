package io.snowgate.emulator.secretsmanager;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * The real AWS SDK v2 client as Snowgate builds it: static credentials (the stand-in's default access key), the
 * stand-in's region, one HTTP client.
 */
final class SdkClients {

    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create(
            SecretsManagerStandIn.DEFAULT_ACCESS_KEY_ID, SecretsManagerStandIn.DEFAULT_SECRET_ACCESS_KEY));

    private SdkClients() {
    }

    /** A client of {@code standIn}: its endpoint (set with {@code endpointOverride}) and its region. */
    static SecretsManagerClient against(SecretsManagerStandIn standIn) {
        return builder(Region.of(standIn.region())).endpointOverride(standIn.endpoint()).build();
    }

    /**
     * As {@link #against(SecretsManagerStandIn)}, signing at the time {@code clock} tells: a caller whose clock agrees
     * with a stand-in that the test moves with {@code MutableClock} (the stand-in checks signatures by its clock).
     */
    static SecretsManagerClient against(SecretsManagerStandIn standIn, Clock clock) {
        return builder(Region.of(standIn.region())).endpointOverride(standIn.endpoint())
                .putAuthScheme(new SigningClock(clock)).build();
    }

    /** A client in {@code region} with no endpoint set in code: it must come from the environment or properties. */
    static SecretsManagerClient fromSettings(String region) {
        return builder(Region.of(region)).build();
    }

    /** The builder the others start from: region, the default access key, the URL-connection HTTP client. */
    static SecretsManagerClientBuilder builder(Region region) {
        return SecretsManagerClient.builder()
                .region(region)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create());
    }

    /** The SDK's own SigV4 scheme and signer, with the signing time taken from a clock of the test's. */
    private record SigningClock(Clock clock) implements AuthScheme<AwsCredentialsIdentity> {

        @Override
        public String schemeId() {
            return AwsV4AuthScheme.SCHEME_ID;
        }

        @Override
        public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
            return providers.identityProvider(AwsCredentialsIdentity.class);
        }

        @Override
        public HttpSigner<AwsCredentialsIdentity> signer() {
            AwsV4HttpSigner sdk = AwsV4HttpSigner.create();
            return new HttpSigner<>() {
                @Override
                public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
                    return sdk.sign(request.copy(r -> r.putProperty(HttpSigner.SIGNING_CLOCK, clock)));
                }

                @Override
                public CompletableFuture<AsyncSignedRequest> signAsync(
                        AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
                    return sdk.signAsync(request.copy(r -> r.putProperty(HttpSigner.SIGNING_CLOCK, clock)));
                }
            };
        }
    }
}
