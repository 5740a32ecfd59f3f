package io.snowgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.snowgate.emulator.secretsmanager.StoredSecret;
import io.snowgate.emulator.snowflake.StoredDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * What {@code local up --state-dir DIR} keeps across restarts, in {@code DIR/state.json}: the Secrets Manager
 * stand-in's live secrets (values, labels, ARNs, rotation configuration) and the Snowflake stand-in's users, roles,
 * grants on users (public keys, workload identities) and warehouses. Snowflake tables and the STS stand-in's credentials are not
 * kept. The file holds secret values, so the directory is made owner-only (0700) and the file 0600, and it is
 * replaced whole (written aside, then moved) so a crash mid-write leaves the previous state.
 */
record LocalState(List<StoredSecret> secrets, StoredDirectory snowflake) {

    static final String FILE = "state.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    LocalState {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        snowflake = snowflake == null ? StoredDirectory.empty() : snowflake;
    }

    /** The state of running stand-ins. */
    static LocalState of(LocalStandIns standIns) {
        return new LocalState(standIns.secretsManager().storedSecrets(), standIns.snowflake().storedDirectory());
    }

    /**
     * The state kept in {@code dir}, or empty when there is none yet (a new directory).
     *
     * @throws IllegalArgumentException when the file is not a state this command wrote (its message says where, never
     *                                  a value)
     */
    static Optional<LocalState> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), LocalState.class));
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the file's text, which holds secrets: say where, not what.
            throw new IllegalArgumentException(file + " is not a state local up wrote (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + "); move it away to start"
                    + " afresh", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes this state to {@code dir} (created owner-only if missing), replacing what was there. */
    void write(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } catch (FileAlreadyExistsException e) {
                    throw new UncheckedIOException(dir + " exists and is not a directory", e);
                }
            }
            Path aside = Files.createTempFile(dir, FILE, ".tmp", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            JSON.writeValue(aside.toFile(), this);
            try {
                Files.move(aside, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(aside, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }
}
