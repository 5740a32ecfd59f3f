package io.snowgate.emulator.snowflake;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

/** Snowflake's {@code SYSTEM$} functions that H2 calls by alias (see {@link SqlEngine}). */
public final class SystemFunctions {

    private SystemFunctions() {
    }

    /** {@code SYSTEM$WAIT(amount)}: sleeps that many seconds; interrupted by a cancel or a statement timeout. */
    public static String systemWait(long amount) throws SQLException {
        return systemWait(amount, "SECONDS");
    }

    /** {@code SYSTEM$WAIT(amount, unit)} with unit DAYS, HOURS, MINUTES, SECONDS or MILLISECONDS. */
    public static String systemWait(long amount, String unit) throws SQLException {
        String normalized = unit.toUpperCase(Locale.ROOT);
        Duration duration = switch (normalized) {
            case "DAYS" -> Duration.ofDays(amount);
            case "HOURS" -> Duration.ofHours(amount);
            case "MINUTES" -> Duration.ofMinutes(amount);
            case "SECONDS" -> Duration.ofSeconds(amount);
            case "MILLISECONDS" -> Duration.ofMillis(amount);
            default -> throw new SQLException("invalid time unit " + unit, "22023", 22023);
        };
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("SQL execution canceled", "57014", 57014);
        }
        return "waited " + amount + " " + normalized.toLowerCase(Locale.ROOT);
    }
}
