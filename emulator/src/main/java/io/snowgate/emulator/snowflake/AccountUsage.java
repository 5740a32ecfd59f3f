package io.snowgate.emulator.snowflake;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The views of {@code SNOWFLAKE.ACCOUNT_USAGE} that Snowgate's shipped catalog reads, built from what this stand-in
 * saw, so those queries run locally as they do in Snowflake (docs: sql-reference/account-usage/login_history and
 * warehouse_metering_history; columns in Snowflake's order, the ones the stand-in cannot know left out):
 * <ul>
 *   <li>{@code LOGIN_HISTORY}: every login, successful or refused (with the error's name as Snowflake lists it);</li>
 *   <li>{@code WAREHOUSE_METERING_HISTORY}: per warehouse and hour, the time its statements ran, billed as an X-Small
 *       warehouse (one credit an hour), no cloud services.</li>
 * </ul>
 * Unlike Snowflake's (up to two or three hours behind), they are current. As in Snowflake, a role reads one only
 * through the SNOWFLAKE database role that opens it ({@code SNOWFLAKE.USAGE_VIEWER} for the metering history,
 * {@code SNOWFLAKE.SECURITY_VIEWER} for the login history: docs sql-reference/snowflake-db-roles), through IMPORTED
 * PRIVILEGES on the SNOWFLAKE database (which holds every one of those roles) or as ACCOUNTADMIN; any other is told
 * the view does not exist or is not authorized (002003).
 */
final class AccountUsage {

    /** Login as Snowflake lists a key-pair sign-in in {@code FIRST_AUTHENTICATION_FACTOR}. */
    private static final String KEY_PAIR = "RSA_KEYPAIR";
    private static final int MAX_LOGINS = 10_000;

    private final QueryRegistry queries;
    private final LoginFailures failures;
    private final Directory directory;
    private final List<SuccessfulLogin> logins = new ArrayList<>();

    private record SuccessfulLogin(String user, Instant at) {
    }

    AccountUsage(QueryRegistry queries, LoginFailures failures, Directory directory) {
        this.queries = queries;
        this.failures = failures;
        this.directory = directory;
    }

    /** Notes a session's successful login. */
    synchronized void loggedIn(SnowflakeSession session) {
        logins.add(new SuccessfulLogin(session.user, session.createdAt));
        if (logins.size() > MAX_LOGINS) {
            logins.remove(0);
        }
    }

    /**
     * Copies a view into a session-local table and returns its name.
     *
     * @throws StandInSqlException 002003 for a view the stand-in does not have
     */
    String view(SnowflakeSession session, String name) {
        String view = name.toUpperCase(Locale.ROOT);
        String openedBy = switch (view) {
            case "LOGIN_HISTORY" -> Directory.SECURITY_VIEWER;
            case "WAREHOUSE_METERING_HISTORY" -> Directory.USAGE_VIEWER;
            default -> throw StandInSqlException.tableDoesNotExist("SNOWFLAKE.ACCOUNT_USAGE." + view);
        };
        java.util.Set<String> roles = directory.closure(session.role);
        if (!roles.contains(Directory.ACCOUNTADMIN) && !roles.contains(openedBy)) {
            throw StandInSqlException.tableDoesNotExist("SNOWFLAKE.ACCOUNT_USAGE." + view);
        }
        return view.equals("LOGIN_HISTORY") ? loginHistory(session) : meteringHistory(session);
    }

    private String loginHistory(SnowflakeSession session) {
        String table = ResultTables.TABLE_PREFIX + "LOGIN_HISTORY";
        List<SuccessfulLogin> successes;
        synchronized (this) {
            successes = List.copyOf(logins);
        }
        try (Statement create = session.h2.createStatement()) {
            create.execute("DROP TABLE IF EXISTS " + table);
            create.execute("CREATE LOCAL TEMPORARY TABLE " + table + " (EVENT_ID VARCHAR, EVENT_TIMESTAMP "
                    + SqlTranslator.LTZ_DOMAIN + ", EVENT_TYPE VARCHAR, USER_NAME VARCHAR, CLIENT_IP VARCHAR, "
                    + "REPORTED_CLIENT_TYPE VARCHAR, REPORTED_CLIENT_VERSION VARCHAR, FIRST_AUTHENTICATION_FACTOR VARCHAR, "
                    + "SECOND_AUTHENTICATION_FACTOR VARCHAR, IS_SUCCESS VARCHAR, ERROR_CODE NUMERIC(38, 0), "
                    + "ERROR_MESSAGE VARCHAR)");
            try (PreparedStatement insert = session.h2.prepareStatement("INSERT INTO " + table
                    + " VALUES (?, ?, 'LOGIN', ?, ?, ?, ?, ?, NULL, ?, ?, ?)")) {
                int id = 0;
                for (SuccessfulLogin login : successes) {
                    row(insert, Integer.toString(++id), login.at(), login.user(), null, null, null, "YES", null,
                            null);
                }
                for (LoginFailure failure : failures.all()) {
                    String user = failure.userName() != null ? failure.userName() : failure.loginName();
                    String error = failure.reason().errorName() != null ? failure.reason().errorName()
                            : failure.reason().name();
                    row(insert, failure.id(), failure.at(), user, failure.clientIp(), failure.clientType(),
                            failure.clientVersion(), "NO", (long) failure.code(), error);
                }
            }
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
        return table;
    }

    private static void row(PreparedStatement insert, String id, Instant at, String user, String clientIp,
            String clientType, String clientVersion, String success, Long errorCode, String errorMessage)
            throws SQLException {
        insert.setString(1, id);
        insert.setObject(2, at.atOffset(ZoneOffset.UTC));
        insert.setString(3, user == null ? null : user.toUpperCase(Locale.ROOT));
        insert.setString(4, clientIp);
        insert.setString(5, clientType);
        insert.setString(6, clientVersion);
        insert.setString(7, KEY_PAIR);
        insert.setString(8, success);
        insert.setObject(9, errorCode);
        insert.setString(10, errorMessage);
        insert.executeUpdate();
    }

    private String meteringHistory(SnowflakeSession session) {
        String table = ResultTables.TABLE_PREFIX + "WAREHOUSE_METERING_HISTORY";
        // Warehouse and hour to seconds of statements that ran in it.
        Map<String, Map<Instant, Double>> seconds = new TreeMap<>();
        for (QueryRegistry.Query query : queries.all()) {
            QueryInfo info = query.info();
            if (query.warehouse == null || info.endedAt() == null) {
                continue;
            }
            Instant hour = info.startedAt().truncatedTo(ChronoUnit.HOURS);
            double ran = Duration.between(info.startedAt(), info.endedAt()).toMillis() / 1000.0;
            seconds.computeIfAbsent(query.warehouse, w -> new TreeMap<>()).merge(hour, ran, Double::sum);
        }
        try (Statement create = session.h2.createStatement()) {
            create.execute("DROP TABLE IF EXISTS " + table);
            create.execute("CREATE LOCAL TEMPORARY TABLE " + table + " (START_TIME " + SqlTranslator.LTZ_DOMAIN
                    + ", END_TIME " + SqlTranslator.LTZ_DOMAIN + ", WAREHOUSE_ID NUMERIC(38, 0), WAREHOUSE_NAME VARCHAR, "
                    + "CREDITS_USED NUMERIC(38, 9), CREDITS_USED_COMPUTE NUMERIC(38, 9), "
                    + "CREDITS_USED_CLOUD_SERVICES NUMERIC(38, 9))");
            try (PreparedStatement insert = session.h2.prepareStatement("INSERT INTO " + table
                    + " VALUES (?, ?, ?, ?, ?, ?, 0)")) {
                long warehouseId = 0;
                for (var warehouse : seconds.entrySet()) {
                    warehouseId++;
                    for (var hour : warehouse.getValue().entrySet()) {
                        double credits = hour.getValue() / 3600.0;
                        insert.setObject(1, hour.getKey().atOffset(ZoneOffset.UTC));
                        insert.setObject(2, hour.getKey().plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC));
                        insert.setLong(3, warehouseId);
                        insert.setString(4, warehouse.getKey());
                        insert.setBigDecimal(5, java.math.BigDecimal.valueOf(credits));
                        insert.setBigDecimal(6, java.math.BigDecimal.valueOf(credits));
                        insert.executeUpdate();
                    }
                }
            }
        } catch (SQLException e) {
            throw H2Errors.map(e);
        }
        return table;
    }
}
