package io.snowgate.contract.snowflake;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code [scheme://]host[:port][/]}, split by hand: {@link java.net.URI} has no host for names with underscores,
 * which Snowflake account hosts can have. Scheme and host lower-cased.
 */
public record HostAddress(Optional<String> scheme, String host, Optional<Integer> port) {

    private static final Pattern FORM = Pattern.compile(
            "(?:([A-Za-z][A-Za-z0-9+.-]*)://)?([A-Za-z0-9_.-]+|\\[[0-9A-Fa-f:]+\\])(?::(\\d{1,5}))?/?");

    /** The address {@code text} names, or empty when it has any other form (a path, a query, a user). */
    public static Optional<HostAddress> parse(String text) {
        Matcher matcher = FORM.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new HostAddress(
                Optional.ofNullable(matcher.group(1)).map(v -> v.toLowerCase(Locale.ROOT)),
                matcher.group(2).toLowerCase(Locale.ROOT),
                Optional.ofNullable(matcher.group(3)).map(Integer::parseInt)));
    }
}
