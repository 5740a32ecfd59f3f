package io.snowgate.lambda.rotation;

/**
 * What the rotation function throws to Lambda when a step fails, so that Secrets Manager learns the rotation failed.
 * Carries the failure's message and nothing else: Lambda's runtime logs a thrown exception with its stack trace and
 * causes and returns the trace to the invoker, and those could show driver or cryptography internals. A step that
 * ran and failed is logged by type and message as {@code rotation_step_failed} before this is thrown; an event that
 * is not a rotation event (not JSON, no {@code SecretId}) is refused before any step, with Lambda's own error line.
 */
public final class RotationStepFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RotationStepFailedException(RuntimeException failure) {
        super(failure.getMessage(), null, false, false);
    }
}
