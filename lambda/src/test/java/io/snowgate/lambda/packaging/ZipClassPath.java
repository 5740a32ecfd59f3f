package io.snowgate.lambda.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The deployment package's class path, as Lambda's Java runtime builds it: every {@code lib/*.jar} of the zip, and
 * nothing from the Maven build. Extracted once per zip into {@code target/function-package/}.
 */
final class ZipClassPath {

    private ZipClassPath() {
    }

    /** Extracts {@code zip} (when it is newer than the last extraction) and returns its {@code lib} directory. */
    static synchronized Path extract(Path zip) throws IOException {
        Path root = zip.toAbsolutePath().getParent().resolve("function-package-check");
        Path stamp = root.resolve(".extracted");
        if (Files.exists(stamp) && Files.getLastModifiedTime(stamp).compareTo(Files.getLastModifiedTime(zip)) >= 0) {
            return root.resolve("lib");
        }
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(root);
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("zip entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(stamp, zip.toString());
        return root.resolve("lib");
    }

    /** The jars in {@code lib}, sorted by name. */
    static List<Path> jars(Path lib) throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }
}
