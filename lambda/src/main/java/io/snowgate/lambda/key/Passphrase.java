package io.snowgate.lambda.key;

import java.util.Arrays;

/**
 * The passphrase of an encrypted private key, or none. Never printed: {@link #toString()} only says whether one is
 * present. An empty value counts as none, because secrets often carry the field with an empty string.
 */
public final class Passphrase {

    private static final Passphrase NONE = new Passphrase(new char[0]);

    private final char[] chars;

    private Passphrase(char[] chars) {
        this.chars = chars;
    }

    /** A passphrase from a string; {@code null} or empty gives {@link #none()}. */
    public static Passphrase of(String value) {
        return value == null || value.isEmpty() ? NONE : new Passphrase(value.toCharArray());
    }

    /** A passphrase from characters (copied); {@code null} or empty gives {@link #none()}. */
    public static Passphrase of(char[] value) {
        return value == null || value.length == 0 ? NONE : new Passphrase(value.clone());
    }

    public static Passphrase none() {
        return NONE;
    }

    public boolean isPresent() {
        return chars.length > 0;
    }

    /** A copy of the characters; the caller may clear it. */
    char[] chars() {
        return chars.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Passphrase that && Arrays.equals(chars, that.chars);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(chars);
    }

    @Override
    public String toString() {
        return isPresent() ? "Passphrase[***]" : "Passphrase[none]";
    }
}
