package io.snowgate.cli;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** Stores a secret value as a new version, creating the secret when it does not exist yet. */
final class SecretsManagerWrites {

    /** What was written: the new version's id, and whether the secret had to be created. */
    record Written(String secretId, String versionId, boolean created) {
        @Override
        public String toString() {
            return "secret " + secretId + " " + (created ? "created" : "updated") + ", version " + versionId;
        }
    }

    private final SecretsManagerClient client;

    SecretsManagerWrites(SecretsManagerClient client) {
        this.client = client;
    }

    /**
     * PutSecretValue (the new version becomes AWSCURRENT), or CreateSecret when the secret is missing.
     *
     * @throws CommandFailedException naming the secret and the service's error code, never the value
     */
    Written put(String secretId, String value) {
        try {
            try {
                String version = client.putSecretValue(r -> r.secretId(secretId).secretString(value)).versionId();
                return new Written(secretId, version, false);
            } catch (ResourceNotFoundException missing) {
                String version = client.createSecret(r -> r.name(secretId).secretString(value)).versionId();
                return new Written(secretId, version, true);
            }
        } catch (SecretsManagerException e) {
            // A bare status (a load balancer's 503) parses to error details without a code.
            String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                    ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
            throw new CommandFailedException("secret " + secretId + ": Secrets Manager refused the write (" + code
                    + ")", e);
        } catch (SdkClientException e) {
            throw new CommandFailedException("secret " + secretId + ": cannot write it: " + e.getMessage(), e);
        }
    }
}
