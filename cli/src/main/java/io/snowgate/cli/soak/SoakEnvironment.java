package io.snowgate.cli.soak;

import io.snowgate.lambda.QueryFunction;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.secret.SecretsManagerClients;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * One execution environment, as Lambda runs one: its own function (secret cache, Snowflake session) with its own
 * scheduled and HTTP handlers and its own AWS SDK client, serving one invocation at a time. Everything it writes goes
 * to its own {@link Capture}, and from there, invocation by invocation, to its transcript file.
 */
final class SoakEnvironment implements AutoCloseable {

    /** The header each environment's Secrets Manager requests carry, so the stand-in can tell whose they are. */
    static final String ENVIRONMENT_HEADER = "x-snowgate-soak-environment";

    private final int index;
    private final SecretsManagerClient client;
    private final Capture log = new Capture();
    private final QueryFunction function;
    private final ScheduledQueryHandler scheduled;
    private final HttpQueryHandler http;
    /** Lambda sends an environment one invocation at a time: a poll landing here waits its turn, fairly. */
    private final ReentrantLock busy = new ReentrantLock(true);
    private final BufferedWriter transcript;
    private volatile InvocationRecord current;
    // Secrets Manager bookkeeping, written by the stand-in's threads while this environment's invocation waits.
    private final AtomicLong secretReads = new AtomicLong();
    private int episodes;
    private boolean hasGoodSecret;
    private boolean lastEpisodeFailed;

    SoakEnvironment(int index, SoakDeployment deployment, Duration secretTtl, Duration validateAfterIdle,
            Path transcriptFile) {
        this.index = index;
        this.client = new MarkedClient(SecretsManagerClients.forLocalStandIn(deployment.secretsManager().endpoint(),
                deployment.secretsManager().region()), Integer.toString(index));
        SnowgateConfig config = new SnowgateConfig(SoakDeployment.SECRET_ID, Optional.empty(),
                Optional.of(deployment.catalog().toString()), secretTtl, SnowgateConfig.DEFAULT_SECRET_GRACE,
                Optional.of(deployment.snowflakeEndpoint()), SnowgateConfig.DEFAULT_API_TIMEOUT);
        this.function = QueryFunction.create(config, new AwsSecretSource(client), Clock.systemUTC(),
                validateAfterIdle, log.printStream());
        this.scheduled = new ScheduledQueryHandler(function);
        this.http = new HttpQueryHandler(function);
        try {
            this.transcript = Files.newBufferedWriter(transcriptFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + transcriptFile, e);
        }
    }

    int index() {
        return index;
    }

    ScheduledQueryHandler scheduled() {
        return scheduled;
    }

    HttpQueryHandler http() {
        return http;
    }

    ReentrantLock busy() {
        return busy;
    }

    /** The invocation running here now, if any. */
    InvocationRecord current() {
        return current;
    }

    void current(InvocationRecord record) {
        current = record;
    }

    Capture log() {
        return log;
    }

    /** Appends a block to this environment's transcript; called with {@link #busy} held. */
    void transcribe(String text) {
        try {
            transcript.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a transcript", e);
        }
    }

    /** Counts one GetSecretValue request from this environment, whatever answers it. */
    void countSecretRead() {
        secretReads.incrementAndGet();
    }

    long secretReads() {
        return secretReads.get();
    }

    synchronized int nextEpisode() {
        return episodes++;
    }

    synchronized boolean hasGoodSecret() {
        return hasGoodSecret;
    }

    /** A read that no fault stopped: the environment holds a good secret from now on. */
    synchronized void readServed() {
        hasGoodSecret = true;
        lastEpisodeFailed = false;
    }

    synchronized void readFaulted() {
        lastEpisodeFailed = !hasGoodSecret;
    }

    /** Whether the environment has never read the secret and its last attempt met a fault. */
    synchronized boolean coldAndLastReadFailed() {
        return !hasGoodSecret && lastEpisodeFailed;
    }

    @Override
    public void close() {
        try {
            function.close();
        } finally {
            client.close();
            try {
                transcript.write(log.drain());
                transcript.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close a transcript", e);
            }
        }
    }

    /**
     * The environment's real SDK client (as the function builds it for a stand-in), whose GetSecretValue requests
     * also carry {@link #ENVIRONMENT_HEADER}; the request is otherwise the function's own, timeouts included.
     */
    private static final class MarkedClient implements SecretsManagerClient {
        private final SecretsManagerClient delegate;
        private final String environment;

        MarkedClient(SecretsManagerClient delegate, String environment) {
            this.delegate = delegate;
            this.environment = environment;
        }

        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            AwsRequestOverrideConfiguration.Builder override = request.overrideConfiguration()
                    .map(AwsRequestOverrideConfiguration::toBuilder)
                    .orElseGet(AwsRequestOverrideConfiguration::builder);
            return delegate.getSecretValue(request.toBuilder()
                    .overrideConfiguration(override.putHeader(ENVIRONMENT_HEADER, environment).build()).build());
        }

        @Override
        public String serviceName() {
            return delegate.serviceName();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
