package io.snowgate.cli;

import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.server.StandInServer;
import io.snowgate.emulator.snowflake.SnowflakeAccount;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local stand-ins {@code snowgate local up} (and the demo) run: started together, listed as endpoints, stopped
 * together. Adding a stand-in is one field, one start line and one endpoint line here.
 */
public final class LocalStandIns implements AutoCloseable {

    /**
     * What to start.
     *
     * @param secretsPort the Secrets Manager stand-in's port; 0 picks a free one
     * @param snowflakePort the Snowflake stand-in's port; 0 picks a free one
     * @param snowflakeAccount the Snowflake account the Snowflake stand-in serves, or null
     * @param snowflakeUsers user name to public key PEM file, for the Snowflake stand-in
     */
    public record Options(int secretsPort, int snowflakePort, String snowflakeAccount, Map<String, Path> snowflakeUsers) {
        public Options {
            checkPort("--secrets-port", secretsPort);
            checkPort("--snowflake-port", snowflakePort);
            snowflakeUsers = Map.copyOf(snowflakeUsers);
        }

        /** Every stand-in on a free port, nothing configured. */
        public static Options defaults() {
            return new Options(0, 0, null, Map.of());
        }

        private static void checkPort(String option, int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(option + " must be between 0 and 65535, got " + port);
            }
        }
    }

    /** One endpoint a stand-in serves, printed as {@code name: uri}. */
    public record Endpoint(String name, URI uri) {
        @Override
        public String toString() {
            return name + ": " + uri;
        }
    }

    private final List<StandInServer> running;
    private final SecretsManagerStandIn secretsManager;
    private final SnowflakeStandIn snowflake;

    private LocalStandIns(List<StandInServer> running, SecretsManagerStandIn secretsManager,
            SnowflakeStandIn snowflake) {
        this.running = running;
        this.secretsManager = secretsManager;
        this.snowflake = snowflake;
    }

    /**
     * Starts every stand-in; if one cannot start, those already started are stopped again.
     *
     * @throws IllegalArgumentException when asked for a stand-in that does not exist yet
     * @throws java.io.UncheckedIOException when a port cannot be bound
     */
    public static LocalStandIns start(Options options) {
        List<StandInServer> running = new ArrayList<>();
        try {
            SecretsManagerStandIn secretsManager = new SecretsManagerStandIn(options.secretsPort()).start();
            running.add(secretsManager);
            SnowflakeAccount account = options.snowflakeAccount() == null
                    ? SnowflakeAccount.any()
                    : SnowflakeAccount.parse(options.snowflakeAccount());
            SnowflakeStandIn snowflake = new SnowflakeStandIn(SnowflakeStandIn.Config.defaults()
                    .withPort(options.snowflakePort()).withAccount(account));
            snowflake.start();
            running.add(snowflake);
            options.snowflakeUsers().forEach((user, publicKey) -> snowflake.createServiceUser(user, read(publicKey)));
            return new LocalStandIns(running, secretsManager, snowflake);
        } catch (RuntimeException e) {
            running.forEach(StandInServer::close);
            throw e;
        }
    }

    private static String read(Path publicKey) {
        try {
            return Files.readString(publicKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the public key " + publicKey, e);
        }
    }

    /** The endpoints in the order they are printed. */
    public List<Endpoint> endpoints() {
        return List.of(new Endpoint("secretsmanager", secretsManager.endpoint()),
                new Endpoint("snowflake", snowflake.endpoint()));
    }

    public SnowflakeStandIn snowflake() {
        return snowflake;
    }

    public SecretsManagerStandIn secretsManager() {
        return secretsManager;
    }

    /** Stops every stand-in and its threads; safe to call more than once. */
    @Override
    public void close() {
        running.forEach(StandInServer::close);
    }
}
