package io.snowgate.emulator.snowflake;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The stand-in's sessions by id, session token and master token. Ended sessions stay known, to answer 390111. */
final class Sessions {

    private static final int TOKEN_BYTES = 32;
    /** Ended sessions kept to answer 390111; beyond this the oldest are forgotten, so long runs stay bounded. */
    static final int MAX_ENDED_SESSIONS = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong ids = new AtomicLong(1_000_000_001L);
    private final Map<Long, SnowflakeSession> byId = new ConcurrentHashMap<>();
    private final Map<String, SnowflakeSession> byToken = new ConcurrentHashMap<>();
    private final Map<String, SnowflakeSession> byMasterToken = new ConcurrentHashMap<>();

    long nextId() {
        return ids.getAndIncrement();
    }

    String newToken(String prefix) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    void add(SnowflakeSession session) {
        forgetOldEndedSessions();
        byId.put(session.id, session);
        byToken.put(session.token(), session);
        byMasterToken.put(session.masterToken, session);
    }

    private void forgetOldEndedSessions() {
        List<SnowflakeSession> ended = byId.values().stream().filter(SnowflakeSession::ended)
                .sorted(Comparator.comparingLong(s -> s.id)).toList();
        for (int i = 0; i < ended.size() - MAX_ENDED_SESSIONS; i++) {
            SnowflakeSession old = ended.get(i);
            byId.remove(old.id);
            byToken.remove(old.token());
            byMasterToken.remove(old.masterToken);
        }
    }

    Optional<SnowflakeSession> byToken(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(byToken.get(token));
    }

    Optional<SnowflakeSession> byMasterToken(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(byMasterToken.get(token));
    }

    Optional<SnowflakeSession> byId(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Replaces a session's token; the old one stops working. */
    String renew(SnowflakeSession session, java.time.Instant expiresAt) {
        String token = newToken("sgtok-");
        byToken.remove(session.token());
        session.renew(token, expiresAt);
        byToken.put(token, session);
        return token;
    }

    List<SnowflakeSession> all() {
        return byId.values().stream().sorted(Comparator.comparingLong(s -> s.id)).toList();
    }

    /** Ends every live session. */
    void endAll() {
        byId.values().forEach(session -> {
            synchronized (session) {
                if (!session.ended()) {
                    session.end();
                }
            }
        });
    }
}
