package io.snowgate.lambda.rotation;

/**
 * A rotation step refused to run or could not finish: a secret whose rotation is not enabled, a token not staged as
 * the protocol requires, a key in neither slot. Names the field or secret and never carries key material.
 */
public final class RotationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String subject;

    public RotationException(String subject, String message) {
        super(subject + " " + message);
        this.subject = subject;
    }

    public RotationException(String subject, String message, Throwable cause) {
        super(subject + " " + message, cause);
        this.subject = subject;
    }

    /** What the message is about: a field of the event, a secret, a user. */
    public String subject() {
        return subject;
    }
}
