package io.snowgate.cli.coldstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Stand-in deployment packages for building a {@link ColdStartBench} without running one. */
public final class PackageZips {

    private PackageZips() {
    }

    /** A deployment package at {@code zip} with one-byte jars of these names under {@code lib/}. */
    public static Path ofJars(Path zip, String... jars) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String jar : jars) {
                out.putNextEntry(new ZipEntry("lib/" + jar));
                out.write(new byte[] {0});
                out.closeEntry();
            }
        }
        return zip;
    }
}
