package io.snowgate.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.RsaKeyGenerator;
import io.snowgate.lambda.key.RsaKeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakScannerTest {

    private static final String PASSPHRASE = "correct-horse-battery-staple-42";
    private static SoakDeployment.ServiceKey key;
    private static LeakScanner scanner;

    @TempDir
    Path work;

    @BeforeAll
    static void makeKey() {
        RsaKeyPair pair = RsaKeyGenerator.generate();
        key = new SoakDeployment.ServiceKey(pair, PASSPHRASE,
                new KeyPem().privateKeyPkcs8(pair, Passphrase.of(PASSPHRASE)));
        scanner = LeakScanner.forSecrets(key, Map.of());
    }

    @Test
    void findsFragmentsOfTheStoredKey_itsDerAtAnyAlignment_andThePassphrase() {
        String body = KeyPem.body(key.encryptedPem()).replaceAll("\\s", "");
        byte[] der = key.pair().privateKey().getEncoded();
        String shifted = Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, 100, 160));

        assertThat(scanner.find("message: " + body.substring(300, 330) + " ...")).isEqualTo("the stored private key");
        assertThat(scanner.find("key=" + shifted)).isEqualTo("the private key's DER in base64");
        assertThat(scanner.find("{\"passphrase\":\"" + PASSPHRASE + "\"}")).isEqualTo("the key's passphrase");
        assertThat(scanner.find("d=" + key.pair().privateKey().getPrivateExponent().toString(16).substring(40, 90)))
                .isEqualTo("the private exponent (hex)");
    }

    @Test
    void findsJwtsTokensAndPemArmour() {
        assertThat(scanner.find("Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln")).isEqualTo("a JWT");
        assertThat(scanner.find("Snowflake Token=\"sgtok-4f1c\"")).isEqualTo("'sgtok-'");
        assertThat(scanner.find("master sgmst-99")).isEqualTo("'sgmst-'");
        assertThat(scanner.find("-----BEGIN ENCRYPTED PRIVATE KEY-----")).isEqualTo("'PRIVATE KEY-----'");
    }

    @Test
    void passesWhatTheFunctionLegitimatelyWrites() {
        assertThat(scanner.find("{\"event\":\"snowflake_login\",\"fingerprint\":\"" + key.pair().fingerprint()
                + "\",\"queryId\":\"01b8e2f4-0000-4a1b-8000-000000000042\",\"requestId\":\"e03-i0042\"}")).isNull();
    }

    @Test
    void scan_namesTheTranscriptAndTheInvocationALeakIsIn() throws IOException {
        Files.writeString(work.resolve("environment-03.log"), "=== e03-i0001 scheduled\n{\"ok\":true}\n"
                + "=== e03-i0002 http sync\nsecret: " + PASSPHRASE + "\n");
        Files.writeString(work.resolve("notes.txt"), PASSPHRASE);

        assertThat(scanner.scan(work)).containsExactly(
                new LeakScanner.Leak("environment-03.log", "e03-i0002", "the key's passphrase"));
    }
}
