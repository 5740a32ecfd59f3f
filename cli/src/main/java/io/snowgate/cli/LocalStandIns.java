package io.snowgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.secretsmanager.RotationHook;
import io.snowgate.emulator.secretsmanager.SecretsManagerStandIn;
import io.snowgate.emulator.server.StandInServer;
import io.snowgate.emulator.snowflake.SnowflakeAccount;
import io.snowgate.emulator.snowflake.SnowflakeStandIn;
import io.snowgate.emulator.sts.StsStandIn;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.rotation.KeyRotation;
import io.snowgate.lambda.rotation.KeyRotationHandler;
import io.snowgate.lambda.rotation.RotationSettings;
import io.snowgate.lambda.rotation.RotationStep;
import io.snowgate.lambda.secret.SecretsManagerClients;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The local stand-ins {@code snowgate local up} (and the demo) run: started together, listed as endpoints, stopped
 * together. Adding a stand-in is one field, one start line and one endpoint line here.
 */
public final class LocalStandIns implements AutoCloseable {

    /** The function name the rotation hook's invocations carry, as Lambda's context would. */
    static final String ROTATION_FUNCTION = "snowgate-rotation";
    /** One rotation step's time, as the rotation function's Lambda timeout would bound it. */
    static final Duration ROTATION_STEP_TIMEOUT = Duration.ofMinutes(1);

