package io.snowgate.cli;

import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.RsaKeyGenerator;
import io.snowgate.lambda.key.RsaKeyPair;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;
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

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

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
            if (Files.exists(existing)) {
                throw new CommandFailedException(existing + " already exists; refusing to overwrite a key");
            }
        }
        RsaKeyPair pair = RsaKeyGenerator.generate();
        KeyPem pem = new KeyPem();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new CommandFailedException("cannot create the directory " + out + " (" + e.getClass().getSimpleName()
                    + ")", e);
        }
        try {
            write(privateKeyFile, pem.privateKeyPkcs8(pair, passphrase), "rw-------");
            write(publicKeyFile, pem.publicKey(pair.publicKey()), "rw-r--r--");
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailedException(e.getFile() + " already exists; refusing to overwrite a key", e);
        } catch (IOException e) {
            throw new CommandFailedException("cannot write the key pair to " + out + ": " + e.getMessage(), e);
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

    /** The user as a Snowflake identifier: bare when it can be, else double-quoted; a placeholder when not given. */
    private String userIdentifier() {
        if (user == null || user.isBlank()) {
            return "<user>";
        }
        return PLAIN_IDENTIFIER.matcher(user).matches() ? user : "\"" + user.replace("\"", "\"\"") + "\"";
    }

    /** Creates the file anew (never replacing one) with its permissions from the start, where POSIX allows. */
    private static void write(Path file, String content, String permissions) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
            Files.createFile(file, mode);
            // createFile's mode is filtered by the umask; set it again so a permissive umask cannot widen it.
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
            Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            Files.write(file, bytes, StandardOpenOption.CREATE_NEW);
        }
    }
}
