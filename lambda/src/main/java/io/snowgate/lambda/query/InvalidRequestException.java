package io.snowgate.lambda.query;

/** An event or request that cannot be turned into a run; the message names the field at fault, never its value. */
public final class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
