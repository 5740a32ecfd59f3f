package io.snowgate.catalog;

import static io.snowgate.catalog.ScheduleExpressions.number;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often a schedule is sure to fire: whether an expression that {@link ScheduleExpressions} accepts runs at least
 * once in every stretch of so many days, all year, every year. A function that only schedules invoke needs that to
 * keep a SnapStart version active: Lambda makes a version inactive after 14 days without an invocation, and the next
 * invocation then fails with SnapStartNotReadyException while Lambda initialises it again (Lambda developer guide,
 * "Troubleshooting SnapStart errors").
 *
 * <p>A cron expression is read a day at a time (which days fire, as EventBridge reads the day-of-month and
 * day-of-week fields, {@code L}, {@code W} and {@code #} included) over whole years of the calendar; every day that
 * fires fires at least once, since the minutes and hours fields always name a time. An expression limited to some
 * years stops for good, so counts as rare.
 */
public final class ScheduleRecurrence {

    private static final Pattern RATE = Pattern.compile("rate\\(([0-9]+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final long MINUTES_A_DAY = 24 * 60;
    /** Eight years hold every pattern of month lengths and weekdays that matters here, a leap year among them. */
    private static final LocalDate FIRST_DAY = LocalDate.of(2028, 1, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(2035, 12, 31);

    private ScheduleRecurrence() {
    }

    /**
     * Whether no more than {@code days} days ever pass between two firings of {@code expression}, whatever its time
     * zone; {@code at(...)} fires once, so never.
     */
    public static boolean firesAtLeastEvery(String expression, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be positive");
        }
        Matcher rate = RATE.matcher(expression);
        if (rate.matches()) {
            long minutes = Long.parseLong(rate.group(1)) * switch (rate.group(2).charAt(0)) {
                case 'd' -> MINUTES_A_DAY;
                case 'h' -> 60;
                default -> 1;
            };
            return minutes <= (long) days * MINUTES_A_DAY;
        }
        Matcher cron = CRON.matcher(expression);
        if (!cron.matches()) {
            return false;
        }
        String[] fields = cron.group(1).strip().split("\\s+");
        if (fields.length != 6 || !fields[5].equals("*")) {
            return false;
        }
        // Two firing days d apart are at most d days and a day's worth of times apart.
        return longestDayGap(firingDays(fields[2], fields[3], fields[4])) < days;
    }

    private static Predicate<LocalDate> firingDays(String dayOfMonth, String month, String dayOfWeek) {
        Set<Integer> months = values(month, 1, 12, ScheduleExpressions.MONTHS);
        Predicate<LocalDate> days = dayOfMonth.equals("?") ? anyOf(dayOfWeek, ScheduleRecurrence::dayOfWeekItem)
                : anyOf(dayOfMonth, ScheduleRecurrence::dayOfMonthItem);
        return days.and(date -> months.contains(date.getMonthValue()));
    }

    /** The most days from one firing day to the next, counting from the calendar's first day and to its last. */
    private static long longestDayGap(Predicate<LocalDate> fires) {
        LocalDate previous = FIRST_DAY.minusDays(1);
        long longest = 0;
        for (LocalDate day = FIRST_DAY; !day.isAfter(LAST_DAY); day = day.plusDays(1)) {
            if (fires.test(day)) {
                longest = Math.max(longest, ChronoUnit.DAYS.between(previous, day));
                previous = day;
            }
        }
        return Math.max(longest, ChronoUnit.DAYS.between(previous, LAST_DAY.plusDays(1)));
    }

    private static Predicate<LocalDate> anyOf(String field, Function<String, Predicate<LocalDate>> item) {
        Predicate<LocalDate> any = date -> false;
        for (String each : field.split(",")) {
            any = any.or(item.apply(each));
        }
        return any;
    }

    private static Predicate<LocalDate> dayOfMonthItem(String item) {
        if (item.equals("L")) {
            return date -> date.getDayOfMonth() == date.lengthOfMonth();
        }
        if (item.equals("LW")) {
            return date -> date.equals(nearestWeekday(YearMonth.from(date), date.lengthOfMonth()));
        }
        if (item.endsWith("W")) {
            int day = Integer.parseInt(item.substring(0, item.length() - 1));
            return date -> day <= date.lengthOfMonth() && date.equals(nearestWeekday(YearMonth.from(date), day));
        }
        Set<Integer> days = values(item, 1, 31, Map.of());
        return date -> days.contains(date.getDayOfMonth());
    }

    private static Predicate<LocalDate> dayOfWeekItem(String item) {
        if (item.equals("L")) {
            // L alone is the week's last day, Saturday.
            return date -> date.getDayOfWeek() == DayOfWeek.SATURDAY;
        }
        if (item.endsWith("L")) {
            int day = number(item.substring(0, item.length() - 1), ScheduleExpressions.DAYS);
            return date -> cronDay(date) == day && date.getDayOfMonth() + 7 > date.lengthOfMonth();
        }
        if (item.contains("#")) {
            int day = number(item.substring(0, item.indexOf('#')), ScheduleExpressions.DAYS);
            int occurrence = Integer.parseInt(item.substring(item.indexOf('#') + 1));
            return date -> cronDay(date) == day && (date.getDayOfMonth() - 1) / 7 + 1 == occurrence;
        }
        Set<Integer> days = values(item, 1, 7, ScheduleExpressions.DAYS);
        return date -> days.contains(cronDay(date));
    }

    /** EventBridge numbers the days of the week from 1 (SUN) to 7 (SAT). */
    private static int cronDay(LocalDate date) {
        return date.getDayOfWeek().getValue() % 7 + 1;
    }

    /** The weekday nearest {@code day} that stays in its month (the W wildcard). */
    private static LocalDate nearestWeekday(YearMonth month, int day) {
        LocalDate date = month.atDay(day);
        return switch (date.getDayOfWeek()) {
            case SATURDAY -> day == 1 ? date.plusDays(2) : date.minusDays(1);
            case SUNDAY -> day == month.lengthOfMonth() ? date.minusDays(2) : date.plusDays(1);
            default -> date;
        };
    }

    /** The values a list of values, ranges and steps (or *) names. */
    private static Set<Integer> values(String field, int min, int max, Map<String, Integer> names) {
        Set<Integer> values = new HashSet<>();
        for (String item : field.split(",")) {
            int slash = item.indexOf('/');
            String range = slash < 0 ? item : item.substring(0, slash);
            int step = slash < 0 ? 1 : Integer.parseInt(item.substring(slash + 1));
            int dash = range.indexOf('-');
            int from = range.equals("*") ? min : number(dash < 0 ? range : range.substring(0, dash), names);
            // a/s runs from a to the field's end, as * does
            int to = range.equals("*") || (dash < 0 && slash >= 0) ? max
                    : dash < 0 ? from : number(range.substring(dash + 1), names);
            for (int value = from; value <= to; value += step) {
                values.add(value);
            }
        }
        return values;
    }
}
