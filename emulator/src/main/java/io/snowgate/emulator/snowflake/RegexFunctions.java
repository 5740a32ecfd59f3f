package io.snowgate.emulator.snowflake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Snowflake's regular expression functions (docs: sql-reference/functions-regexp), registered in H2 (see
 * {@link SqlEngine}). H2 has REGEXP_REPLACE and REGEXP_SUBSTR of its own, but not Snowflake's: H2's replacement
 * reads {@code $1} where Snowflake's reads {@code \1} (so a {@code $} in it failed), takes neither position nor
 * occurrence together with flags as Snowflake orders them, and knows no {@code e} parameter. Positions count from 1.
 */
public final class RegexFunctions {

    /** The functions and the Java methods behind them, for {@code CREATE ALIAS}. */
    static final List<String[]> ALIASES = List.of(
            new String[] {"REGEXP_COUNT", "regexpCount"},
            new String[] {"SF_REGEXP_LIKE", "regexpLike"},
            new String[] {"SF_REGEXP_REPLACE", "regexpReplace"},
            new String[] {"SF_REGEXP_SUBSTR", "regexpSubstr"},
            new String[] {"REGEXP_INSTR", "regexpInstr"},
            new String[] {"SF_REGEXP_SUBSTR_ALL", "regexpSubstrAll"});

    private RegexFunctions() {
    }

    /**
     * {@code REGEXP_COUNT(subject, pattern[, position[, parameters]])} (docs: functions/regexp_count): matches from
     * position.
     */
    public static Integer regexpCount(String subject, String pattern) throws SQLException {
        return regexpCount(subject, pattern, 1);
    }

    public static Integer regexpCount(String subject, String pattern, int position) throws SQLException {
        return regexpCount(subject, pattern, position, "c");
    }

    public static Integer regexpCount(String subject, String pattern, int position, String parameters)
            throws SQLException {
        if (subject == null || pattern == null || parameters == null) {
            return null;
        }
        return matches(subject, regex(pattern, parameters), position).size();
    }

    /**
     * {@code REGEXP_LIKE|RLIKE(subject, pattern[, parameters])}, and {@code subject [NOT] REGEXP|RLIKE pattern} (docs:
     * functions/regexp_like, functions/rlike): whether the pattern matches the whole subject. Snowflake anchors the
     * pattern at both ends, so {@code 'b'} does not match {@code 'abc'}; H2's own REGEXP_LIKE looks for it anywhere.
     */
    public static Boolean regexpLike(String subject, String pattern) throws SQLException {
        return regexpLike(subject, pattern, "c");
    }

    public static Boolean regexpLike(String subject, String pattern, String parameters) throws SQLException {
        if (subject == null || pattern == null || parameters == null) {
            return null;
        }
        return regex(pattern, parameters).matcher(subject).matches();
    }

    /**
     * {@code REGEXP_REPLACE(subject, pattern[, replacement[, position[, occurrence[, parameters]]]])} (docs:
     * functions/regexp_replace): the subject with every match from position (or only the occurrence-th, when it is
     * above 0) replaced. In the replacement {@code \1} to {@code \9} are the groups (written {@code '\\1'} in SQL),
     * {@code \\} a backslash and every other character itself, {@code $} included.
     */
    public static String regexpReplace(String subject, String pattern) throws SQLException {
        return regexpReplace(subject, pattern, "");
    }

    public static String regexpReplace(String subject, String pattern, String replacement) throws SQLException {
        return regexpReplace(subject, pattern, replacement, 1);
    }

    public static String regexpReplace(String subject, String pattern, String replacement, int position)
            throws SQLException {
        return regexpReplace(subject, pattern, replacement, position, 0);
    }

    public static String regexpReplace(String subject, String pattern, String replacement, int position,
                                       int occurrence) throws SQLException {
        return regexpReplace(subject, pattern, replacement, position, occurrence, "c");
    }

    public static String regexpReplace(String subject, String pattern, String replacement, int position,
                                       int occurrence, String parameters) throws SQLException {
        if (subject == null || pattern == null || replacement == null || parameters == null) {
            return null;
        }
        checkPosition(position);
        if (occurrence < 0) {
            throw invalidArgument("occurrence", occurrence);
        }
        List<Match> found = matches(subject, regex(pattern, parameters), position);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (int k = 0; k < found.size(); k++) {
            if (occurrence == 0 || occurrence == k + 1) {
                Match match = found.get(k);
                out.append(subject, copied, match.start()).append(replaced(match, replacement));
                copied = match.end();
            }
        }
        return out.append(subject.substring(copied)).toString();
    }

