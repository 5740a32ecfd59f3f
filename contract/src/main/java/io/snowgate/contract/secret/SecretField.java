package io.snowgate.contract.secret;

import java.util.List;
import java.util.Locale;

/**
 * The fields of a Snowflake secret with every name they go by in the wild: the Glue recipe's names first, then the
 * Secrets Manager managed-rotation type ({@code SnowflakeKeyPairAuthentication}), the Athena connector, Firehose,
 * the Spark connector and snowflake-jdbc's own property names. Names match ignoring case.
 */
public enum SecretField {
    ACCOUNT("account"),
    USER("user", "sfUser", "username"),
    PRIVATE_KEY("private_key", "privateKey", "pem_private_key"),
    PASSPHRASE("private_key_passphrase", "passphrase", "pem_private_key_passphrase", "key_passphrase",
            "private_key_pwd"),
    PUBLIC_KEY("publicKey", "public_key"),
    WAREHOUSE("warehouse", "sfWarehouse"),
    DATABASE("database", "sfDatabase"),
    SCHEMA("schema", "sfSchema"),
    ROLE("role", "sfRole"),
    HOST("host");

    private final List<String> names;

    SecretField(String... names) {
        this.names = List.of(names);
    }

    /** Every accepted name, the canonical one first. */
    public List<String> names() {
        return names;
    }

    /** The name Snowgate writes (the Glue recipe's), and the one messages use when the field is missing. */
    public String canonicalName() {
        return names.get(0);
    }

    /** Whether {@code name} is one of this field's names, ignoring case. */
    public boolean isNamed(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(lower));
    }
}
