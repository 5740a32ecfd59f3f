package io.snowgate.lambda.packaging;

import io.snowgate.emulator.lambda.FunctionPackageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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
        FunctionPackageFiles.unpack(zip, root);
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
