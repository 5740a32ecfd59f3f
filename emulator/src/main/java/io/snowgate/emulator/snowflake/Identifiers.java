package io.snowgate.emulator.snowflake;

import java.util.Locale;

/** Snowflake identifier rules: unquoted names are upper-cased, quoted names keep their case. */
final class Identifiers {

    private Identifiers() {
    }

    /** The stored form of an identifier token's text. */
    static String normalize(String text) {
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1).replace("\"\"", "\"");
        }
        return text.toUpperCase(Locale.ROOT);
    }

    /** The identifier quoted for H2, which follows the same case rules. */
    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
