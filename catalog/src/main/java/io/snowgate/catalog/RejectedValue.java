package io.snowgate.catalog;

/** A value does not fit a parameter; {@link #getMessage()} says why without repeating the value. */
final class RejectedValue extends Exception {

    RejectedValue(String reason) {
        super(reason, null, false, false);
    }
}
