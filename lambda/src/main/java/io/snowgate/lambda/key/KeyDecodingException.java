package io.snowgate.lambda.key;

/**
 * A stored key could not be turned into an RSA key pair. The {@link Reason} tells the cases apart; the message says
 * what is wrong and never contains key material or a passphrase.
 */
public final class KeyDecodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why decoding failed; each has its own message so a user can tell them apart. */
    public enum Reason {
        /** The key is encrypted and no passphrase was given. */
        PASSPHRASE_REQUIRED,
        /** The passphrase does not decrypt the key. */
        WRONG_PASSPHRASE,
        /** Not a key in any supported form, or damaged. */
        NOT_A_KEY,
        /** A key, but a public one where a private key is needed. */
        PUBLIC_KEY_GIVEN,
        /** A private key of another algorithm (EC, Ed25519, ...). */
        NOT_RSA,
        /** An RSA key below the 2048 bits Snowflake requires. */
        KEY_TOO_SMALL,
        /** Encrypted with an algorithm the decoder does not support. */
        UNSUPPORTED_ENCRYPTION
    }

    private final Reason reason;

    KeyDecodingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    KeyDecodingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
