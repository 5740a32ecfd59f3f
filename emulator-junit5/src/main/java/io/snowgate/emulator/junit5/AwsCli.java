package io.snowgate.emulator.junit5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real AWS CLI (v1 or v2, whichever {@code aws} is on the PATH, or the one {@value #BINARY_VARIABLE}
 * names) against a local Secrets Manager stand-in, so that what operators type is tested as they type it. The CLI
 * never sees the developer's AWS set-up: every inherited {@code AWS_*} variable is dropped; it gets the static
 * credentials it is given (an access key the stand-in accepts: it verifies signatures), a region, {@code AWS_EC2_METADATA_DISABLED=true}, empty config and credentials files of its own, and
 * the stand-in's endpoint in {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}. CLIs before v1.29.0 and v2.13.0 (Debian 12's
 * awscli is 2.9.19) ignore that variable and would call AWS itself; for them {@link #shell} does what the README
 * tells their users to do, and {@link #run} always names the endpoint. Should a CLI still aim elsewhere, every host
 * but 127.0.0.1 goes to a proxy address nothing listens on, so no request can leave the machine.
 *
 * <p>A missing CLI fails the test, naming how to get one: {@code ./snowgate test} installs it.
 */
public final class AwsCli {

    /** Names the CLI to run instead of {@code aws} on the PATH (for example a v2 next to a v1). */
    public static final String BINARY_VARIABLE = "SNOWGATE_AWS_CLI";
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** Nothing listens here: a request that is not for 127.0.0.1 fails instead of reaching AWS. */
    private static final String DEAD_PROXY = "http://127.0.0.1:9";
    private static final Pattern VERSION = Pattern.compile("aws-cli/(\\d+)\\.(\\d+)\\.");

    /** What a CLI run printed, and how it ended. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    private final String binary;
    private final Path workDir;
    private final Map<String, String> environment;
    private String version;

    private AwsCli(String binary, Path workDir, Map<String, String> environment) {
        this.binary = binary;
        this.workDir = workDir;
        this.environment = environment;
    }

    /**
     * A CLI pointed at {@code endpoint} in {@code region}, signing with the long-term access key {@code accessKeyId}
     * and its {@code secretAccessKey}, running in {@code workDir} (where its empty config files are written, and
     * where relative paths such as {@code file://secret.json} resolve).
     */
    public static AwsCli against(URI endpoint, String region, String accessKeyId, String secretAccessKey,
            Path workDir) {
        Path config = workDir.resolve(".aws-config");
        Path credentials = workDir.resolve(".aws-credentials");
        try {
            Files.writeString(config, "");
            Files.writeString(credentials, "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CLI's empty config files in " + workDir, e);
        }
        String binary = System.getenv().getOrDefault(BINARY_VARIABLE, "aws");
        return new AwsCli(binary, workDir, Map.ofEntries(
                Map.entry("AWS_ACCESS_KEY_ID", accessKeyId),
                Map.entry("AWS_SECRET_ACCESS_KEY", secretAccessKey),
                Map.entry("AWS_REGION", region),
                Map.entry("AWS_DEFAULT_REGION", region),
                Map.entry("AWS_EC2_METADATA_DISABLED", "true"),
                Map.entry("AWS_CONFIG_FILE", config.toString()),
                Map.entry("AWS_SHARED_CREDENTIALS_FILE", credentials.toString()),
                Map.entry("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint.toString()),
                Map.entry("AWS_DEFAULT_OUTPUT", "json"),
                // v2 pipes output through a pager and may prompt; neither belongs in a test.
                Map.entry("AWS_PAGER", ""),
                Map.entry("AWS_CLI_AUTO_PROMPT", "off"),
                Map.entry("HTTP_PROXY", DEAD_PROXY),
                Map.entry("HTTPS_PROXY", DEAD_PROXY),
                Map.entry("NO_PROXY", "127.0.0.1"),
                Map.entry("no_proxy", "127.0.0.1")));
    }

    /** {@code aws --endpoint-url <stand-in> args...}, for example {@code run("secretsmanager", "list-secrets")}. */
    public Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.add("--endpoint-url");
        command.add(environment.get("AWS_ENDPOINT_URL_SECRETS_MANAGER"));
        command.addAll(List.of(args));
        return exec(command, Map.of());
    }

    /**
     * A shell script (bash) with the CLI's environment plus {@code extra}, as a user would paste it. A CLI that
     * ignores {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} gets the shell function the README gives its users.
     */
    public Result shell(String script, Map<String, String> extra) {
        String endpoint = readsServiceEndpointVariable() ? "" : " --endpoint-url \"$AWS_ENDPOINT_URL_SECRETS_MANAGER\"";
        List<String> command = List.of("bash", "-euo", "pipefail", "-c",
                // "aws" in the script is the CLI this runner was asked to use.
                "aws() { command \"$SNOWGATE_AWS_CLI_BINARY\"" + endpoint + " \"$@\"; }\n" + script);
        Map<String, String> withBinary = new HashMap<>(extra);
        withBinary.put("SNOWGATE_AWS_CLI_BINARY", binary);
        return exec(command, withBinary);
    }

    /**
     * Whether this CLI reads service-specific endpoints from the environment: AWS CLI v1 from 1.29.0 and v2 from
     * 2.13.0 (botocore 1.31.0 changelog, "Configure the endpoint URL ... via an environment variable").
     */
    public boolean readsServiceEndpointVariable() {
        Matcher parsed = VERSION.matcher(version());
        if (!parsed.find()) {
            throw new AssertionError("cannot read the AWS CLI's version from: " + version());
        }
        int major = Integer.parseInt(parsed.group(1));
        int minor = Integer.parseInt(parsed.group(2));
        return major == 1 ? minor >= 29 : major > 2 || minor >= 13;
    }

    /** The CLI's own version line, e.g. {@code aws-cli/1.45.11 Python/3.11.7 ...}, asked once. */
    public synchronized String version() {
        if (version == null) {
            Result asked = run("--version");
            if (asked.exitCode() != 0) {
                throw new AssertionError("aws --version failed: " + asked);
            }
            // Older CLIs print it on stderr, newer ones and v2 on stdout.
            version = (asked.out() + asked.err()).strip();
        }
        return version;
    }

    private Result exec(List<String> command, Map<String, String> extra) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.equalsIgnoreCase("http_proxy")
                || name.equalsIgnoreCase("https_proxy") || name.equalsIgnoreCase("no_proxy"));
        builder.environment().putAll(environment);
        builder.environment().putAll(extra);
        try {
            Path out = Files.createTempFile(workDir, "aws", ".out");
            Path err = Files.createTempFile(workDir, "aws", ".err");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new AssertionError("cannot run the AWS CLI '" + binary + "': install it (./snowgate test"
                        + " installs Debian's awscli when run as root) or set " + BINARY_VARIABLE, e);
            }
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("the AWS CLI did not finish within " + TIMEOUT.toSeconds() + " s: "
                        + command + "\nstderr so far: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while the AWS CLI ran", e);
        }
    }
}
