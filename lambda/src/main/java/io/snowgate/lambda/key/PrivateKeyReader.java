package io.snowgate.lambda.key;

import io.snowgate.lambda.key.KeyDecodingException.Reason;
import io.snowgate.lambda.key.StoredKeyText.DekInfo;
import io.snowgate.lambda.key.StoredKeyText.PemBlock;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Decodes RSA keys in every form users keep them: encrypted PKCS#8 (PBES2 with PBKDF2 or scrypt and any cipher
 * {@code openssl pkcs8 -v2} writes; PKCS#12 PBE v1; PKCS#5 v1.5 PBES1), unencrypted PKCS#8, PKCS#1 plain or with
 * OpenSSL's legacy {@code Proc-Type: 4,ENCRYPTED} headers; stored as PEM, base64 body, PEM with literal {@code \n}
 * escapes, base64 DER or binary DER. See {@link StoredKeyText}.
 *
 * <p>Decryption uses BouncyCastle's lightweight API for the schemes OpenSSL writes ({@link LightweightPkcs8Decryption},
 * {@link LegacyPemDecryption}), deriving keys from the passphrase as OpenSSL does, and BouncyCastle's JCA provider
 * ({@link BouncyCastleJca}) only for rarer PKCS#8 schemes. Decoded keys are the JDK's own {@link RSAPrivateCrtKey},
 * which snowflake-jdbc requires to derive the public key for the JWT.
 *
 * <p>Thread-safe; build one and reuse it.
 */
public final class PrivateKeyReader {

    /** Snowflake refuses smaller RSA keys for key-pair authentication. */
    public static final int MIN_RSA_BITS = 2048;

    private static final Map<String, String> ALGORITHM_NAMES = Map.of(
            "1.2.840.10045.2.1", "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.2.840.10040.4.1", "DSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS");

    private final KeyFactory rsaKeys;

    public PrivateKeyReader() {
        try {
            rsaKeys = KeyFactory.getInstance("RSA");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no RSA key factory", e);
        }
    }

    /**
     * Decodes a private key stored as text. Given no passphrase, an encrypted key is tried with the empty one, which
     * openssl encrypts with after {@code -passout pass:}; {@link Reason#PASSPHRASE_REQUIRED} when that fails.
     *
     * @throws KeyDecodingException with a {@link Reason} for each way this can fail
     */
    public RsaKeyPair readPrivateKey(String stored, Passphrase passphrase) {
        return toRsa(decrypt(parseText(stored), passphrase));
    }

    /** Decodes a private key from a file's bytes: text in any supported form, or binary DER. */
    public RsaKeyPair readPrivateKey(byte[] file, Passphrase passphrase) {
        return toRsa(decrypt(parseBytes(file), passphrase));
    }

    /**
     * Whether a private key stored as text is encrypted; parses only, decrypts nothing.
     *
     * @throws KeyDecodingException when the text is not a key {@link #readPrivateKey} would read
     */
    public boolean isEncrypted(String stored) {
        Parsed parsed = parseText(stored);
        return parsed instanceof Parsed.Encrypted || parsed instanceof Parsed.LegacyEncrypted;
    }

    /** Decodes a public key (SubjectPublicKeyInfo or PKCS#1) stored as PEM, base64 DER or binary DER. */
    public RSAPublicKey readPublicKey(String stored) {
        if (!(parseText(stored) instanceof Parsed.Public pub)) {
            throw new KeyDecodingException(Reason.NOT_A_KEY, "not a public key; a public key PEM is needed");
        }
        return toRsa(pub.info());
    }

    /**
     * The public key of a file holding either a public key or a private key in any supported form; the passphrase is
     * only used for an encrypted private key.
     */
    public RSAPublicKey publicKeyOf(byte[] file, Passphrase passphrase) {
        Parsed parsed = parseBytes(file);
        if (parsed instanceof Parsed.Public pub) {
            return toRsa(pub.info());
        }
        return toRsa(decrypt(parsed, passphrase)).publicKey();
    }

    /** What the stored bytes turned out to be, before any decryption. */
    private sealed interface Parsed {
        record Plain(PrivateKeyInfo info) implements Parsed {
        }

        record Encrypted(PKCS8EncryptedPrivateKeyInfo info) implements Parsed {
        }

