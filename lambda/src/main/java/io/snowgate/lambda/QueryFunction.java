package io.snowgate.lambda;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.snowgate.catalog.CatalogException;
import io.snowgate.catalog.QueryCatalog;
import io.snowgate.contract.FunctionEnvironment;
import io.snowgate.contract.FunctionSizing;
import io.snowgate.lambda.config.SnowgateConfig;
import io.snowgate.lambda.handler.InvocationRunner;
import io.snowgate.lambda.http.HttpQueryHandler;
import io.snowgate.lambda.invocation.LocalContext;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.metrics.Metrics;
import io.snowgate.lambda.prime.ClassPriming;
import io.snowgate.lambda.prime.OfflinePaths;
import io.snowgate.lambda.query.QueryRuns;
import io.snowgate.lambda.query.QueryService;
import io.snowgate.lambda.secret.AwsSecretSource;
import io.snowgate.lambda.secret.SecretCache;
import io.snowgate.lambda.secret.SecretSource;
import io.snowgate.lambda.schedule.ScheduledQueryHandler;
import io.snowgate.lambda.session.JdbcSnowflakeSessions;
import io.snowgate.lambda.session.SecretSignIns;
import io.snowgate.lambda.session.SignInSource;
import io.snowgate.lambda.session.WorkloadIdentitySignIns;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Everything the handlers share in one execution environment, built once from the configuration: the catalog, what
 * the session signs in with (the secret cache in key-pair mode, the function's AWS role in workload identity mode,
 * where no secret exists), the Snowflake session, the query services and the invocation skeleton; each handler takes
 * only the parts it uses. Building it opens no socket and reads no secret, so a
 * SnapStart snapshot taken after init holds neither; the first invocation connects.
 *
 * <p>Before a snapshot the session is closed and the secret forgotten ({@link #beforeCheckpoint}).
 */
public final class QueryFunction implements Resource, AutoCloseable {

    /**
     * snowflake-jdbc logs every login at INFO through java.util.logging; in CloudWatch that is cost, not signal.
     * Held in a field because java.util.logging keeps loggers only weakly, which would drop the level.
     */
    private static final java.util.logging.Logger DRIVER_LOGGER = java.util.logging.Logger.getLogger("net.snowflake");

    /** The function's own timeout is at most Lambda's; the catalog is checked against it at start-up. */
    static final int MAX_FUNCTION_TIMEOUT_SECONDS = FunctionSizing.LAMBDA_MAX_TIMEOUT_SECONDS;

    /**
     * How many times priming runs what every invocation runs without the network (both handlers' skeletons, the SDK's
     * request path): past the 200 calls after which the JVM compiles a method (C1's {@code Tier3InvocationThreshold}),
     * so that this code is compiled in the snapshot, not interpreted after each restore. Measured: README, "SnapStart:
     * priming".
     */
    static final int PRIMING_ROUNDS = 300;

    private final QueryCatalog catalog;
    /** Empty in workload identity mode: there is no secret. */
    private final Optional<SecretCache> secrets;
    private final JdbcSnowflakeSessions sessions;
    private final QueryService queries;
    private final QueryRuns runs;
    private final InvocationRunner runner;
    private final Duration apiTimeout;
    private final ObjectMapper json;
    private final SecretSource secretSource;
    private final PrivateKeyReader keyReader;
    private final JsonLog log;
    private final Clock clock;

    QueryFunction(SnowgateConfig config, QueryCatalog catalog, SecretSource secretSource,
            Supplier<AwsCredentialsProvider> awsCredentials, Clock clock, java.io.PrintStream logs, ObjectMapper json,
            Duration validateAfterIdle) {
        this.catalog = catalog;
        this.json = json;
        this.apiTimeout = config.apiTimeout();
        this.secretSource = secretSource;
        this.clock = clock;
        this.log = new JsonLog(logs, json, clock);
        this.keyReader = new PrivateKeyReader();
        SignInSource signIns;
        if (config.workloadIdentity().isPresent()) {
            this.secrets = Optional.empty();
            signIns = new WorkloadIdentitySignIns(config.workloadIdentity().get(), awsCredentials, log);
        } else {
            SecretCache cache = new SecretCache(secretSource, config.secretId(), config.passphraseSecretId(),
                    config.secretTtl(), config.secretGrace(), clock, keyReader, log);
            this.secrets = Optional.of(cache);
            signIns = new SecretSignIns(cache);
        }
        this.sessions = new JdbcSnowflakeSessions(signIns, config.snowflakeUrl(), validateAfterIdle, clock, log);
        this.queries = new QueryService(catalog, sessions, json, clock);
        this.runs = new QueryRuns(queries, sessions, json, clock);
        // Log lines and metric lines share one stream: Lambda sends both to CloudWatch Logs, where EMF is read.
        this.runner = new InvocationRunner(json, log, new Metrics(logs, json, clock,
                () -> secrets.map(SecretCache::fetches).orElse(0L),
                () -> secrets.map(SecretCache::staleServes).orElse(0L)), clock);
    }

    /**
     * The function as Lambda runs it: configuration from {@code env}; in key-pair mode secrets from AWS Secrets
     * Manager, in workload identity mode no Secrets Manager client at all.
     */
    public static QueryFunction fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, System.out);
    }

    /**
     * As {@link #fromEnvironment(Map)}, writing its JSON log and metric lines to {@code logs}: Lambda's is stdout,
     * a local run's stderr, so stdout carries the result alone.
     */
    public static QueryFunction fromEnvironment(Map<String, String> env, java.io.PrintStream logs) {
        DRIVER_LOGGER.setLevel(java.util.logging.Level.WARNING);
        SnowgateConfig config = SnowgateConfig.fromEnv(env);
        SecretSource secrets = config.workloadIdentity().isPresent() ? NO_SECRETS : AwsSecretSource.fromEnvironment();
        return create(config, secrets, Clock.systemUTC(), JdbcSnowflakeSessions.DEFAULT_VALIDATE_AFTER_IDLE, logs);
    }

    /** Workload identity mode's secret source: never asked, as there is no secret. */
    private static final SecretSource NO_SECRETS = (secretId, deadline) -> {
        throw new IllegalStateException("workload identity mode reads no secret");
    };

    /**
     * A function with the given collaborators; {@code validateAfterIdle} is how long a session may sit unused before
     * it is checked with a heartbeat.
     */
    public static QueryFunction create(SnowgateConfig config, SecretSource secretSource, Clock clock,
            Duration validateAfterIdle) {
        return create(config, secretSource, clock, validateAfterIdle, System.out);
    }

    /**
     * As {@link #create(SnowgateConfig, SecretSource, Clock, Duration)}, writing its JSON log and metric lines to
     * {@code logs}.
     */
    public static QueryFunction create(SnowgateConfig config, SecretSource secretSource, Clock clock,
            Duration validateAfterIdle, java.io.PrintStream logs) {
        return create(config, secretSource, WorkloadIdentitySignIns.DEFAULT_CHAIN, clock, validateAfterIdle, logs);
    }

    /** The mapper the function reads events and writes answers with. */
    public static ObjectMapper jsonMapper() {
        // A number parameter is an exact decimal of up to 38 digits: read JSON numbers as sent, not as doubles, and
        // with the places they were sent with (a VARIANT's 12.50 stays 12.50). A NUMBER's value is written with every
        // place of its scale, never as BigDecimal's 0E-9 or 1.5E-7.
        return new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    /**
     * As {@link #create(SnowgateConfig, SecretSource, Clock, Duration, java.io.PrintStream)}, with the AWS credentials
     * chain workload identity mode checks before each login (the SDK's default chain in production).
     */
    public static QueryFunction create(SnowgateConfig config, SecretSource secretSource,
            Supplier<AwsCredentialsProvider> awsCredentials, Clock clock, Duration validateAfterIdle,
            java.io.PrintStream logs) {
        ObjectMapper json = jsonMapper();
        QueryCatalog catalog = config.catalogLocation()
                .map(QueryFunction::catalogFile)
                .orElseGet(() -> QueryCatalog.loadValidResource(QueryCatalog.DEFAULT_RESOURCE,
                        MAX_FUNCTION_TIMEOUT_SECONDS));
        QueryFunction function = new QueryFunction(config, catalog, secretSource, awsCredentials, clock,
                logs, json, validateAfterIdle);
        Core.getGlobalContext().register(function);
        return function;
    }

    /**
     * The catalog {@code SNOWGATE_CATALOG} names, read and checked; a location with no file is said in the variable's
     * name.
     */
    private static QueryCatalog catalogFile(String location) {
        try {
            Path file = Path.of(location);
            if (Files.isRegularFile(file)) {
                return QueryCatalog.loadValid(file, MAX_FUNCTION_TIMEOUT_SECONDS);
            }
        } catch (InvalidPathException e) {
            // Not a path at all: no file either.
        }
        throw new CatalogException(FunctionEnvironment.CATALOG + " names no catalog file: " + location);
    }

    /** Runs catalog queries to completion. */
    public QueryService queries() {
        return queries;
    }

    /** Starts and reads asynchronous runs. */
    public QueryRuns runs() {
        return runs;
    }

    /** The skeleton each handler runs its invocations in (deadline, metrics, failures, the log line). */
    public InvocationRunner runner() {
        return runner;
    }

    /** How long API Gateway waits for the HTTP handler, as deployed. */
    public Duration apiTimeout() {
        return apiTimeout;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        close();
        prime();
    }

    /**
     * Runs all of a first invocation that needs no network before a SnapStart snapshot, so that the first invocation
     * after a restore finds it loaded, initialised and compiled: the classes a real run loads
     * ({@link ClassPriming}), each scheduled query's parameters bound, the Secrets Manager client built (not
     * called), the key reader's path on a throwaway key, TLS up to a client hello, and both handlers' skeletons (JSON
     * events, answers, the log line and the metric document) on events that fail before any call, written nowhere.
     * Leaves no socket, thread or secret: {@code QueryFunctionSnapshotTest} checks.
     */
    public ClassPriming.Result prime() {
        long start = System.nanoTime();
        for (var query : catalog.queries()) {
            var params = query.schedule().map(schedule -> schedule.params()).orElse(Map.of());
            try {
                var bound = query.bind(params);
                json.writeValueAsString(Map.of("query", query.name(), "sql", bound.jdbcSql(),
                        "parameters", bound.values().size()));
            } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
                // Required parameters without a scheduled value: nothing to prime for this query.
            }
        }
        ClassPriming.Result classes = ClassPriming.prime(QueryFunction.class.getClassLoader());
        secretSource.prime(PRIMING_ROUNDS);
        OfflinePaths.signInPath(keyReader, json);
        boolean driverCaches = OfflinePaths.driverCaches(QueryFunction.class.getClassLoader());
        OfflinePaths.tls();
        primeHandlers();
        log.info("snapstart_primed", Map.of(
                "classesInitialised", classes.initialised(),
                "classesLoadedOnly", classes.loadedOnly(),
                "classesMissing", classes.missing().size(),
                "driverCachesPrimed", driverCaches,
                "durationMs", Duration.ofNanos(System.nanoTime() - start).toMillis()));
        return classes;
    }

    /**
     * Both handlers, {@link #PRIMING_ROUNDS} times each, on a runner that writes nowhere, with events for a query no
     * catalog has.
     */
    private void primeHandlers() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        InvocationRunner quiet = new InvocationRunner(json, new JsonLog(nowhere, json, clock),
                new Metrics(nowhere, json, clock, () -> 0, () -> 0), clock);
        var scheduled = new ScheduledQueryHandler(queries, quiet, () -> { });
        var http = new HttpQueryHandler(queries, runs, quiet, apiTimeout, () -> { });
        for (int round = 0; round < PRIMING_ROUNDS; round++) {
            invokeQuietly(scheduled, "{\"query\":\"snowgate-priming\",\"params\":{}}");
            invokeQuietly(http, PRIMING_HTTP_EVENT);
        }
    }

    /** An HTTP API (payload 2.0) call for a query that does not exist, signed by an IAM principal. */
    private static final String PRIMING_HTTP_EVENT = """
            {"version":"2.0","routeKey":"POST /queries/{name}","rawPath":"/queries/snowgate-priming",
             "rawQueryString":"","headers":{"content-type":"application/json"},
             "requestContext":{"accountId":"000000000000","apiId":"priming","domainName":"priming.invalid",
               "http":{"method":"POST","path":"/queries/snowgate-priming","protocol":"HTTP/1.1",
                 "sourceIp":"127.0.0.1","userAgent":"snowgate-priming"},
               "authorizer":{"iam":{"accountId":"000000000000","userArn":"arn:aws:iam::000000000000:user/priming",
                 "userId":"PRIMING"}},
               "requestId":"snowgate-priming","routeKey":"POST /queries/{name}","stage":"$default",
               "time":"01/Jan/2026:00:00:00 +0000","timeEpoch":1767225600000},
             "pathParameters":{"name":"snowgate-priming"},"body":"{}","isBase64Encoded":false}
            """;

    private void invokeQuietly(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, String event) {
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                    OutputStream.nullOutputStream(), new LocalContext("snowgate-priming", Duration.ofSeconds(30),
                            clock));
        } catch (IOException | RuntimeException expected) {
            // A scheduled run of an unknown query fails, as it must: the failure path is what is primed.
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to restore: the first invocation after a restore fetches the secret and signs in.
    }

    /** Closes the Snowflake session and forgets the secret and decoded key. */
    @Override
    public void close() {
        sessions.close();
        secrets.ifPresent(SecretCache::clear);
    }
}
