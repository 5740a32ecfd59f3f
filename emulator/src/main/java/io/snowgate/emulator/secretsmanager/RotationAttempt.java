package io.snowgate.emulator.secretsmanager;

import java.util.List;

/**
 * One attempt at a rotation the stand-in ran through its {@link RotationHook}, for assertions: the steps that
 * completed and, when one failed, which one and why. A failed attempt is retried from {@code createSecret} with the
 * same token until the rotation's attempts are used up.
 *
 * @param secretArn the secret's ARN
 * @param clientRequestToken the token (new version id) passed to every step
 * @param attempt 1 for the first attempt, 2 for the first retry, ...
 * @param completedSteps the steps that returned normally, in order
 * @param failedStep the step that threw (or was not run because the rotation was cancelled), or null when the
 *                   attempt succeeded
 * @param failure the thrown exception's class and message, or why the attempt stopped; null on success
 */
public record RotationAttempt(String secretArn, String clientRequestToken, int attempt, List<String> completedSteps,
        String failedStep, String failure) {

    public RotationAttempt {
        completedSteps = List.copyOf(completedSteps);
    }

    public boolean succeeded() {
        return failedStep == null;
    }
}
