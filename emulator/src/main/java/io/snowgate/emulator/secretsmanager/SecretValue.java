package io.snowgate.emulator.secretsmanager;

import java.util.Arrays;
import java.util.Objects;

/** A version's protected data: a SecretString or a SecretBinary, never both. */
record SecretValue(String string, byte[] binary) {

    static final int MAX_BYTES = 65_536;

    SecretValue {
        if ((string == null) == (binary == null)) {
            throw new IllegalArgumentException("exactly one of string and binary");
        }
        binary = binary == null ? null : binary.clone();
    }

    @Override
    public byte[] binary() {
        return binary == null ? null : binary.clone();
    }

    boolean sameAs(SecretValue other) {
        return other != null && Objects.equals(string, other.string) && Arrays.equals(binary, other.binary);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretValue value && sameAs(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(string, Arrays.hashCode(binary));
    }

    /** Never the value itself: records end up in assertion messages and logs. */
    @Override
    public String toString() {
        return string != null ? "SecretValue[string, redacted]" : "SecretValue[binary, " + binary.length + " bytes]";
    }
}
