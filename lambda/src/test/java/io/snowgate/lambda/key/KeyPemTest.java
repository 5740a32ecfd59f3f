package io.snowgate.lambda.key;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowgate.lambda.testing.OpenSsl;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPemTest {

    @TempDir
    Path dir;

    private final KeyPem pem = new KeyPem();
    private final RsaKeyPair pair = RsaKeyGenerator.generate();

    @Test
    void encryptedPkcs8_isPbes2WithAes256_andOpenSslDecryptsIt() throws Exception {
        Path key = Files.writeString(dir.resolve("rsa_key.p8"), pem.privateKeyPkcs8(pair, Passphrase.of("pem-test")));
        Path pub = Files.writeString(dir.resolve("rsa_key.pub"), pem.publicKey(pair.publicKey()));

        Path fromOpenSsl = OpenSsl.publicKeyOf(key, "pem-test", dir.resolve("derived.pub"));

        assertThat(OpenSsl.fingerprint(fromOpenSsl)).isEqualTo(pair.fingerprint());
        assertThat(OpenSsl.fingerprint(pub)).isEqualTo(pair.fingerprint());
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(key))) {
            PKCS8EncryptedPrivateKeyInfo info = (PKCS8EncryptedPrivateKeyInfo) parser.readObject();
            assertThat(info.getEncryptionAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBES2);
            EncryptionScheme scheme =
                    PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters()).getEncryptionScheme();
            assertThat(scheme.getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
        }
    }

    @Test
    void unencryptedPkcs8_isReadByOpenSslAndByTheReader() throws Exception {
        String text = pem.privateKeyPkcs8(pair, Passphrase.none());
        Path key = Files.writeString(dir.resolve("rsa_key.p8"), text);

        assertThat(text).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(OpenSsl.fingerprint(OpenSsl.publicKeyOf(key, null, dir.resolve("derived.pub"))))
                .isEqualTo(pair.fingerprint());
        assertThat(new PrivateKeyReader().readPrivateKey(text, Passphrase.none()).fingerprint())
                .isEqualTo(pair.fingerprint());
    }

    @Test
    void publicKeyBody_isTheSingleLineAlterUserTakes() {
        assertThat(KeyPem.publicKeyBody(pair.publicKey())).doesNotContain("\n", "-----").startsWith("MIIB");
    }
}
