package io.snowgate.lambda.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;

/** RSA public keys in OpenSSH's own form, as ssh-keygen writes them into a {@code .pub} file. */
public final class OpenSshKeys {

    private OpenSshKeys() {
    }

    /** The base64 after {@code ssh-rsa } in a {@code .pub} line: the key's wire form (RFC 4253 section 6.6). */
    public static String publicKeyBase64(RSAPublicKey key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : List.of("ssh-rsa".getBytes(StandardCharsets.US_ASCII),
                key.getPublicExponent().toByteArray(), key.getModulus().toByteArray())) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(part.length).array());
            out.writeBytes(part);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
