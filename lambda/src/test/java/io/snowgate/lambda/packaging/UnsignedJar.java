package io.snowgate.lambda.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * BouncyCastle's jars as the function ships them (prepare-package, execution {@code unsigned-bouncycastle}): every
 * class and resource as published, without what only the jar's signature uses.
 *
 * <ul>
 * <li>The signature files ({@code META-INF/*.SF} and their certificates): the JVM checks a signed jar's signature and
 * the digest of every class it loads from it, about 0.3 s of a cold start's CPU for bcprov alone, to prove a signature
 * no part of Snowgate relies on (OpenJDK, Lambda's Corretto included, does not require a signed JCA provider;
 * Snowgate decrypts with BouncyCastle's lightweight API).</li>
 * <li>The manifest's per-entry digests, which only the signature file signs: the first class loaded from a package
 * defines that package from the jar's manifest, which the JVM then keeps parsed for as long as the jar is open, the
 * function's whole life. bcprov's 5,835 digest sections (and bcpkix's and bcutil's) held 3.7 MB of every cold start's
 * heap. The main section ({@code Multi-Release} among it) and any other per-entry attribute stay as published.</li>
 * </ul>
 *
 * <p>Entries keep their names, order, times and contents; FunctionPackageIT holds the package to it.
 */
final class UnsignedJar {

    /** A signature file or the certificate block that goes with it, as {@link JarFile} recognises them. */
    private static final Pattern SIGNATURE_FILE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)",
            Pattern.CASE_INSENSITIVE);
    /** A per-entry digest such as {@code SHA-256-Digest}: what a signature file's own digests cover. */
    private static final Pattern ENTRY_DIGEST = Pattern.compile("[A-Za-z0-9-]+-Digest", Pattern.CASE_INSENSITIVE);

    private UnsignedJar() {
    }

    /** {@code args}: the folder to write to, then the signed jars; each keeps its file name. */
    public static void main(String[] args) throws IOException {
        Path into = Files.createDirectories(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            Path signed = Path.of(args[i]);
            copy(signed, into.resolve(signed.getFileName()));
        }
    }

    static void copy(Path signed, Path unsigned) throws IOException {
        Path partial = unsigned.resolveSibling(unsigned.getFileName() + ".partial");
        try (ZipFile in = new ZipFile(signed.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
            out.setLevel(9);
            for (ZipEntry entry : java.util.Collections.list(in.entries())) {
                if (SIGNATURE_FILE.matcher(entry.getName()).matches()) {
                    continue;
                }
                ZipEntry copied = new ZipEntry(entry.getName());
                copied.setTime(entry.getTime());
                out.putNextEntry(copied);
                try (InputStream content = in.getInputStream(entry)) {
                    if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        withoutEntryDigests(new Manifest(content)).write(out);
                    } else {
                        content.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        Files.move(partial, unsigned, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The manifest with its main section as it was, and each per-entry section without its digests. */
    static Manifest withoutEntryDigests(Manifest published) {
        Manifest kept = new Manifest();
        kept.getMainAttributes().putAll(published.getMainAttributes());
        for (Map.Entry<String, Attributes> section : published.getEntries().entrySet()) {
            Attributes rest = new Attributes();
            section.getValue().forEach((name, value) -> {
                if (!ENTRY_DIGEST.matcher(name.toString()).matches()) {
                    rest.put(name, value);
                }
            });
            if (!rest.isEmpty()) {
                kept.getEntries().put(section.getKey(), rest);
            }
        }
        return kept;
    }
}
