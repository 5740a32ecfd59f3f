package io.snowgate.lambda.snowflake;

/**
 * A Snowflake connection setting (account identifier, host) is invalid. The message names the setting and shows its
 * value: these settings are addresses, never secrets.
 */
public final class SnowflakeConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    SnowflakeConfigException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** Which setting was invalid: {@code account} or {@code host}. */
    public String setting() {
        return setting;
    }
}