    /**
     * What to start.
     *
     * @param secretsPort the Secrets Manager stand-in's port; 0 picks a free one
     * @param snowflakePort the Snowflake stand-in's port; 0 picks a free one
     * @param snowflakeAccount the Snowflake account the Snowflake stand-in serves, or null
     * @param snowflakeUsers user name to public key PEM file, for the Snowflake stand-in
     * @param region the AWS region in the Secrets Manager stand-in's ARNs, and the STS stand-in's region
     * @param accountId the 12-digit AWS account id in the Secrets Manager stand-in's ARNs
     * @param stsPort the STS stand-in's port; 0 picks a free one
     */
    public record Options(int secretsPort, int snowflakePort, String snowflakeAccount, Map<String, Path> snowflakeUsers,
            String region, String accountId, int stsPort) {
        /** AWS's region id form (the service model's RegionType pattern). */
        private static final Pattern REGION = Pattern.compile("([a-z]+-)+\\d+");

        public Options {
            checkPort("--secrets-port", secretsPort);
            checkPort("--snowflake-port", snowflakePort);
            checkPort("--sts-port", stsPort);
            snowflakeUsers = Map.copyOf(snowflakeUsers);
            if (!REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("--region must be an AWS region id such as eu-west-1, got '"
                        + region + "'");
            }
            if (!accountId.matches("\\d{12}")) {
                throw new IllegalArgumentException("--account-id must be 12 digits, got '" + accountId + "'");
            }
        }

        /** The STS stand-in on a free port. */
        public Options(int secretsPort, int snowflakePort, String snowflakeAccount, Map<String, Path> snowflakeUsers,
                String region, String accountId) {
            this(secretsPort, snowflakePort, snowflakeAccount, snowflakeUsers, region, accountId, 0);
        }

        /** The Secrets Manager stand-in in its default region and account. */
        public Options(int secretsPort, int snowflakePort, String snowflakeAccount, Map<String, Path> snowflakeUsers) {
            this(secretsPort, snowflakePort, snowflakeAccount, snowflakeUsers, SecretsManagerStandIn.DEFAULT_REGION,
                    SecretsManagerStandIn.DEFAULT_ACCOUNT_ID);
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

    /**
     * {@code local up}'s ports unless told otherwise: fixed, so a shell profile or a saved configuration keeps
     * working across restarts, and below Linux's ephemeral range (32768-60999), so an outgoing connection never holds
     * one.
     */
    public static final int DEFAULT_SECRETS_PORT = 7911;
    public static final int DEFAULT_SNOWFLAKE_PORT = 7912;
    public static final int DEFAULT_STS_PORT = 7913;

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
    private final StsStandIn sts;
    private final SecretsManagerClient client;

    private LocalStandIns(List<StandInServer> running, SecretsManagerStandIn secretsManager,
            SnowflakeStandIn snowflake, StsStandIn sts, SecretsManagerClient client) {
        this.running = running;
        this.secretsManager = secretsManager;
        this.snowflake = snowflake;
        this.sts = sts;
        this.client = client;
    }

    /**
     * Starts every stand-in; if one cannot start, those already started are stopped again.
     *
     * <p>The STS stand-in holds the local AWS identities ({@link #sts()}); the Snowflake stand-in trusts it as
     * Snowflake trusts AWS's STS, so a workload identity login with credentials it issued is verified for real, and
     * the Secrets Manager stand-in accepts them as AWS services do (besides its default access key). A
     * user whose "key file" is an IAM role ARN ({@code NAME=arn:aws:iam::...:role/...}) is created with that role as
     * its workload identity, with the STS stand-in's issuer, so both AWS methods sign in.
     *
     * <p>RotateSecret on the Secrets Manager stand-in runs Snowgate's rotation function ({@link KeyRotationHandler})
     * as its rotation hook, on the stand-in's worker after RotateSecret has answered, against the Snowflake
     * stand-in; the passphrase-secret, admin-secret and revoke settings come from this process's environment as they
     * would in Lambda ({@link RotationSettings#fromEnv}). Its JSON log lines go to stderr, leaving stdout to the
     * endpoint lines.
     *
     * @throws IllegalArgumentException when a user's public key file cannot be read or is not an RSA key
     * @throws java.io.UncheckedIOException when a port cannot be bound
     */
    public static LocalStandIns start(Options options) {
        return start(options, Optional.empty());
    }

    /**
     * As {@link #start(Options)}, first serving the secrets, users, roles, grants and warehouses of {@code state}; a
     * user the options name that the state already has keeps its stored keys (they may have been rotated since).
     *
     * @throws IllegalArgumentException also when the state was kept for another region or account
     */
    public static LocalStandIns start(Options options, Optional<LocalState> state) {
        List<StandInServer> running = new ArrayList<>();
        try {
            SecretsManagerStandIn secretsManager = new SecretsManagerStandIn(options.secretsPort(), options.region(),
                    options.accountId(), Clock.systemUTC());
            state.ifPresent(kept -> secretsManager.load(kept.secrets()));
            secretsManager.start();
            running.add(secretsManager);
            StsStandIn sts = new StsStandIn(options.stsPort(), options.region(), Clock.systemUTC()).start();
            running.add(sts);
            secretsManager.trust(sts.issuedKeys());
            SnowflakeStandIn snowflake = new SnowflakeStandIn(SnowflakeStandIn.Config.defaults()
                    .withPort(options.snowflakePort())
                    .withAccount(SnowflakeAccount.parse(options.snowflakeAccount()))
                    .withAwsFederation(sts.endpoint(), sts.issuer()));
            state.ifPresent(kept -> snowflake.load(kept.snowflake()));
            snowflake.start();
            running.add(snowflake);
            options.snowflakeUsers().forEach((user, keyOrRole) -> {
                if (snowflake.hasUser(user)) {
                    return;
                }
                if (keyOrRole.toString().startsWith("arn:")) {
                    snowflake.createWorkloadIdentityUser(user, keyOrRole.toString(), Optional.of(sts.issuer()));
                } else {
                    snowflake.createServiceUser(user, readPublicKey(user, keyOrRole));
                }
            });
            SecretsManagerClient client =
                    SecretsManagerClients.forLocalStandIn(secretsManager.endpoint(), secretsManager.region());
            secretsManager.rotationHook(rotationHook(client, snowflake));
            return new LocalStandIns(running, secretsManager, snowflake, sts, client);
        } catch (RuntimeException e) {
            running.forEach(StandInServer::close);
            throw e;
        }
    }

    private static RotationHook rotationHook(SecretsManagerClient client, SnowflakeStandIn snowflake) {
        RotationSettings fromEnv = RotationSettings.fromEnv(System.getenv());
        RotationSettings settings = new RotationSettings(fromEnv.passphraseSecretId(), fromEnv.adminSecretId(),
                fromEnv.revokePrevious(), Optional.of(new SnowflakeEndpoint("http", "127.0.0.1", snowflake.port())));
        KeyRotationHandler handler = new KeyRotationHandler(new KeyRotation(client, settings, Clock.systemUTC(),
                new JsonLog(System.err, new ObjectMapper(), Clock.systemUTC())), Clock.systemUTC());
        // The event's JSON, as Secrets Manager sends it, into the handler Lambda would run.
        return event -> handler.handleRequest(
                new ByteArrayInputStream(event.json().getBytes(StandardCharsets.UTF_8)),
                OutputStream.nullOutputStream(),
                new LocalContext(ROTATION_FUNCTION, ROTATION_STEP_TIMEOUT, Clock.systemUTC()));
    }

    private static String readPublicKey(String user, Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--user " + user + ": cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The endpoints in the order they are printed. */
    public List<Endpoint> endpoints() {
        return List.of(new Endpoint("secretsmanager", secretsManager.endpoint()),
                new Endpoint("snowflake", URI.create("http://127.0.0.1:" + snowflake.port())),
                new Endpoint("sts", sts.endpoint()));
    }

    /** The local STS: AWS identities for keyless (workload identity) sign-in. */
    public StsStandIn sts() {
        return sts;
    }

    public SecretsManagerStandIn secretsManager() {
        return secretsManager;
    }

    public SnowflakeStandIn snowflake() {
        return snowflake;
    }

    /** An AWS SDK client for the Secrets Manager stand-in; closed with the stand-ins. */
    public SecretsManagerClient secretsManagerClient() {
        return client;
    }

    /**
     * Stops every stand-in and its threads, a rotation running on the Secrets Manager stand-in's worker included,
     * then the client that rotation used; safe to call more than once.
     */
    @Override
    public void close() {
        running.forEach(StandInServer::close);
        client.close();
    }
}
