package io.snowgate.emulator.secretsmanager;

import java.util.List;

/**
 * One rotation the stand-in drove through a {@link RotationHook}, for assertions: the steps that completed and,
 * when one failed, which one and why.
 *
 * @param secretArn the secret's ARN
 * @param clientRequestToken the token (new version id) passed to every step
 * @param completedSteps the steps that returned normally, in order
 * @param failedStep the step that threw, or null when the rotation succeeded
 * @param failure the thrown exception's class and message, or null
 */
public record RotationAttempt(
        String secretArn, String clientRequestToken, List<String> completedSteps, String failedStep, String failure) {

    public RotationAttempt {
        completedSteps = List.copyOf(completedSteps);
    }

    public boolean succeeded() {
        return failedStep == null;
    }
}
