package io.snowgate.lambda.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code openssl} binary, so tests use keys made exactly as users make them and compare with the
 * fingerprint openssl itself computes. {@code ./snowgate test} installs openssl when it is missing.
 */
public final class OpenSsl {

    /** The command Snowflake's docs give for the fingerprint, run as one shell pipeline. */
    private static final String FINGERPRINT_PIPELINE =
            "openssl rsa -pubin -in \"$PUB\" -outform DER | openssl dgst -sha256 -binary | openssl enc -base64";

    private OpenSsl() {
    }

    /** Runs {@code openssl args...} in {@code dir} with extra environment; fails the test on a non-zero exit. */
    public static String run(Path dir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        return exec(dir, env, command);
    }

    /** {@code SHA256:} plus openssl's fingerprint of a public key PEM file. */
    public static String fingerprint(Path publicKeyPem) {
        return "SHA256:" + exec(publicKeyPem.getParent(), Map.of("PUB", publicKeyPem.toString()),
                List.of("sh", "-c", FINGERPRINT_PIPELINE)).strip();
    }

    /** Writes the public key of a private key file (any form openssl reads) and returns its path. */
    public static Path publicKeyOf(Path privateKey, String passphrase, Path out) {
        run(privateKey.getParent(), Map.of("PASS", passphrase == null ? "" : passphrase),
                "pkey", "-in", privateKey.toString(), "-passin", "env:PASS", "-pubout", "-out", out.toString());
        return out;
    }

    /**
     * A PKCS#12 bundle ({@code .p12}/{@code .pfx}) of a private key file and a throwaway self-signed certificate, made
     * as users export one ({@code openssl pkcs12 -export}); its bytes.
     */
    public static byte[] pkcs12(Path privateKey, String exportPassphrase) {
        Path dir = privateKey.getParent();
        run(dir, Map.of(), "req", "-new", "-x509", "-key", privateKey.toString(), "-subj", "/CN=snowgate-test",
                "-days", "1", "-out", "pkcs12-cert.pem");
        run(dir, Map.of("PASS", exportPassphrase), "pkcs12", "-export", "-inkey", privateKey.toString(),
                "-in", "pkcs12-cert.pem", "-passout", "env:PASS", "-out", "bundle.p12");
        try {
            return Files.readAllBytes(dir.resolve("bundle.p12"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String exec(Path dir, Map<String, String> env, List<String> command) {
        try {
            // stderr goes to a file: openssl chats there ("writing RSA key"), and stdout must stay clean.
            Path stderr = Files.createTempFile("openssl", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            String text = new String(output, StandardCharsets.UTF_8);
            String errors = Files.readString(stderr, StandardCharsets.UTF_8);
            Files.delete(stderr);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited " + process.exitValue() + ": " + errors);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + " (is openssl installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
