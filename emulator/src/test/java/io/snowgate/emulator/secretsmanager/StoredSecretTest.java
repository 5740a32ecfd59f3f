package io.snowgate.emulator.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredSecretTest {

    @Test
    void toString_namesTheSecretAndItsVersions_neverTheirValues() {
        StoredSecret stored = new StoredSecret("snowgate/snowflake", "arn:aws:secretsmanager:us-east-1:1:secret:s",
                "2026-01-01T00:00:00Z", null, null, Map.of(), false, null, null, null, null, null,
                List.of(new StoredSecret.Version("v1", List.of("AWSCURRENT"), "{\"private_key\":\"MIIEvQ-canary\"}",
                        null, "2026-01-01T00:00:00Z"),
                        new StoredSecret.Version("v2", List.of(), null,
                                "binary-canary".getBytes(StandardCharsets.UTF_8), "2026-01-01T00:00:00Z")));

        assertThat(stored.toString()).contains("snowgate/snowflake", "v1", "AWSCURRENT", "v2")
                .doesNotContain("canary");
    }
}
