package io.snowgate.lambda.schedule;

/** A scheduled event that cannot be mapped to a run; the message names the field at fault. */
public final class InvalidScheduledEventException extends RuntimeException {

    public InvalidScheduledEventException(String message) {
        super("invalid scheduled event: " + message);
    }
}
