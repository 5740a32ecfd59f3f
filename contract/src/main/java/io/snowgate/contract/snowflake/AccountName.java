package io.snowgate.contract.snowflake;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Snowflake account identifier read the one way the function and the CDK app both read it: the identifier in the
 * key-pair or workload identity JWT and the host in the URL.
 *
 * <p>Accepted forms: {@code locator}, {@code locator.region[.cloud][.privatelink]} (regions from the shipped table),
 * {@code org-account}, {@code org.account} (second part not a region), {@code org-account.privatelink}, and a full
 * {@code https://...snowflakecomputing.com} URL of any of these.
 *
 * <p>JWT identifier: upper case, no region, cloud or privatelink segment, org and account joined by {@code -},
 * underscores kept (snowflake-jdbc 3.27+ would turn {@code myorg.myacct} into {@code MYORG}, so it is given whole).
 * URL host: lower case, region/cloud/privatelink segments kept, underscores become hyphens in a public host but stay
 * in a PrivateLink host (to which the driver then connects with {@code allowUnderscoresInHost}).
 *
 * @param jwtIdentifier e.g. {@code MYORG-MY_ACCT} or {@code XY12345}
 * @param host          e.g. {@code myorg-my-acct.snowflakecomputing.com} or
 *                      {@code myorg-my_acct.privatelink.snowflakecomputing.com}
 * @param privateLink   whether the host is a {@code .privatelink.} host
 */
public record AccountName(String jwtIdentifier, String host, boolean privateLink) {

    public static final String DOMAIN = "snowflakecomputing.com";
    /** The forms an account identifier may take, for messages that must not quote a value. */
    public static final String EXPECTED_FORMS = "expected locator, locator.region[.cloud][.privatelink],"
            + " org-account[.privatelink], org.account, or https://<identifier>.snowflakecomputing.com";
    private static final String PRIVATELINK = "privatelink";
    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9_-]+");

    /**
     * Reads an account identifier.
     *
     * @throws IllegalArgumentException saying what is wrong with it (the value itself is the caller's to show)
     */
    public static AccountName parse(String account) {
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("it is empty");
        }
        List<String> segments = segments(account.strip());
        boolean privateLink = segments.get(segments.size() - 1).equals(PRIVATELINK);
        if (privateLink) {
            segments = segments.subList(0, segments.size() - 1);
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("it has no account part");
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("'" + segment + "' is not a valid identifier part");
            }
        }
        String first = segments.get(0);
        String rest = String.join(".", segments.subList(1, segments.size()));
        String jwt;
        String hostPrefix;
        if (segments.size() == 1) {
            jwt = first;
            hostPrefix = first;
        } else if (SnowflakeRegions.isRegion(rest) || SnowflakeRegions.isUnlistedRegionWithCloud(rest)) {
            jwt = first;
            hostPrefix = first + "." + rest;
        } else if (segments.size() == 2) {
            // org.account: the dot form of org-account (what snowflake-jdbc would cut to the org alone).
            jwt = first + "-" + rest;
            hostPrefix = jwt;
        } else {
            throw new IllegalArgumentException("'" + rest + "' is not a known Snowflake region[.cloud]");
        }
        // A public host has hyphens where the name has underscores, as snowflake-jdbc rewrites it by default
        // (SnowflakeConnectString). A PrivateLink host keeps them: Snowflake's JDBC parameter reference tells
        // PrivateLink customers with underscores in the account name to set allowUnderscoresInHost=true.
        String host = privateLink
                ? hostPrefix + "." + PRIVATELINK + "." + DOMAIN
                : hostPrefix.replace('_', '-') + "." + DOMAIN;
        return new AccountName(jwt.toUpperCase(Locale.ROOT), host, privateLink);
    }

    /** Lower-case dot segments of the identifier, with a URL's scheme, port, trailing slash and domain removed. */
    private static List<String> segments(String value) {
        HostAddress address = HostAddress.parse(value).orElseThrow(() -> new IllegalArgumentException(
                "it has characters an identifier or URL cannot have"));
        if (address.scheme().isPresent() && !address.scheme().get().equals("https")) {
            throw new IllegalArgumentException("a URL must be https://<identifier>." + DOMAIN);
        }
        String hostish = address.host();
        if (hostish.endsWith("." + DOMAIN)) {
            hostish = hostish.substring(0, hostish.length() - DOMAIN.length() - 1);
        } else if (address.scheme().isPresent() || address.port().isPresent() || hostish.endsWith(".com")) {
            throw new IllegalArgumentException("a URL must end in ." + DOMAIN + " (use the host setting for other"
                    + " hosts)");
        }
        List<String> segments = Arrays.asList(hostish.split("\\.", -1));
        if (segments.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("it has an empty part between dots");
        }
        return segments;
    }
}
