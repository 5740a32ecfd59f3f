package io.snowgate.infra.function;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Puts the query catalog into a copy of the function's deployment package, so the function runs exactly the catalog
 * the schedules and routes were synthesized from. Existing entries are copied as they are (no re-compression); the
 * catalog entry gets a fixed timestamp so the same inputs give the same asset hash.
 */
public final class FunctionPackage {

    /**
     * The catalog's entry in the package. Lambda unpacks the package to /var/task and puts that directory on the
     * class path, so the catalog is both a file and the class path resource {@code queries/catalog.yaml}.
     */
    public static final String CATALOG_ENTRY = "queries/catalog.yaml";

    /** Where Lambda unpacks the deployment package, and so where the function finds the catalog. */
    public static final String CATALOG_PATH = "/var/task/" + CATALOG_ENTRY;

    /** The timestamp of every entry this class adds. */
    static final FileTime FIXED_TIME = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));

    private FunctionPackage() {
    }

    /**
     * Writes {@code outputDir/function.zip}: {@code functionZip} plus {@code catalog} as {@value #CATALOG_ENTRY}.
     *
     * @return the written package
     * @throws UncheckedIOException when a file cannot be read or written
     */
    public static Path withCatalog(Path functionZip, Path catalog, Path outputDir) {
        Path target = outputDir.resolve("function.zip");
        try {
            Files.createDirectories(outputDir);
            Files.copy(functionZip, target, StandardCopyOption.REPLACE_EXISTING);
            // With POSIX attributes the added entries get Unix modes (readable by the function's user whatever
            // Lambda does with entries that have none), and entries already there keep theirs: the on-demand
            // package's bootstrap and JVM must stay executable.
            try (FileSystem zip = FileSystems.newFileSystem(target, Map.of("enablePosixFileAttributes", "true"))) {
                Path entry = zip.getPath(CATALOG_ENTRY);
                Files.createDirectories(entry.getParent());
                Files.copy(catalog, entry, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(entry.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("rw-r--r--"));
                // The zip's extended timestamps hold access and creation times too: fix all three.
                for (Path added : List.of(entry.getParent(), entry)) {
                    Files.getFileAttributeView(added, BasicFileAttributeView.class)
                            .setTimes(FIXED_TIME, FIXED_TIME, FIXED_TIME);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the function package " + target, e);
        }
    }
}
