package io.snowgate.lambda.query;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Date;
import net.snowflake.client.internal.core.ResultUtil;

/**
 * The instant of a timestamp as Snowflake holds it, on the proleptic Gregorian calendar it uses for every year, from
 * the {@link Timestamp} snowflake-jdbc makes of it.
 *
 * <p>For an instant before 1582-10-05, snowflake-jdbc 4.4.1 returns a {@code Timestamp} moved forward by the days
 * between the Julian and the Gregorian calendars ({@code ResultUtil.adjustTimestamp}, applied by every timestamp
 * converter, JSON and Arrow), so that {@code java.util}'s Julian fields of the moved value read like the Gregorian
 * date. Read with {@code java.time}, that moved value is the wrong instant: TIMESTAMP_LTZ '0001-01-01 00:00:00 Z'
 * came back as 0000-12-30; and where the Julian field it lands on has no Gregorian day (1500-02-29), reading its
 * fields failed the whole query. The move depends only on the instant moved ({@code
 * ResultUtil.msDiffJulianToGregorian}: whole days, never fewer for a later instant), so the instant read is the one
 * that the driver's own function moves onto the value returned.
 *
 * <p>Not recoverable: an instant from 1582-09-25 to 1582-10-04 is moved onto the ten days after it, which the driver
 * returns unmoved; such a value is read as the later one.
 */
final class GregorianTimestamps {

    /** 1582-10-05T00:00:00Z: the driver moves only instants before it ({@code msDiffJulianToGregorian}). */
    private static final long MOVED_BEFORE_MILLIS = -12_220_156_800_000L;
    private static final long DAY_MILLIS = 86_400_000L;
    /** The driver's move in days: -2 in year 1, growing to 10 by 1582; with a margin either side. */
    private static final int MIN_MOVE_DAYS = -4;
    private static final int MAX_MOVE_DAYS = 12;

    private GregorianTimestamps() {
    }

    /** The instant snowflake-jdbc read, its Julian-Gregorian move undone, with its nanoseconds. */
    static Instant instant(Timestamp fromDriver) {
        long returned = fromDriver.getTime();
        long millis = returned < MOVED_BEFORE_MILLIS ? unmoved(returned) : returned;
        return Instant.ofEpochSecond(Math.floorDiv(millis, 1000L), fromDriver.getNanos());
    }

    private static long unmoved(long returned) {
        for (int days = MIN_MOVE_DAYS; days <= MAX_MOVE_DAYS; days++) {
            long candidate = returned - days * DAY_MILLIS;
            if (candidate < MOVED_BEFORE_MILLIS
                    && ResultUtil.msDiffJulianToGregorian(new Date(candidate)) == days * DAY_MILLIS) {
                return candidate;
            }
        }
        throw new IllegalStateException("snowflake-jdbc moved a timestamp before 1582 by other than its"
                + " Julian-Gregorian difference");
    }
}
