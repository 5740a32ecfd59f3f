package io.snowgate.emulator.snowflake;

/**
 * Why the stand-in refused a login; tests read it by the failure id the client got in the message. Key-pair failures
 * carry the error name Snowflake's {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS} reports as {@code errorCode} (docs:
 * functions/system_get_login_failure_details, "JWT token errors"); the others are not JWT failures and have none.
 * Workload identity failures carry names of the stand-in's own ({@code WORKLOAD_IDENTITY_...}): Snowflake documents
 * no list of them, and tells the client nothing more than that the login failed.
 */
public enum LoginFailureReason {
    MALFORMED_TOKEN("JWT_TOKEN_INVALID"),
    MISSING_ISSUE_OR_EXPIRATION_TIME("JWT_TOKEN_MISSING_ISSUE_OR_EXPIRATION_TIME"),
    UNSUPPORTED_ALGORITHM("JWT_TOKEN_INVALID_ALGORITHM"),
    UNSUPPORTED_AUTHENTICATOR(null),
    SUBJECT_MISMATCH("JWT_TOKEN_INVALID"),
    WRONG_ACCOUNT("JWT_TOKEN_ACCOUNT_MISMATCH"),
    UNKNOWN_USER("JWT_TOKEN_INVALID_USER_IN_ISSUER"),
    USER_DISABLED(null),
    FINGERPRINT_NOT_REGISTERED("JWT_TOKEN_INVALID_PUBLIC_KEY_FINGERPRINT_MISMATCH"),
    BAD_SIGNATURE("JWT_TOKEN_INVALID_SIGNATURE"),
    EXPIRED("JWT_TOKEN_INVALID_EXPIRATION_TIME"),
    /** Issued in the future, or received more than {@link JwtVerifier#ISSUE_TIME_WINDOW} after it was issued. */
    ISSUED_IN_FUTURE("JWT_TOKEN_INVALID_ISSUE_TIME"),
    ISSUED_TOO_LONG_AGO("JWT_TOKEN_INVALID_ISSUE_TIME"),
    LIFETIME_TOO_LONG("JWT_TOKEN_INVALID"),
    ROLE_NOT_GRANTED(null),
    /** The attestation is neither a signed request nor a JWT, or a part of it is missing. */
    WORKLOAD_IDENTITY_MALFORMED("WORKLOAD_IDENTITY_ATTESTATION_INVALID"),
    /** A provider other than AWS. */
    WORKLOAD_IDENTITY_UNSUPPORTED_PROVIDER("WORKLOAD_IDENTITY_UNSUPPORTED_PROVIDER"),
    /** The signed request points somewhere other than an STS endpoint Snowflake trusts. */
    WORKLOAD_IDENTITY_UNTRUSTED_HOST("WORKLOAD_IDENTITY_INVALID_STS_HOST"),
    /** The signed request is not a POST of {@code GetCallerIdentity}. */
    WORKLOAD_IDENTITY_WRONG_ACTION("WORKLOAD_IDENTITY_INVALID_STS_REQUEST"),
    /** The audience header (or JWT {@code aud}) is missing, wrong, or not among the signed headers. */
    WORKLOAD_IDENTITY_WRONG_AUDIENCE("WORKLOAD_IDENTITY_INVALID_AUDIENCE"),
    /** Signed too long ago (or in the future), or a JWT past its {@code exp}. */
    WORKLOAD_IDENTITY_STALE("WORKLOAD_IDENTITY_ATTESTATION_EXPIRED"),
    /** STS did not accept the replayed request's signature. */
    WORKLOAD_IDENTITY_BAD_SIGNATURE("WORKLOAD_IDENTITY_INVALID_SIGNATURE"),
    /** STS does not know the credentials, or they have expired. */
    WORKLOAD_IDENTITY_CREDENTIALS_REFUSED("WORKLOAD_IDENTITY_AWS_CREDENTIALS_INVALID"),
    /** STS could not be reached to replay the request, or the issuer's keys could not be fetched. */
    WORKLOAD_IDENTITY_PROVIDER_UNREACHABLE("WORKLOAD_IDENTITY_PROVIDER_UNAVAILABLE"),
    /** A JWT from an issuer Snowflake does not trust, or that the matching identity does not name. */
    WORKLOAD_IDENTITY_ISSUER_MISMATCH("WORKLOAD_IDENTITY_ISSUER_MISMATCH"),
    /** The user named has no workload identity at all. */
    WORKLOAD_IDENTITY_NOT_FEDERATED("WORKLOAD_IDENTITY_NOT_CONFIGURED"),
    /** The user's workload identities name other principals than the one presented. */
    WORKLOAD_IDENTITY_ARN_MISMATCH("WORKLOAD_IDENTITY_ARN_MISMATCH"),
    /** No user signs in with the login name given (or none, or several, federate the principal when none is given). */
    WORKLOAD_IDENTITY_UNKNOWN_USER("WORKLOAD_IDENTITY_USER_NOT_FOUND");

    private final String errorName;

    LoginFailureReason(String errorName) {
        this.errorName = errorName;
    }

    /** The {@code errorCode} SYSTEM$GET_LOGIN_FAILURE_DETAILS reports, or null for a failure that is not a JWT's. */
    public String errorName() {
        return errorName;
    }

    /** Whether the client's message carries a failure id (key-pair failures only, as in Snowflake). */
    boolean hasFailureDetails() {
        return errorName != null;
    }
}
