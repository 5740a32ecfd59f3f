package io.snowgate.emulator.secretsmanager;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RotateSecret's schedule and rotation window as Secrets Manager documents them (user guide "Rotation schedules",
 * rotate-secrets_schedule; API reference RotationRulesType), so that RotateSecret refuses what AWS refuses. The
 * members' shapes are Coral's to check first ({@code SecretsManagerStandIn}); these are the service's rules about the
 * values, and their breach is the operation's InvalidParameterException ("The parameter name or value is invalid").
 * AWS documents the rules, not its messages for them: the messages are the stand-in's, naming the rule broken.
 *
 * <ul>
 *   <li>{@code rate(Value Unit)}: Value a positive integer, Unit {@code hour}, {@code hours}, {@code day} or
 *       {@code days}. "You can rotate a secret as often as every four hours"; "The maximum rotation period is 999
 *       days".
 *   <li>{@code cron(Minutes Hours Day-of-month Month Day-of-week Year)}: Minutes "Must be 0" (windows open on the
 *       hour), Year "Must be *"; Hours 0-23, Day-of-month 1-31, Month 1-12 or JAN-DEC, Day-of-week 1-7 or SUN-SAT,
 *       each with the wildcards the guide's table gives it. The four-hour minimum holds between a day's windows.
 *   <li>Duration: the window is "as small as one hour" and "must not extend into the next rotation window or the next
 *       UTC day": at most the hours between rotations, and its opening hour plus its length at most 24.
 * </ul>
 *
 * <p>The schedule and window also give DescribeSecret's NextRotationDate ({@link #nextRotationDate}).
 *
 * @param interval           a {@code rate()}'s interval, or AutomaticallyAfterDays'; null for {@code cron()}
 * @param cron               a {@code cron()}'s windows; null for {@code rate()}
 * @param defaultWindowHours how long a window lasts without a Duration: "For a cron expression that represents a
 *                           schedule in hours, the default rotation window closes after one hour. For a cron
 *                           expression that represents a schedule in days, the default rotation window closes at the
 *                           end of the day" (RotationRulesType, ScheduleExpression), and the same for a rate
 * @param longestWindowHours the longest rotation window the schedule leaves room for
 * @param windowLimit        what a longer window would run into, for the message
 */
