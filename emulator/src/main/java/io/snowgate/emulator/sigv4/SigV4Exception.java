package io.snowgate.emulator.sigv4;

/**
 * A request AWS's front end refuses before any operation runs, with AWS's message and the reason each protocol
 * turns into its own error code and HTTP status (STS's {@code SignatureDoesNotMatch} is JSON services'
 * {@code InvalidSignatureException}). Messages name access key ids, regions, services and dates, never a secret key,
 * a session token or a signature.
 */
public final class SigV4Exception extends RuntimeException {

    /** The first sentence of AWS's answer to a signature it computes differently. */
    static final String SIGNATURE_DOES_NOT_MATCH = "The request signature we calculated does not match the signature"
            + " you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation"
            + " for details.";

    /** Why a request was refused. */
    public enum Reason {
        /** No {@code Authorization} header, or one that is not AWS4. */
        MISSING_AUTHENTICATION_TOKEN,
        /** An AWS4 header with parts missing or malformed, or no request date. */
        INCOMPLETE_SIGNATURE,
        /** A well-formed signature that is wrong: another service, region or date, too old, or not matching. */
        INVALID_SIGNATURE,
        /** An access key nobody issued, or a session token that is not the one issued with it. */
        UNRECOGNIZED_CLIENT,
        /** Temporary credentials past their expiry. */
        EXPIRED_TOKEN
    }

    private final Reason reason;

    SigV4Exception(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
