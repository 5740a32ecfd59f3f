package io.snowgate.catalog;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks EventBridge Scheduler expressions as the service documents them, so a bad schedule fails the build instead
 * of the deployment: {@code rate(value unit)}, {@code cron(minutes hours day-of-month month day-of-week year)} and
 * {@code at(yyyy-mm-ddThh:mm:ss)}.
 */
public final class ScheduleExpressions {

    private static final Pattern RATE = Pattern.compile("rate\\(([^ )]+) ([^ )]+)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final Pattern AT = Pattern.compile("at\\((.*)\\)");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final DateTimeFormatter AT_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    static final Map<String, Integer> MONTHS = names("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    static final Map<String, Integer> DAYS = names("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private ScheduleExpressions() {
    }

    /** Everything wrong with {@code expression}; empty when EventBridge Scheduler would accept it. */
    public static List<String> problems(String expression) {
        if (expression == null || expression.isBlank()) {
            return List.of("schedule expression is empty");
        }
        if (expression.startsWith("rate(")) {
            return rate(expression);
        }
        if (expression.startsWith("cron(")) {
            return cron(expression);
        }
        if (expression.startsWith("at(")) {
            return at(expression);
        }
        return List.of("schedule expression must be rate(...), cron(...) or at(...)");
    }

    /** Whether {@code timeZone} is an IANA time zone name, as EventBridge Scheduler requires. */
    public static boolean isTimeZone(String timeZone) {
        return timeZone != null && ZoneId.getAvailableZoneIds().contains(timeZone);
    }

    private static List<String> rate(String expression) {
        Matcher m = RATE.matcher(expression);
        if (!m.matches()) {
            return List.of("rate expression must look like rate(5 minutes)");
        }
        if (!NUMBER.matcher(m.group(1)).matches() || Integer.parseInt(m.group(1)) == 0) {
            return List.of("rate value must be a positive whole number");
        }
        int value = Integer.parseInt(m.group(1));
        String unit = m.group(2);
        if (!List.of("minute", "minutes", "hour", "hours", "day", "days").contains(unit)) {
            return List.of("rate unit must be minute(s), hour(s) or day(s)");
        }
        boolean singular = !unit.endsWith("s");
        if (value == 1 && !singular) {
            return List.of("rate of 1 takes a singular unit, e.g. rate(1 " + unit.substring(0, unit.length() - 1)
                    + ")");
        }
        if (value > 1 && singular) {
            return List.of("rate above 1 takes a plural unit, e.g. rate(" + value + " " + unit + "s)");
        }
        return List.of();
    }

    private static List<String> at(String expression) {
        Matcher m = AT.matcher(expression);
        try {
            if (m.matches()) {
                LocalDateTime.parse(m.group(1), AT_FORMAT);
                return List.of();
            }
        } catch (DateTimeParseException e) {
            // fall through to the one message that shows the expected form
        }
        return List.of("at expression must be a valid date and time like at(2026-01-01T00:00:00)");
    }

    private static List<String> cron(String expression) {
        Matcher m = CRON.matcher(expression);
        if (!m.matches()) {
            return List.of("cron expression must look like cron(0 8 * * ? *)");
        }
        String[] fields = m.group(1).strip().split("\\s+");
        if (fields.length != 6) {
            return List.of("cron expression must have 6 fields (minutes hours day-of-month month day-of-week year),"
                    + " found " + fields.length);
        }
        List<String> problems = new ArrayList<>();
        field(problems, "minutes", fields[0], 0, 59, Map.of(), Extra.NONE);
        field(problems, "hours", fields[1], 0, 23, Map.of(), Extra.NONE);
        field(problems, "day-of-month", fields[2], 1, 31, Map.of(), Extra.DAY_OF_MONTH);
        field(problems, "month", fields[3], 1, 12, MONTHS, Extra.NONE);
        field(problems, "day-of-week", fields[4], 1, 7, DAYS, Extra.DAY_OF_WEEK);
        field(problems, "year", fields[5], 1970, 2199, Map.of(), Extra.NONE);
        boolean domAny = fields[2].equals("?");
        boolean dowAny = fields[4].equals("?");
        if (domAny == dowAny) {
            problems.add("cron: exactly one of day-of-month and day-of-week must be '?'");
        }
        return problems;
    }

    /** The special forms a field allows beyond lists, ranges and steps. */
    private enum Extra { NONE, DAY_OF_MONTH, DAY_OF_WEEK }

    private static void field(List<String> problems, String name, String field, int min, int max,
            Map<String, Integer> names, Extra extra) {
        if (field.equals("?")) {
            if (extra == Extra.NONE) {
                problems.add("cron " + name + ": '?' is only allowed in day-of-month and day-of-week");
            }
            return;
        }
        if (extra == Extra.DAY_OF_WEEK && field.contains("#") && field.contains(",")) {
            // EventBridge reads 3#1,6#3 as two expressions and refuses it
            problems.add("cron " + name + ": a # expression must be the field's only one, e.g. 2#1");
            return;
        }
        for (String item : field.split(",", -1)) {
            String problem = item(item, min, max, names, extra);
            if (problem != null) {
                problems.add("cron " + name + ": " + problem);
                return;
            }
        }
    }

    /** The problem with one comma-separated item of a field, or null. */
    private static String item(String item, int min, int max, Map<String, Integer> names, Extra extra) {
        if (item.isEmpty()) {
            return "empty list item";
        }
        if (extra == Extra.DAY_OF_MONTH && (item.equals("L") || item.equals("LW"))) {
            return null;
        }
        if (extra == Extra.DAY_OF_MONTH && item.endsWith("W")) {
            return value(item.substring(0, item.length() - 1), min, max, names) == null ? null
                    : "W needs a day of the month, e.g. 15W";
        }
        if (extra == Extra.DAY_OF_WEEK && item.equals("L")) {
            return null;
        }
        if (extra == Extra.DAY_OF_WEEK && item.endsWith("L")) {
            return value(item.substring(0, item.length() - 1), min, max, names) == null ? null
                    : "L needs a day of the week, e.g. 6L";
        }
        if (extra == Extra.DAY_OF_WEEK && item.contains("#")) {
            String[] parts = item.split("#", -1);
            if (parts.length != 2 || value(parts[0], min, max, names) != null
                    || !NUMBER.matcher(parts[1]).matches() || Integer.parseInt(parts[1]) < 1
                    || Integer.parseInt(parts[1]) > 5) {
                return "# needs a day of the week and an occurrence from 1 to 5, e.g. 2#1";
            }
            return null;
        }
        String range = item;
        int slash = item.indexOf('/');
        if (extra == Extra.DAY_OF_WEEK && slash >= 0) {
            // EventBridge's "Cron expressions reference" lists , - * ? L # for day-of-week, without the / every
            // other field takes: a step there may be refused at deploy, so it is refused here, where the message can
            // say what to write instead.
            return "'/' steps are not allowed here; list the days instead, e.g. SUN,TUE,THU,SAT";
        }
        if (slash >= 0) {
            String step = item.substring(slash + 1);
            if (!NUMBER.matcher(step).matches() || Integer.parseInt(step) == 0) {
                return "step after '/' must be a positive whole number";
            }
            // EventBridge refuses a step past the field's largest value: PutRule answers cron(*/60 * * * ? *) with
            // "Parameter ScheduleExpression is not valid" (aws-sdk-js issue 4212), as Quartz's cron does.
            if (Integer.parseInt(step) > max) {
                return "step after '/' must be at most " + max;
            }
            range = item.substring(0, slash);
        }
        if (range.equals("*")) {
            return null;
        }
        int dash = range.indexOf('-');
        if (dash < 0) {
            return value(range, min, max, names);
        }
        String from = range.substring(0, dash);
        String to = range.substring(dash + 1);
        String problem = value(from, min, max, names);
        if (problem == null) {
            problem = value(to, min, max, names);
        }
        if (problem == null && number(from, names) > number(to, names)) {
            problem = "range start must not be after its end";
        }
        return problem;
    }

    /** The problem with a single value, or null. */
    private static String value(String text, int min, int max, Map<String, Integer> names) {
        Integer n = names.containsKey(text) ? names.get(text)
                : NUMBER.matcher(text).matches() ? Integer.parseInt(text) : null;
        if (n == null) {
            return names.isEmpty() ? "values must be numbers from " + min + " to " + max
                    : "values must be numbers from " + min + " to " + max + " or " + String.join("/",
                            names.keySet().stream().sorted((a, b) -> names.get(a) - names.get(b)).toList());
        }
        if (n < min || n > max) {
            return "values must be from " + min + " to " + max;
        }
        return null;
    }

    /** A field value that {@link #problems} accepted: a name from {@code names} or a number. */
    static int number(String text, Map<String, Integer> names) {
        return names.containsKey(text) ? names.get(text) : Integer.parseInt(text);
    }

    private static Map<String, Integer> names(String... names) {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], i + 1);
        }
        return Map.copyOf(map);
    }
}
