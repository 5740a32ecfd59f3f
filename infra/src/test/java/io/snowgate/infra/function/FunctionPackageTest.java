package io.snowgate.infra.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionPackageTest {

    @TempDir
    Path dir;

    private Path functionZip() throws IOException {
        Path zip = dir.resolve("snowgate-lambda-function.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("lib/snowgate-lambda.jar"));
            out.write("jar bytes".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return zip;
    }

    @Test
    void withCatalog_addsTheCatalogUnderQueries_andKeepsEveryJar() throws IOException {
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), "queries: []\n");
        Path packaged = FunctionPackage.withCatalog(functionZip(), catalog, dir.resolve("out"));
        try (ZipFile zip = new ZipFile(packaged.toFile())) {
            assertThat(new String(zip.getInputStream(zip.getEntry("queries/catalog.yaml")).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("queries: []\n");
            assertThat(new String(zip.getInputStream(zip.getEntry("lib/snowgate-lambda.jar")).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("jar bytes");
            assertThat(zip.stream().map(ZipEntry::getName))
                    .containsExactlyInAnyOrder("lib/snowgate-lambda.jar", "queries/", "queries/catalog.yaml");
        }
        // Lambda unpacks the package to /var/task, which is also the class path root.
        assertThat(FunctionPackage.CATALOG_PATH).isEqualTo("/var/task/queries/catalog.yaml");
    }

    /**
     * The on-demand package is a custom runtime: Lambda runs its {@code bootstrap}, which must stay executable; the
     * catalog added beside it must be readable by the function's user.
     */
    @Test
    void withCatalog_keepsTheUnixModesOfThePackage_andGivesTheCatalogOneReadableByAll() throws IOException {
        Path zip = dir.resolve("snowgate-lambda-on-demand.zip");
        try (FileSystem out = FileSystems.newFileSystem(zip, Map.of("create", "true", "enablePosixFileAttributes",
                "true"))) {
            Path bootstrap = out.getPath("bootstrap");
            Files.writeString(bootstrap, "#!/bin/sh\n");
            Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), "queries: []\n");

        Path packaged = FunctionPackage.withCatalog(zip, catalog, dir.resolve("out"));

        try (FileSystem in = FileSystems.newFileSystem(packaged, Map.of("enablePosixFileAttributes", "true"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(in.getPath("bootstrap"))))
                    .isEqualTo("rwxr-xr-x");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    in.getPath(FunctionPackage.CATALOG_ENTRY)))).isEqualTo("rw-r--r--");
        }
    }

    @Test
    void withCatalog_givesTheSameBytesForTheSameInputs_soTheAssetHashIsStable() throws IOException {
        Path zip = functionZip();
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), "queries: []\n");
        byte[] first = Files.readAllBytes(FunctionPackage.withCatalog(zip, catalog, dir.resolve("a")));
        Files.setLastModifiedTime(catalog, FileTime.fromMillis(System.currentTimeMillis()));
        Path secondPackage = FunctionPackage.withCatalog(zip, catalog, dir.resolve("b"));
        assertThat(Files.readAllBytes(secondPackage)).isEqualTo(first);
        // Same-second runs would hide a clock-dependent field: every time the added entries carry (the local headers
        // hold access and creation times too) must be the fixed one.
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(secondPackage))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().startsWith("queries/")) {
                    assertThat(entry.getLastModifiedTime().toInstant())
                            .isEqualTo(FunctionPackage.FIXED_TIME.toInstant());
                    assertThat(entry.getLastAccessTime()).isIn(null, FunctionPackage.FIXED_TIME);
                    assertThat(entry.getCreationTime()).isIn(null, FunctionPackage.FIXED_TIME);
                }
            }
        }
    }
}