    /**
     * {@code REGEXP_SUBSTR(subject, pattern[, position[, occurrence[, parameters[, group]]]])} (docs:
     * functions/regexp_substr): the occurrence-th match from position, or NULL. With the {@code e} parameter, or a
     * group given, the group (the first by default) rather than the whole match; a pattern without groups gives the
     * whole match even then.
     */
    public static String regexpSubstr(String subject, String pattern) throws SQLException {
        return regexpSubstr(subject, pattern, 1);
    }

    public static String regexpSubstr(String subject, String pattern, int position) throws SQLException {
        return regexpSubstr(subject, pattern, position, 1);
    }

    public static String regexpSubstr(String subject, String pattern, int position, int occurrence)
            throws SQLException {
        return regexpSubstr(subject, pattern, position, occurrence, "c");
    }

    public static String regexpSubstr(String subject, String pattern, int position, int occurrence,
                                      String parameters) throws SQLException {
        return substr(subject, pattern, position, occurrence, parameters, null);
    }

    public static String regexpSubstr(String subject, String pattern, int position, int occurrence,
                                      String parameters, Integer group) throws SQLException {
        return group == null ? null : substr(subject, pattern, position, occurrence, parameters, group);
    }

    /**
     * {@code REGEXP_SUBSTR_ALL(subject, pattern[, position[, occurrence[, parameters[, group]]]])} (docs:
     * functions/regexp_substr_all): every match from the occurrence-th on, as REGEXP_SUBSTR would give each, in an
     * array (empty when there is none).
     */
    public static String regexpSubstrAll(String subject, String pattern) throws SQLException {
        return regexpSubstrAll(subject, pattern, 1);
    }

    public static String regexpSubstrAll(String subject, String pattern, int position) throws SQLException {
        return regexpSubstrAll(subject, pattern, position, 1);
    }

    public static String regexpSubstrAll(String subject, String pattern, int position, int occurrence)
            throws SQLException {
        return regexpSubstrAll(subject, pattern, position, occurrence, "c");
    }

    public static String regexpSubstrAll(String subject, String pattern, int position, int occurrence,
                                         String parameters) throws SQLException {
        return substrAll(subject, pattern, position, occurrence, parameters, null);
    }

    public static String regexpSubstrAll(String subject, String pattern, int position, int occurrence,
                                         String parameters, Integer group) throws SQLException {
        return group == null ? null : substrAll(subject, pattern, position, occurrence, parameters, group);
    }

    /**
     * {@code REGEXP_INSTR(subject, pattern[, position[, occurrence[, option[, parameters[, group]]]]])} (docs:
     * functions/regexp_instr): where the occurrence-th match from position starts (option 0) or the position after
     * it ends (option 1), of the group with {@code e} or a group given; 0 when there is no such match.
     */
    public static Integer regexpInstr(String subject, String pattern) throws SQLException {
        return regexpInstr(subject, pattern, 1);
    }

    public static Integer regexpInstr(String subject, String pattern, int position) throws SQLException {
        return regexpInstr(subject, pattern, position, 1);
    }

    public static Integer regexpInstr(String subject, String pattern, int position, int occurrence)
            throws SQLException {
        return regexpInstr(subject, pattern, position, occurrence, 0);
    }

    public static Integer regexpInstr(String subject, String pattern, int position, int occurrence, int option)
            throws SQLException {
        return regexpInstr(subject, pattern, position, occurrence, option, "c");
    }

    public static Integer regexpInstr(String subject, String pattern, int position, int occurrence, int option,
                                      String parameters) throws SQLException {
        return instr(subject, pattern, position, occurrence, option, parameters, null);
    }

    public static Integer regexpInstr(String subject, String pattern, int position, int occurrence, int option,
                                      String parameters, Integer group) throws SQLException {
        return group == null ? null : instr(subject, pattern, position, occurrence, option, parameters, group);
    }

    private static String substr(String subject, String pattern, int position, int occurrence, String parameters,
                                 Integer group) throws SQLException {
        Match match = occurrence(subject, pattern, position, occurrence, parameters);
        return match == null ? null : match.text(extracted(match, parameters, group));
    }

    private static String substrAll(String subject, String pattern, int position, int occurrence,
                                    String parameters, Integer group) throws SQLException {
        if (subject == null || pattern == null || parameters == null) {
            return null;
        }
        checkPosition(position);
        checkOccurrence(occurrence);
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        List<Match> found = matches(subject, regex(pattern, parameters), position);
        for (Match match : found.subList(Math.min(occurrence - 1, found.size()), found.size())) {
            all.add(match.text(extracted(match, parameters, group)));
        }
        return SemiStructured.write(all);
    }

