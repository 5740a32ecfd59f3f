package io.snowgate.lambda.key;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text users store for a key into PEM blocks or DER bytes: full PEM (also with its line breaks collapsed to
 * spaces, or removed), PEM with literal {@code \n} escapes (pasted into JSON), the base64 body alone (with or without
 * line breaks), base64 of DER, and base64 of a whole PEM file.
 */
final class StoredKeyText {

    /** One armoured block; {@code dekInfo} is present for OpenSSL's legacy {@code Proc-Type: 4,ENCRYPTED} keys. */
    record PemBlock(String type, Optional<DekInfo> dekInfo, byte[] der) {
    }

    /** OpenSSL's legacy encryption header: {@code DEK-Info: AES-256-CBC,<hex iv>}. */
    record DekInfo(String algorithm, byte[] iv) {
    }

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern PROC_TYPE = Pattern.compile("Proc-Type:\\s*4\\s*,\\s*ENCRYPTED\\s*");
    private static final Pattern DEK_INFO = Pattern.compile("DEK-Info:\\s*([A-Za-z0-9-]+)\\s*,\\s*([0-9A-Fa-f]+)");
    private static final Pattern OTHER_HEADER = Pattern.compile("[A-Za-z-]+:\\s*\\S+\\s*");

    private StoredKeyText() {
    }

    /** Undoes literal {@code \n}/{@code \r\n} escapes and surrounding whitespace. */
    static String unescape(String stored) {
        return stored.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\r", "\n").strip();
    }

    /** The PEM blocks in the text, in order; empty when the text has no armour. */
    static List<PemBlock> pemBlocks(String text) {
        List<PemBlock> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            blocks.add(block(matcher.group(1), matcher.group(2)));
        }
        if (blocks.isEmpty() && text.contains("-----BEGIN ")) {
            throw notAKey("the PEM armour is incomplete (BEGIN without a matching END line)", null);
        }
        return blocks;
    }

    /**
     * Decodes armour-less text as base64. The bytes are DER, or a whole PEM file when someone base64-encoded the file.
     */
    static byte[] base64Body(String text) {
        return decodeBase64(text, "the value is neither PEM nor base64");
    }

    static boolean isPemText(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII).strip()
                .startsWith("-----BEGIN ");
    }

    private static PemBlock block(String type, String content) {
        String body = content;
        Optional<DekInfo> dekInfo = Optional.empty();
        Matcher procType = PROC_TYPE.matcher(body);
        if (procType.find()) {
            body = procType.replaceFirst("");
            Matcher dek = DEK_INFO.matcher(body);
            if (!dek.find()) {
                throw notAKey("the encrypted PEM block has Proc-Type but no valid DEK-Info header", null);
            }
            String algorithm = dek.group(1).toUpperCase(Locale.ROOT);
            String iv = dek.group(2);
            // The IV is one block of the cipher. Pasted into a one-line field, the PEM loses its line breaks and the
            // base64 body, which may begin with hex digits, follows the IV at once: read no further than the block.
            Optional<CbcCipher> cipher = CbcCipher.ofDekInfo(algorithm);
            if (cipher.isPresent()) {
                int digits = 2 * cipher.get().blockBytes();
                if (iv.length() < digits) {
                    throw notAKey("the DEK-Info IV is shorter than a block of " + algorithm, null);
                }
                iv = iv.substring(0, digits);
            }
            dekInfo = Optional.of(new DekInfo(algorithm, hex(iv)));
            body = body.substring(0, dek.start()) + body.substring(dek.start(2) + iv.length());
        }
        // Any other RFC 1421 header (none carry meaning for keys) sits before the base64.
        while (true) {
            Matcher other = OTHER_HEADER.matcher(body.stripLeading());
            if (!other.lookingAt()) {
                break;
            }
            body = body.stripLeading().substring(other.end());
        }
        return new PemBlock(type, dekInfo, decodeBase64(body, "the PEM body is not valid base64"));
    }

    private static byte[] decodeBase64(String text, String problem) {
        String compact = text.replaceAll("\\s+", "");
        if (compact.isEmpty()) {
            throw notAKey("the value is empty", null);
        }
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw notAKey(problem, e);
        }
    }

    private static byte[] hex(String hex) {
        if (hex.length() % 2 != 0) {
            throw notAKey("the DEK-Info IV is not valid hex", null);
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    static KeyDecodingException notAKey(String detail, Throwable cause) {
        return new KeyDecodingException(KeyDecodingException.Reason.NOT_A_KEY,
                "not a private key in a supported form, or corrupt: " + detail, cause);
    }
}
