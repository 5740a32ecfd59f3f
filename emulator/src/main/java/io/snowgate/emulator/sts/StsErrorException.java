package io.snowgate.emulator.sts;

/**
 * An error the STS stand-in answers in the AWS Query protocol's error shape,
 * {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}, with its HTTP status.
 * Messages name access key ids and ARNs, never a secret key, session token or signature.
 */
final class StsErrorException extends RuntimeException {

    static final String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationToken";
    static final String INCOMPLETE_SIGNATURE = "IncompleteSignature";
    static final String SIGNATURE_DOES_NOT_MATCH = "SignatureDoesNotMatch";
    static final String INVALID_CLIENT_TOKEN_ID = "InvalidClientTokenId";
    static final String EXPIRED_TOKEN = "ExpiredToken";
    static final String ACCESS_DENIED = "AccessDenied";
    static final String VALIDATION_ERROR = "ValidationError";
    static final String INVALID_ACTION = "InvalidAction";
    static final String FEDERATION_DISABLED = "OutboundWebIdentityFederationDisabledException";

    private final String code;
    private final int httpStatus;

    StsErrorException(String code, int httpStatus, String message) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    String code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }

    /** {@code Sender} for the caller's faults (4xx), {@code Receiver} for the service's own. */
    String type() {
        return httpStatus < 500 ? "Sender" : "Receiver";
    }
}
