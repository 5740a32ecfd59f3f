package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A session's parameters: the set a real login response carries (notes §2.2), overridden by the client's
 * {@code SESSION_PARAMETERS} and {@code ALTER SESSION}. Sent whole in every response, because a non-empty
 * {@code parameters} list replaces the driver's map rather than merging into it.
 */
final class SessionParameters {

    static final String AUTOCOMMIT = "AUTOCOMMIT";
    static final String QUERY_TAG = "QUERY_TAG";
    static final String TIMEZONE = "TIMEZONE";
    /** Snowflake's default TIMEZONE (docs: parameters; the driver's own fallback in ResultUtil#defaultParameters). */
    static final String DEFAULT_TIMEZONE = "America/Los_Angeles";
    static final String CLIENT_TELEMETRY_ENABLED = "CLIENT_TELEMETRY_ENABLED";
    static final String CLIENT_SESSION_KEEP_ALIVE = "CLIENT_SESSION_KEEP_ALIVE";
    static final String RESULT_FORMAT = "JDBC_QUERY_RESULT_FORMAT";
    /**
     * The result format Snowflake sends a JDBC client that asked for none: Arrow (notes, "JSON instead of Arrow").
     * The stand-in answers JSON whatever is asked, so it counts the statements that would have been Arrow.
     */
    static final String DEFAULT_RESULT_FORMAT = "ARROW";
    static final String STATEMENT_TIMEOUT = "STATEMENT_TIMEOUT_IN_SECONDS";
    static final String MULTI_STATEMENT_COUNT = "MULTI_STATEMENT_COUNT";
    /** docs: sql-reference/parameters, QUERY_TAG: "String (up to 2000 characters)". */
    static final int MAX_QUERY_TAG_LENGTH = 2000;
    /** docs: sql-reference/parameters, STATEMENT_TIMEOUT_IN_SECONDS: "0 to 604800 (i.e. 7 days)". */
    static final long MAX_STATEMENT_TIMEOUT_SECONDS = 604_800;
    private static final String TIMESTAMP_TYPE_MAPPING = "CLIENT_TIMESTAMP_TYPE_MAPPING";
    private static final Set<String> TIMESTAMP_TYPES = Set.of("TIMESTAMP_LTZ", "TIMESTAMP_NTZ", "TIMESTAMP_TZ");

    private static final Map<String, Object> DEFAULTS = defaults();

