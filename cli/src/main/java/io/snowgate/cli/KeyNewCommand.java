package io.snowgate.cli;

import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.RsaKeyGenerator;
import io.snowgate.lambda.key.RsaKeyPair;
import io.snowgate.lambda.snowflake.SnowflakeIdentifiers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code snowgate key new}: writes {@code rsa_key.p8} (PKCS#8, PBES2/AES-256 when a passphrase is given, mode 600)
 * and {@code rsa_key.pub}, then prints the fingerprint and the {@code ALTER USER} statement that registers the key.
 */
@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        description = "Write a new 2048-bit RSA key pair (rsa_key.p8, rsa_key.pub) and print how to register it.")
final class KeyNewCommand implements Runnable {

    static final String PRIVATE_KEY_FILE = "rsa_key.p8";
    static final String PUBLIC_KEY_FILE = "rsa_key.pub";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    KeyCommand parent;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the key pair to.")
    Path out;

    @Option(names = "--passphrase-env", paramLabel = "VAR",
            description = "Encrypt the private key with the passphrase in this environment variable.")
    String passphraseEnv;

    @Option(names = "--user", paramLabel = "NAME", description = "Snowflake user for the ALTER USER statement.")
    String user;

    @Override
    public void run() {
        Passphrase passphrase = passphraseEnv == null ? Passphrase.none()
                : parent.passphrases.fromEnvironment(passphraseEnv);
        Path privateKeyFile = out.resolve(PRIVATE_KEY_FILE);
        Path publicKeyFile = out.resolve(PUBLIC_KEY_FILE);
        for (Path existing : new Path[] {privateKeyFile, publicKeyFile}) {
            // Not following links: a link that leads nowhere still stands where the key would go.
            if (Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                throw new CommandFailedException(existing + " already exists"
                        + (Files.isSymbolicLink(existing) ? " (a symbolic link)" : "") + "; refusing to overwrite a key");
            }
        }
        RsaKeyPair pair = RsaKeyGenerator.generate();
        KeyPem pem = new KeyPem();
        try {
            createOwnerOnly(out);
        } catch (IOException e) {
            throw new CommandFailedException("cannot create the directory " + out + " (" + e.getClass().getSimpleName()
                    + ")", e);
        }
        try {
            writeAllOrNone(List.of(
                    new KeyFile(privateKeyFile, pem.privateKeyPkcs8(pair, passphrase), "rw-------"),
                    new KeyFile(publicKeyFile, pem.publicKey(pair.publicKey()), "rw-r--r--")));
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailedException(e.getFile() + " already exists; refusing to overwrite a key"
                    + leftBehind(e), e);
        } catch (IOException e) {
            throw new CommandFailedException("cannot write the key pair to " + out + ": " + e.getMessage()
                    + leftBehind(e), e);
        }

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("Wrote %s (%s) and %s%n", privateKeyFile,
                passphrase.isPresent() ? "encrypted PKCS#8, AES-256" : "unencrypted PKCS#8", publicKeyFile);
        stdout.printf("Fingerprint: %s%n", pair.fingerprint());
        stdout.println();
        stdout.println("Register the public key in Snowflake (as the user's owner, or with MODIFY PROGRAMMATIC "
                + "AUTHENTICATION METHODS;");
        stdout.println("use RSA_PUBLIC_KEY_2 instead while rotating from a key that is still in use):");
        stdout.printf("ALTER USER %s SET RSA_PUBLIC_KEY='%s';%n", userIdentifier(),
                KeyPem.publicKeyBody(pair.publicKey()));
        stdout.flush();
    }

    /**
     * Creates {@code dir} when it does not exist, owner-only where POSIX allows (as ssh-keygen makes ~/.ssh): others
     * can then neither list the key files nor swap one for their own before it is registered or stored. Its parents
     * get the umask's mode; an existing directory is left as it is.
     */
    private static void createOwnerOnly(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectory(dir,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(dir);
        }
    }

    /** The user as a Snowflake identifier: bare when it can be, else double-quoted; a placeholder when not given. */
    private String userIdentifier() {
        if (user == null || user.isBlank()) {
            return "<user>";
        }
        return SnowflakeIdentifiers.bareOrQuoted(user);
    }

    /** A file of the key pair: where, what, and its POSIX permissions. */
    record KeyFile(Path path, String content, String permissions) {
        @Override
        public String toString() {
            return "KeyFile[" + path + "]";
        }
    }

    /**
     * Writes every file, each created anew (never replacing one), or none: when one cannot be written, those this
     * call created are removed again, so a private key is never left without its public key. The failure to remove
     * one is added to the exception thrown as a suppressed one.
     *
     * @throws FileAlreadyExistsException when a file exists already (then it is left as it was)
     * @throws IOException                when a file cannot be created or written
     */
    static void writeAllOrNone(List<KeyFile> files) throws IOException {
        List<Path> created = new ArrayList<>();
        try {
            for (KeyFile file : files) {
                write(file, created);
            }
        } catch (IOException e) {
            for (Path path : created.reversed()) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException notRemoved) {
                    e.addSuppressed(notRemoved);
                }
            }
            throw e;
        }
    }

    /** "; X was written but ..." for each file a failed write left behind, or "" when it left nothing. */
    private static String leftBehind(IOException e) {
        StringBuilder message = new StringBuilder();
        for (Throwable notRemoved : e.getSuppressed()) {
            String file = notRemoved instanceof FileSystemException f && f.getFile() != null ? f.getFile()
                    : "a file";
            message.append("; ").append(file).append(" was written but could not be removed: remove it");
        }
        return message.toString();
    }

    /**
     * Creates the file anew (never replacing one, nor following a link put in its place) with its permissions from
     * the start, where POSIX allows, adds it to {@code created} as soon as it exists, and writes it through the
     * descriptor that created it, so nothing can be swapped in between.
     */
    private static void write(KeyFile file, List<Path> created) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(file.permissions());
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file.path(),
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            created.add(file.path());
            if (posix) {
                // The umask filters the mode a file is created with: set it exactly, on the file and never a link.
                Files.getFileAttributeView(file.path(), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setPermissions(permissions);
            }
            ByteBuffer bytes = ByteBuffer.wrap(file.content().getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }
}
