package io.snowgate.lambda.snowflake;

import io.snowgate.contract.snowflake.HostAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the driver connects: scheme, host and port. Plain HTTP is only allowed for loopback hosts (the local
 * stand-ins); anything else must be HTTPS.
 */
public record SnowflakeEndpoint(String scheme, String host, int port) {

    /** The forms an endpoint may take, for messages that must not quote a value (a URL may carry a password). */
    public static final String EXPECTED_FORMS = "host[:port] or https://host[:port] (no path, query or user; plain"
            + " http only for a loopback host, http://127.0.0.1:PORT)";

    /** An address of 127.0.0.0/8: 127.0.0.300 is no address but a name the resolver would look up. */
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|[01]?\\d?\\d)){3}");

    public SnowflakeEndpoint {
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new SnowflakeConfigException("host", "host scheme '" + scheme + "' is not http or https");
        }
        if (scheme.equals("http") && !isLoopback(host)) {
            throw new SnowflakeConfigException("host", "host '" + host
                    + "': plain http is only allowed for loopback hosts (127.0.0.1, localhost); use https");
        }
        if (port < 1 || port > 65535) {
            throw new SnowflakeConfigException("host", "host port " + port + " is out of range");
        }
    }

    static SnowflakeEndpoint https(String host) {
        return new SnowflakeEndpoint("https", host, 443);
    }

    /**
     * Reads the {@code host} override: {@code host}, {@code host:port}, {@code https://host[:port]} or, for loopback
     * only, {@code http://127.0.0.1:port}. A bare host means HTTPS on 443.
     *
     * @throws SnowflakeConfigException naming the host when one was read, never the whole text (it may hold a
     *                                   user and password)
     */
    public static SnowflakeEndpoint parse(String value) {
        if (value == null || value.isBlank()) {
            throw new SnowflakeConfigException("host", "host is empty");
        }
        String text = value.strip();
        HostAddress address = HostAddress.parse(text).orElseThrow(() -> new SnowflakeConfigException("host",
                "host is not " + EXPECTED_FORMS));
        String scheme = address.scheme().orElse("https");
        int port = address.port().orElse(scheme.equals("http") ? 80 : 443);
        return new SnowflakeEndpoint(scheme, address.host(), port);
    }

    public boolean secure() {
        return scheme.equals("https");
    }

    /** {@code jdbc:snowflake://host:port}; the driver adds the scheme from the {@code ssl} property. */
    public String jdbcUrl() {
        return "jdbc:snowflake://" + host + ":" + port;
    }

    /** Whether {@code host} names this machine: {@code localhost}, {@code 127.x.x.x} or {@code ::1}. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || LOOPBACK_V4.matcher(h).matches();
    }
}
