package io.snowgate.lambda.snowflake;

import java.time.Duration;
import java.util.Objects;

/**
 * Time limits handed to snowflake-jdbc, so a login can never outlive the invocation that started it and a dead
 * connection is noticed.
 *
 * <p>The socket and network timeouts are deliberately not shortened to the invocation's time: a statement's HTTP
 * request stays open while the statement runs (Snowflake holds it up to about 45 s before answering "in progress"),
 * and one session serves later invocations too. Statements are bounded by their own timeout instead, which cancels
 * them in Snowflake; these two only have to outlast it, or a running statement would fail with a read timeout.
 *
 * <p>snowflake-jdbc 4.4.1 ignores {@code retryTimeout} below 300 seconds (0 means unlimited), so it cannot bound a
 * Lambda invocation; the login timeout, network timeout and retry count do that instead and {@code retryTimeout} is
 * left at the driver's default.
 *
 * @param connect        TCP connect timeout per HTTP request
 * @param socket         socket read timeout per HTTP request
 * @param login          whole login, retries included
 * @param network        whole network operation, retries included
 * @param query          server-side statement timeout
 * @param maxHttpRetries retries of one HTTP request
 */
public record DriverTimeouts(Duration connect, Duration socket, Duration login, Duration network, Duration query,
        int maxHttpRetries) {

    /** Connect and login short enough for an API-facing function; {@link #boundedBy} shortens them to the time left. */
    public static final DriverTimeouts DEFAULTS = new DriverTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60),
            Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(30), 2);

    private static final Duration FLOOR = Duration.ofSeconds(1);

    public DriverTimeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(query, "query");
        if (maxHttpRetries < 0) {
            throw new IllegalArgumentException("maxHttpRetries must not be negative");
        }
    }

    /**
     * These timeouts with connect, login and the default statement timeout no longer than {@code remaining} (for
     * example the Lambda context's remaining time minus a margin for the response); socket and network stay as they
     * are (see above). The driver works in whole seconds for some of them, so nothing drops below one.
     */
    public DriverTimeouts boundedBy(Duration remaining) {
        return new DriverTimeouts(cap(connect, remaining), socket, cap(login, remaining), network,
                cap(query, remaining), maxHttpRetries);
    }

    private static Duration cap(Duration value, Duration remaining) {
        Duration capped = value.compareTo(remaining) > 0 ? remaining : value;
        return capped.compareTo(FLOOR) < 0 ? FLOOR : capped;
    }
}
