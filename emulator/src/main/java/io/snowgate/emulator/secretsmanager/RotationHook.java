package io.snowgate.emulator.secretsmanager;

/**
 * What the Secrets Manager stand-in calls where the service would invoke a rotation Lambda function. Register one
 * with {@link SecretsManagerStandIn#rotationHook(RotationHook)}; RotateSecret then calls it once per step, in the
 * order {@code createSecret}, {@code setSecret}, {@code testSecret}, {@code finishSecret}, with the secret's ARN and
 * the rotation's fresh ClientRequestToken, exactly the three values a rotation function receives in its event.
 *
 * <p>A hook usually calls the stand-in back over HTTP through the AWS SDK (PutSecretValue with AWSPENDING,
 * UpdateSecretVersionStage to move AWSCURRENT), as a real rotation function does. Throwing from a step stops the
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
     * Runs one rotation step.
     *
     * @param secretId the secret's full ARN
     * @param clientRequestToken the version id of the version being rotated in
     * @param step one of {@link #CREATE_SECRET}, {@link #SET_SECRET}, {@link #TEST_SECRET}, {@link #FINISH_SECRET}
     * @throws Exception to fail the step (and so the rotation)
     */
    void step(String secretId, String clientRequestToken, String step) throws Exception;
}
