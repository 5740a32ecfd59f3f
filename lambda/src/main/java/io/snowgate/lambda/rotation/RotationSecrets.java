package io.snowgate.lambda.rotation;

import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.secret.SecretUnavailableException;
import io.snowgate.lambda.secret.SecretsManagerClients;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * What a rotation needs from Secrets Manager beyond reading the current value: the secret's rotation state and
 * version stages, reading a version by id, storing the pending version, and moving {@code AWSCURRENT}. Reads go
 * through {@link AwsSecretSource}, the function's own reader.
 */
final class RotationSecrets {

    static final String AWSCURRENT = "AWSCURRENT";
    static final String AWSPENDING = "AWSPENDING";
    static final String AWSPREVIOUS = "AWSPREVIOUS";

    /** DescribeSecret's answer, the part the protocol checks. */
    record Versions(boolean rotationEnabled, Map<String, List<String>> stagesById) {

        Optional<List<String>> stages(String versionId) {
            return Optional.ofNullable(stagesById.get(versionId));
        }

        /** The version holding {@code AWSCURRENT}. */
        Optional<String> current() {
            return staged(AWSCURRENT);
        }

        /** The version holding {@code AWSPREVIOUS}: the one Secrets Manager labelled so when AWSCURRENT moved. */
        Optional<String> previous() {
            return staged(AWSPREVIOUS);
        }

        private Optional<String> staged(String label) {
            return stagesById.entrySet().stream().filter(e -> e.getValue().contains(label))
                    .map(Map.Entry::getKey).findFirst();
        }
    }

    private final SecretsManagerClient client;
    private final AwsSecretSource reader;

    RotationSecrets(SecretsManagerClient client) {
        this.client = client;
        this.reader = new AwsSecretSource(client);
    }

    AwsSecretSource reader() {
        return reader;
    }

    Versions describe(String secretId) {
        DescribeSecretResponse response = call(secretId, "DescribeSecret",
                () -> client.describeSecret(r -> r.secretId(secretId)));
        return new Versions(Boolean.TRUE.equals(response.rotationEnabled()),
                response.versionIdsToStages() == null ? Map.of() : response.versionIdsToStages());
    }

    String current(String secretId, Deadline deadline) {
        return reader.fetch(secretId, deadline);
    }

    /** The value of a version, empty when the version has none yet (a rotation's token before createSecret). */
    Optional<String> version(String secretId, String versionId, Deadline deadline) {
        try {
            return Optional.of(reader.fetchVersion(secretId, versionId, deadline));
        } catch (SecretUnavailableException e) {
            if ("ResourceNotFoundException".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** PutSecretValue with the token as the version id, staged {@code AWSPENDING} only. */
    void putPending(String secretId, String token, String value) {
        call(secretId, "PutSecretValue", () -> client.putSecretValue(r -> r.secretId(secretId)
                .clientRequestToken(token).secretString(value).versionStages(AWSPENDING)));
    }

    /**
     * Moves {@code AWSCURRENT} from {@code previous} to {@code token}; the service labels the old one AWSPREVIOUS.
     * When the service refuses because {@code previous} no longer holds AWSCURRENT, an earlier attempt may have moved
     * it and lost the answer (the SDK retries a request whose response timed out): if {@code token} is current, the
     * move is done.
     */
    void makeCurrent(String secretId, String token, String previous) {
        try {
            call(secretId, "UpdateSecretVersionStage", () -> client.updateSecretVersionStage(r -> r.secretId(secretId)
                    .versionStage(AWSCURRENT).moveToVersionId(token).removeFromVersionId(previous)));
        } catch (SecretUnavailableException e) {
            if (!"InvalidParameterException".equals(e.errorCode())
                    || !describe(secretId).current().equals(Optional.of(token))) {
                throw e;
            }
        }
    }

    private static <T> T call(String secretId, String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (SecretsManagerException e) {
            throw new SecretUnavailableException(secretId, SecretsManagerClients.errorCode(e),
                    "Secrets Manager refused " + action, e);
        } catch (SdkClientException e) {
            throw new SecretUnavailableException(secretId, SecretUnavailableException.UNREACHABLE,
                    action + " did not complete: " + SecretsManagerClients.unanswered(e), e);
        }
    }
}
