package io.snowgate.lambda.snowflake;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import net.snowflake.client.internal.core.minicore.Minicore;

/**
 * The child JVM of {@link DriverEnvironmentTest}: begins a connection as the function's first sign-in does (with a
 * connect string the driver refuses before any network, after it has started what a first connection starts), waits
 * for the driver's minicore load to end, and prints {@code probe: disabled=<bool> started=<bool>}.
 */
public final class DriverEnvironmentProbe {

    private DriverEnvironmentProbe() {
    }

    public static void main(String[] args) {
        try {
            DriverManager.getConnection("jdbc:snowflake://", new Properties()).close();
            throw new IllegalStateException("the driver accepted a connect string without a host");
        } catch (SQLException expected) {
            // "Connection string is invalid": refused after the minicore load began, before any request.
        }
        // Blocks until the load the connection attempt started has ended, whatever its outcome.
        Minicore.initialize();
        System.out.println("probe: disabled=" + Minicore.isDisabledViaEnvVar()
                + " started=" + Minicore.hasInitializationStarted());
    }
}
