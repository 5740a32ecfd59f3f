package io.snowgate.lambda.snowflake;

import java.util.Map;

/**
 * How Snowgate proves who it is to Snowflake: a key pair ({@link KeyPairAuthentication}) or the function's AWS role
 * ({@link WorkloadIdentityAuthentication}). Callers hand it to {@link SnowflakeConnectionSpec} and use the rest for
 * logs and messages.
 */
public interface SnowflakeAuthentication {

    /** The driver properties that select and carry this method. Values may be key objects: never log them. */
    Map<String, Object> driverProperties();

    /** A description that is safe to log, such as the key fingerprint. */
    String description();

    /**
     * What identifies the credential Snowflake is shown, safe to log and to compare with {@code DESC USER}: the
     * public key's fingerprint ({@code SHA256:...}) for a key pair.
     */
    String credentialId();

    /** The log field {@link #credentialId()} is written under: {@code fingerprint} for a key pair. */
    default String credentialKind() {
        return "fingerprint";
    }

    /** What a message says was presented: {@code key SHA256:...}. */
    default String presented() {
        return "key " + credentialId();
    }

    /**
     * What an administrator checks when Snowflake refuses this credential for {@code user} in {@code jwtAccount}.
     * Snowflake answers a JWT for the wrong account exactly as one signed with the wrong key, so both are named.
     */
    default String refusalAdvice(String user, String jwtAccount) {
        return "Snowflake does not accept this key for user " + user + " in account " + jwtAccount
                + "; the account may be wrong as well as the key: check that " + jwtAccount
                + " is the user's account (organization-account name or locator, as in the JWT), and compare"
                + " the fingerprint with RSA_PUBLIC_KEY_FP and RSA_PUBLIC_KEY_2_FP in DESC USER " + user;
    }
}
