package io.snowgate.emulator.snowflake;

import java.util.Locale;
import java.util.Optional;

/**
 * The one account a stand-in serves: an account locator (optionally with region, {@code xy12345.us-east-1}) and/or an
 * organisation-account name ({@code myorg-myacct}). With neither, any account is accepted and reported back as the
 * client named it.
 *
 * @param locator the account locator, or null
 * @param organizationAccount {@code ORG-ACCOUNT} (a dot between the two parts is accepted too), or null
 */
public record SnowflakeAccount(String locator, String organizationAccount) {

    public SnowflakeAccount {
        locator = blankToNull(locator);
        organizationAccount = blankToNull(organizationAccount);
        if (organizationAccount != null) {
            organizationAccount = organizationAccount.replace('.', '-');
        }
    }

    /** Accepts every account. */
    public static SnowflakeAccount any() {
        return new SnowflakeAccount(null, null);
    }

    /** Parses what {@code local up --account} takes: a locator, or an {@code org-account} name (recognised by its hyphen). */
    public static SnowflakeAccount parse(String text) {
        if (text == null || text.isBlank()) {
            return any();
        }
        String trimmed = text.trim();
        String firstLabel = trimmed.split("\\.", 2)[0];
        return firstLabel.contains("-") ? new SnowflakeAccount(null, trimmed) : new SnowflakeAccount(trimmed, null);
    }

    public boolean acceptsAny() {
        return locator == null && organizationAccount == null;
    }

    /**
     * Whether the account part of a JWT names this account. Drivers from 3.27 cut the region ({@code XY12345}),
     * older ones send it ({@code XY12345.US-EAST-1}); both are this account.
     */
    boolean matches(String jwtAccount) {
        if (acceptsAny()) {
            return true;
        }
        String candidate = upper(jwtAccount);
        if (locator != null && (candidate.equals(upper(locator)) || candidate.equals(upper(firstLabel(locator))))) {
            return true;
        }
        return organizationAccount != null && candidate.equals(upper(organizationAccount));
    }

    /** What {@code CURRENT_ACCOUNT()} answers for a session that logged in as {@code jwtAccount}. */
    String currentAccount(String jwtAccount) {
        if (locator != null) {
            return upper(firstLabel(locator));
        }
        if (organizationAccount != null) {
            String name = organizationAccount.substring(organizationAccount.indexOf('-') + 1);
            return upper(name);
        }
        return upper(jwtAccount);
    }

    /** The {@code account} connection property a client should pass, or empty when any is accepted. */
    public Optional<String> clientAccount() {
        return Optional.ofNullable(organizationAccount != null ? organizationAccount : locator);
    }

    private static String firstLabel(String text) {
        int dot = text.indexOf('.');
        return dot < 0 ? text : text.substring(0, dot);
    }

    private static String upper(String text) {
        return text.toUpperCase(Locale.ROOT);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
