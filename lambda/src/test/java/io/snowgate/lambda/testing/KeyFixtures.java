package io.snowgate.lambda.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The committed keys under {@code src/test/resources/keys/}, made by {@code make-fixtures.sh} with openssl. All RSA
 * private key fixtures hold the same 2048-bit key, whose public half is {@code rsa_key.pub}.
 */
public final class KeyFixtures {

    /** Test-only passphrase of every encrypted fixture. */
    public static final String PASSPHRASE = "snowgate-test-only";

    /** The same key in every supported encoding and storage form; encrypted ones use {@link #PASSPHRASE}. */
    public static final List<String> ENCRYPTED = List.of(
            "pkcs8-des3.p8", "pkcs8-aes256.p8", "pkcs8-v1-sha1-3des.p8", "pkcs1-aes256.pem", "pkcs1-des3.pem",
            "pkcs8-des3.body", "pkcs8-des3.body-oneline", "pkcs8-des3.escaped", "pkcs1-aes256.escaped",
            "pkcs8-des3.der.b64", "pkcs1-aes256-hexstart.pem", "pkcs1-des3-hexstart.pem");
    public static final List<String> UNENCRYPTED = List.of(
            "pkcs8-plain.p8", "pkcs1-plain.pem", "pkcs8-plain.der.b64", "pkcs1-plain.der.b64");

    public static final String PUBLIC_KEY = "rsa_key.pub";
    public static final String RSA_1024 = "rsa-1024.p8";
    public static final String EC_SEC1 = "ec-sec1.pem";
    public static final String EC_PKCS8 = "ec-pkcs8.p8";
    public static final String CORRUPT = "corrupt.p8";

    private KeyFixtures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = KeyFixtures.class.getResourceAsStream("/keys/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no key fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.US_ASCII);
    }

    /** Copies a fixture into {@code dir} (for openssl and the CLI, which read files) and returns the copy. */
    public static Path copy(String name, Path dir) {
        try {
            return Files.write(dir.resolve(name), bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
