package io.snowgate.lambda.secret;

import io.snowgate.lambda.config.ConfigException;
import io.snowgate.lambda.invocation.Deadline;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** Reads secrets through the AWS SDK v2 client. */
public final class AwsSecretSource implements SecretSource {

    private final Supplier<SecretsManagerClient> clients;
    private SecretsManagerClient client;

    public AwsSecretSource(SecretsManagerClient client) {
        this.clients = () -> client;
    }

    private AwsSecretSource(Supplier<SecretsManagerClient> clients) {
        this.clients = clients;
    }

    /**
     * The function's source: the client {@link SecretsManagerClients#fromEnvironment()} builds, built when first
     * needed (the first fetch, or {@link #prime()} before a SnapStart snapshot), not while the handler is built.
     */
    public static AwsSecretSource fromEnvironment() {
        return new AwsSecretSource(SecretsManagerClients::fromEnvironment);
    }

    /**
     * Builds the client now, without calling Secrets Manager, and runs the SDK's request path {@code rounds} times on
     * a client that answers from memory ({@link SecretsManagerClients#primeOffline(int)}).
     */
    @Override
    public void prime(int rounds) {
        client();
        SecretsManagerClients.primeOffline(rounds);
    }

    private synchronized SecretsManagerClient client() {
        if (client == null) {
            client = clients.get();
        }
        return client;
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

    private String fetch(String secretId, String versionId, Deadline deadline) {
        if (deadline.expired()) {
            throw SecretUnavailableException.deadlineReached(secretId);
        }
        SecretsManagerClient secretsManager;
        try {
            secretsManager = client();
        } catch (SdkClientException e) {
            // Building reads only settings (Lambda sets them all; a shell may lack the region): not an internal error.
            throw new SecretUnavailableException(secretId, "NotConfigured", SecretsManagerClients.unbuilt(e), e);
        } catch (ConfigException e) {
            // An endpoint refused (plain http off loopback, from a property or profile): a setting, never its value.
            throw new SecretUnavailableException(secretId, "NotConfigured", e.getMessage(), e);
        }
        GetSecretValueResponse response;
        try {
            response = secretsManager.getSecretValue(GetSecretValueRequest.builder()
                    .secretId(secretId)
                    .versionId(versionId)
                    .overrideConfiguration(c -> c
                            .apiCallTimeout(deadline.remaining())
                            .apiCallAttemptTimeout(deadline.cap(SecretsManagerClients.MAX_ATTEMPT)))
                    .build());
        } catch (SecretsManagerException e) {
            throw new SecretUnavailableException(secretId, SecretsManagerClients.errorCode(e),
                    "Secrets Manager refused the request", e);
        } catch (SdkClientException e) {
            throw new SecretUnavailableException(secretId, SecretUnavailableException.UNREACHABLE,
                    SecretsManagerClients.unanswered(e), e);
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
