package io.snowgate.lambda.rotation;

import java.util.Objects;

/**
 * One invocation of the rotation function, as Secrets Manager sends it.
 *
 * @param secretId           the secret's ARN ({@code SecretId})
 * @param clientRequestToken the id of the version being rotated in ({@code ClientRequestToken})
 * @param step               the step to run ({@code Step})
 */
public record RotationRequest(String secretId, String clientRequestToken, RotationStep step) {

    public RotationRequest {
        Objects.requireNonNull(secretId, "secretId");
        Objects.requireNonNull(clientRequestToken, "clientRequestToken");
        Objects.requireNonNull(step, "step");
    }
}
