package io.snowgate.emulator.secretsmanager;

import java.util.Collection;
import java.util.Map;

/**
 * The staging labels Secrets Manager gives meaning to, and the rule by which RotateSecret decides that a rotation is
 * still in progress. Public so that a caller waiting for a rotation (a test, a runbook) applies the same rule the
 * service documents: after a successful rotation AWSPENDING is on the AWSCURRENT version or on no version; AWSPENDING
 * on any other version means a rotation has not finished, and RotateSecret refuses to start another (API_RotateSecret).
 */
public final class StagingLabels {

    public static final String AWSCURRENT = "AWSCURRENT";
    public static final String AWSPENDING = "AWSPENDING";
    public static final String AWSPREVIOUS = "AWSPREVIOUS";

    private StagingLabels() {
    }

    /**
     * Whether DescribeSecret's {@code VersionIdsToStages} shows a rotation in progress: some version holds
     * AWSPENDING without AWSCURRENT.
     */
    public static boolean rotationInProgress(Map<String, ? extends Collection<String>> versionIdsToStages) {
        return versionIdsToStages.values().stream()
                .anyMatch(stages -> stages.contains(AWSPENDING) && !stages.contains(AWSCURRENT));
    }
}
