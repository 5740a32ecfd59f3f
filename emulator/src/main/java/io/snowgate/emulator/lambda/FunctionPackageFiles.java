package io.snowgate.emulator.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/** A function's deployment package on disk, as Lambda puts it in {@code /var/task}. */
public final class FunctionPackageFiles {

    private FunctionPackageFiles() {
    }

    /**
     * Unpacks {@code zip} into {@code dir} as Lambda unpacks a function's package: every file with its Unix mode, so
     * a custom runtime's {@code bootstrap} and what it runs stay executable (an entry with no mode is readable by
     * all). Refuses an entry that would land outside {@code dir}. Whatever {@code dir} held is deleted first: a
     * package lands in a directory of its own ({@code /var/task} holds nothing else), and a stale file left beside it
     * would be run as if it were the package's. Returns {@code dir}.
     */
    public static Path unpack(Path zip, Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> stale = Files.walk(dir)) {
                for (Path path : stale.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(dir);
        try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
            for (ZipArchiveEntry entry : Collections.list(file.getEntries())) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("an entry outside the package: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                boolean executable = (entry.getUnixMode() & 0100) != 0;
                Files.setPosixFilePermissions(target,
                        PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return dir;
    }

    /** What {@code zip} takes unpacked: the sum of its entries' sizes, what Lambda's unzipped limit counts. */
    public static long unzippedBytes(Path zip) throws IOException {
        long bytes = 0;
        try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
            for (ZipArchiveEntry entry : Collections.list(file.getEntries())) {
                bytes += entry.getSize();
            }
        }
        return bytes;
    }
}