record RotationSchedule(Duration interval, Cron cron, int defaultWindowHours, int longestWindowHours,
                        String windowLimit) {

    /** "You can rotate a secret as often as every four hours." */
    static final int MIN_HOURS_APART = 4;
    /** "The maximum rotation period is 999 days." */
    static final long MAX_DAYS = 999;

    private static final Pattern RATE = Pattern.compile("rate\\(([0-9]{1,9}) (hours?|days?)\\)");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final int HOURS_A_DAY = 24;
    /**
     * A window that opens at midnight and may last the day: a {@code rate()} in days, AutomaticallyAfterDays (the
     * guide gives its window no other start), and a Duration sent without a schedule, of which AWS documents nothing.
     */
    private static final RotationSchedule DAILY = new RotationSchedule(null, null, HOURS_A_DAY, HOURS_A_DAY,
            "the next UTC day");
    /** Dates and weekdays repeat every 400 Gregorian years: a cron that matches no day in them matches none ever. */
    private static final int GREGORIAN_CYCLE_MONTHS = 400 * 12;

    /**
     * Refuses a ScheduleExpression or Duration AWS refuses (either may be null); the members fit their shapes
     * already, so a Duration is digits and {@code h}. Without a schedule the window is checked against a day.
     *
     * @throws AwsErrorException InvalidParameterException naming the rule broken
     */
    static void check(String duration, String schedule) {
        RotationSchedule parsed = schedule == null ? DAILY : parse(schedule);
        if (duration == null) {
            // The default windows always fit: one hour for a schedule in hours, the rest of the day otherwise.
            return;
        }
        int hours = hours(duration);
        if (hours < 1) {
            throw AwsErrorException.invalidParameter("Invalid Duration " + duration
                    + ": the rotation window must be at least one hour.");
        }
        if (hours > parsed.longestWindowHours) {
            throw AwsErrorException.invalidParameter("Invalid Duration " + duration
                    + ": the rotation window must not extend into " + parsed.windowLimit + ".");
        }
    }

    /**
     * DescribeSecret's NextRotationDate for rules RotateSecret accepts: the last second of the next rotation window,
     * open for the Duration (or the schedule's default). DescribeSecret documents the date as "the latest date that
     * rotation will occur", and a window in days without a Duration "closes at the end of the UTC day"
     * (RotationRulesType, Duration), so such a date ends 23:59:59Z; that a Duration ends the window earlier the same
     * way is the documented reading. No answer of AWS's is on record in this project to check either against.
     *
     * <ul>
     *   <li>AutomaticallyAfterDays and {@code rate()} count from {@code lastRotation} ("Secrets Manager calculates the
     *       next rotation date based on the previous rotation", RotationRulesType): their windows open at midnight
     *       UTC ("If you use a rate() expression, the rotation window starts at midnight"), the first the interval
     *       after the day the last rotation fell on. For a rate in hours the windows follow each other from that
     *       midnight; AWS documents no more of them, nor has an answer on record.
     *   <li>A {@code cron()} names its windows: the first to open after {@code now}. A window open already does not
     *       count once a rotation happened in it (the answer above); whether one open when rotation is turned on
     *       counts is not documented, and the stand-in counts only windows to come.
     * </ul>
     *
     * @param lastRotation the last rotation, the last value written (which "is considered a valid rotation"), or the
     *                     secret's creation, whichever came last
     * @return null for a Duration without a schedule, or a cron() that selects no day, such as 30 FEB
     */
    static Instant nextRotationDate(SecretStore.RotationRules rules, Instant lastRotation, Instant now) {
        RotationSchedule schedule;
        if (rules.scheduleExpression() != null) {
            schedule = parse(rules.scheduleExpression());
        } else if (rules.automaticallyAfterDays() != null) {
            schedule = everyDays(rules.automaticallyAfterDays());
        } else {
            return null;
        }
        Instant opens = schedule.cron != null ? schedule.cron.nextOpening(now) : schedule.windowAfter(lastRotation);
        if (opens == null) {
            return null;
        }
        int open = rules.duration() == null ? schedule.defaultWindowHours : hours(rules.duration());
        return opens.plus(Duration.ofHours(open)).minusSeconds(1);
    }

    /** When the first window of this interval after {@code after} opens, counting from midnight UTC that day. */
    private Instant windowAfter(Instant after) {
        Instant midnight = after.truncatedTo(ChronoUnit.DAYS);
        return midnight.plus(interval.multipliedBy(Duration.between(midnight, after).dividedBy(interval) + 1));
    }

    /** AutomaticallyAfterDays, and a {@code rate()} in days: windows {@code days} apart, opening at midnight. */
    private static RotationSchedule everyDays(long days) {
        return new RotationSchedule(Duration.ofDays(days), null, HOURS_A_DAY, HOURS_A_DAY, DAILY.windowLimit);
    }

    private static int hours(String duration) {
        return Integer.parseInt(duration.substring(0, duration.length() - 1));
    }

    /** @throws AwsErrorException InvalidParameterException naming the rule {@code expression} breaks */
    static RotationSchedule parse(String expression) {
        if (expression.startsWith("rate(")) {
            return rate(expression);
        }
        if (expression.startsWith("cron(") && expression.endsWith(")")) {
            return cron(expression);
        }
        throw invalid(expression, "use rate(Value Unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year)");
    }

    private static RotationSchedule rate(String expression) {
        Matcher m = RATE.matcher(expression);
        if (!m.matches()) {
            // The guide's form exactly: one space, a lower-case unit, and singular or plural alike (it names both).
            throw invalid(expression, "a rate is rate(Value Unit) with Value a whole number and Unit hour, hours, day"
                    + " or days");
        }
        long value = Long.parseLong(m.group(1));
        boolean inHours = m.group(2).startsWith("hour");
        if (value == 0) {
            throw invalid(expression, "the rate's Value must be a positive whole number");
        }
        if (inHours && value < MIN_HOURS_APART) {
            throw invalid(expression, "Secrets Manager rotates a secret at most every " + MIN_HOURS_APART + " hours");
        }
        if (value > (inHours ? MAX_DAYS * HOURS_A_DAY : MAX_DAYS)) {
            throw invalid(expression, "the longest rotation period is " + MAX_DAYS + " days");
        }
        if (!inHours) {
            return everyDays(value);
        }
        // In hours the guide's one rule is that the window fits between rotations; a day still ends every window.
        return value < HOURS_A_DAY
                ? new RotationSchedule(Duration.ofHours(value), null, 1, (int) value, "the next rotation window, "
                        + value + " hours after it opens")
                : new RotationSchedule(Duration.ofHours(value), null, 1, HOURS_A_DAY, DAILY.windowLimit);
    }

    private static RotationSchedule cron(String expression) {
        // The guide writes its fields with single spaces, and ScheduleExpressionType allows no other white space.
        String[] fields = expression.substring("cron(".length(), expression.length() - 1).split(" ", -1);
        if (fields.length != 6) {
            throw invalid(expression, "a cron expression has six fields separated by single spaces: Minutes Hours"
                    + " Day-of-month Month Day-of-week Year");
        }
        if (!fields[0].equals("0")) {
            throw invalid(expression, "Minutes must be 0, because rotation windows open on the hour");
        }
        List<Integer> hours = List.copyOf(Field.HOURS.values(expression, fields[1]).values());
        Selection daysOfMonth = Field.DAY_OF_MONTH.values(expression, fields[2]);
        Set<Integer> months = Field.MONTH.values(expression, fields[3]).values();
        Selection daysOfWeek = Field.DAY_OF_WEEK.values(expression, fields[4]);
        if (!fields[5].equals("*")) {
            throw invalid(expression, "Year must be *, because rotations can't be more than a year apart");
        }
        daysOfMonthOrWeek(expression, fields[2], fields[4]);
        Cron cron = new Cron(hours, months, day -> daysOfMonth.selects(day, day.getDayOfMonth())
                && daysOfWeek.selects(day, dayOfWeek(day)));
        // One window a day is a schedule in days; more are a schedule in hours (RotationRulesType).
        int defaultWindow = hours.size() == 1 ? HOURS_A_DAY - hours.get(0) : 1;
        return windows(expression, cron, defaultWindow);
    }

    /** The guide's number for {@code day}'s weekday: 1 is SUN, 7 is SAT. */
    private static int dayOfWeek(LocalDate day) {
        return day.getDayOfWeek().getValue() % 7 + 1;
    }

    /**
     * "You can't specify the Day-of-month and Day-of-week fields in the same cron expression. If you specify a value
     * in one of the fields, you must use a ? in the other." The guide's own example {@code cron(0 1 * 1/3 SUN *)}
     * pairs {@code *} with a value, so {@code *} counts as no value here: refusing it would refuse a documented
     * example. Both {@code ?} names no day at all ("? specifies one or another"), so that is refused too.
     */
    private static void daysOfMonthOrWeek(String expression, String dayOfMonth, String dayOfWeek) {
        boolean monthDay = !dayOfMonth.equals("?") && !dayOfMonth.equals("*");
        boolean weekDay = !dayOfWeek.equals("?") && !dayOfWeek.equals("*");
        if (monthDay && weekDay) {
            throw invalid(expression, "Day-of-month and Day-of-week can't both be specified: use ? in one of them");
        }
        if (dayOfMonth.equals("?") && dayOfWeek.equals("?")) {
            throw invalid(expression, "only one of Day-of-month and Day-of-week can be ?");
        }
    }

    /**
     * The windows of a day open at {@code hours}: each at least four hours after the one before, and a window may
     * last until the next one opens or the day ends. Increments of hours "reset each day", so the last window of a
     * day and the first of the next are apart by whatever the day fields say, which the stand-in does not evaluate.
     */
    private static RotationSchedule windows(String expression, Cron cron, int defaultWindowHours) {
        List<Integer> hours = cron.hours();
        int last = hours.get(hours.size() - 1);
        int longest = HOURS_A_DAY - last;
        String limit = "the next UTC day, as the day's last window opens at " + last + ":00 UTC";
        for (int i = 1; i < hours.size(); i++) {
            int apart = hours.get(i) - hours.get(i - 1);
            if (apart < MIN_HOURS_APART) {
                throw invalid(expression, "its windows open " + apart + (apart == 1 ? " hour" : " hours")
                        + " apart, and Secrets Manager rotates a secret at most every " + MIN_HOURS_APART + " hours");
            }
            if (apart < longest) {
                longest = apart;
                limit = "the next rotation window, " + apart + " hours after one opens";
            }
        }
        return new RotationSchedule(null, cron, defaultWindowHours, longest, limit);
    }

    private static AwsErrorException invalid(String expression, String rule) {
        return AwsErrorException.invalidParameter("Invalid ScheduleExpression " + expression + ": " + rule + ".");
    }

    /**
     * A {@code cron()}'s windows in UTC ("Secrets Manager rotation schedules use UTC time zone"): the hours they open
     * at, ascending, on the days of {@code months} that {@code days} selects.
     */
    record Cron(List<Integer> hours, Set<Integer> months, Predicate<LocalDate> days) {

        /** When the first window after {@code after} opens; null when the expression selects no day at all. */
        Instant nextOpening(Instant after) {
            LocalDate from = LocalDate.ofInstant(after, ZoneOffset.UTC);
            LocalDate month = from.withDayOfMonth(1);
            for (int i = 0; i < GREGORIAN_CYCLE_MONTHS; i++, month = month.plusMonths(1)) {
                if (!months.contains(month.getMonthValue())) {
                    continue;
                }
                for (LocalDate day = month.isBefore(from) ? from : month; day.getMonth() == month.getMonth();
                        day = day.plusDays(1)) {
                    if (!days.test(day)) {
                        continue;
                    }
                    for (int hour : hours) {
                        Instant opens = day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
                        if (opens.isAfter(after)) {
                            return opens;
                        }
                    }
                }
            }
            return null;
        }
    }

    /**
     * What a field selects: its values, and in the day fields the days {@code L} and {@code #} select (or every day,
     * for {@code ?}: "? specifies one or another", the other field choosing).
     */
    private record Selection(SortedSet<Integer> values, List<Predicate<LocalDate>> days, boolean anyDay) {

        /** Whether {@code day}, whose value in this field is {@code value}, is selected. */
        boolean selects(LocalDate day, int value) {
            return anyDay || values.contains(value) || days.stream().anyMatch(selected -> selected.test(day));
        }
    }

    /** The fields of the guide's table between Minutes and Year, with their values and wildcards. */
    private enum Field {
        // The table of the older guide gave Hours no wildcards; the current one schedules cron(0 4/12 * * ? *).
        HOURS("Hours", 0, 23, List.of(), ",-*/"),
        DAY_OF_MONTH("Day-of-month", 1, 31, List.of(), ",-*?/L"),
        MONTH("Month", 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                "DEC"), ",-*/"),
        DAY_OF_WEEK("Day-of-week", 1, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), "#,-*?/L");

        private final String title;
        private final int min;
        private final int max;
        /** Names for min, min + 1, ...; upper case as the guide writes them. */
        private final List<String> names;
        private final String wildcards;

        Field(String title, int min, int max, List<String> names, String wildcards) {
            this.title = title;
            this.min = min;
            this.max = max;
            this.names = names;
            this.wildcards = wildcards;
        }

        /** What the field selects. */
        Selection values(String expression, String field) {
            SortedSet<Integer> values = new TreeSet<>();
            List<Predicate<LocalDate>> days = new ArrayList<>();
            if (field.equals("?")) {
                wildcard(expression, '?');
                return new Selection(values, days, true);
            }
            for (String item : field.split(",", -1)) {
                item(expression, item, values, days);
            }
            if (field.contains(",")) {
                wildcard(expression, ',');
            }
            return new Selection(values, days, false);
        }

        private void item(String expression, String item, SortedSet<Integer> values,
                List<Predicate<LocalDate>> days) {
            if (item.equals("L")) {
                // The last day of the month, or in Day-of-week of the week: SAT, the guide's 7.
                wildcard(expression, 'L');
                if (this == DAY_OF_WEEK) {
                    values.add(max);
                } else {
                    days.add(day -> day.getDayOfMonth() == day.lengthOfMonth());
                }
                return;
            }
            if (this == DAY_OF_WEEK && item.length() > 1 && item.endsWith("L")) {
                // The month's last such weekday, as SUNL: the guide's sentence says Day-of-month, its value a weekday.
                int weekday = value(expression, item.substring(0, item.length() - 1));
                days.add(day -> dayOfWeek(day) == weekday && day.plusWeeks(1).getMonth() != day.getMonth());
                return;
            }
            int hash = item.indexOf('#');
            if (hash >= 0) {
                wildcard(expression, '#');
                int weekday = value(expression, item.substring(0, hash));
                String nth = item.substring(hash + 1);
                if (!NUMBER.matcher(nth).matches() || Integer.parseInt(nth) < 1 || Integer.parseInt(nth) > 5) {
                    throw invalid(expression, "# takes a day of the week and its occurrence in the month, 1 to 5,"
                            + " such as TUE#3");
                }
                int occurrence = Integer.parseInt(nth);
                days.add(day -> dayOfWeek(day) == weekday && (day.getDayOfMonth() - 1) / 7 + 1 == occurrence);
                return;
            }
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                wildcard(expression, '/');
                String increment = item.substring(slash + 1);
                if (!NUMBER.matcher(increment).matches() || Integer.parseInt(increment) == 0) {
                    throw invalid(expression, "the increment after / in the " + title + " field must be a positive"
                            + " whole number");
                }
                step = Integer.parseInt(increment);
                range = item.substring(0, slash);
            }
            int from;
            int to;
            int dash = range.indexOf('-');
            if (range.equals("*")) {
                wildcard(expression, '*');
                from = min;
                to = max;
            } else if (dash >= 0) {
                wildcard(expression, '-');
                from = value(expression, range.substring(0, dash));
                to = value(expression, range.substring(dash + 1));
                if (from > to) {
                    // The guide gives no wrapping ranges; the stand-in refuses them rather than guess their meaning.
                    throw invalid(expression, "the range " + range + " in the " + title + " field ends before it"
                            + " starts");
                }
            } else {
                from = value(expression, range);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                values.add(v);
            }
        }

        private int value(String expression, String text) {
            int named = names.indexOf(text);
            if (named >= 0) {
                return min + named;
            }
            if (NUMBER.matcher(text).matches()) {
                int number = Integer.parseInt(text);
                if (number >= min && number <= max) {
                    return number;
                }
            }
            String range = min + "-" + max + (names.isEmpty() ? "" : " or " + names.get(0) + "-"
                    + names.get(names.size() - 1));
            throw invalid(expression, "the " + title + " field takes " + range + " and the wildcards "
                    + String.join(" ", wildcards.split("")) + ", not '" + text + "'");
        }

        private void wildcard(String expression, char wildcard) {
            if (wildcards.indexOf(wildcard) < 0) {
                throw invalid(expression, "the " + title + " field does not take the wildcard " + wildcard
                        + " (it takes " + String.join(" ", wildcards.split("")) + ")");
            }
        }
    }
}
