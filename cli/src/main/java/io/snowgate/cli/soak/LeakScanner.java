package io.snowgate.cli.soak;

import io.snowgate.contract.secret.SecretField;
import io.snowgate.contract.secret.SecretLayout;
import io.snowgate.lambda.key.KeyPem;
import io.snowgate.lambda.key.Passphrase;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.key.RsaKeyPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Searches everything the soak's environments and the rotation function wrote, answered and threw for secret
 * material: every private key the secret ever held (its stored PEM body, its DER in base64 at every alignment, its
 * private exponent in hex and decimal) and passphrase, any fragment of at least {@value #WINDOW} characters of them,
 * any JWT ({@code eyJ...}), session and master tokens (the Snowflake stand-in's start with {@code sgtok-} and
 * {@code sgmst-}) and PEM private key armour.
 */
final class LeakScanner {

    /** A fragment this long of a key's text is as good as the key to a search: far too long to match by chance. */
    static final int WINDOW = 24;
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}");
    private static final List<String> MARKERS = List.of("sgtok-", "sgmst-", "PRIVATE KEY-----");

    /** One leak: the transcript, the invocation whose block it is in, and what leaked. */
    record Leak(String file, String invocation, String what) {
    }

    /** Every fragment of {@value #WINDOW} characters of every secret, with what it is a fragment of. */
    private final Map<String, String> windows = new HashMap<>();
    /** Secrets shorter than a fragment, searched for whole. */
    private final Map<String, String> whole = new HashMap<>();

    private LeakScanner() {
    }

    /** A scanner for the deployment's first key and every value the secret held (rotated keys included). */
    static LeakScanner forSecrets(SoakDeployment.ServiceKey first, Map<String, String> secretVersions) {
        LeakScanner scanner = new LeakScanner();
        scanner.addKey(first.pair(), KeyPem.body(first.encryptedPem()), first.passphrase());
        PrivateKeyReader reader = new PrivateKeyReader();
        secretVersions.forEach((version, secretString) -> {
            SecretLayout layout = SecretLayout.read(SoakDeployment.SECRET_ID, secretString);
            String stored = layout.required(SecretField.PRIVATE_KEY).value();
            String passphrase = layout.optional(SecretField.PASSPHRASE).map(SecretLayout.Field::value).orElse("");
            RsaKeyPair pair = reader.readPrivateKey(stored, Passphrase.of(passphrase));
            scanner.addKey(pair, stored.contains("-----") ? KeyPem.body(stored) : stored, passphrase);
        });
        return scanner;
    }

    private void addKey(RsaKeyPair pair, String storedBody, String passphrase) {
        addWindows(storedBody.replaceAll("\\s", ""), "the stored private key");
        byte[] der = pair.privateKey().getEncoded();
        for (int offset = 0; offset < 3; offset++) {
            addWindows(Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, offset, der.length)),
                    "the private key's DER in base64");
        }
        addWindows(pair.privateKey().getPrivateExponent().toString(16), "the private exponent (hex)");
        addWindows(pair.privateKey().getPrivateExponent().toString(), "the private exponent (decimal)");
        if (!passphrase.isEmpty()) {
            addWindows(passphrase, "the key's passphrase");
        }
    }

    private void addWindows(String text, String what) {
        if (text.length() < WINDOW) {
            // Never so for keys; a passphrase this short is searched for whole.
            whole.put(text, what);
            return;
        }
        for (int i = 0; i + WINDOW <= text.length(); i++) {
            windows.putIfAbsent(text.substring(i, i + WINDOW), what);
        }
    }

    /** Every leak in the {@code .log} files of {@code directory}. */
    List<Leak> scan(Path directory) throws IOException {
        List<Leak> leaks = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listed = Files.list(directory)) {
            files = listed.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        for (Path file : files) {
            String invocation = "(outside any invocation)";
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("=== ")) {
                        int end = line.indexOf(' ', 4);
                        invocation = end < 0 ? line.substring(4) : line.substring(4, end);
                        continue;
                    }
                    String what = find(line);
                    if (what != null) {
                        leaks.add(new Leak(file.getFileName().toString(), invocation, what));
                    }
                }
            }
        }
        return leaks;
    }

    /** What secret material {@code text} holds, or null. */
    String find(String text) {
        for (String marker : MARKERS) {
            if (text.contains(marker)) {
                return "'" + marker + "'";
            }
        }
        Matcher jwt = JWT.matcher(text);
        if (jwt.find()) {
            return "a JWT";
        }
        for (Map.Entry<String, String> secret : whole.entrySet()) {
            if (text.contains(secret.getKey())) {
                return secret.getValue();
            }
        }
        for (int i = 0; i + WINDOW <= text.length(); i++) {
            String what = windows.get(text.substring(i, i + WINDOW));
            if (what != null) {
                return what;
            }
        }
        return null;
    }
}
