package io.snowgate.emulator.secretsmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One invocation of a rotation function, as Secrets Manager sends it: {@code Step}, {@code SecretId} (the secret's
 * full ARN), {@code ClientRequestToken} (the id of the version being rotated in) and {@code RotationToken} (an
 * opaque token that identifies this rotation; a function that assumes a role passes it to PutSecretValue). Source:
 * AWS Secrets Manager User Guide, "Rotation by Lambda function" (rotate-secrets_lambda).
 *
 * @param step one of {@link RotationHook#CREATE_SECRET}, {@link RotationHook#SET_SECRET},
 *             {@link RotationHook#TEST_SECRET}, {@link RotationHook#FINISH_SECRET}
 * @param secretId the secret's full ARN
 * @param clientRequestToken the version id of the version being rotated in
 * @param rotationToken the rotation's token
 */
public record RotationEvent(String step, String secretId, String clientRequestToken, String rotationToken) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public RotationEvent {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(secretId, "secretId");
        Objects.requireNonNull(clientRequestToken, "clientRequestToken");
        Objects.requireNonNull(rotationToken, "rotationToken");
    }

    /** The event document exactly as the service invokes the function with it. */
    public String json() {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("Step", step);
        event.put("SecretId", secretId);
        event.put("ClientRequestToken", clientRequestToken);
        event.put("RotationToken", rotationToken);
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