        record LegacyEncrypted(DekInfo dekInfo, byte[] encrypted) implements Parsed {
        }

        record Public(SubjectPublicKeyInfo info) implements Parsed {
        }
    }

    private Parsed parseBytes(byte[] file) {
        // Binary DER starts with a SEQUENCE tag and holds control bytes; every text form is printable.
        if (file.length > 0 && file[0] == 0x30 && isBinary(file)) {
            return parseDer(file);
        }
        return parseText(new String(file, StandardCharsets.UTF_8));
    }

    private Parsed parseText(String stored) {
        if (stored == null || stored.isBlank()) {
            throw StoredKeyText.notAKey("the value is empty", null);
        }
        String text = StoredKeyText.unescape(stored);
        List<PemBlock> blocks = StoredKeyText.pemBlocks(text);
        if (blocks.isEmpty()) {
            StoredKeyText.openSshPublicKeyType(text).ifPresent(type -> {
                throw openSshPublicKey(type);
            });
            byte[] decoded = StoredKeyText.base64Body(text);
            if (StoredKeyText.isPemText(decoded)) {
                return parseText(new String(decoded, StandardCharsets.US_ASCII));
            }
            StoredKeyText.openSshPublicKeyBlobType(decoded).ifPresent(type -> {
                throw openSshPublicKey(type);
            });
            if (StoredKeyText.isOpenSshPrivateKey(decoded)) {
                throw openSshPrivateKey();
            }
            return parseDer(decoded);
        }
        PemBlock block = blocks.stream().filter(b -> b.type().endsWith("PRIVATE KEY")).findFirst()
                .orElse(blocks.get(0));
        return parsePem(block);
    }

    private Parsed parsePem(PemBlock block) {
        return switch (block.type()) {
            case "ENCRYPTED PRIVATE KEY", "PRIVATE KEY", "PUBLIC KEY", "RSA PUBLIC KEY" -> parseDer(block.der());
            case "RSA PRIVATE KEY" -> block.dekInfo()
                    .<Parsed>map(dek -> new Parsed.LegacyEncrypted(dek, block.der()))
                    .orElseGet(() -> parseDer(block.der()));
            case "EC PRIVATE KEY" -> throw notRsa("EC");
            case "DSA PRIVATE KEY" -> throw notRsa("DSA");
            case "OPENSSH PRIVATE KEY" -> throw openSshPrivateKey();
            default -> throw StoredKeyText.notAKey("a PEM block of type '" + block.type() + "', not a key", null);
        };
    }

    /** Recognises the DER structures by shape, because body-only and DER storage lose the PEM type line. */
    private Parsed parseDer(byte[] der) {
        ASN1Primitive primitive;
        try {
            primitive = ASN1Primitive.fromByteArray(der);
        } catch (IOException | RuntimeException e) {
            throw StoredKeyText.notAKey("the decoded bytes are not valid DER (truncated or damaged)", e);
        }
        if (!(primitive instanceof ASN1Sequence seq) || seq.size() == 0) {
            throw StoredKeyText.notAKey("the decoded bytes are not a DER key structure", null);
        }
        try {
            return parseSequence(seq);
        } catch (IOException | IllegalArgumentException e) {
            throw StoredKeyText.notAKey("the DER structure is damaged", e);
        }
    }

