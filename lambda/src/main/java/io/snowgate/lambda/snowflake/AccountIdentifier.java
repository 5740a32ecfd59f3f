package io.snowgate.lambda.snowflake;

import io.snowgate.contract.snowflake.AccountName;

/**
 * A Snowflake account as the two places that need it: the identifier in the key-pair JWT and the host in the URL,
 * read by {@link AccountName} (the CDK app reads {@code snowflakeAccount} the same way, so what synth accepts starts).
 * The identifier is passed as the driver's {@code account} property so the driver's own trimming at the first dot
 * never changes it; a PrivateLink host with underscores is connected to with {@code allowUnderscoresInHost}
 * ({@link SnowflakeConnectionSpec}).
 *
 * @param jwtIdentifier e.g. {@code MYORG-MY_ACCT} or {@code XY12345}
 * @param host          e.g. {@code myorg-my-acct.snowflakecomputing.com} or
 *                      {@code myorg-my_acct.privatelink.snowflakecomputing.com}
 * @param privateLink   whether the host is a {@code .privatelink.} host
 */
public record AccountIdentifier(String jwtIdentifier, String host, boolean privateLink) {

    /** The forms an account identifier may take, for messages that must not quote a value. */
    public static final String EXPECTED_FORMS = AccountName.EXPECTED_FORMS;

    /**
     * Reads the {@code account} setting.
     *
     * @throws SnowflakeConfigException naming the value and the accepted forms
     */
    public static AccountIdentifier parse(String account) {
        try {
            AccountName name = AccountName.parse(account);
            return new AccountIdentifier(name.jwtIdentifier(), name.host(), name.privateLink());
        } catch (IllegalArgumentException e) {
            String value = account == null ? "null" : account.strip();
            throw new SnowflakeConfigException("account", "account '" + value + "' is not a Snowflake account"
                    + " identifier: " + e.getMessage() + "; " + EXPECTED_FORMS);
        }
    }

    /** The HTTPS endpoint for this account's own host (when no {@code host} override is given). */
    public SnowflakeEndpoint endpoint() {
        return SnowflakeEndpoint.https(host);
    }
}