    /**
     * The names {@code ALTER SESSION} accepts besides {@link #DEFAULTS}': the session parameters Snowflake documents
     * (docs: sql-reference/parameters, "Session parameters"), and the client parameters snowflake-jdbc reads from a
     * session ({@code core/SessionUtil.java} STRING_PARAMS, INT_PARAMS, BOOLEAN_PARAMS) or sets in its own tests
     * against Snowflake. Any other name is refused, as Snowflake refuses it; hidden parameters that need Snowflake's
     * own roles (the driver's tests' {@code ENABLE_...}) are refused too, as they are to an ordinary user.
     */
    private static final Set<String> OTHER_NAMES = Set.of(
            "ABORT_DETACHED_QUERY", "ACTIVE_PYTHON_PROFILER", "BINARY_INPUT_FORMAT", "CLIENT_DISABLE_INCIDENTS",
            "CLIENT_ENABLE_CONSERVATIVE_MEMORY_USAGE", "CLIENT_ENABLE_LOG_INFO_STATEMENT_PARAMETERS",
            "CLIENT_METADATA_REQUEST_USE_CONNECTION_CTX", "CLIENT_METADATA_USE_SESSION_DATABASE",
            "CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED", "CLIENT_REQUEST_MFA_TOKEN",
            "CLIENT_RESULT_COLUMN_CASE_INSENSITIVE", "CLIENT_STORE_TEMPORARY_CREDENTIAL",
            "CLIENT_VALIDATE_DEFAULT_PARAMETERS", "CSV_TIMESTAMP_FORMAT", "DATE_INPUT_FORMAT", "DEFAULT_NULL_ORDERING",
            "ENABLE_STAGE_S3_PRIVATELINK_FOR_US_EAST_1", "ENABLE_UNLOAD_PHYSICAL_TYPE_OPTIMIZATION",
            "ERROR_ON_NONDETERMINISTIC_MERGE", "ERROR_ON_NONDETERMINISTIC_UPDATE", "GEOGRAPHY_OUTPUT_FORMAT",
            "GEOMETRY_OUTPUT_FORMAT", "HYBRID_TABLE_LOCK_TIMEOUT", "JDBC_EFFICIENT_CHUNK_STORAGE",
            "JDBC_ENABLE_COMBINED_DESCRIBE", "JDBC_FORMAT_DATE_WITH_TIMEZONE", "JDBC_RS_COLUMN_CASE_INSENSITIVE",
            "JDBC_TREAT_TIMESTAMP_NTZ_AS_UTC", "JDBC_USE_JSON_PARSER", "JSON_INDENT", "JS_TREAT_INTEGER_AS_BIGINT",
            "LOCK_TIMEOUT", "LOG_LEVEL", "METRIC_LEVEL", "NOORDER_SEQUENCE_AS_DEFAULT", "ODBC_QUERY_RESULT_FORMAT",
            "ODBC_TREAT_DECIMAL_AS_INT", "PYTHON_CONNECTOR_QUERY_RESULT_FORMAT", "PYTHON_PROFILER_MODULES",
            "PYTHON_PROFILER_TARGET_STAGE", "QUOTED_IDENTIFIERS_IGNORE_CASE", "ROWS_PER_RESULTSET", RESULT_FORMAT,
            "S3_STAGE_VPCE_DNS_NAME", "SEARCH_PATH", "SERVICE_NAME", "SIMULATED_DATA_SHARING_CONSUMER",
            "SNOWPARK_LAZY_ANALYSIS", "SQL_TRACE_QUERY_TEXT", "STATEMENT_QUEUED_TIMEOUT_IN_SECONDS",
            "STRICT_JSON_OUTPUT", "TIMESTAMP_DAY_IS_ALWAYS_24H", "TIMESTAMP_INPUT_FORMAT", "TIMESTAMP_TYPE_MAPPING",
            "TIME_INPUT_FORMAT", "TRACE_LEVEL", "TRANSACTION_ABORT_ON_ERROR", "TRANSACTION_DEFAULT_ISOLATION_LEVEL",
            "TWO_DIGIT_CENTURY_START", "UNSUPPORTED_DDL_ACTION", "USE_CACHED_RESULT", "WEEK_OF_YEAR_POLICY",
            "WEEK_START");

