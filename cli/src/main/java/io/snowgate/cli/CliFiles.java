package io.snowgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading a file a command was given, with the one-line failure every command reports the same way. */
final class CliFiles {

    private CliFiles() {
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException(file + ": no such file", e);
        } catch (IOException e) {
            throw new CommandFailedException(file + ": cannot read it (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