    private Parsed parseSequence(ASN1Sequence seq) throws IOException {
        int size = seq.size();
        ASN1Encodable first = seq.getObjectAt(0);
        ASN1Encodable second = size > 1 ? seq.getObjectAt(1) : null;
        if (size == 2 && first instanceof ASN1Sequence && second instanceof ASN1OctetString) {
            return new Parsed.Encrypted(new PKCS8EncryptedPrivateKeyInfo(EncryptedPrivateKeyInfo.getInstance(seq)));
        }
        if (size == 2 && first instanceof ASN1Sequence && second instanceof ASN1BitString) {
            return new Parsed.Public(SubjectPublicKeyInfo.getInstance(seq));
        }
        if (size == 2 && first instanceof ASN1Integer && second instanceof ASN1Integer) {
            // PKCS#1 RSAPublicKey ("BEGIN RSA PUBLIC KEY"): wrap it as SubjectPublicKeyInfo.
            return new Parsed.Public(new SubjectPublicKeyInfo(rsaAlgorithm(), seq));
        }
        if (size >= 3 && first instanceof ASN1Integer && second instanceof ASN1Sequence
                && seq.getObjectAt(2) instanceof ASN1OctetString) {
            return new Parsed.Plain(PrivateKeyInfo.getInstance(seq));
        }
        if (size >= 9 && allIntegers(seq)) {
            return new Parsed.Plain(pkcs1(seq));
        }
        if (size >= 2 && first instanceof ASN1Integer version && version.getValue().equals(BigInteger.ONE)
                && second instanceof ASN1OctetString) {
            throw notRsa("EC");
        }
        if (isPkcs12(seq)) {
            throw StoredKeyText.notAKey("a PKCS#12 (.p12/.pfx) bundle, not a key; take its private key out as PKCS#8"
                    + " PEM and store that (openssl pkcs12 -in FILE -nocerts -out rsa_key.p8)", null);
        }
        throw StoredKeyText.notAKey("the DER structure is not a known key structure", null);
    }

    private PrivateKeyInfo decrypt(Parsed parsed, Passphrase passphrase) {
        return switch (parsed) {
            case Parsed.Plain plain -> plain.info();
            case Parsed.Encrypted encrypted -> decryptPkcs8(encrypted.info(), passphrase);
            case Parsed.LegacyEncrypted legacy -> decryptLegacy(legacy, passphrase);
            case Parsed.Public ignored -> throw new KeyDecodingException(Reason.PUBLIC_KEY_GIVEN,
                    "this is a public key; a private key is needed");
        };
    }

