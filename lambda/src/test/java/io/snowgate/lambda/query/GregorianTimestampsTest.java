package io.snowgate.lambda.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.snowflake.client.internal.core.ResultUtil;
import org.junit.jupiter.api.Test;

/**
 * {@link GregorianTimestamps} against snowflake-jdbc's own move ({@code ResultUtil.adjustTimestamp}, what every
 * timestamp converter of the driver applies), for every day the driver moves.
 */
class GregorianTimestampsTest {

    /** 10:30:00.123456789, so that the time of day and the nanoseconds are seen to survive. */
    private static final long TIME_OF_DAY_MILLIS = (10 * 3600 + 30 * 60) * 1000L + 123;
    private static final int NANOS = 123_456_789;

    @Test
    void everyInstantTheDriverMoves_isReadBackAsTheInstantSnowflakeSent() {
        List<String> wrong = new ArrayList<>();
        LocalDate last = LocalDate.parse("1582-09-24");
        for (LocalDate day = LocalDate.parse("0001-01-01"); !day.isAfter(last); day = day.plusDays(1)) {
            Instant sent = instantAt(day);

            Instant read = GregorianTimestamps.instant(asDriverReturnsIt(sent));

            if (!read.equals(sent)) {
                wrong.add(day + " read as " + read);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void anInstantFromTheCutOverOn_isNotMovedByTheDriver_andReadAsIs() {
        for (String day : List.of("1582-10-05", "1582-10-15", "1970-01-01", "9999-12-31")) {
            Instant sent = instantAt(LocalDate.parse(day));

            assertThat(GregorianTimestamps.instant(asDriverReturnsIt(sent))).isEqualTo(sent);
        }
    }

    @Test
    void theTenDaysBeforeTheCutOver_landOnTheTenAfter_andAreReadAsThose() {
        // Documented in README.md, "Values": the driver returns 1582-09-25 as it returns 1582-10-05.
        Instant sent = instantAt(LocalDate.parse("1582-09-25"));

        assertThat(GregorianTimestamps.instant(asDriverReturnsIt(sent)))
                .isEqualTo(instantAt(LocalDate.parse("1582-10-05")));
    }

    private static Instant instantAt(LocalDate day) {
        return Instant.ofEpochMilli(day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + TIME_OF_DAY_MILLIS)
                .plusNanos(NANOS % 1_000_000);
    }

    /** What snowflake-jdbc makes of an instant Snowflake sent: a Timestamp of it, moved by its own function. */
    private static Timestamp asDriverReturnsIt(Instant sent) {
        Timestamp timestamp = new Timestamp(sent.toEpochMilli());
        timestamp.setNanos(NANOS);
        return ResultUtil.adjustTimestamp(timestamp);
    }
}
