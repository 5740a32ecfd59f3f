package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.server.Exchange;
import io.snowgate.emulator.server.Fault;
import io.snowgate.emulator.server.StandInServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A local Snowflake the unmodified snowflake-jdbc driver logs in to with key-pair (JWT) auth over plain HTTP on
 * 127.0.0.1, and runs SQL against (on an embedded H2 database, one per stand-in). Connect with
 * {@link #jdbcUrl()} and {@link #connectionProperties(String, PrivateKey)}.
 *
 * <p>Request kinds for {@link #faults()} and {@link #counters()}: {@value #LOGIN}, {@value #QUERY},
 * {@value #RESULT}, {@value #HEARTBEAT}, {@value #TOKEN}, {@value #TELEMETRY}, {@value #CLOSE}, {@value #ABORT},
 * {@value #MONITORING}, {@value #CHUNK}; the counter
 * {@value SessionEndpoints#NON_JSON_SESSIONS} counts sessions that asked for a result format other than JSON. A planned
 * {@link Fault.Error} is answered as Snowflake's envelope with that code (HTTP 200, {@code success:false}).
 *
 * <p>Admin commands ({@code POST /_snowgate/<command>}) besides the shared ones:
 * {@code end-sessions} {@code {"user":"NAME"}} or {@code {"sessionId":N}}; {@code create-user}
 * {@code {"name":"NAME","publicKey":"PEM","admin":false}}. Lists ({@code GET /_snowgate/<list>}, or POST):
 * {@code sessions}; {@code login-failures}, refused logins with the reason behind the failure id the client saw;
 * {@code queries}, statements with their status and {@code QUERY_TAG}.
 */
public final class SnowflakeStandIn extends StandInServer {

    public static final String LOGIN = "login";
    public static final String QUERY = "query";
    public static final String RESULT = "result";
    public static final String HEARTBEAT = "heartbeat";
    public static final String TOKEN = "token";
    public static final String TELEMETRY = "telemetry";
    public static final String CLOSE = "close";
    public static final String ABORT = "abort";
    public static final String MONITORING = "monitoring";
    public static final String CHUNK = "chunk";
    /**
     * The account a stand-in serves unless configured otherwise, and the {@code account} clients pass. A set
     * account, not "any": a JWT for another account is refused, so the account a client puts in its JWT is checked
     * end to end in every test.
     */
    public static final String DEFAULT_CLIENT_ACCOUNT = "SNOWGATE";
    /**
     * The warehouse every stand-in starts with, as Snowflake trial accounts have long come with {@code COMPUTE_WH}.
     * It is no session's current warehouse unless the client names it at login or with {@code USE WAREHOUSE} (a
     * statement that needs compute fails with 000606 otherwise); {@link #connectionProperties} names it.
     */
    public static final String DEFAULT_WAREHOUSE = "COMPUTE_WH";

    /**
     * How a stand-in is set up.
     *
     * @param port 0 for a free port
     * @param account the account it serves ({@link SnowflakeAccount#any()} accepts every account)
     * @param database the one database it serves (unquoted identifier rules apply)
     * @param fingerprintMismatchCode 394304 (newer servers) or 390144 for a JWT whose fingerprint no key slot holds
     * @param firstResponseWindow how long a query-request waits for its statement before answering 333333
     * @param sessionTokenValidity after this a session token is answered 390112 and must be renewed
     * @param masterTokenValidity a session no request touched for this long ends: renewal fails with 390114 (four
     *                            hours in Snowflake; a client that wants it kept alive sends heartbeats)
     * @param resultChunkRows rows in the first response; larger results send the rest in chunks of this size
     * @param resultRetention how long finished results stay available to RESULT_SCAN and result-by-id (24 h in Snowflake)
     * @param monitoringVisibilityLag how long after a statement starts the monitoring endpoint still answers no data
     * @param userConcurrencyLimit statements one user may run at once (0: no limit); one more is refused with 000610
     * @param warehouseResumeTime how long a suspended warehouse takes to resume (zero: it never suspends)
     * @param clock the clock behind sessions, statements and results (JWT times are checked against the system
     *              clock, which drivers sign with)
     * @param aws the AWS STS whose attestations workload identity logins may carry, or null for none (every such
     *            login is then refused)
     */
    public record Config(int port, SnowflakeAccount account, String database, int fingerprintMismatchCode,
                         Duration firstResponseWindow, Duration sessionTokenValidity, Duration masterTokenValidity,
                         int resultChunkRows, Duration resultRetention, Duration monitoringVisibilityLag,
                         int userConcurrencyLimit, Duration warehouseResumeTime, Clock clock, AwsFederation aws) {

        public Config {
            if (fingerprintMismatchCode != LoginRejectedException.JWT_FINGERPRINT_MISMATCH
                    && fingerprintMismatchCode != LoginRejectedException.JWT_TOKEN_INVALID) {
                throw new IllegalArgumentException("fingerprintMismatchCode must be 394304 or 390144");
            }
            if (resultChunkRows < 1) {
                throw new IllegalArgumentException("resultChunkRows must be at least 1");
            }
            if (userConcurrencyLimit < 0) {
                throw new IllegalArgumentException("userConcurrencyLimit must be 0 (none) or more");
            }
            database = Identifiers.normalize(database);
            java.util.Objects.requireNonNull(monitoringVisibilityLag, "monitoringVisibilityLag");
            java.util.Objects.requireNonNull(warehouseResumeTime, "warehouseResumeTime");
            java.util.Objects.requireNonNull(clock, "clock");
        }

        public static Config defaults() {
            return new Config(0, new SnowflakeAccount(DEFAULT_CLIENT_ACCOUNT, null), "SNOWGATE",
                    LoginRejectedException.JWT_FINGERPRINT_MISMATCH,
                    DEFAULT_FIRST_RESPONSE_WINDOW, DEFAULT_SESSION_TOKEN_VALIDITY, DEFAULT_MASTER_TOKEN_VALIDITY,
                    DEFAULT_RESULT_CHUNK_ROWS, DEFAULT_RESULT_RETENTION, Duration.ZERO, 0, Duration.ZERO,
                    Clock.systemUTC(), null);
        }

        public Config withPort(int newPort) {
            return new Config(newPort, account, database, fingerprintMismatchCode, firstResponseWindow, sessionTokenValidity, masterTokenValidity, resultChunkRows, resultRetention, monitoringVisibilityLag, userConcurrencyLimit, warehouseResumeTime, clock, aws);
        }

        public Config withAccount(SnowflakeAccount newAccount) {
            return new Config(port, newAccount, database, fingerprintMismatchCode, firstResponseWindow, sessionTokenValidity, masterTokenValidity, resultChunkRows, resultRetention, monitoringVisibilityLag, userConcurrencyLimit, warehouseResumeTime, clock, aws);
        }

        public Config withDatabase(String newDatabase) {
            return new Config(port, account, newDatabase, fingerprintMismatchCode, firstResponseWindow, sessionTokenValidity, masterTokenValidity, resultChunkRows, resultRetention, monitoringVisibilityLag, userConcurrencyLimit, warehouseResumeTime, clock, aws);
        }

        public Config withFingerprintMismatchCode(int code) {
            return new Config(port, account, database, code, firstResponseWindow, sessionTokenValidity, masterTokenValidity, resultChunkRows, resultRetention, monitoringVisibilityLag, userConcurrencyLimit, warehouseResumeTime, clock, aws);
        }

        public Config withFirstResponseWindow(Duration window) {
            return new Config(port, account, database, fingerprintMismatchCode, window, sessionTokenValidity, masterTokenValidity, resultChunkRows, resultRetention, monitoringVisibilityLag, userConcurrencyLimit, warehouseResumeTime, clock, aws);
        }

        public Config withTokenValidity(Duration session, Duration master) {
            return new Config(port, account, database, fingerprintMismatchCode, firstResponseWindow, session, master, resultChunkRows, resultRetention, monitoringVisibilityLag, userConcurrencyLimit, warehouseResumeTime, clock, aws);
        }

        public Config withResultChunkRows(int rows) {
            return new Config(port, account, database, fingerprintMismatchCode, firstResponseWindow, sessionTokenValidity, masterTokenValidity, rows, resultRetention, monitoringVisibilityLag, userConcurrencyLimit, warehouseResumeTime, clock, aws);
        }

        public Config withResultRetention(Duration retention) {
            return new Config(port, account, database, fingerprintMismatchCode, firstResponseWindow, sessionTokenValidity, masterTokenValidity, resultChunkRows, retention, monitoringVisibilityLag, userConcurrencyLimit, warehouseResumeTime, clock, aws);
        }

        /**
         * For {@code lag} after a statement starts, the monitoring endpoint answers it with no data, as Snowflake's
         * can (snowflake-jdbc's async result set retries an empty answer for about two minutes). Zero by default;
         * turn it on in tests that poll.
         */
        public Config withMonitoringVisibilityLag(Duration lag) {
            return new Config(port, account, database, fingerprintMismatchCode, firstResponseWindow, sessionTokenValidity, masterTokenValidity, resultChunkRows, resultRetention, lag, userConcurrencyLimit, warehouseResumeTime, clock, aws);
        }

        /** At most {@code limit} statements of one user run at once; one more is refused with 000610. */
        public Config withUserConcurrencyLimit(int limit) {
            return new Config(port, account, database, fingerprintMismatchCode, firstResponseWindow, sessionTokenValidity, masterTokenValidity, resultChunkRows, resultRetention, monitoringVisibilityLag, limit, warehouseResumeTime, clock, aws);
        }

        /**
         * Warehouses suspend and take {@code resume} to start again, as Snowflake's do: a statement that needs a
         * warehouse which has run nothing for {@link QueryEndpoints#AUTO_SUSPEND} (or ever) first waits
         * {@code resume}, shown as {@code RESUMING_WAREHOUSE} by query monitoring and QUERY_HISTORY. Zero (never
         * suspended) by default; turn it on in tests of code that watches a statement's status.
         */
        public Config withWarehouseResumeTime(Duration resume) {
            return new Config(port, account, database, fingerprintMismatchCode, firstResponseWindow, sessionTokenValidity, masterTokenValidity, resultChunkRows, resultRetention, monitoringVisibilityLag, userConcurrencyLimit, resume, clock, aws);
        }

        /**
         * Accepts workload identity logins whose AWS attestation names the STS at {@code stsEndpoint} (a signed
         * {@code GetCallerIdentity} request is replayed there) or whose JWT {@code issuer} issued (its keys are
         * fetched from it), as Snowflake trusts AWS's own STS endpoints and issuers.
         */
        public Config withAwsFederation(java.net.URI stsEndpoint, String issuer) {
            return new Config(port, account, database, fingerprintMismatchCode, firstResponseWindow, sessionTokenValidity, masterTokenValidity, resultChunkRows, resultRetention, monitoringVisibilityLag, userConcurrencyLimit, warehouseResumeTime, clock, new AwsFederation(stsEndpoint, issuer));
        }

        /** The clock behind session idle time, token validity, statement times and result retention. */
        public Config withClock(Clock newClock) {
            return new Config(port, account, database, fingerprintMismatchCode, firstResponseWindow, sessionTokenValidity, masterTokenValidity, resultChunkRows, resultRetention, monitoringVisibilityLag, userConcurrencyLimit, warehouseResumeTime, newClock, aws);
        }
    }

    /**
     * The local AWS a stand-in trusts for workload identity federation, in place of AWS's STS endpoints and issuers.
     *
     * @param stsEndpoint where signed {@code GetCallerIdentity} requests may point (and are replayed to)
     * @param issuer      the {@code iss} of web identity tokens it accepts, serving OIDC discovery
     */
    public record AwsFederation(java.net.URI stsEndpoint, String issuer) {
        public AwsFederation {
            java.util.Objects.requireNonNull(stsEndpoint, "stsEndpoint");
            java.util.Objects.requireNonNull(issuer, "issuer");
        }
    }

    /** Snowflake answers a query-request within about this long, then hands out 333333 "still running". */
    public static final Duration DEFAULT_FIRST_RESPONSE_WINDOW = Duration.ofSeconds(45);
    public static final Duration DEFAULT_SESSION_TOKEN_VALIDITY = Duration.ofHours(1);
    public static final Duration DEFAULT_MASTER_TOKEN_VALIDITY = Duration.ofHours(4);
    public static final int DEFAULT_RESULT_CHUNK_ROWS = 10_000;
    public static final Duration DEFAULT_RESULT_RETENTION = Duration.ofHours(24);

    private final Config config;
    private final ObjectMapper json = new ObjectMapper();
    private final Directory directory = new Directory();
    private final Sessions sessions = new Sessions();
    private final LoginFailures loginFailures = new LoginFailures();
    private final QueryRegistry queries;
    private final SqlEngine engine;
    private final SessionEndpoints sessionEndpoints;
    private final WorkloadIdentityVerifier workloadIdentities;
    private final Endpoints endpoints;
    private final QueryEndpoints queryEndpoints;

    /** Account and database {@code SNOWGATE}, a free port. */
    public SnowflakeStandIn() {
        this(Config.defaults());
    }

    public SnowflakeStandIn(Config config) {
        super("snowflake", config.port());
        this.config = config;
        this.queries = new QueryRegistry("snowflake", config.clock(), config.resultRetention());
        // The account's administrators made the warehouse and the database, as SYSADMIN does in a new account.
        directory.createWarehouse(DEFAULT_WAREHOUSE, Directory.SYSADMIN);
        this.engine = new SqlEngine(config.database(), directory, queries, loginFailures,
                java.util.Optional.ofNullable(config.aws()).map(AwsFederation::issuer), config.clock());
        this.workloadIdentities = new WorkloadIdentityVerifier(json, directory, java.util.Optional.ofNullable(config.aws()));
        this.sessionEndpoints = new SessionEndpoints(json, config, directory, sessions, engine,
                new JwtVerifier(json, directory, config.account(), config.fingerprintMismatchCode()), workloadIdentities,
                loginFailures,
                () -> counters().increment(SessionEndpoints.NON_JSON_SESSIONS), this::endSession);
        this.queryEndpoints = new QueryEndpoints(json, config, engine, queries, sessionEndpoints);
        this.endpoints = new Endpoints(sessionEndpoints, queryEndpoints);
    }

    @Override
    public synchronized SnowflakeStandIn start() {
        super.start();
        return this;
    }

    public Config config() {
        return config;
    }

    /** {@code jdbc:snowflake://127.0.0.1:PORT/?ssl=off} */
    public String jdbcUrl() {
        return "jdbc:snowflake://127.0.0.1:" + port() + "/?ssl=off";
    }

    /** The {@code account} property clients pass: the configured account, or {@value #DEFAULT_CLIENT_ACCOUNT}. */
    public String clientAccount() {
        return config.account().clientAccount().orElse(DEFAULT_CLIENT_ACCOUNT);
    }

    /**
     * Driver properties for {@code user} logging in with {@code key}: account, user, the key object, the database, the
     * warehouse {@value #DEFAULT_WAREHOUSE}, JSON results, no platform probing (it would leave the machine) and no HTTP
     * retries (failures show at once).
     */
    public Properties connectionProperties(String user, PrivateKey key) {
        Properties properties = new Properties();
        properties.put("account", clientAccount());
        properties.put("user", user);
        properties.put("privateKey", key);
        properties.put("db", config.database());
        properties.put("warehouse", DEFAULT_WAREHOUSE);
        properties.put("disablePlatformDetection", "true");
        properties.put("maxHttpRetries", "0");
        properties.put("JDBC_QUERY_RESULT_FORMAT", "JSON");
        return properties;
    }

    /**
     * Sets a parameter for the whole account, as {@code ALTER ACCOUNT SET name = value} does in Snowflake: sessions
     * signed in from now on start with it (a client may still set its own at login), e.g. {@code TIMEZONE}.
     *
     * @throws IllegalArgumentException when the value is not valid for the parameter
     */
    public void setAccountParameter(String name, Object value) {
        try {
            new SessionParameters().set(name, value);
        } catch (StandInSqlException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        directory.setAccountParameter(name, value);
    }

    /**
     * The users (public keys and workload identities included), roles, privileges on users and warehouses, to be
     * loaded by another stand-in ({@link #load}): what {@code local up --state-dir} keeps across restarts. Tables are
     * not kept.
     */
    public StoredDirectory storedDirectory() {
        return directory.stored();
    }

    /**
     * Replaces every user and privilege on users with those another stand-in stored, and adds its roles and
     * warehouses.
     *
     * @throws IllegalArgumentException naming a stored user whose key or workload identity cannot be read
     */
    public void load(StoredDirectory stored) {
        directory.load(stored);
    }

    /** Whether a user of that name (as Snowflake normalises an unquoted identifier) exists. */
    public boolean hasUser(String name) {
        return directory.user(Identifiers.normalize(name)).isPresent();
    }

    /**
     * Creates a warehouse, as SYSADMIN's {@code CREATE WAREHOUSE IF NOT EXISTS name} would (a name only: nothing
     * suspends or queues). Sessions of roles SYSADMIN owns it for, or granted USAGE on it, use it once they name it at
     * login or with {@code USE WAREHOUSE}.
     */
    public void createWarehouse(String name) {
        directory.createWarehouse(Identifiers.normalize(name), Directory.SYSADMIN);
    }

    /**
     * Drops a warehouse, as {@code DROP WAREHOUSE IF EXISTS name} would: sessions using it fail their next statement
     * that needs compute with 000606, and later logins naming it start with no warehouse.
     */
    public void dropWarehouse(String name) {
        directory.dropWarehouse(Identifiers.normalize(name));
    }

    /** The account's warehouses, by name. */
    public List<String> warehouses() {
        return directory.warehouses();
    }

    /**
     * Creates a {@code TYPE = SERVICE} user with {@code publicKeyPem} in {@code RSA_PUBLIC_KEY}, a role
     * {@code <NAME>_ROLE} as its default role, holding MODIFY PROGRAMMATIC AUTHENTICATION METHODS on the user so the
     * user can rotate its own keys, and the stand-in's database as its default namespace. The role is granted what an
     * administrator grants a service role to work in that namespace: USAGE on {@value #DEFAULT_WAREHOUSE}, on the
     * database and on its PUBLIC schema (tables it creates there it owns; others need grants). It has no default
     * warehouse: its sessions have one only when the client names it, as a real deployment's secret does.
     *
     * @throws IllegalArgumentException when the key is not an RSA public key of at least 2048 bits, or the user exists
     */
    public void createServiceUser(String name, String publicKeyPem) {
        PublicKeys.RegisteredKey key = PublicKeys.parse(publicKeyPem);
        String user = createServiceUserWithRole(name);
        directory.grantOnUser(Directory.MODIFY_AUTH_METHODS, user, user + "_ROLE");
        directory.update(user, u -> u.keys[0] = key);
    }

    /**
     * A {@code TYPE = SERVICE} user {@code name} with a role {@code <NAME>_ROLE} granted as its default role and the
     * stand-in's database as its default namespace; the role has USAGE on the warehouse, the database and its PUBLIC
     * schema, CREATE SCHEMA on the database and CREATE TABLE and CREATE VIEW on that schema, and the SNOWFLAKE
     * database roles USAGE_VIEWER and SECURITY_VIEWER. Returns the normalised name.
     */
    private String createServiceUserWithRole(String name) {
        String user = Identifiers.normalize(name);
        String role = user + "_ROLE";
        if (directory.user(user).isPresent()) {
            throw new IllegalArgumentException("user " + user + " already exists");
        }
        directory.createUser(user, Directory.USERADMIN);
        if (!directory.roleExists(role)) {
            directory.createRole(role, Directory.USERADMIN);
        }
        directory.grantRoleToUser(role, user);
        directory.grantOnObject("USAGE", new Directory.Securable(Directory.Kind.WAREHOUSE, DEFAULT_WAREHOUSE), role);
        Directory.Securable database = new Directory.Securable(Directory.Kind.DATABASE, config.database());
        directory.grantOnObject("USAGE", database, role);
        directory.grantOnObject("CREATE SCHEMA", database, role);
        Directory.Securable publicSchema = new Directory.Securable(Directory.Kind.SCHEMA, config.database() + ".PUBLIC");
        directory.grantOnObject("USAGE", publicSchema, role);
        // A test account's service role, which makes the schemas, tables and views its tests read. CREATE privileges
        // are checked as Snowflake checks them: the demo's role, set up as the README says, has none.
        directory.grantOnObject("CREATE TABLE", publicSchema, role);
        directory.grantOnObject("CREATE VIEW", publicSchema, role);
        // And what the shipped catalog's ACCOUNT_USAGE queries need, as the README's setup grants it.
        directory.grantRoleToRole(Directory.USAGE_VIEWER, role);
        directory.grantRoleToRole(Directory.SECURITY_VIEWER, role);
        directory.update(user, u -> {
            u.type = "SERVICE";
            u.defaultRole = role;
            u.defaultNamespace = config.database() + ".PUBLIC";
        });
        return user;
    }

    /**
     * Creates a {@code TYPE = SERVICE} user with no key whose {@code WORKLOAD_IDENTITY} is {@code TYPE = AWS ARN =
     * awsArn} (and {@code ISSUER = issuer} when given, for the JWT method), with a role {@code <NAME>_ROLE} as its
     * default role and the stand-in's database as its default namespace, as {@link #createServiceUser} does.
     *
     * @throws IllegalArgumentException when {@code awsArn} is not an IAM role or user ARN, or the user exists
     */
    public void createWorkloadIdentityUser(String name, String awsArn, Optional<String> issuer) {
        io.snowgate.emulator.sts.AwsArn arn = io.snowgate.emulator.sts.AwsArn.parse(awsArn)
                .filter(a -> a.kind() != io.snowgate.emulator.sts.AwsArn.Kind.ASSUMED_ROLE)
                .orElseThrow(() -> new IllegalArgumentException("not an IAM role or user ARN: " + awsArn));
        String user = createServiceUserWithRole(name);
        directory.update(user, u -> u.workloadIdentities.put(WorkloadIdentity.DEFAULT,
                new WorkloadIdentity(WorkloadIdentity.DEFAULT, arn, issuer, config.clock().instant(), null)));
    }

    /** The ARNs of {@code user}'s workload identities by name ({@code DEFAULT} first), as SHOW lists them. */
    public java.util.Map<String, String> workloadIdentities(String user) {
        return directory.read(existingUser(user), u -> {
            java.util.Map<String, String> arns = new java.util.LinkedHashMap<>();
            u.workloadIdentities.forEach((name, identity) -> arns.put(name, identity.arn().toString()));
            return arns;
        });
    }

    /**
     * {@code jdbc:snowflake://localhost:PORT/?ssl=off}: the host name a workload identity login must use, since
     * snowflake-jdbc 4.4 sends an attestation only to a Snowflake host or one whose suffix
     * {@code SNOWFLAKE_WIF_ALLOWED_HOST_SUFFIXES} (read from the process environment only) lists, such as
     * {@code localhost}.
     */
    public String workloadIdentityJdbcUrl() {
        return "jdbc:snowflake://localhost:" + port() + "/?ssl=off";
    }

    /** Creates a person user with ACCOUNTADMIN as its granted default role and {@code publicKeyPem} in slot 1. */
    public void createAdminUser(String name, String publicKeyPem) {
        String user = Identifiers.normalize(name);
        PublicKeys.RegisteredKey key = PublicKeys.parse(publicKeyPem);
        if (directory.user(user).isPresent()) {
            throw new IllegalArgumentException("user " + user + " already exists");
        }
        directory.createUser(user, Directory.ACCOUNTADMIN);
        directory.grantRoleToUser(Directory.ACCOUNTADMIN, user);
        directory.update(user, u -> {
            u.defaultRole = Directory.ACCOUNTADMIN;
            u.defaultNamespace = config.database() + ".PUBLIC";
            u.keys[0] = key;
        });
    }

    /** Sets key slot 1 ({@code RSA_PUBLIC_KEY}) or 2 ({@code RSA_PUBLIC_KEY_2}), as an owner's ALTER USER would. */
    public void setPublicKey(String user, int slot, String publicKeyPem) {
        PublicKeys.RegisteredKey key = PublicKeys.parse(publicKeyPem);
        directory.update(existingUser(user), u -> u.keys[slotIndex(slot)] = key);
    }

    /**
     * Suspends every warehouse now, and makes each take {@code resume} to start again from now on: the next statement
     * that needs one waits that long as {@code RESUMING_WAREHOUSE}, as {@link Config#withWarehouseResumeTime} has
     * it from the start.
     */
    public void suspendWarehouses(Duration resume) {
        queryEndpoints.suspendWarehouses(resume);
    }

    /**
     * The user's {@code DEFAULT_NAMESPACE} ({@code DB} or {@code DB.SCHEMA}), or none for null, as
     * {@code ALTER USER ... SET / UNSET DEFAULT_NAMESPACE}: a session whose client names no database gets it from here,
     * and without it has no current database.
     */
    public void setDefaultNamespace(String user, String namespace) {
        directory.update(existingUser(user), u -> u.defaultNamespace = namespace);
    }

    public void unsetPublicKey(String user, int slot) {
        directory.update(existingUser(user), u -> u.keys[slotIndex(slot)] = null);
    }

    /** {@code RSA_PUBLIC_KEY_FP} or {@code RSA_PUBLIC_KEY_2_FP} ({@code SHA256:...}), empty for an empty slot. */
    public Optional<String> publicKeyFingerprint(String user, int slot) {
        return directory.read(existingUser(user), u -> Optional.ofNullable(u.keys[slotIndex(slot)])
                .map(PublicKeys.RegisteredKey::fingerprint));
    }

    public List<SessionInfo> sessions() {
        return sessions.all().stream().map(SnowflakeSession::info).toList();
    }

    /**
     * Ends every live session of {@code user} server-side at once; their next request answers 390111 and their
     * running statements are aborted (000604). Returns how many.
     */
    public int endSessions(String user) {
        String name = Identifiers.normalize(user);
        // Snowflake ends sessions server-side (SYSTEM$ABORT_SESSION: "session [...] terminated"; ALTER USER ... ABORT
        // ALL QUERIES aborts the user's queries "in all sessions" in one command): no session waits for another's
        // statement to stop. So every session is marked ended first, then their statements are cancelled, and only
        // then does each give back its connection, which may wait for its own cancelled statement to unwind.
        List<SnowflakeSession> ending = sessions.all().stream()
                .filter(session -> session.user.equals(name) && session.markEnded()).toList();
        cancelStatements(ending);
        ending.forEach(SnowflakeStandIn::releaseSession);
        return ending.size();
    }

    /** Ends one session server-side; false when it is unknown or already ended. */
    public boolean endSession(long sessionId) {
        return sessions.byId(sessionId).map(this::endSession).orElse(false);
    }

    /**
     * Sessions that asked for a result format other than JSON (login or statement parameter, or ALTER SESSION), or
     * ran a statement asking for none, which Snowflake answers in Arrow.
     */
    public long nonJsonResultFormatSessions() {
        return counters().count(SessionEndpoints.NON_JSON_SESSIONS);
    }

    /** Every statement run so far (up to the registry's bound), oldest first. */
    public List<QueryInfo> queries() {
        return queries.all().stream().map(QueryRegistry.Query::info).toList();
    }

    public Optional<QueryInfo> query(String queryId) {
        return queries.find(queryId).map(QueryRegistry.Query::info);
    }

    /**
     * Makes the session tokens of {@code user}'s live sessions expire now, so their next request is answered 390112
     * and the driver renews through token-request; with {@code master} the master token expires too, so renewal
     * fails with 390114 and the session ends. Returns how many sessions it touched.
     */
    public int expireTokens(String user, boolean master) {
        String name = Identifiers.normalize(user);
        int touched = 0;
        for (SnowflakeSession session : sessions.all()) {
            if (session.user.equals(name) && !session.ended()) {
                session.expireTokens(config.clock().instant(), master);
                touched++;
            }
        }
        return touched;
    }

    /** What lies behind the failure id a refused client got in its message. */
    public Optional<LoginFailure> loginFailure(String failureId) {
        return loginFailures.find(failureId);
    }

    /** Every refused login so far (the newest {@value LoginFailures#MAX_KEPT}), oldest first. */
    public List<LoginFailure> loginFailures() {
        return loginFailures.all();
    }

    /**
     * Tells {@code listener} of every login refused from now on, as it happens (for {@code local up}'s output: the
     * client is told only a code, as Snowflake tells it).
     */
    public void onLoginFailure(java.util.function.Consumer<LoginFailure> listener) {
        loginFailures.listen(listener);
    }

    @Override
    public synchronized void close() {
        super.close();
        sessions.endAll();
        queries.close();
        engine.close();
        workloadIdentities.close();
    }

    @Override
    protected String kindOf(Exchange exchange) {
        return Endpoints.kindOf(exchange);
    }

    @Override
    protected void handle(Exchange exchange) throws IOException {
        endpoints.serve(exchange);
    }

    @Override
    protected void respondWithError(Exchange exchange, Fault.Error error) throws IOException {
        exchange.respondJson(200, Wire.failure(error.code(), error.message(), null));
    }

    /**
     * Bodies for a {@link Fault.Status} with {@code realBody}: 429 as Snowflake's API answers it ({@code 390505} "Too
     * many requests.", docs sql-api/reference); 503 as the front end's HTML page (a stand-in's own wording: drivers
     * log such a body, they do not parse it). Both are retried by snowflake-jdbc (RestRequest#isNonRetryableHTTPCode).
     */
    @Override
    protected StatusBody statusBody(int httpStatus) {
        return switch (httpStatus) {
            case 429 -> new StatusBody("application/json",
                    "{\"code\":\"390505\",\"message\":\"Too many requests.\"}".getBytes(StandardCharsets.UTF_8));
            case 503 -> new StatusBody("text/html", ("<html><head><title>503 Service Unavailable</title></head><body>"
                    + "<h1>503 Service Unavailable</h1><p>The service is temporarily unavailable. Please try again"
                    + " later.</p></body></html>").getBytes(StandardCharsets.UTF_8));
            default -> StatusBody.EMPTY;
        };
    }

    @Override
    protected boolean handleAdminList(String list, Exchange exchange) throws IOException {
        switch (list) {
            case "login-failures" -> exchange.respondJson(200,
                    loginFailures().stream().map(SnowflakeStandIn::describe).toList());
            case "queries" -> exchange.respondJson(200, queries().stream().map(SnowflakeStandIn::describe).toList());
            case "sessions" -> exchange.respondJson(200,
                    sessions().stream().map(SnowflakeStandIn::describe).toList());
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    protected boolean handleAdmin(String command, JsonNode body, Exchange exchange) throws IOException {
        switch (command) {
            case "end-sessions" -> {
                int ended;
                if (body.hasNonNull("sessionId")) {
                    ended = endSession(body.get("sessionId").asLong()) ? 1 : 0;
                } else if (body.hasNonNull("user")) {
                    ended = endSessions(body.get("user").asText());
                } else {
                    throw new IllegalArgumentException("end-sessions needs user or sessionId");
                }
                exchange.respondJson(200, Map.of("ended", ended));
                return true;
            }
            case "create-user" -> {
                String name = body.path("name").asText("");
                String key = body.path("publicKey").asText("");
                if (name.isBlank() || key.isBlank()) {
                    throw new IllegalArgumentException("create-user needs name and publicKey");
                }
                if (body.path("admin").asBoolean(false)) {
                    createAdminUser(name, key);
                } else {
                    createServiceUser(name, key);
                }
                exchange.respondJson(200, Map.of("user", Identifiers.normalize(name),
                        "fingerprint", publicKeyFingerprint(name, 1).orElseThrow()));
                return true;
            }
            default -> {
                // The lists answer a POST too, as they did before GET did.
                return handleAdminList(command, exchange);
            }
        }
    }

    private static Map<String, Object> describe(LoginFailure failure) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("id", failure.id());
        fields.put("loginName", failure.loginName());
        fields.put("user", failure.userName());
        fields.put("code", failure.code());
        fields.put("reason", failure.reason().name());
        fields.put("errorCode", failure.reason().errorName());
        fields.put("clientType", failure.clientType());
        fields.put("at", failure.at().toString());
        return fields;
    }

    private static Map<String, Object> describe(QueryInfo query) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("id", query.id());
        fields.put("sessionId", query.sessionId());
        fields.put("user", query.user());
        fields.put("sqlText", query.sqlText());
        fields.put("queryTag", query.queryTag());
        fields.put("status", query.status().name());
        fields.put("errorCode", query.errorCode());
        fields.put("startedAt", query.startedAt().toString());
        fields.put("endedAt", query.endedAt() == null ? null : query.endedAt().toString());
        return fields;
    }

    private static Map<String, Object> describe(SessionInfo session) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("id", session.id());
        fields.put("user", session.user());
        fields.put("role", session.role());
        fields.put("database", session.database());
        fields.put("schema", session.schema());
        fields.put("warehouse", session.warehouse());
        fields.put("createdAt", session.createdAt().toString());
        fields.put("ended", session.ended());
        fields.put("requestedNonJsonResultFormat", session.requestedNonJsonResultFormat());
        return fields;
    }

    private boolean endSession(SnowflakeSession session) {
        if (!session.markEnded()) {
            return false;
        }
        cancelStatements(List.of(session));
        releaseSession(session);
        return true;
    }

    /** Aborts the running statements of sessions just marked ended, as Snowflake aborts a session's queries with it. */
    private void cancelStatements(List<SnowflakeSession> ended) {
        java.util.Set<Long> ids = ended.stream().map(session -> session.id)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        if (ids.isEmpty()) {
            return;
        }
        queries.all().stream().filter(q -> ids.contains(q.sessionId))
                .forEach(q -> q.cancel(QueryRegistry.Stop.CANCELED));
    }

    /** Gives back the connection of a session already marked ended, once its (cancelled) statement let go of it. */
    private static void releaseSession(SnowflakeSession session) {
        synchronized (session) {
            session.end();
        }
    }

    private String existingUser(String user) {
        String name = Identifiers.normalize(user);
        if (directory.user(name).isEmpty()) {
            throw new IllegalArgumentException("no user " + name);
        }
        return name;
    }

    private static int slotIndex(int slot) {
        if (slot != 1 && slot != 2) {
            throw new IllegalArgumentException("key slot must be 1 or 2, not " + slot);
        }
        return slot - 1;
    }
}
