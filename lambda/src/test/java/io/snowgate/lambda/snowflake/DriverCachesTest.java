package io.snowgate.lambda.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snowgate.emulator.junit5.MutableClock;
import io.snowgate.lambda.key.PrivateKeyReader;
import io.snowgate.lambda.log.JsonLog;
import io.snowgate.lambda.secret.SecretCache;
import io.snowgate.lambda.session.JdbcSnowflakeSessions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's on-disk caches go under a writable directory (HOME is read-only in Lambda), set at start-up. */
class DriverCachesTest {

    private static final List<String> PROPERTIES =
            List.of(DriverCaches.OCSP_CACHE_DIR, DriverCaches.CREDENTIAL_CACHE_DIR, DriverCaches.CRL_CACHE_DIR);

    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void clearTheProperties() {
        for (String name : PROPERTIES) {
            saved.put(name, System.getProperty(name));
            System.clearProperty(name);
        }
    }

    @AfterEach
    void restoreTheProperties() {
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void useDirectory_createsOneDirectoryPerCache_andPointsTheDriverAtThem(@TempDir Path root) {
        DriverCaches.useDirectory(root);

        for (String name : PROPERTIES) {
            assertThat(Path.of(System.getProperty(name))).isDirectory().startsWith(root);
        }
    }

    @Test
    void aLocationAlreadySet_isLeftAlone(@TempDir Path root) {
        System.setProperty(DriverCaches.OCSP_CACHE_DIR, "/chosen/by/operator");

        DriverCaches.useDirectory(root);

        assertThat(System.getProperty(DriverCaches.OCSP_CACHE_DIR)).isEqualTo("/chosen/by/operator");
        assertThat(System.getProperty(DriverCaches.CRL_CACHE_DIR)).startsWith(root.toString());
    }

    @Test
    void buildingTheSessions_pointsTheCachesUnderTheTempDirectory_beforeAnyConnection() {
        JsonLog log = new JsonLog(new PrintStream(OutputStream.nullOutputStream()), new ObjectMapper(),
                new MutableClock());
        SecretCache secrets = new SecretCache((id, deadline) -> {
            throw new AssertionError("no secret is read at start-up");
        }, "s", Optional.empty(), Duration.ofMinutes(1), Duration.ZERO, new MutableClock(), new PrivateKeyReader(),
                log);

        JdbcSnowflakeSessions sessions = new JdbcSnowflakeSessions(secrets, Optional.empty(), Duration.ofSeconds(30),
                new MutableClock(), log);
        try {
            for (String name : PROPERTIES) {
                assertThat(System.getProperty(name)).startsWith(System.getProperty("java.io.tmpdir"));
            }
        } finally {
            sessions.close();
        }
    }
}
