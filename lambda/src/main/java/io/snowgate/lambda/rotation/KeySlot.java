package io.snowgate.lambda.rotation;

/** The two public key slots of a Snowflake user; Snowflake accepts a JWT signed with the key of either. */
public enum KeySlot {
    FIRST("RSA_PUBLIC_KEY"),
    SECOND("RSA_PUBLIC_KEY_2");

    private final String property;

    KeySlot(String property) {
        this.property = property;
    }

    /** The user property: {@code RSA_PUBLIC_KEY} or {@code RSA_PUBLIC_KEY_2}. */
    public String property() {
        return property;
    }

    /** The {@code DESC USER} row with the slot's fingerprint: {@code RSA_PUBLIC_KEY_FP} or {@code RSA_PUBLIC_KEY_2_FP}. */
    public String fingerprintProperty() {
        return property + "_FP";
    }

    public KeySlot other() {
        return this == FIRST ? SECOND : FIRST;
    }
}
