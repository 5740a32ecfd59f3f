package io.snowgate.emulator.snowflake;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One logged-in session: its tokens, its context (role, database, schema, warehouse), its parameters, its own H2
 * connection (so schema and transaction state never leak between sessions) and the ids of its queries, newest last.
 * Statements of one session run one at a time: callers hold the session's monitor while executing.
 */
final class SnowflakeSession {

    final long id;
    final String user;
    final String account;
    final String masterToken;
    final Instant createdAt;
    final SessionParameters parameters = new SessionParameters();
    final Connection h2;
    /** RESULT_SCAN tables already materialised in this session's H2 connection. */
    final Set<String> scannedResults = new HashSet<>();
    private final List<String> queryIds = new ArrayList<>();
    private volatile String token;
    private volatile Instant tokenExpiresAt;
    private final Duration idleLimit;
    private volatile Instant lastActivity;
    /** Set when a test expires the master token by hand; otherwise it lapses only through idleness. */
    private volatile boolean masterExpiredByHand;
    /** The H2 statement running now, so a cancel can stop it. */
    volatile java.sql.Statement running;
    private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean nonJsonResultFormat;
    String role;
    String database;
    String schema;
    String warehouse;
    /** Results of the statements run so far in the current {@code ->>} flow, newest last; empty outside one. */
    final java.util.List<Wire.QueryResult> flowResults = new ArrayList<>();
    /** True between BEGIN and COMMIT/ROLLBACK, when AUTOCOMMIT does not apply. */
    boolean explicitTransaction;

    SnowflakeSession(long id, String user, String account, String token, String masterToken, Connection h2,
                     Instant now, Duration tokenValidity, Duration masterValidity) {
        this.id = id;
        this.user = user;
        this.account = account;
        this.token = token;
        this.masterToken = masterToken;
        this.h2 = h2;
        this.createdAt = now;
        this.tokenExpiresAt = now.plus(tokenValidity);
        this.idleLimit = masterValidity;
        this.lastActivity = now;
    }

    String token() {
        return token;
    }

    void renew(String newToken, Instant expiresAt) {
        token = newToken;
        tokenExpiresAt = expiresAt;
    }

    boolean tokenExpired(Instant now) {
        return !now.isBefore(tokenExpiresAt);
    }

    /**
     * The master token lapses once no request touched the session for the idle limit (Snowflake: four hours of
     * inactivity unless the client keeps the session alive with heartbeats), or when a test expired it.
     */
    boolean masterTokenExpired(Instant now) {
        return masterExpiredByHand || !now.isBefore(lastActivity.plus(idleLimit));
    }

    /** A request (statement, poll, heartbeat, renewal...) reached the session: its idle time starts again. */
    void touch(Instant now) {
        if (now.isAfter(lastActivity)) {
            lastActivity = now;
        }
    }

    /** Makes the session token (and with {@code master} the master token too) expire now. */
    void expireTokens(Instant now, boolean master) {
        tokenExpiresAt = now;
        if (master) {
            masterExpiredByHand = true;
        }
    }

    boolean ended() {
        return ended.get();
    }

    /**
     * Marks the session ended without waiting for its running statement, so every request from now on answers
     * 390111; false when it already was. {@link #end()} must follow to release the connection.
     */
    boolean markEnded() {
        return ended.compareAndSet(false, true);
    }

    /**
     * Marks the session ended and releases its H2 connection (rolling back what it had not committed). Callers hold
     * the session's monitor, so a statement running in it is not cut off mid-write.
     */
    void end() {
        ended.set(true);
        try {
            h2.close();
        } catch (SQLException e) {
            // The in-memory database is going away with the connection; nothing to recover.
        }
    }

    /** Marks that the client asked for a non-JSON result format; true the first time only. */
    boolean markNonJsonResultFormat() {
        if (nonJsonResultFormat) {
            return false;
        }
        nonJsonResultFormat = true;
        return true;
    }

    boolean nonJsonResultFormat() {
        return nonJsonResultFormat;
    }

    synchronized void recordQuery(String queryId) {
        queryIds.add(queryId);
    }

    /** {@code LAST_QUERY_ID(n)}: -1 (the default) is the newest, 1 the oldest; null when there is none. */
    synchronized String queryId(int index) {
        int position = index < 0 ? queryIds.size() + index : index - 1;
        return position >= 0 && position < queryIds.size() ? queryIds.get(position) : null;
    }

    SessionInfo info() {
        return new SessionInfo(id, user, role, database, schema, warehouse, createdAt, ended.get(), nonJsonResultFormat);
    }
}