    private final Map<String, Object> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(AUTOCOMMIT, true);
        // Snowflake's defaults, as a real login answers them (the capture in grouparoo's snowflake plugin fixtures):
        // a product that relies on UTC, or on no telemetry traffic, must set its own session parameters.
        d.put(TIMEZONE, DEFAULT_TIMEZONE);
        d.put(CLIENT_TELEMETRY_ENABLED, true);
        d.put(CLIENT_SESSION_KEEP_ALIVE, false);
        d.put("CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY", 3600);
        d.put("CLIENT_RESULT_CHUNK_SIZE", 160);
        d.put("CLIENT_PREFETCH_THREADS", 4);
        d.put("CLIENT_MEMORY_LIMIT", 1536);
        // Above 0 the driver would upload large batch binds to a stage with PUT.
        d.put("CLIENT_STAGE_ARRAY_BINDING_THRESHOLD", 0);
        d.put("TIMESTAMP_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM");
        d.put("TIMESTAMP_NTZ_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF3");
        d.put("TIMESTAMP_LTZ_OUTPUT_FORMAT", "");
        d.put("TIMESTAMP_TZ_OUTPUT_FORMAT", "");
        d.put("DATE_OUTPUT_FORMAT", "YYYY-MM-DD");
        d.put("TIME_OUTPUT_FORMAT", "HH24:MI:SS");
        d.put("BINARY_OUTPUT_FORMAT", "HEX");
        d.put(TIMESTAMP_TYPE_MAPPING, "TIMESTAMP_LTZ");
        d.put("CLIENT_HONOR_CLIENT_TZ_FOR_TIMESTAMP_NTZ", true);
        d.put("JDBC_TREAT_DECIMAL_AS_INT", true);
        d.put("JDBC_USE_SESSION_TIMEZONE", true);
        d.put(QUERY_TAG, "");
        d.put(STATEMENT_TIMEOUT, 172_800);
        d.put(MULTI_STATEMENT_COUNT, 1);
        return d;
    }

    SessionParameters() {
        values.putAll(DEFAULTS);
    }

    /**
     * Sets a parameter of this session.
     *
     * @throws StandInSqlException for a name that is no session parameter, or a value out of the parameter's range
     */
    synchronized void set(String name, Object value) {
        values.put(check(name, value), value);
    }

    /** @throws StandInSqlException for a name that is no session parameter */
    synchronized void unset(String name) {
        String key = known(name);
        values.remove(key);
        if (DEFAULTS.containsKey(key)) {
            values.put(key, DEFAULTS.get(key));
        }
    }

    synchronized Object get(String name) {
        return values.get(name);
    }

    synchronized boolean autocommit() {
        return Boolean.TRUE.equals(values.get(AUTOCOMMIT));
    }

    /** The {@code [{"name":…,"value":…}]} list for login and query responses. */
    synchronized List<Map<String, Object>> asList() {
        List<Map<String, Object>> list = new ArrayList<>();
        values.forEach((name, value) -> list.add(Map.of("name", name, "value", value)));
        return list;
    }

    /**
     * The parameter's name as stored, when {@link #set} would accept it: a statement that sets several checks them
     * all before it sets any, as Snowflake compiles a statement whole.
     *
     * @throws StandInSqlException for a name that is no session parameter, or a value out of the parameter's range
     */
    static String check(String name, Object value) {
        String key = known(name);
        validate(key, value);
        return key;
    }

    /**
     * The parameter's name as stored.
     *
     * @throws StandInSqlException for a name that is no session parameter ({@code 001006} "invalid parameter")
     */
    static String known(String name) {
        String key = name.toUpperCase(Locale.ROOT);
        if (!DEFAULTS.containsKey(key) && !OTHER_NAMES.contains(key)) {
            throw StandInSqlException.invalidParameter(key);
        }
        return key;
    }

    /** A JSON value from a login's {@code SESSION_PARAMETERS}, as the plain Java value the list carries. */
    static Object fromJson(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        String text = node.asText();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        return text;
    }

    /**
     * Checks the parameters a query-request carries for its statement alone ({@code SnowflakeStatement.setParameter}),
     * as {@link #set} checks a session's: a statement with a value out of its parameter's range does not run.
     */
    static void validateStatementParameters(Map<String, JsonNode> parameters) {
        parameters.forEach((name, value) -> validate(name.toUpperCase(Locale.ROOT), fromJson(value)));
    }

    /** Whether a requested result format asks for something other than JSON. */
    static boolean isNonJsonFormat(Object format) {
        return format != null && !String.valueOf(format).equalsIgnoreCase("JSON");
    }

    private static void validate(String key, Object value) {
        switch (key) {
            case AUTOCOMMIT -> {
                if (!(value instanceof Boolean)) {
                    throw StandInSqlException.invalidValue(key, "expected TRUE or FALSE");
                }
            }
            case TIMEZONE -> {
                try {
                    ZoneId.of(String.valueOf(value));
                } catch (DateTimeException e) {
                    throw StandInSqlException.invalidValue(key, "unknown time zone");
                }
            }
            // The driver runs SnowflakeType.valueOf on it; anything else would break every later result.
            case TIMESTAMP_TYPE_MAPPING -> {
                if (!TIMESTAMP_TYPES.contains(String.valueOf(value).toUpperCase(Locale.ROOT))) {
                    throw StandInSqlException.invalidValue(key, "expected a TIMESTAMP type");
                }
            }
            case QUERY_TAG -> {
                if (String.valueOf(value).length() > MAX_QUERY_TAG_LENGTH) {
                    throw StandInSqlException.invalidValue(key, "longer than " + MAX_QUERY_TAG_LENGTH + " characters");
                }
            }
            case STATEMENT_TIMEOUT -> {
                long seconds = value instanceof Long || value instanceof Integer ? ((Number) value).longValue()
                        : value instanceof String text && text.strip().matches("-?\\d{1,18}")
                                ? Long.parseLong(text.strip()) : -1;
                if (seconds < 0 || seconds > MAX_STATEMENT_TIMEOUT_SECONDS) {
                    throw StandInSqlException.invalidValue(key, "expected an integer from 0 to "
                            + MAX_STATEMENT_TIMEOUT_SECONDS);
                }
            }
            default -> {
            }
        }
    }
}
