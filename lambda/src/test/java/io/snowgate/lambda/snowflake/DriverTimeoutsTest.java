package io.snowgate.lambda.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DriverTimeoutsTest {

    @Test
    void boundedBy_capsConnectLoginAndStatementAtTheTimeLeft_butNotTheTransport() {
        DriverTimeouts bounded = DriverTimeouts.DEFAULTS.boundedBy(Duration.ofSeconds(3));

        assertThat(bounded).isEqualTo(new DriverTimeouts(Duration.ofSeconds(3), DriverTimeouts.DEFAULTS.socket(),
                Duration.ofSeconds(3), DriverTimeouts.DEFAULTS.network(), Duration.ofSeconds(3), 2));
    }

    @Test
    void transportTimeouts_outlastSnowflakesInProgressWindow() {
        // Snowflake answers a running statement's request with "in progress" after about 45 s.
        assertThat(DriverTimeouts.DEFAULTS.socket()).isGreaterThan(Duration.ofSeconds(45));
        assertThat(DriverTimeouts.DEFAULTS.network()).isGreaterThan(Duration.ofSeconds(45));
    }

    @Test
    void boundedBy_keepsShorterTimeouts_andNeverGoesBelowOneSecond() {
        assertThat(DriverTimeouts.DEFAULTS.boundedBy(Duration.ofMinutes(10))).isEqualTo(DriverTimeouts.DEFAULTS);
        assertThat(DriverTimeouts.DEFAULTS.boundedBy(Duration.ofMillis(-50)).login()).isEqualTo(Duration.ofSeconds(1));
    }
}
