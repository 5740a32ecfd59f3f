package io.snowgate.contract.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.NotEmpty;

/**
 * Round trips of the secret's layout with arbitrary values: what {@link SecretLayout#write} writes,
 * {@link SecretLayout#read} gives back exactly; every accepted name in any case reads as its field; and
 * {@link SecretLayout#withNewKey} changes the key material and nothing else.
 */
class SecretLayoutPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Property
    void write_thenRead_givesEveryValueBack(@ForAll Map<SecretField, String> values) {
        SecretLayout layout = SecretLayout.read("s", SecretLayout.write(values));

        for (SecretField field : SecretField.values()) {
            String value = values.get(field);
            if (value == null || value.isEmpty()) {
                assertThat(layout.raw(field)).isEmpty();
            } else {
                assertThat(layout.raw(field)).contains(new SecretLayout.Field(field.canonicalName(), value));
                assertThat(layout.optional(field).map(SecretLayout.Field::value))
                        .isEqualTo(value.strip().isEmpty() ? Optional.empty() : Optional.of(value.strip()));
            }
        }
    }

    @Property
    void everyAcceptedName_inAnyCase_readsAsItsField(@ForAll SecretField field, @ForAll("nameChoice") int choice,
            @ForAll long caseBits, @ForAll @NotEmpty String value) {
        String name = mixedCase(field.names().get(choice % field.names().size()), caseBits);
        ObjectNode secret = JSON.createObjectNode().put(name, value);

        SecretLayout layout = SecretLayout.read("s", secret.toString());

        assertThat(layout.raw(field)).contains(new SecretLayout.Field(name, value));
    }

    @Property
    void withNewKey_replacesTheKeyMaterial_andKeepsEveryOtherField(@ForAll("secrets") Map<SecretField, String> values,
            @ForAll boolean keyIsPem, @ForAll @NotEmpty String newBody, @ForAll Optional<@NotEmpty String> passphrase) {
        if (keyIsPem) {
            values.put(SecretField.PRIVATE_KEY, "-----BEGIN PRIVATE KEY-----\n" + values.get(SecretField.PRIVATE_KEY));
        }
        String newPem = "-----BEGIN PRIVATE KEY-----\n" + newBody + "\n-----END PRIVATE KEY-----\n";
        SecretLayout before = SecretLayout.read("s", SecretLayout.write(values));
        boolean hasPassphrase = before.raw(SecretField.PASSPHRASE).isPresent();
        if (passphrase.isPresent() && !hasPassphrase) {
            assertThatThrownBy(() -> before.withNewKey(new SecretLayout.NewKey(newPem, newBody), "PUB", passphrase))
                    .isInstanceOf(SecretFormatException.class);
            return;
        }

        SecretLayout after = SecretLayout.read("s",
                before.withNewKey(new SecretLayout.NewKey(newPem, newBody), "PUB", passphrase));

        assertThat(after.raw(SecretField.PRIVATE_KEY).orElseThrow().value()).isEqualTo(keyIsPem ? newPem : newBody);
        for (SecretField field : SecretField.values()) {
            Optional<String> expected = switch (field) {
                case PRIVATE_KEY -> Optional.of(keyIsPem ? newPem : newBody);
                case PASSPHRASE -> passphrase.or(() -> before.raw(field).map(SecretLayout.Field::value));
                case PUBLIC_KEY -> before.raw(field).map(f -> "PUB");
                default -> before.raw(field).map(SecretLayout.Field::value);
            };
            assertThat(after.raw(field).map(SecretLayout.Field::value)).as(field.name()).isEqualTo(expected);
        }
    }

    @Provide
    Arbitrary<Integer> nameChoice() {
        return Arbitraries.integers().between(0, 10);
    }

    /** Secrets with a key (a blank one counts as none) and any other fields. */
    @Provide
    Arbitrary<Map<SecretField, String>> secrets() {
        return Arbitraries.maps(Arbitraries.of(SecretField.class), Arbitraries.strings().ofMinLength(1))
                .map(map -> {
                    Map<SecretField, String> secret = new EnumMap<>(SecretField.class);
                    secret.putAll(map);
                    secret.compute(SecretField.PRIVATE_KEY,
                            (field, held) -> held == null || held.isBlank() ? "MIIE" + held : held);
                    return secret;
                });
    }

    private static String mixedCase(String name, long bits) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append((bits >>> (i % 64) & 1) == 1 ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return out.toString().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)) ? out.toString() : name;
    }
}
