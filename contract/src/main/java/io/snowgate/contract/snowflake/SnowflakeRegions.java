package io.snowgate.contract.snowflake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Snowflake region segments of locator identifiers, read from the shipped {@code regions.txt}. Used to tell
 * {@code locator.region[.cloud]} apart from {@code org.account}.
 */
public final class SnowflakeRegions {

    private static final Map<String, String> CLOUD_BY_REGION = load();
    private static final Set<String> CLOUDS = Set.copyOf(CLOUD_BY_REGION.values());

    private SnowflakeRegions() {
    }

    /** Whether {@code rest} (what follows the locator, lower-case) is exactly {@code region} or {@code region.cloud}. */
    public static boolean isRegion(String rest) {
        if (CLOUD_BY_REGION.containsKey(rest)) {
            return true;
        }
        int lastDot = rest.lastIndexOf('.');
        if (lastDot < 0) {
            return false;
        }
        String cloud = CLOUD_BY_REGION.get(rest.substring(0, lastDot));
        return cloud != null && cloud.equals(rest.substring(lastDot + 1));
    }

    /**
     * Whether {@code rest} is {@code region.cloud} for a region the table does not list yet, so a new Snowflake
     * region works before the table learns it. A listed region with the wrong cloud is refused (surely a typo).
     */
    public static boolean isUnlistedRegionWithCloud(String rest) {
        int lastDot = rest.lastIndexOf('.');
        return lastDot > 0 && CLOUDS.contains(rest.substring(lastDot + 1))
                && !CLOUD_BY_REGION.containsKey(rest.substring(0, lastDot));
    }

    private static Map<String, String> load() {
        Map<String, String> regions = new HashMap<>();
        try (InputStream in = SnowflakeRegions.class.getResourceAsStream("regions.txt")) {
            if (in == null) {
                throw new IllegalStateException("regions.txt is missing from the Snowgate contract jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                String[] parts = entry.split("\\s+");
                if (parts.length != 2) {
                    throw new IllegalStateException("regions.txt: bad line '" + entry + "'");
                }
                regions.put(parts[0].toLowerCase(Locale.ROOT), parts[1].toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(regions);
    }
}
