package io.snowgate.lambda.testing;

import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.key.RsaKeyGenerator;
import io.snowgate.lambda.key.RsaKeyPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A key pair made exactly as the Glue recipe and Snowflake's docs make one: {@code openssl genrsa 2048}, then
 * {@code openssl pkcs8 -topk8 -v2 des3} with a passphrase, and the public key in PEM.
 *
 * @param encryptedPem the encrypted PKCS#8 PEM ({@code rsa_key.p8})
 * @param body         its base64 body alone, as the recipe stores it in the secret
 * @param passphrase   the passphrase it was encrypted with
 * @param publicPem    the public key PEM ({@code rsa_key.pub}), for CREATE/ALTER USER
 * @param fingerprint  {@code SHA256:...} as openssl computes it
 */
public record UserKey(String encryptedPem, String body, String passphrase, String publicPem, String fingerprint) {

    /** Makes a fresh key pair with openssl in {@code dir}. */
    public static UserKey generate(Path dir, String passphrase) {
        try {
            Files.createDirectories(dir);
            Map<String, String> env = Map.of("PASS", passphrase);
            OpenSsl.run(dir, env, "genrsa", "-out", "plain.pem", "2048");
            OpenSsl.run(dir, env, "pkcs8", "-topk8", "-v2", "des3", "-in", "plain.pem", "-out", "rsa_key.p8",
                    "-passout", "env:PASS");
            OpenSsl.run(dir, env, "rsa", "-in", "plain.pem", "-pubout", "-out", "rsa_key.pub");
            Files.delete(dir.resolve("plain.pem"));
            String pem = Files.readString(dir.resolve("rsa_key.p8"));
            return new UserKey(pem, KeyPem.body(pem), passphrase, Files.readString(dir.resolve("rsa_key.pub")),
                    OpenSsl.fingerprint(dir.resolve("rsa_key.pub")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A key pair made in Java, not with openssl, encrypted with {@code passphrase}: for build steps (the class list
     * recorded for priming, the on-demand package's AOT cache training), which must not need openssl; only the test
     * suite does.
     */
    public static UserKey madeInJava(String passphrase) {
        RsaKeyPair pair = RsaKeyGenerator.generate();
        KeyPem pem = new KeyPem();
        String encrypted = pem.privateKeyPkcs8(pair, Passphrase.of(passphrase));
        return new UserKey(encrypted, KeyPem.body(encrypted), passphrase, pem.publicKey(pair.publicKey()),
                pair.fingerprint());
    }

    /**
     * A session of {@code user} signed in with this key straight through snowflake-jdbc, outside the function: how
     * tests set up tables as the user, and check which keys Snowflake accepts.
     */
    public Connection signIn(SnowflakeStandIn snowflake, String user) throws SQLException {
        PrivateKey privateKey = new PrivateKeyReader().readPrivateKey(encryptedPem, Passphrase.of(passphrase))
                .privateKey();
        return DriverManager.getConnection(snowflake.jdbcUrl(), snowflake.connectionProperties(user, privateKey));
    }

    /** Runs {@code statements}, in order, in one session of {@code user} signed in with this key. */
    public void execute(SnowflakeStandIn snowflake, String user, String... statements) throws SQLException {
        try (Connection connection = signIn(snowflake, user); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Override
    public String toString() {
        return "UserKey[" + fingerprint + "]";
    }
}
