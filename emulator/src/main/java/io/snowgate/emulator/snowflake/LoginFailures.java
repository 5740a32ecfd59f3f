package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Refused logins by failure id, the newest {@value #MAX_KEPT} kept: what the login endpoint records and what
 * {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS} and the admin API read back. Thread-safe.
 */
final class LoginFailures {

    static final int MAX_KEPT = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, LoginFailure> byId = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LoginFailure> eldest) {
            return size() > MAX_KEPT;
        }
    };

    private final List<Consumer<LoginFailure>> listeners = new CopyOnWriteArrayList<>();

    void add(LoginFailure failure) {
        synchronized (this) {
            byId.put(failure.id().toLowerCase(Locale.ROOT), failure);
        }
        listeners.forEach(listener -> listener.accept(failure));
    }

    /** Tells {@code listener} of every refused login from now on, on the thread that refused it. */
    void listen(Consumer<LoginFailure> listener) {
        listeners.add(listener);
    }

    /** The failure behind an id, in any letter case (Snowflake's own examples upper-case it). */
    synchronized Optional<LoginFailure> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id.toLowerCase(Locale.ROOT)));
    }

    synchronized List<LoginFailure> all() {
        return List.copyOf(byId.values());
    }

    /**
     * What {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS('<id>')} returns (docs: functions/system_get_login_failure_details):
     * a JSON object with {@code clientIP}, {@code clientType}, {@code clientVersion}, {@code username} (null when the
     * failure came before the user was found), {@code errorCode} (the JWT error's name) and {@code timestamp} (Unix
     * seconds). Empty for an unknown id, and for failures that are not key-pair failures.
     */
    Optional<String> details(String id) {
        return find(id).filter(f -> f.reason().hasFailureDetails()).map(failure -> {
            ObjectNode details = JSON.createObjectNode();
            details.put("clientIP", failure.clientIp());
            details.put("clientType", failure.clientType());
            details.put("clientVersion", failure.clientVersion());
            details.put("username", failure.userName());
            details.put("errorCode", failure.reason().errorName());
            details.put("timestamp", failure.at().getEpochSecond());
            return details.toString();
        });
    }

    /**
     * The {@code clientType} Snowflake reports for a login's {@code CLIENT_APP_ID}: the docs' example is
     * {@code JDBC_DRIVER}; a client that reports nothing known is {@code OTHER}.
     */
    static String clientType(String clientAppId) {
        if (clientAppId == null) {
            return "OTHER";
        }
        return switch (clientAppId.toUpperCase(Locale.ROOT)) {
            case "JDBC" -> "JDBC_DRIVER";
            case "JAVASCRIPT" -> "JAVASCRIPT_DRIVER";
            case "PYTHONCONNECTOR" -> "PYTHON_DRIVER";
            case "GO" -> "GO_DRIVER";
            case "ODBC" -> "ODBC_DRIVER";
            default -> "OTHER";
        };
    }
}
