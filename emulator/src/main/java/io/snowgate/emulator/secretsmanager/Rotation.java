package io.snowgate.emulator.secretsmanager;

import java.util.List;

/**
 * A rotation the stand-in started for RotateSecret and runs in the background, as the service does: its state and
 * every attempt so far. Tests read it where a real caller would read CloudTrail or the function's logs; a caller
 * waiting for the outcome should poll DescribeSecret as it would against AWS.
 *
 * @param secretArn the secret's ARN
 * @param clientRequestToken the version being rotated in
 * @param status where the rotation stands
 * @param attempts the attempts so far, oldest first
 */
public record Rotation(String secretArn, String clientRequestToken, Status status, List<RotationAttempt> attempts) {

    public Rotation {
        attempts = List.copyOf(attempts);
    }

    /** Where a rotation stands. */
    public enum Status {
        /** An attempt is running or a retry is scheduled. */
        RUNNING,
        /** An attempt completed every step and AWSCURRENT reached the new version. */
        SUCCEEDED,
        /** Every attempt failed; AWSPENDING stays on the unfinished version. */
        FAILED,
        /** CancelRotateSecret stopped it; the labels stay as the last step left them. */
        CANCELLED
    }

    public boolean finished() {
        return status != Status.RUNNING;
    }
}
