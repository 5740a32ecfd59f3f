package io.snowgate.lambda.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DriverTimeoutsTest {

    @Test
    void boundedBy_capsEveryTimeoutAtTheTimeLeft() {
        DriverTimeouts bounded = DriverTimeouts.DEFAULTS.boundedBy(Duration.ofSeconds(3));

        assertThat(bounded).isEqualTo(new DriverTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3),
                Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3), 2));
    }

    @Test
    void boundedBy_keepsShorterTimeouts_andNeverGoesBelowOneSecond() {
        assertThat(DriverTimeouts.DEFAULTS.boundedBy(Duration.ofMinutes(10))).isEqualTo(DriverTimeouts.DEFAULTS);
        assertThat(DriverTimeouts.DEFAULTS.boundedBy(Duration.ofMillis(-50)).login()).isEqualTo(Duration.ofSeconds(1));
    }
}
