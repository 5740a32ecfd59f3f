package io.snowgate.lambda.session;

import io.snowgate.lambda.snowflake.AccountIdentifier;
import io.snowgate.lambda.snowflake.SnowflakeAuthentication;
import io.snowgate.lambda.snowflake.SnowflakeConnectionSpec;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What one login presents: the user, the account, the credential, and the connection settings around them.
 * {@link #toString()} shows the user, account and {@link SnowflakeAuthentication#description()} only.
 *
 * @param user           the Snowflake user
 * @param account        the account identifier
 * @param authentication the key pair or the AWS role
 * @param connection     a fresh connection builder with all of the above and the session context set
 */
public record SignIn(String user, AccountIdentifier account, SnowflakeAuthentication authentication,
                     Supplier<SnowflakeConnectionSpec.Builder> connection) {

    public SignIn {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(connection, "connection");
    }

    @Override
    public String toString() {
        return "SignIn[" + user + "@" + account.jwtIdentifier() + ", " + authentication.description() + "]";
    }
}