    private PrivateKeyInfo decryptPkcs8(PKCS8EncryptedPrivateKeyInfo encrypted, Passphrase passphrase) {
        char[] chars = passphrase.chars();
        try {
            InputDecryptorProvider decryptor = new LightweightPkcs8Decryption(chars, () ->
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BouncyCastleJca.provider()).build(chars));
            return encrypted.decryptPrivateKeyInfo(decryptor);
        } catch (PKCSException e) {
            if (e.getCause() instanceof OperatorCreationException refused) {
                // The lightweight decryptor names the part it refuses; the provider's messages are its own.
                throw unsupported(refused instanceof LightweightPkcs8Decryption.Unsupported
                        ? refused.getMessage() : encrypted.getEncryptionAlgorithm().getAlgorithm().getId(), e);
            }
            throw notDecrypted(passphrase, e);
        } catch (RuntimeException e) {
            // A wrong passphrase sometimes yields valid padding over garbage, which then fails to parse.
            throw notDecrypted(passphrase, e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private PrivateKeyInfo decryptLegacy(Parsed.LegacyEncrypted legacy, Passphrase passphrase) {
        String name = legacy.dekInfo().algorithm();
        CbcCipher cipher = CbcCipher.ofDekInfo(name).orElseThrow(() -> unsupported(name, null));
        char[] chars = passphrase.chars();
        try {
            byte[] plain = LegacyPemDecryption.decrypt(cipher, legacy.dekInfo().iv(), legacy.encrypted(), chars);
            return pkcs1(ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(plain)));
        } catch (InvalidCipherTextException | IOException | RuntimeException e) {
            throw notDecrypted(passphrase, e);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private RsaKeyPair toRsa(PrivateKeyInfo info) {
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            throw notRsa(ALGORITHM_NAMES.getOrDefault(algorithm.getId(), algorithm.getId()));
        }
        try {
            PrivateKey key = rsaKeys.generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
            if (!(key instanceof RSAPrivateCrtKey crt) || crt.getPublicExponent().signum() == 0) {
                throw StoredKeyText.notAKey("the RSA key lacks its CRT parameters and public exponent", null);
            }
            requireSize(crt.getModulus().bitLength());
            RSAPublicKey publicKey = (RSAPublicKey) rsaKeys.generatePublic(
                    new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return new RsaKeyPair(crt, publicKey);
        } catch (GeneralSecurityException | IOException e) {
            throw StoredKeyText.notAKey("the RSA key structure is invalid", e);
        }
    }

    private RSAPublicKey toRsa(SubjectPublicKeyInfo info) {
        ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            throw notRsa(ALGORITHM_NAMES.getOrDefault(algorithm.getId(), algorithm.getId()));
        }
        try {
            RSAPublicKey key = (RSAPublicKey) rsaKeys.generatePublic(new X509EncodedKeySpec(info.getEncoded()));
            requireSize(key.getModulus().bitLength());
            return key;
        } catch (GeneralSecurityException | IOException e) {
            throw StoredKeyText.notAKey("the RSA public key structure is invalid", e);
        }
    }

    private static PrivateKeyInfo pkcs1(ASN1Sequence seq) {
        try {
            return new PrivateKeyInfo(rsaAlgorithm(), RSAPrivateKey.getInstance(seq));
        } catch (IOException e) {
            throw StoredKeyText.notAKey("the PKCS#1 RSA key structure is invalid", e);
        }
    }

    private static AlgorithmIdentifier rsaAlgorithm() {
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
    }

    private static boolean isBinary(byte[] bytes) {
        for (byte b : bytes) {
            if ((b < 0x20 && b != '\n' && b != '\r' && b != '\t') || b == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** PKCS#12's PFX (RFC 7292): version 3, then a PKCS#7 ContentInfo, then (usually) the MAC. */
    private static boolean isPkcs12(ASN1Sequence seq) {
        return (seq.size() == 2 || seq.size() == 3)
                && seq.getObjectAt(0) instanceof ASN1Integer version && version.hasValue(3)
                && seq.getObjectAt(1) instanceof ASN1Sequence content && content.size() > 0
                && content.getObjectAt(0) instanceof ASN1ObjectIdentifier type && type.on(PKCSObjectIdentifiers.pkcs_7);
    }

    private static boolean allIntegers(ASN1Sequence seq) {
        for (ASN1Encodable element : seq) {
            if (!(element instanceof ASN1Integer)) {
                return false;
            }
        }
        return true;
    }

    private static void requireSize(int bits) {
        if (bits < MIN_RSA_BITS) {
            throw new KeyDecodingException(Reason.KEY_TOO_SMALL,
                    "the RSA key has " + bits + " bits; Snowflake requires at least " + MIN_RSA_BITS);
        }
    }

    /**
     * Decryption failed. Without a passphrase the empty one was tried (openssl encrypts with it after
     * {@code -passout pass:} or Enter at its prompt), so the key needs one; with a passphrase, it is the wrong one.
     */
    private static KeyDecodingException notDecrypted(Passphrase passphrase, Exception cause) {
        if (!passphrase.isPresent()) {
            // No cause: what failed is the empty passphrase's trial, which would only mislead.
            return new KeyDecodingException(Reason.PASSPHRASE_REQUIRED,
                    "the private key is encrypted and no passphrase was given");
        }
        return new KeyDecodingException(Reason.WRONG_PASSPHRASE,
                "the passphrase does not decrypt the private key (wrong passphrase)", cause);
    }

    private static KeyDecodingException unsupported(String algorithm, Exception cause) {
        return new KeyDecodingException(Reason.UNSUPPORTED_ENCRYPTION,
                "the private key is encrypted with an unsupported algorithm (" + algorithm
                        + "); re-encrypt it with openssl pkcs8 -topk8 -v2 aes-256-cbc", cause);
    }

    private static KeyDecodingException openSshPrivateKey() {
        return StoredKeyText.notAKey(
                "an OpenSSH private key; convert it to PKCS#8 first (ssh-keygen -p -m PKCS8 -f FILE)", null);
    }

    /** {@code type}: a key type name OpenSSH writes (ssh-rsa, ...), or "" for none; never a value from the input. */
    private static KeyDecodingException openSshPublicKey(String type) {
        return new KeyDecodingException(Reason.PUBLIC_KEY_GIVEN, "this is an OpenSSH public key"
                + (type.isEmpty() ? "" : " (" + type + ")") + ", not a private key; the private key is needed, as"
                + " PKCS#8 PEM (ssh-keygen -p -m PKCS8 -f FILE converts ssh-keygen's private key file)");
    }

    private static KeyDecodingException notRsa(String algorithm) {
        return new KeyDecodingException(Reason.NOT_RSA,
                "the key is " + algorithm + ", not RSA; Snowflake key-pair authentication needs an RSA key");
    }
}
