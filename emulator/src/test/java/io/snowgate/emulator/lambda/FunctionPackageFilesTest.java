package io.snowgate.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionPackageFilesTest {

    @TempDir
    Path dir;

    @Test
    void unpack_keepsWhatIsExecutable_andMakesTheRestReadableByAll() throws IOException {
        Path zip = zip(Map.of("bootstrap", 0755, "runtime/bin/java", 0755, "lib/a.jar", 0644, "java.args", -1));

        Path task = FunctionPackageFiles.unpack(zip, dir.resolve("task"));

        assertThat(mode(task.resolve("bootstrap"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(task.resolve("runtime/bin/java"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(task.resolve("lib/a.jar"))).isEqualTo("rw-r--r--");
        assertThat(mode(task.resolve("java.args"))).as("an entry without a mode").isEqualTo("rw-r--r--");
        assertThat(task.resolve("lib/a.jar")).hasContent("lib/a.jar");
    }

    @Test
    void unpack_replacesWhatTheDirectoryHeld() throws IOException {
        Path task = dir.resolve("task");
        Files.createDirectories(task.resolve("lib"));
        Files.writeString(task.resolve("lib/stale.jar"), "from an older package");
        Files.writeString(task.resolve("bootstrap"), "old");

        FunctionPackageFiles.unpack(zip(Map.of("bootstrap", 0755, "lib/a.jar", 0644)), task);

        assertThat(task.resolve("lib/stale.jar")).doesNotExist();
        assertThat(task.resolve("bootstrap")).hasContent("bootstrap");
        assertThat(task.resolve("lib/a.jar")).exists();
    }

    @Test
    void unpack_refusesAnEntryOutsideTheDirectory() throws IOException {
        Path zip = zip(Map.of("../escaped", 0644));

        assertThatThrownBy(() -> FunctionPackageFiles.unpack(zip, dir.resolve("task")))
                .isInstanceOf(IOException.class).hasMessageContaining("../escaped");
        assertThat(dir.resolve("escaped")).doesNotExist();
    }

    @Test
    void unzippedBytes_isTheSumOfTheEntriesSizes() throws IOException {
        Path zip = zip(Map.of("bootstrap", 0755, "lib/a.jar", 0644));

        assertThat(FunctionPackageFiles.unzippedBytes(zip)).isEqualTo("bootstrap".length() + "lib/a.jar".length());
    }

    /** A zip whose entries hold their own names, each with the given Unix mode (-1: none recorded). */
    private Path zip(Map<String, Integer> modes) throws IOException {
        Path zip = Files.createTempFile(dir, "package", ".zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
            for (Map.Entry<String, Integer> file : modes.entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(file.getKey());
                if (file.getValue() >= 0) {
                    entry.setUnixMode(UnixStat.FILE_FLAG | file.getValue());
                }
                out.putArchiveEntry(entry);
                out.write(file.getKey().getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            }
        }
        return zip;
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