    private static Integer instr(String subject, String pattern, int position, int occurrence, int option,
                                 String parameters, Integer group) throws SQLException {
        if (option != 0 && option != 1) {
            throw invalidArgument("option", option);
        }
        if (subject == null || pattern == null || parameters == null) {
            return null;
        }
        Match match = occurrence(subject, pattern, position, occurrence, parameters);
        if (match == null) {
            return 0;
        }
        int chosen = extracted(match, parameters, group);
        return (option == 0 ? match.starts()[chosen] : match.ends()[chosen]) + 1;
    }

    /** The occurrence-th match at or after position, or null (NULL arguments give null too). */
    private static Match occurrence(String subject, String pattern, int position, int occurrence,
                                              String parameters) throws SQLException {
        if (subject == null || pattern == null || parameters == null) {
            return null;
        }
        checkPosition(position);
        checkOccurrence(occurrence);
        List<Match> found = matches(subject, regex(pattern, parameters), position);
        return occurrence <= found.size() ? found.get(occurrence - 1) : null;
    }

    /**
     * The group a sub-match function answers: the one given, else the first when the parameters hold {@code e}, else
     * the whole match (0); a pattern without groups always gives the whole match.
     */
    private static int extracted(Match match, String parameters, Integer group) throws SQLException {
        int groups = match.starts().length - 1;
        int chosen = group != null ? group : parameters.indexOf('e') >= 0 ? 1 : 0;
        if (groups == 0) {
            return 0;
        }
        if (chosen < 0 || chosen > groups) {
            throw new SQLException("Invalid group number " + chosen + " for a pattern of " + groups + " groups",
                    "22023", 22023);
        }
        return chosen;
    }

    /** One match: where the whole match and each group start and end (-1 for a group that took no part). */
    private record Match(String subject, int[] starts, int[] ends) {

        int start() {
            return starts[0];
        }

        int end() {
            return ends[0];
        }

        String text(int group) {
            return starts[group] < 0 ? null : subject.substring(starts[group], ends[group]);
        }
    }

    /** Every match from position on, an empty match not taken twice at one place. */
    private static List<Match> matches(String subject, Pattern regex, int position) {
        List<Match> found = new java.util.ArrayList<>();
        Matcher matcher = regex.matcher(subject);
        int from = Math.max(0, position - 1);
        while (from <= subject.length() && matcher.find(from)) {
            int[] starts = new int[matcher.groupCount() + 1];
            int[] ends = new int[starts.length];
            for (int g = 0; g < starts.length; g++) {
                starts[g] = matcher.start(g);
                ends[g] = matcher.end(g);
            }
            found.add(new Match(subject, starts, ends));
            from = matcher.end() == matcher.start() ? matcher.end() + 1 : matcher.end();
        }
        return found;
    }

    /** The replacement for one match: {@code \n} its n-th group (empty if it took no part), {@code \\} a backslash. */
    private static String replaced(Match match, String replacement) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\' && i + 1 < replacement.length()) {
                char next = replacement.charAt(++i);
                if (Character.isDigit(next) && next != '0') {
                    int group = next - '0';
                    String text = group < match.starts().length ? match.text(group) : null;
                    out.append(text == null ? "" : text);
                } else {
                    out.append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void checkPosition(int position) throws SQLException {
        if (position < 1) {
            throw invalidArgument("position", position);
        }
    }

    private static void checkOccurrence(int occurrence) throws SQLException {
        if (occurrence < 1) {
            throw invalidArgument("occurrence", occurrence);
        }
    }

    private static SQLException invalidArgument(String name, int value) {
        return new SQLException("Invalid value [" + value + "] for function argument " + name, "22023", 22023);
    }

    /**
     * A pattern compiled with Snowflake's regular expression parameters (docs: functions-regexp, "Specifying the
     * parameters for the regular expression"): {@code c} case-sensitive (the default) and {@code i} case-insensitive,
     * the later one winning; {@code m} multi-line; {@code s} a {@code .} that matches a newline too; {@code e} (extract
     * sub-matches) changes no match.
     */
    private static Pattern regex(String pattern, String parameters) throws SQLException {
        int caseless = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        int flags = 0;
        for (char parameter : parameters.toCharArray()) {
            flags = switch (parameter) {
                case 'c' -> flags & ~caseless;
                case 'i' -> flags | caseless;
                case 'm' -> flags | Pattern.MULTILINE;
                case 's' -> flags | Pattern.DOTALL;
                case 'e' -> flags;
                default -> throw new SQLException("Invalid regular expression parameter: '" + parameter + "'",
                        "22023", 22023);
            };
        }
        try {
            return Pattern.compile(pattern, flags);
        } catch (PatternSyntaxException e) {
            throw new SQLException("Invalid regular expression: '" + pattern + "', " + e.getDescription(), "2201B",
                    22023);
        }
    }
}
