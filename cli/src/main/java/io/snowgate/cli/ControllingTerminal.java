package io.snowgate.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The process's controlling terminal, {@code /dev/tty}, for a passphrase prompt when the JVM has no
 * {@link java.io.Console} because stdout is a pipe ({@code FP=$(./snowgate key fingerprint ...)}): as
 * {@code ssh-keygen} and {@code openssl} do, the prompt goes to the terminal and the passphrase is read from it with
 * echo off ({@code stty -echo}, the saved settings put back afterwards, also when Ctrl-C comes while typing). Without
 * a controlling terminal (cron, CI, a container without one) there is nothing to ask.
 */
final class ControllingTerminal {

    private static final File DEVICE = new File("/dev/tty");
    private static final int MAX_LINE_BYTES = 4096;

    private ControllingTerminal() {
    }

    /**
     * Asks {@code question} on the terminal and reads one line with echo off; empty when there is no controlling
     * terminal or its echo cannot be turned off (a passphrase is never read in view).
     */
    static Optional<char[]> readPassword(String question) {
        if (!DEVICE.exists()) {
            return Optional.empty();
        }
        try (FileInputStream in = new FileInputStream(DEVICE); FileOutputStream out = new FileOutputStream(DEVICE)) {
            Optional<String> saved = stty("-g");
            if (saved.isEmpty() || stty("-echo").isEmpty()) {
                return Optional.empty();
            }
            Thread restoreOnSignal = new Thread(() -> stty(saved.get()), "snowgate-terminal-restore");
            Runtime.getRuntime().addShutdownHook(restoreOnSignal);
            byte[] line = null;
            try {
                write(out, question);
                line = readLine(in);
                // Echo was off, so the Enter typed did not move the cursor on.
                write(out, System.lineSeparator());
                return Optional.of(decode(line));
            } finally {
                if (line != null) {
                    Arrays.fill(line, (byte) 0);
                }
                stty(saved.get());
                try {
                    Runtime.getRuntime().removeShutdownHook(restoreOnSignal);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is running and restores the terminal too.
                }
            }
        } catch (IOException noTerminal) {
            // /dev/tty exists but this process has no controlling terminal (ENXIO): nothing to ask.
            return Optional.empty();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(terminalCharset()));
        out.flush();
    }

    /** Reads up to a newline or the end, without the line ending; at most {@value #MAX_LINE_BYTES} bytes. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (line.size() == MAX_LINE_BYTES) {
                throw new CommandFailedException("the passphrase typed is longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        byte[] typed = Arrays.copyOf(bytes, end);
        Arrays.fill(bytes, (byte) 0);
        return typed;
    }

    /**
     * Decodes in the terminal's charset; bytes it cannot decode become U+FFFD, which {@link PassphraseSource} refuses
     * as it does in a variable.
     */
    private static char[] decode(byte[] line) {
        CharBuffer chars;
        try {
            chars = terminalCharset().newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(line));
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a decoder that replaces never fails", e);
        }
        char[] typed = new char[chars.remaining()];
        chars.get(typed);
        Arrays.fill(chars.array(), '\0');
        return typed;
    }

    /** What the terminal speaks: the locale's, as the JVM read it for stdin. */
    private static Charset terminalCharset() {
        String name = System.getProperty("stdin.encoding", System.getProperty("native.encoding"));
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Runs {@code stty} on the terminal; its output, or empty when it failed. */
    private static Optional<String> stty(String argument) {
        try {
            Process stty = new ProcessBuilder("stty", argument).redirectInput(DEVICE)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return stty.waitFor() == 0 ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
