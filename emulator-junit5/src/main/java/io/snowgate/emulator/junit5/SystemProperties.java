package io.snowgate.emulator.junit5;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * System properties set for the length of a test (a null value clears one); closing puts back what was there. The
 * AWS SDK reads its endpoint, region and credentials from {@code aws.*} properties before the environment, so this is
 * how a test points clients it does not build itself at a stand-in.
 */
public final class SystemProperties implements AutoCloseable {

    private final Map<String, String> previous = new LinkedHashMap<>();

    private SystemProperties(Map<String, String> values) {
        values.forEach((name, value) -> {
            previous.put(name, System.getProperty(name));
            put(name, value);
        });
    }

    /** Sets (or, for a null value, clears) each property until {@link #close()}. */
    public static SystemProperties set(Map<String, String> values) {
        return new SystemProperties(values);
    }

    @Override
    public void close() {
        previous.forEach(SystemProperties::put);
    }

    private static void put(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
