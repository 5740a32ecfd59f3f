package io.snowgate.cli;

import io.snowgate.lambda.key.Passphrase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Runs the real {@code snowgate} command line in-process with captured stdout/stderr, a given environment (the only
 * one the command sees; {@code SNOWGATE_CATALOG} in it chooses the catalog, otherwise the working tree's) and,
 * optionally, what a user would type at the passphrase prompt or stdin.
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Map<String, String> env, String... args) {
        return runTyping(env, null, args);
    }

    /** {@code typed} is what the prompt returns; {@code null} behaves like having no terminal. */
    static CliRun runTyping(Map<String, String> env, String typed, String... args) {
        return run(env, typed, null, args);
    }

    /** With {@code clients} building the Secrets Manager client {@code secret} commands use. */
    static CliRun runWithClient(Map<String, String> env, Supplier<SecretsManagerClient> clients, String... args) {
        return run(env, null, clients, args);
    }

    /** With stdin holding {@code stdin}, e.g. for {@code --event -}. */
    static CliRun runWithStdin(Map<String, String> env, byte[] stdin, String... args) {
        return run(env, null, null, stdin, args);
    }

    private static CliRun run(Map<String, String> env, String typed, Supplier<SecretsManagerClient> clients,
            String... args) {
        return run(env, typed, clients, new byte[0], args);
    }

    private static CliRun run(Map<String, String> env, String typed, Supplier<SecretsManagerClient> clients,
            byte[] stdin, String... args) {
        CommandLine commandLine = SnowgateCommand.commandLine();
        SnowgateCommand root = commandLine.getCommand();
        // The command sees this environment alone, never the developer's shell.
        root.environment = Map.copyOf(env);
        root.stdin = new java.io.ByteArrayInputStream(stdin);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        KeyCommand key = commandLine.getSubcommands().get("key").getCommand();
        PassphraseSource passphrases = new PassphraseSource(env::get) {
            @Override
            Optional<Passphrase> prompt(String question) {
                return Optional.ofNullable(typed).map(Passphrase::of);
            }
        };
        key.passphrases = passphrases;
        SecretCommand secret = commandLine.getSubcommands().get("secret").getCommand();
        secret.passphrases = passphrases;
        if (clients != null) {
            secret.clients = clients;
        }
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
