package io.snowgate.lambda.secret;

import io.snowgate.lambda.key.Passphrase;
import java.util.Objects;

/**
 * The key material of a secret, still encoded as the user stored it. {@link #toString()} names the fields only.
 *
 * @param keyField         the field the key came from, for messages
 * @param encodedKey       the stored key text, any form {@link io.snowgate.lambda.key.PrivateKeyReader} reads
 * @param passphrase       its passphrase, or none
 * @param passphraseSource where the passphrase came from ("field 'passphrase'", "secret 'x'"), also when that held
 *                         an empty one, or {@link #NO_PASSPHRASE}
 */
public record KeyPairCredentials(String keyField, String encodedKey, Passphrase passphrase, String passphraseSource) {

    /** The passphrase source of a secret with no passphrase field and no passphrase secret. */
    public static final String NO_PASSPHRASE = "none";

    public KeyPairCredentials {
        Objects.requireNonNull(keyField, "keyField");
        Objects.requireNonNull(encodedKey, "encodedKey");
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(passphraseSource, "passphraseSource");
    }

    @Override
    public String toString() {
        return "KeyPairCredentials[key from field '" + keyField + "', passphrase from " + passphraseSource
                + (passphrase.isPresent() || NO_PASSPHRASE.equals(passphraseSource) ? "" : " (empty)") + "]";
    }
}
