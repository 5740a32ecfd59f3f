package io.snowgate.lambda.key;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
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
    private static final Pattern SSH_PUBLIC_KEY_LINE =
            Pattern.compile("((?:ssh|ecdsa|sk)-[A-Za-z0-9@.-]+)\\s+AAAA[A-Za-z0-9+/]");
    /** The public key types OpenSSH writes (ssh-keygen -t rsa, ed25519, ecdsa, dsa, and security keys). */
    private static final Set<String> SSH_KEY_TYPES = Set.of("ssh-rsa", "ssh-ed25519", "ssh-dss",
            "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");
    /** How ssh-keygen's private key format begins (PROTOCOL.key in OpenSSH's sources). */
    private static final String OPENSSH_MAGIC = "openssh-key-v1\0";
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private StoredKeyText() {
    }

    /**
     * Undoes literal {@code \n}/{@code \r\n} escapes, surrounding whitespace and a UTF-8 byte order mark (Notepad's
     * "UTF-8 with BOM", invisible to whoever pasted the key).
     */
    static String unescape(String stored) {
        String text = stored.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\r", "\n").strip();
        return text.startsWith(BYTE_ORDER_MARK) ? text.substring(1).strip() : text;
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
        if (isUtf16(text)) {
            throw notAKey("the value is UTF-16 text (as PowerShell's > and Out-File write it); save the key as UTF-8 or"
                    + " ASCII text (Out-File -Encoding ascii) and store that", null);
        }
        if (isBinary(text)) {
            throw notAKey("the value holds binary bytes, not text (a DER, .p12 or .pfx file read as text?); store the"
                    + " key's PEM text, or the base64 of the file", null);
        }
        return decodeBase64(text, "the value is neither PEM nor base64");
    }

    /**
     * Whether the text is an OpenSSH public key line ({@code ssh-rsa AAAA... comment}, an ssh-keygen {@code .pub}
     * file): its type when OpenSSH writes that type, "" for another, empty when the text is no such line.
     */
    static Optional<String> openSshPublicKeyType(String text) {
        Matcher line = SSH_PUBLIC_KEY_LINE.matcher(text);
        return line.lookingAt() ? Optional.of(SSH_KEY_TYPES.contains(line.group(1)) ? line.group(1) : "")
                : Optional.empty();
    }

    /**
     * Whether decoded bytes are an OpenSSH public key blob (the base64 of a {@code .pub} line alone): a type OpenSSH
     * writes, as a length-prefixed string; that type, else empty.
     */
    static Optional<String> openSshPublicKeyBlobType(byte[] bytes) {
        if (bytes.length < 5 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0) {
            return Optional.empty();
        }
        // An unsigned length: a byte of 0x80 or more is no type name's length, not a negative one.
        int length = bytes[3] & 0xff;
        if (length == 0 || length > 64 || bytes.length < 4 + length) {
            return Optional.empty();
        }
        String type = new String(bytes, 4, length, StandardCharsets.US_ASCII);
        return SSH_KEY_TYPES.contains(type) ? Optional.of(type) : Optional.empty();
    }

    /** Whether decoded bytes are ssh-keygen's own private key format, whose PEM armour says OPENSSH PRIVATE KEY. */
    static boolean isOpenSshPrivateKey(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, OPENSSH_MAGIC.length()), StandardCharsets.ISO_8859_1)
                .equals(OPENSSH_MAGIC);
    }

    /**
     * ASCII text in UTF-16: every other code unit NUL, after a byte order mark however it was decoded (U+FEFF, two
     * U+FFFD from UTF-8, "\u00FF\u00FE" from Latin-1).
     */
    private static boolean isUtf16(String text) {
        int start = 0;
        while (start < text.length() && "\uFEFF\uFFFE\uFFFD\u00FF\u00FE".indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        int end = Math.min(text.length(), start + 64);
        if (end - start < 8) {
            return false;
        }
        boolean evenNul = true;
        boolean oddNul = true;
        for (int i = start; i < end; i++) {
            boolean nul = text.charAt(i) == '\0';
            boolean even = (i - start) % 2 == 0;
            evenNul &= even == nul;
            oddNul &= even != nul;
        }
        return evenNul || oddNul;
    }

    /** Control characters that are not whitespace, or what a decoder makes of bytes it cannot decode. */
    private static boolean isBinary(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && !Character.isWhitespace(c)) || (c >= 0x7f && c < 0xa0) || c == '\uFFFD') {
                return true;
            }
        }
        return false;
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
