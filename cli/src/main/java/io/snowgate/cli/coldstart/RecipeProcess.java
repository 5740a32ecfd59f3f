package io.snowgate.cli.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.Security;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.Properties;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The cold-start benchmark's baseline: the AWS Glue recipe for Snowflake key-pair authentication ported to a Java
 * Lambda naively, as one process runs it cold. A default Secrets Manager client, the secret's JSON parsed with
 * Jackson, the encrypted PKCS#8 key decrypted with BouncyCastle, the fat snowflake-jdbc jar, the whole flow for one
 * call. It uses nothing of Snowgate's, so its classes are the recipe's alone.
 *
 * <p>Arguments: the secret id, the Snowflake stand-in's {@code host:port}, the SQL text. The AWS endpoint, region and
 * credentials come from the standard environment variables, as in Lambda.
 */
public final class RecipeProcess {

    private RecipeProcess() {
    }

    public static void main(String[] args) throws Exception {
        String secretId = args[0];
        String hostPort = args[1];
        String sql = args[2];
        JsonNode secret;
        try (SecretsManagerClient client = SecretsManagerClient.create()) {
            secret = new ObjectMapper().readTree(client.getSecretValue(r -> r.secretId(secretId)).secretString());
        }
        Security.addProvider(new BouncyCastleProvider());
        PKCS8EncryptedPrivateKeyInfo encrypted = new PKCS8EncryptedPrivateKeyInfo(
                Base64.getMimeDecoder().decode(secret.get("private_key").asText()));
        PrivateKeyInfo info = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                .setProvider(BouncyCastleProvider.PROVIDER_NAME)
                .build(secret.get("private_key_passphrase").asText().toCharArray()));
        PrivateKey key = new JcaPEMKeyConverter().setProvider(BouncyCastleProvider.PROVIDER_NAME).getPrivateKey(info);

        Properties properties = new Properties();
        properties.put("user", secret.get("user").asText());
        properties.put("account", secret.get("account").asText());
        properties.put("warehouse", secret.get("warehouse").asText());
        properties.put("database", secret.get("database").asText());
        properties.put("schema", secret.get("schema").asText());
        properties.put("privateKey", key);
        properties.put("authenticator", "SNOWFLAKE_JWT");
        // The stand-in listens on loopback over plain HTTP; everything else is the driver's defaults.
        properties.put("ssl", "off");
        String version;
        try (Connection connection = DriverManager.getConnection("jdbc:snowflake://" + hostPort, properties);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            version = rows.getString(1);
        }
        ProcessFigures.report("side=recipe ok=" + (version != null));
    }
}
