package io.snowgate.lambda.snowflake;

import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The JDBC URL and connection properties for snowflake-jdbc 4.4.1, built from an account, a user and an
 * authentication. {@link #properties()} may hold a {@code PrivateKey}: {@link #toString()} lists property names only.
 *
 * <p>Always set: the normalised {@code account} (see {@link AccountIdentifier}), an {@code application} name,
 * {@code JDBC_QUERY_RESULT_FORMAT=JSON} (one result path, no Arrow JVM flags), {@code disablePlatformDetection=true}
 * (otherwise every login probes cloud metadata addresses), {@code TIMEZONE=UTC} (Snowflake's default is
 * America/Los_Angeles, or whatever the account sets: timestamps the function returns and CURRENT_DATE must not
 * depend on it), {@code TIME_OUTPUT_FORMAT=}{@value #TIME_FORMAT} (snowflake-jdbc gives a TIME value whole only as
 * text in the session's format, its {@code getTime} keeps milliseconds; Snowflake's default {@code HH24:MI:SS} drops
 * the fraction, and an account may set any other), {@code CLIENT_TELEMETRY_ENABLED=false} (Snowflake's default is
 * true, and the driver then posts in-band telemetry, also while a SnapStart hook closes the session) with
 * {@code CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED=false}, and the {@link DriverTimeouts}. Never set: {@code insecureMode},
 * {@code disableOCSPChecks}. {@code ssl=off} only for a loopback {@code http://} endpoint.
 */
public record SnowflakeConnectionSpec(String jdbcUrl, Properties properties) {

    // Property names as snowflake-jdbc 4.4.1 defines them (SFSessionProperty), then the session parameters.
    static final String ACCOUNT = "account";
    static final String USER = "user";
    static final String WAREHOUSE = "warehouse";
    static final String DATABASE = "database";
    static final String SCHEMA = "schema";
    public static final String ROLE = "role";
    static final String AUTHENTICATOR = "authenticator";
    static final String PRIVATE_KEY = "privateKey";
    static final String APPLICATION = "application";
    static final String SSL = "ssl";
    static final String ALLOW_UNDERSCORES_IN_HOST = "allowUnderscoresInHost";
    static final String DISABLE_PLATFORM_DETECTION = "disablePlatformDetection";
    static final String LOGIN_TIMEOUT = "loginTimeout";
    static final String NETWORK_TIMEOUT = "networkTimeout";
    static final String QUERY_TIMEOUT = "queryTimeout";
    static final String HTTP_CLIENT_CONNECTION_TIMEOUT = "HTTP_CLIENT_CONNECTION_TIMEOUT";
    static final String HTTP_CLIENT_SOCKET_TIMEOUT = "HTTP_CLIENT_SOCKET_TIMEOUT";
    static final String MAX_HTTP_RETRIES = "maxHttpRetries";
    static final String QUERY_RESULT_FORMAT = "JDBC_QUERY_RESULT_FORMAT";
    static final String OUT_OF_BAND_TELEMETRY = "CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED";
    // Session parameters: the driver sends properties it does not know in the login's SESSION_PARAMETERS.
    static final String TIMEZONE = "TIMEZONE";
    static final String IN_BAND_TELEMETRY = "CLIENT_TELEMETRY_ENABLED";
    static final String TIME_OUTPUT_FORMAT = "TIME_OUTPUT_FORMAT";

    /**
     * How every session formats TIME values: ISO-8601 with all nine fraction digits (docs: sql-reference/
     * date-time-input-output, FF9), which {@code java.time.LocalTime.parse} reads.
     */
    public static final String TIME_FORMAT = "HH24:MI:SS.FF9";

    /** The driver accepts {@code ^[A-Za-z][A-Za-z0-9.\-_]{1,50}$}. */
    public static final String DEFAULT_APPLICATION = "Snowgate";

    public static Builder builder(AccountIdentifier account, String user, SnowflakeAuthentication authentication) {
        return new Builder(account, user, authentication);
    }

    @Override
    public String toString() {
        TreeSet<String> names = new TreeSet<>();
        properties.keySet().forEach(name -> names.add(String.valueOf(name)));
        return "SnowflakeConnectionSpec[" + jdbcUrl + ", properties=" + names + "]";
    }

    /** Collects the optional settings; {@link #build()} validates and assembles. */
    public static final class Builder {

        private final AccountIdentifier account;
        private final String user;
        private final SnowflakeAuthentication authentication;
        private Optional<SnowflakeEndpoint> endpoint = Optional.empty();
        private Optional<String> warehouse = Optional.empty();
        private Optional<String> database = Optional.empty();
        private Optional<String> schema = Optional.empty();
        private Optional<String> role = Optional.empty();
        private String application = DEFAULT_APPLICATION;
        private DriverTimeouts timeouts = DriverTimeouts.DEFAULTS;

        private Builder(AccountIdentifier account, String user, SnowflakeAuthentication authentication) {
            this.account = Objects.requireNonNull(account, "account");
            this.user = Objects.requireNonNull(user, "user");
            this.authentication = Objects.requireNonNull(authentication, "authentication");
        }

        /** Connect here instead of the account's own host (PrivateLink, a custom host, a local stand-in). */
        public Builder endpoint(Optional<SnowflakeEndpoint> value) {
            this.endpoint = Objects.requireNonNull(value);
            return this;
        }

        public Builder warehouse(Optional<String> value) {
            this.warehouse = Objects.requireNonNull(value);
            return this;
        }

        public Builder database(Optional<String> value) {
            this.database = Objects.requireNonNull(value);
            return this;
        }

        public Builder schema(Optional<String> value) {
            this.schema = Objects.requireNonNull(value);
            return this;
        }

        public Builder role(Optional<String> value) {
            this.role = Objects.requireNonNull(value);
            return this;
        }

        public Builder application(String value) {
            this.application = Objects.requireNonNull(value);
            return this;
        }

        public Builder timeouts(DriverTimeouts value) {
            this.timeouts = Objects.requireNonNull(value);
            return this;
        }

        /** Assembles the URL and properties. */
        public SnowflakeConnectionSpec build() {
            SnowflakeEndpoint target = endpoint.orElseGet(account::endpoint);
            Properties props = new Properties();
            props.put(ACCOUNT, account.jwtIdentifier());
            props.put(USER, user);
            warehouse.filter(v -> !v.isBlank()).ifPresent(v -> props.put(WAREHOUSE, v));
            database.filter(v -> !v.isBlank()).ifPresent(v -> props.put(DATABASE, v));
            schema.filter(v -> !v.isBlank()).ifPresent(v -> props.put(SCHEMA, v));
            role.filter(v -> !v.isBlank()).ifPresent(v -> props.put(ROLE, v));
            props.putAll(authentication.driverProperties());
            props.put(APPLICATION, application);
            props.put(QUERY_RESULT_FORMAT, "JSON");
            props.put(DISABLE_PLATFORM_DETECTION, "true");
            props.put(OUT_OF_BAND_TELEMETRY, "false");
            props.put(TIMEZONE, "UTC");
            props.put(IN_BAND_TELEMETRY, "false");
            props.put(TIME_OUTPUT_FORMAT, TIME_FORMAT);
            props.put(LOGIN_TIMEOUT, Long.toString(timeouts.login().toSeconds()));
            props.put(NETWORK_TIMEOUT, Long.toString(timeouts.network().toMillis()));
            props.put(QUERY_TIMEOUT, Long.toString(timeouts.query().toSeconds()));
            props.put(HTTP_CLIENT_CONNECTION_TIMEOUT, Long.toString(timeouts.connect().toMillis()));
            props.put(HTTP_CLIENT_SOCKET_TIMEOUT, Long.toString(timeouts.socket().toMillis()));
            props.put(MAX_HTTP_RETRIES, Integer.toString(timeouts.maxHttpRetries()));
            if (!target.secure()) {
                // SnowflakeEndpoint refuses http for anything but loopback, so this never reaches the network.
                props.put(SSL, "off");
            }
            if (target.host().contains("_")) {
                // A PrivateLink host (from the account or an override) keeps its underscores; the driver's default
                // (false) may turn them into hyphens (SnowflakeConnectString), a host the private zone lacks.
                props.put(ALLOW_UNDERSCORES_IN_HOST, "true");
            }
            return new SnowflakeConnectionSpec(target.jdbcUrl(), props);
        }
    }
}
