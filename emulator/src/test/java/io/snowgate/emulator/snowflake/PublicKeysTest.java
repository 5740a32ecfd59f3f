package io.snowgate.emulator.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Keys and fingerprints made by openssl ({@code keys/rsa_2048.pub.fp} is the output of
 * {@code openssl rsa -pubin -outform DER | openssl dgst -sha256 -binary | openssl enc -base64}).
 */
class PublicKeysTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = PublicKeysTest.class.getResourceAsStream("/keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void fingerprint_equalsOpensslsSha256OfTheDer() throws Exception {
        PublicKeys.RegisteredKey key = PublicKeys.parse(resource("rsa_2048.pub"));

        assertThat(key.fingerprint()).isEqualTo("SHA256:" + resource("rsa_2048.pub.fp").strip());
    }

    @Test
    void bareBase64Body_isTheSameKeyAsThePem() throws Exception {
        String pem = resource("rsa_2048.pub");
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");

        assertThat(PublicKeys.parse(body).fingerprint()).isEqualTo(PublicKeys.parse(pem).fingerprint());
        assertThat(PublicKeys.parse(body).body()).isEqualTo(body);
    }

    @Test
    void keysShorterThan2048Bits_areRefused() throws Exception {
        String small = resource("rsa_1024.pub");

        assertThatThrownBy(() -> PublicKeys.parse(small))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048");
    }

    @Test
    void privateKeysAndGarbage_areRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> PublicKeys.parse("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("MIIE");
        assertThatThrownBy(() -> PublicKeys.parse("%%%"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
    }
}
