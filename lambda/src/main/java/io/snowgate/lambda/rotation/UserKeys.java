package io.snowgate.lambda.rotation;

import java.util.Objects;
import java.util.Optional;

/**
 * The fingerprints ({@code SHA256:...}) in a user's two key slots, as {@code DESC USER} shows them.
 *
 * @param first  {@code RSA_PUBLIC_KEY_FP}, empty when the slot is empty
 * @param second {@code RSA_PUBLIC_KEY_2_FP}, empty when the slot is empty
 */
public record UserKeys(Optional<String> first, Optional<String> second) {

    public UserKeys {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
    }

    public Optional<String> fingerprint(KeySlot slot) {
        return slot == KeySlot.FIRST ? first : second;
    }

    /** The slot holding {@code fingerprint}, if any. */
    public Optional<KeySlot> slotOf(String fingerprint) {
        if (first.filter(fingerprint::equals).isPresent()) {
            return Optional.of(KeySlot.FIRST);
        }
        if (second.filter(fingerprint::equals).isPresent()) {
            return Optional.of(KeySlot.SECOND);
        }
        return Optional.empty();
    }
}
