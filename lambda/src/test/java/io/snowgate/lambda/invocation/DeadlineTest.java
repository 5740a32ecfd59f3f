package io.snowgate.lambda.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static Deadline deadlineAfter(Duration remaining) {
        return Deadline.in(remaining, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void remaining_keepsTheReserveBack() {
        assertThat(deadlineAfter(Duration.ofSeconds(10)).remaining())
                .isEqualTo(Duration.ofSeconds(10).minus(Deadline.RESERVE));
    }

    @Test
    void remaining_isNeverNegative_andExpiredOnceTheReserveIsReached() {
        Deadline deadline = deadlineAfter(Duration.ofMillis(100));

        assertThat(deadline.remaining()).isZero();
        assertThat(deadline.expired()).isTrue();
        assertThat(deadline.remainingSeconds()).isEqualTo(1);
    }

    @Test
    void cap_takesTheSmallerOfLimitAndRemaining() {
        Deadline deadline = deadlineAfter(Duration.ofSeconds(30));

        assertThat(deadline.cap(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThat(deadline.cap(Duration.ofMinutes(5))).isEqualTo(deadline.remaining());
    }

    @Test
    void within_leavesAtMostTheLimit_neverMoreThanRemains() {
        Deadline deadline = deadlineAfter(Duration.ofSeconds(10));

        assertThat(deadline.within(Duration.ofSeconds(4)).remaining()).isEqualTo(Duration.ofSeconds(4));
        assertThat(deadline.within(Duration.ofSeconds(60))).isEqualTo(deadline);
    }

    @Test
    void remainingSeconds_roundsDown() {
        assertThat(deadlineAfter(Duration.ofMillis(12_900)).remainingSeconds()).isEqualTo(12);
    }
}
