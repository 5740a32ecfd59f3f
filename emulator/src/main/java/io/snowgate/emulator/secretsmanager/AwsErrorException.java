package io.snowgate.emulator.secretsmanager;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An error the stand-in answers in the AWS JSON 1.1 error shape: {@code {"__type": type, "Message": message}} with
 * {@code httpStatus}. Messages name identifiers (secret names, version ids, labels), never secret values.
 */
final class AwsErrorException extends RuntimeException {

    static final String RESOURCE_NOT_FOUND = "ResourceNotFoundException";
    static final String INVALID_REQUEST = "InvalidRequestException";
    static final String INVALID_PARAMETER = "InvalidParameterException";
    static final String RESOURCE_EXISTS = "ResourceExistsException";
    // The Coral front end's own errors carry their namespace in __type; SDKs strip everything up to '#'.
    static final String VALIDATION = "com.amazon.coral.validate#ValidationException";
    static final String SERIALIZATION = "com.amazon.coral.service#SerializationException";
    static final String UNKNOWN_OPERATION = "com.amazon.coral.service#UnknownOperationException";
    static final String MISSING_AUTHENTICATION_TOKEN = "com.amazon.coral.service#MissingAuthenticationTokenException";
    static final String INCOMPLETE_SIGNATURE = "com.amazon.coral.service#IncompleteSignatureException";
    static final String INVALID_SIGNATURE = "com.amazon.coral.service#InvalidSignatureException";
    static final String UNRECOGNIZED_CLIENT = "com.amazon.coral.service#UnrecognizedClientException";
    static final String EXPIRED_TOKEN = "com.amazon.coral.service#ExpiredTokenException";
    /** The stand-in's own error for an operation AWS has and the stand-in does not model (501, not retried). */
    static final String NOT_MODELLED = "snowgate.standin#NotModelledException";
    static final String INVALID_NEXT_TOKEN = "InvalidNextTokenException";

    private final String type;
    private final int httpStatus;

    AwsErrorException(String type, String message) {
        this(type, 400, message);
    }

    AwsErrorException(String type, int httpStatus, String message) {
        super(message, null, false, false);
        this.type = type;
        this.httpStatus = httpStatus;
    }

    String type() {
        return type;
    }

    int httpStatus() {
        return httpStatus;
    }

    static AwsErrorException secretNotFound() {
        return new AwsErrorException(RESOURCE_NOT_FOUND, "Secrets Manager can't find the specified secret.");
    }

    static AwsErrorException markedForDeletion() {
        return new AwsErrorException(INVALID_REQUEST,
                "You can't perform this operation on the secret because it was marked for deletion.");
    }

    static AwsErrorException invalidParameter(String message) {
        return new AwsErrorException(INVALID_PARAMETER, message);
    }

    /**
     * One failed member constraint: the member's path, its value as Coral shows it (null for a sensitive member's,
     * which Coral leaves out), and the constraint.
     */
    record Violation(String member, String shown, String constraint) {
        @Override
        public String toString() {
            return "Value" + (shown == null ? "" : " " + shown) + " at '" + member + "' failed to satisfy constraint: "
                    + constraint;
        }
    }

    /** The Coral validation message for every failed constraint, counted and joined with "; " as Coral does. */
    static AwsErrorException validation(List<Violation> violations) {
        int count = violations.size();
        return new AwsErrorException(VALIDATION, count + " validation error" + (count == 1 ? "" : "s")
                + " detected: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }
}
