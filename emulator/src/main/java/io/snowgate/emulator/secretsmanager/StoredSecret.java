package io.snowgate.emulator.secretsmanager;

import java.util.List;
import java.util.Map;

/**
 * A live secret as the Secrets Manager stand-in exports it to be restored in another run ({@code local up
 * --state-dir}): its ARN, values, labels, tags and rotation configuration, enough to serve it as before. Times are
 * ISO-8601 instants, so the form is plain JSON. It holds secret values: whoever stores it keeps it private.
 */
public record StoredSecret(String name, String arn, String created, String description, String kmsKeyId,
                           Map<String, String> tags, Boolean rotationEnabled, String rotationLambdaArn,
                           Long rotateAfterDays, String rotationDuration, String rotationSchedule, String lastRotated,
                           List<Version> versions) {

    public StoredSecret {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    /** One version: exactly one of {@code secretString} and {@code secretBinary}; printed without either. */
    public record Version(String id, List<String> stages, String secretString, byte[] secretBinary, String created) {
        public Version {
            stages = stages == null ? List.of() : List.copyOf(stages);
        }

        @Override
        public String toString() {
            return "Version[id=" + id + ", stages=" + stages + ", "
                    + (secretString != null ? "string, redacted" : "binary, redacted") + ", created=" + created + "]";
        }
    }
}
