package io.snowgate.lambda.secret;

import io.snowgate.lambda.invocation.Deadline;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** Reads secrets through the AWS SDK v2 client. */
public final class AwsSecretSource implements SecretSource {

    /** One attempt never waits longer than this, so a retry still fits in a short deadline. */
    static final Duration MAX_ATTEMPT = Duration.ofSeconds(5);

    private final SecretsManagerClient client;

    public AwsSecretSource(SecretsManagerClient client) {
        this.client = client;
    }

    /**
     * A client as the function needs it: region and credentials from the default chains (under SnapStart the
     * runtime supplies container credentials), the endpoint from {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} when set,
     * and the lightweight URL-connection HTTP client. Builds no connection.
     */
    public static AwsSecretSource fromEnvironment() {
        return new AwsSecretSource(environmentClient());
    }

    /**
     * The client {@link #fromEnvironment()} reads with, for callers that also write secrets (the CLI's
     * {@code secret put}, the rotation function): region, credentials and endpoint from the standard chains.
     */
    public static SecretsManagerClient environmentClient() {
        return SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(MAX_ATTEMPT))
                .build();
    }

    @Override
    public String fetch(String secretId, Deadline deadline) {
        return fetch(secretId, null, deadline);
    }

    /**
     * One version of a secret by its version id (a rotation's ClientRequestToken).
     *
     * @throws SecretUnavailableException as {@link #fetch}; the code is {@code ResourceNotFoundException} when the
     *                                    version has no value (yet)
     */
    public String fetchVersion(String secretId, String versionId, Deadline deadline) {
        return fetch(secretId, versionId, deadline);
    }

    /**
     * A source that reads {@code secretId} at {@code versionId} and every other secret at {@code AWSCURRENT}: how a
     * rotation signs in with its pending version while the passphrase may live, unchanged, in another secret.
     */
    public SecretSource pinned(String secretId, String versionId) {
        return (id, deadline) -> id.equals(secretId) ? fetchVersion(id, versionId, deadline) : fetch(id, deadline);
    }

    private String fetch(String secretId, String versionId, Deadline deadline) {
        if (deadline.expired()) {
            throw new SecretUnavailableException(secretId, "DeadlineReached", "no time left to read it", null);
        }
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(GetSecretValueRequest.builder()
                    .secretId(secretId)
                    .versionId(versionId)
                    .overrideConfiguration(c -> c
                            .apiCallTimeout(deadline.remaining())
                            .apiCallAttemptTimeout(deadline.cap(MAX_ATTEMPT)))
                    .build());
        } catch (SecretsManagerException e) {
            // A bare status (a load balancer's 503) parses to error details without a code.
            String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                    ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
            throw new SecretUnavailableException(secretId, code, "Secrets Manager refused the request", e);
        } catch (SdkClientException e) {
            throw new SecretUnavailableException(secretId, "Unreachable", "Secrets Manager did not answer in time", e);
        }
        if (response.secretString() != null) {
            return response.secretString();
        }
        if (response.secretBinary() != null) {
            return response.secretBinary().asUtf8String();
        }
        throw new SecretUnavailableException(secretId, "NoValue", "the secret has no value", null);
    }
}
