package io.snowgate.lambda.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BouncyCastle's published, signed provider jar (the one Maven resolves) made into the jar the function ships. */
class UnsignedJarTest {

    @TempDir
    Path dir;

    @Test
    void thePublishedProviderJar_losesItsSignatureAndEntryDigests_andNothingElse() throws Exception {
        Path published = ZipClassPath.jarOf(SHA256Digest.class);
        Path unsigned = dir.resolve(published.getFileName());

        UnsignedJar.copy(published, unsigned);

        Map<String, Long> publishedEntries = ZipClassPath.crcs(published, name -> true);
        assertThat(publishedEntries.keySet()).as("the published jar is signed")
                .anyMatch(name -> name.matches("META-INF/[^/]+\\.SF"));
        Map<String, Long> expected = new java.util.TreeMap<>(publishedEntries);
        expected.keySet().removeIf(name -> name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
        expected.remove(JarFile.MANIFEST_NAME);
        Map<String, Long> shipped = new java.util.TreeMap<>(ZipClassPath.crcs(unsigned, name -> true));
        assertThat(shipped.remove(JarFile.MANIFEST_NAME)).isNotNull();
        assertThat(shipped).isEqualTo(expected);

        Manifest before = manifest(published);
        Manifest after = manifest(unsigned);
        assertThat(before.getEntries()).as("digest sections in the published manifest").hasSizeGreaterThan(1000);
        assertThat(after.getEntries()).isEmpty();
        assertThat(after.getMainAttributes()).isEqualTo(before.getMainAttributes())
                .containsEntry(new Attributes.Name("Multi-Release"), "true");
    }

    @Test
    void theUnsignedJarVerifiesAsUnsigned_andStaysMultiRelease() throws Exception {
        Path unsigned = dir.resolve("bcprov.jar");
        UnsignedJar.copy(ZipClassPath.jarOf(SHA256Digest.class), unsigned);

        try (JarFile jar = new JarFile(unsigned.toFile(), true, ZipFile.OPEN_READ, Runtime.version())) {
            JarEntry digest = jar.getJarEntry("org/bouncycastle/crypto/digests/SHA256Digest.class");
            jar.getInputStream(digest).readAllBytes();
            assertThat(digest.getCodeSigners()).isNull();
            assertThat(jar.isMultiRelease()).isTrue();
        }
    }

    @Test
    void anEntrySectionKeepsItsOtherAttributes_andOneOfDigestsOnlyGoes() throws IOException {
        Manifest published = new Manifest(new ByteArrayInputStream("""
                Manifest-Version: 1.0
                Created-By: Snowgate test

                Name: org/example/sealed/
                Sealed: true
                SHA-256-Digest: 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=

                Name: org/example/Plain.class
                SHA-256-Digest: 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=
                SHA1-Digest: 2jmj7l5rSw0yVb/vlWAYkK/YBwk=

                """.getBytes(StandardCharsets.UTF_8)));

        Manifest kept = UnsignedJar.withoutEntryDigests(published);

        assertThat(kept.getMainAttributes()).isEqualTo(published.getMainAttributes());
        assertThat(kept.getEntries()).containsOnlyKeys("org/example/sealed/");
        assertThat(kept.getAttributes("org/example/sealed/"))
                .isEqualTo(Map.of(new Attributes.Name("Sealed"), "true"));
    }

    private static Manifest manifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            return file.getManifest();
        }
    }
}
