package io.snowgate.lambda.rotation;

import io.snowgate.catalog.NamedQuery;
import io.snowgate.lambda.invocation.Deadline;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.query.QueryCompilation;
import io.snowgate.lambda.secret.SecretSource;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Proves that a secret's key works: reads the secret exactly as the query function does, signs in, runs
 * {@code SELECT 1}, and reads {@code DESC USER} to say which slot holds the key. The recipe's manual fingerprint
 * comparison, automated. Used by {@code snowgate verify} and by the rotation's {@code testSecret} step.
 */
public final class KeyVerifier {

    private final Clock clock;
    private final JsonLog log;

    public KeyVerifier(Clock clock, JsonLog log) {
        this.clock = clock;
        this.log = log;
    }

    /**
     * @param source             where secrets are read (a pinned source to test a pending version)
     * @param secretId           the connection secret
     * @param passphraseSecretId the passphrase secret, when kept apart
     * @param snowflakeUrl       a Snowflake endpoint overriding the secret's (local stand-in)
     * @throws io.snowgate.lambda.session.SnowflakeLoginException with the fingerprint presented, the JWT account
     *                                                            identifier, Snowflake's code and login-failure id
     * @throws io.snowgate.lambda.secret.SecretUnavailableException when the secret cannot be read
     * @throws io.snowgate.contract.secret.SecretFormatException when it cannot be parsed or its key decoded
     * @throws SQLException when {@code SELECT 1} fails after the login succeeded
     */
    public KeyCheck verify(SecretSource source, String secretId, Optional<String> passphraseSecretId,
            Optional<SnowflakeEndpoint> snowflakeUrl, Deadline deadline) throws SQLException {
        return verify(source, secretId, passphraseSecretId, snowflakeUrl, deadline, false);
    }

    /**
     * As {@link #verify(SecretSource, String, Optional, Optional, Deadline)}; with {@code checkContext}, also checks
     * with {@code USE ROLE}, {@code USE WAREHOUSE}, {@code USE DATABASE} and {@code USE SCHEMA} that the session can
     * use each of those the secret names ({@link KeyCheck#context()}).
     */
    public KeyCheck verify(SecretSource source, String secretId, Optional<String> passphraseSecretId,
            Optional<SnowflakeEndpoint> snowflakeUrl, Deadline deadline, boolean checkContext) throws SQLException {
        return verify(source, secretId, passphraseSecretId, snowflakeUrl, deadline, checkContext, List.of());
    }

    /**
     * As {@link #verify(SecretSource, String, Optional, Optional, Deadline, boolean)}; also has Snowflake compile
     * each of {@code compile} in the same session, after the context checks ({@link KeyCheck#queries()}).
     */
    public KeyCheck verify(SecretSource source, String secretId, Optional<String> passphraseSecretId,
            Optional<SnowflakeEndpoint> snowflakeUrl, Deadline deadline, boolean checkContext,
            List<NamedQuery> compile) throws SQLException {
        SecretSession.Target target = new SecretSession.Target(source, secretId, passphraseSecretId, snowflakeUrl);
        KeyCheck check = SecretSession.run(target, clock, log, deadline, (connection, resolved, fingerprint) -> {
            try (Statement statement = connection.createStatement();
                    ResultSet one = statement.executeQuery("SELECT 1")) {
                one.next();
            }
            String user = resolved.secret().user();
            String account = resolved.secret().account().jwtIdentifier();
            Optional<UserKeys> keys;
            Optional<Integer> describeErrorCode;
            try {
                // Signed in as the user: by the name Snowflake gives the session, as the secret's user is a login
                // name, which DESC USER does not take when the user has a LOGIN_NAME of its own.
                keys = Optional.of(UserKeyCommands.describe(connection, UserKeyCommands.signedInUser(connection)));
                describeErrorCode = Optional.empty();
            } catch (SQLException e) {
                // The key works; only where it sits stays unknown.
                keys = Optional.empty();
                describeErrorCode = Optional.of(e.getErrorCode());
            }
            List<ContextCheck> context = checkContext ? SessionContext.check(connection, resolved.secret())
                    : List.of();
            return new KeyCheck(user, account, fingerprint, keys, describeErrorCode, context,
                    QueryCompilation.check(connection, compile));
        });
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("secretId", secretId);
        fields.put("user", check.user());
        fields.put("fingerprint", check.fingerprint());
        fields.put("slot", check.slot().map(KeySlot::property).orElse(null));
        fields.put("describeErrorCode", check.describeErrorCode().orElse(null));
        log.info("key_verified", fields);
        return check;
    }
}
