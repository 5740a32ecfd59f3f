package io.snowgate.lambda.config;

import io.snowgate.lambda.snowflake.SnowflakeConfigException;
import io.snowgate.lambda.snowflake.SnowflakeEndpoint;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the function's environment variables (names in {@link io.snowgate.contract.FunctionEnvironment}): a blank
 * value counts as unset, values are stripped, and every failure is a {@link ConfigException} naming the variable,
 * never its value.
 */
public final class Environment {

    private final Map<String, String> variables;

    /** @param variables {@code System.getenv()} in production */
    public Environment(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The stripped value, absent when the variable is unset or blank. */
    public Optional<String> optional(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** @throws ConfigException when the variable is unset or blank */
    public String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException(name, "is required"));
    }

    /** A whole number within {@code [min, max]}, absent when unset. */
    public Optional<Long> wholeNumber(String name, long min, long max) {
        return optional(name).map(value -> {
            long number;
            try {
                number = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new ConfigException(name, "must be a whole number");
            }
            if (number < min || number > max) {
                throw new ConfigException(name, "must be between " + min + " and " + max);
            }
            return number;
        });
    }

    /** {@code true} or {@code false} (any case), absent when unset. */
    public Optional<Boolean> bool(String name) {
        return optional(name).map(value -> switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(name, "must be true or false");
        });
    }

    /**
     * Refuses an AWS SDK endpoint variable ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, {@code AWS_ENDPOINT_URL}) that
     * is plain HTTP to a host other than this machine; anything else is the SDK's to read, as it reads it.
     *
     * @param carries what the endpoint's requests and answers hold, for the message
     */
    public void refusePlainHttpOffLoopback(String name, String carries) {
        optional(name).ifPresent(value -> {
            if (plainHttpOffLoopback(value)) {
                throw plainHttpRefused(name, carries);
            }
        });
    }

    /**
     * Whether {@code endpoint} is {@code http://} to a host that is not loopback (a stand-in on this machine). Text
     * that is no URL with a host counts as such when it starts with {@code http:}.
     */
    public static boolean plainHttpOffLoopback(String endpoint) {
        if (!endpoint.strip().toLowerCase(Locale.ROOT).startsWith("http:")) {
            return false;
        }
        try {
            String host = URI.create(endpoint.strip()).getHost();
            return host == null || !SnowflakeEndpoint.isLoopback(host);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** The failure for an endpoint {@link #plainHttpOffLoopback}, naming where it came from, never its value. */
    public static ConfigException plainHttpRefused(String name, String carries) {
        return new ConfigException(name, "is plain http to a host that is not loopback, which would carry " + carries
                + " unencrypted: use https (plain http only for a local stand-in, http://127.0.0.1:PORT)");
    }

    /**
     * A Snowflake endpoint URL; plain HTTP only for loopback hosts (a stand-in on this machine). Refused without
     * quoting it, as every setting: a URL may carry a user, password or token.
     */
    public Optional<SnowflakeEndpoint> snowflakeEndpoint(String name) {
        return optional(name).map(value -> {
            try {
                return SnowflakeEndpoint.parse(value);
            } catch (SnowflakeConfigException e) {
                throw new ConfigException(name, "is invalid: not " + SnowflakeEndpoint.EXPECTED_FORMS);
            }
        });
    }
}
