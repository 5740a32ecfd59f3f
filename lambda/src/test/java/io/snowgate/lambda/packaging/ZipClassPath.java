package io.snowgate.lambda.packaging;

import io.snowgate.emulator.lambda.FunctionPackageFiles;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
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
        FunctionPackageFiles.unpack(zip, root);
        Files.writeString(stamp, zip.toString());
        return root.resolve("lib");
    }

    /** The jar (or directory) the running class path loaded {@code type} from. */
    static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no path for " + type.getName() + "'s code source", e);
        }
    }

    /** The CRC of each file in {@code jar} whose name {@code names} accepts, by name: what two jars compare on. */
    static Map<String, Long> crcs(Path jar, Predicate<String> names) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return Collections.list(zip.entries()).stream()
                    .filter(entry -> !entry.isDirectory() && names.test(entry.getName()))
                    .collect(Collectors.toMap(ZipEntry::getName, ZipEntry::getCrc));
        }
    }

    /** The jars in {@code lib}, sorted by name. */
    static List<Path> jars(Path lib) throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }
}
