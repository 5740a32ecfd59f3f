package io.snowgate.lambda.snowflake;

import java.util.regex.Pattern;

/** A name written into SQL as a Snowflake identifier, so that it names exactly what it says and nothing more. */
public final class SnowflakeIdentifiers {

    /** An identifier Snowflake reads unquoted (and upper-cases), as it reads the connection's own settings. */
    private static final Pattern UNQUOTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private SnowflakeIdentifiers() {
    }

    /** {@code name} double-quoted, a quote inside doubled: taken exactly, case included. */
    public static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** {@code name} bare when Snowflake reads it unquoted, as a login does; else {@link #quoted}. */
    public static String bareOrQuoted(String name) {
        return UNQUOTED.matcher(name).matches() ? name : quoted(name);
    }
}
