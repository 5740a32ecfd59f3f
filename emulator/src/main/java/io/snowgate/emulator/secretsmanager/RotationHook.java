package io.snowgate.emulator.secretsmanager;

/**
 * What the Secrets Manager stand-in invokes where the service would invoke a rotation Lambda function. Register one
 * with {@link SecretsManagerStandIn#rotationHook(RotationHook)}; a rotation then invokes it once per step, in the
 * order {@code createSecret}, {@code setSecret}, {@code testSecret}, {@code finishSecret}, each time with the event
 * the service sends ({@link RotationEvent}; {@link RotationEvent#json()} is the document a function receives).
 *
 * <p>A hook usually calls the stand-in back over HTTP through the AWS SDK (PutSecretValue with AWSPENDING,
 * UpdateSecretVersionStage to move AWSCURRENT), as a real rotation function does. Throwing from a step fails the
 * rotation there: AWSCURRENT stays where it was and AWSPENDING stays on the new version.
 */
@FunctionalInterface
public interface RotationHook {

    /** The step names the service sends, in the order it sends them. */
    String CREATE_SECRET = "createSecret";
    String SET_SECRET = "setSecret";
    String TEST_SECRET = "testSecret";
    String FINISH_SECRET = "finishSecret";

    /**
     * Runs one rotation step, as the function would for this event.
     *
     * @throws Exception to fail the step (and so this attempt at the rotation)
     */
    void invoke(RotationEvent event) throws Exception;
}
