package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isSymbol;
import static io.snowgate.emulator.snowflake.SqlTranslator.isWord;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Snowflake constructs that are other SQL spelt shorter, expanded into that SQL before anything else translates the
 * statement, so that every rule (a quotient's type, a path, a cast) applies to the expansion as to SQL written so:
 * <ul>
 *   <li>{@code DIV0(a, b)} is {@code CASE WHEN (b) = 0 THEN 0 ELSE (a) / (b) END} and {@code DIV0NULL(a, b)} the
 *   same for a NULL divisor too (docs: functions/div0, functions/div0null);</li>
 *   <li>{@code x [I]LIKE ANY|ALL (p1, p2) [ESCAPE e]} is {@code (x LIKE p1 OR|AND x LIKE p2)} (docs:
 *   functions/like_any, functions/like_all, functions/ilike_any);</li>
 *   <li>{@code EQUAL_NULL(a, b)} is {@code (a IS NOT DISTINCT FROM b)} (docs: functions/equal_null);</li>
 *   <li>{@code ARRAY_AGG(x) [WITHIN GROUP (ORDER BY o)]} is {@code ARRAY_AGG(x [ORDER BY o]) FILTER (WHERE (x) IS
 *   NOT NULL)}, and {@code ARRAY_UNIQUE_AGG(x)} is {@code ARRAY_AGG(DISTINCT x)} (docs: functions/array_agg,
 *   functions/array_unique_agg);</li>
 *   <li>{@code FIRST_VALUE|LAST_VALUE|NTH_VALUE(...) OVER (... ORDER BY ...)} without a window frame gets
 *   {@code ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING}: Snowflake's default for these functions is the
 *   whole window, not ANSI's (and H2's) frame ending at the current row (docs: functions-window-syntax, "Usage notes
 *   for window frames"; functions/last_value shows LAST_VALUE over the whole partition on every row);</li>
 *   <li>{@code ADD_MONTHS(d, n)} is {@code DATEADD(MONTH, ROUND(n), d)}, moved to the month's last day when d is the
 *   last day of its month (docs: functions/add_months);</li>
 *   <li>{@code [TRY_]TO_NUMBER|TO_DECIMAL|TO_NUMERIC(x, p[, s])} is {@code [TRY_]CAST(x AS NUMBER(p, s))} (docs:
 *   functions/to_decimal), and with a format {@code (x, 'format'[, p[, s]])} the text is read by the format
 *   ({@link NumberFormats}) first;</li>
 *   <li>{@code COUNT([DISTINCT] a, b, ...)} counts the rows where none is NULL (docs: functions/count), distinct
 *   combinations as H2's {@code ROW(a, b, ...)};</li>
 *   <li>{@code MAX_BY|MIN_BY(v, by)} is the v of the greatest (least) non-NULL by, as {@code ARRAY_GET(ARRAY_AGG(v
 *   ORDER BY by DESC|ASC) FILTER (WHERE by IS NOT NULL), 1)} (docs: functions/max_by);</li>
 *   <li>{@code POSITION(part, text[, start])} and {@code POSITION(part IN text)} are {@code CHARINDEX(part, text[,
 *   start])}, which counts characters ({@link Characters});</li>
 *   <li>{@code CEIL|FLOOR(x, scale)} and {@code ROUND(x, scale, mode)} are the stand-in's, cast to the scale;</li>
 *   <li>{@code CONDITIONAL_TRUE_EVENT(c) OVER (...)} is a running {@code COUNT(CASE WHEN c THEN 1 END)}, and
 *   {@code CONDITIONAL_CHANGE_EVENT(x) OVER (...)} a running count of changes ({@link ChangeEvents});</li>
 *   <li>{@code LISTAGG(x)} is {@code LISTAGG(x, '')}, and {@code APPROX_PERCENTILE(x, p)} the exact
 *   {@code PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x)} as a FLOAT;</li>
 *   <li>{@code GROUP BY ROLLUP|CUBE|GROUPING SETS (...)} is a union of one query block per grouping set
 *   ({@link GroupingSets});</li>
 *   <li>{@code FROM t [AS a] SAMPLE (...)} is a derived table of t's sample ({@link Samples});</li>
 *   <li>identity columns, sequences' options and {@code seq.NEXTVAL} are H2's ({@link Sequences});</li>
 *   <li>{@code UPDATE ... FROM}, {@code DELETE ... USING} and {@code CREATE TABLE ... CLONE} are H2's MERGE, DELETE
 *   WHERE EXISTS and CREATE TABLE AS ({@link JoinedDml});</li>
 *   <li>{@code x [NOT] REGEXP|RLIKE p} is {@code ([NOT] REGEXP_LIKE(x, p))} (docs: functions/regexp, functions/rlike),
 *   which the translator makes Snowflake's anchored match;</li>
 *   <li>{@code TRY_CAST(x AS type)} is {@code CAST(SF_TRY_CAST(x, 'h2 type') AS type)} ({@link TryCast}).</li>
 * </ul>
 * The tokens made take the position of the construct's first one, where an error in them is reported.
 */
final class SqlMacros {

    private static final Set<String> NUMBER_CONVERSIONS = Set.of("TO_NUMBER", "TO_DECIMAL", "TO_NUMERIC",
            "TRY_TO_NUMBER", "TRY_TO_DECIMAL", "TRY_TO_NUMERIC");
    /** Calls some of which {@link #expand} rewrites (by name; each rewrite then checks its arguments). */
    private static final Set<String> CALLS_EXPANDED = java.util.stream.Stream.concat(NUMBER_CONVERSIONS.stream(),
            java.util.stream.Stream.of("ADD_MONTHS", "COUNT", "MAX_BY", "MIN_BY", "LISTAGG", "APPROX_PERCENTILE",
                    "POSITION", "CONDITIONAL_TRUE_EVENT", "CONDITIONAL_CHANGE_EVENT", "CEIL", "CEILING", "FLOOR",
                    "ROUND")).collect(
                    java.util.stream.Collectors.toUnmodifiableSet());

    private SqlMacros() {
    }

    static List<Token> expand(List<Token> tokens) {
        boolean any = false;
        for (int k = 0; k < tokens.size() && !any; k++) {
            any = isDivision(tokens, k) || isLikeAnyOrAll(tokens, k) || isTryCast(tokens, k) || isEqualNull(tokens, k)
                    || isRegexpOperator(tokens, k) || isArrayAggregate(tokens, k) || unframedValueWindow(tokens, k) > 0
                    || isCall(tokens, k, CALLS_EXPANDED) || GroupingSets.at(tokens, k) || Samples.at(tokens, k)
                    || Sequences.at(tokens, k) || JoinedDml.at(tokens, k);
        }
        if (!any) {
            return tokens;
        }
        // A copied expression may hold a placeholder: numbered, each copy is bound to the same value.
        List<Token> expanded = new ArrayList<>(tokens.size());
        int binds = 0;
        for (Token token : tokens) {
            expanded.add(token.isSymbol("?") ? new Token(Kind.SYMBOL, "?" + ++binds, token.position()) : token);
        }
        for (int k = 0; k < expanded.size(); k++) {
            if (isDivision(expanded, k)) {
                expanded = division(expanded, k);
            } else if (isLikeAnyOrAll(expanded, k)) {
                expanded = likeAnyOrAll(expanded, k);
            } else if (isTryCast(expanded, k)) {
                expanded = tryCast(expanded, k);
            } else if (isEqualNull(expanded, k)) {
                expanded = equalNull(expanded, k);
            } else if (isRegexpOperator(expanded, k)) {
                expanded = regexpOperator(expanded, k);
            } else if (isArrayAggregate(expanded, k)) {
                expanded = arrayAggregate(expanded, k);
            } else if (JoinedDml.at(expanded, k)) {
                expanded = JoinedDml.expand(expanded);
            } else if (Sequences.at(expanded, k)) {
                expanded = Sequences.expand(expanded, k);
            } else if (Samples.at(expanded, k)) {
                expanded = Samples.expand(expanded, k);
            } else if (GroupingSets.at(expanded, k)) {
                expanded = GroupingSets.expand(expanded, k);
            } else if (isCall(expanded, k, Set.of("ADD_MONTHS"))) {
                expanded = addMonths(expanded, k);
            } else if (isCall(expanded, k, NUMBER_CONVERSIONS) && arguments(expanded, k + 1).size() > 1) {
                expanded = numberConversion(expanded, k);
            } else if (isCall(expanded, k, Set.of("COUNT")) && arguments(expanded, k + 1).size() > 1) {
                expanded = countOfSeveral(expanded, k);
            } else if (isCall(expanded, k, Set.of("MAX_BY", "MIN_BY"))) {
                expanded = valueBy(expanded, k);
            } else if (isCall(expanded, k, Set.of("LISTAGG")) && arguments(expanded, k + 1).size() == 1) {
                // No delimiter is the empty string in Snowflake (docs: functions/listagg), a comma in H2.
                int close = SqlLexer.closing(expanded, k + 1);
                int position = expanded.get(close).position();
                expanded = replace(expanded, close, close, List.of(new Token(Kind.SYMBOL, ",", position),
                        new Token(Kind.STRING, "''", position)));
            } else if (isCall(expanded, k, Set.of("POSITION"))) {
                // CHARINDEX's arguments (docs: functions/position), a start position too, which H2's POSITION lacks;
                // POSITION(part IN text) is the same call. CHARINDEX counts characters, as H2's POSITION does not.
                int in = SqlLexer.nextAtLevel(expanded, k + 2, token -> token.isWord("IN"));
                if (in < SqlLexer.closing(expanded, k + 1)) {
                    expanded = replace(expanded, in, in + 1,
                            List.of(new Token(Kind.SYMBOL, ",", expanded.get(in).position())));
                }
                expanded = replace(expanded, k, k + 1, made(expanded.get(k).position(), "CHARINDEX"));
            } else if (isCall(expanded, k, Set.of("CONDITIONAL_TRUE_EVENT", "CONDITIONAL_CHANGE_EVENT"))) {
                expanded = conditionalEvent(expanded, k);
            } else if (isCall(expanded, k, Set.of("CEIL", "CEILING", "FLOOR")) && arguments(expanded, k + 1).size() == 2
                    || isCall(expanded, k, Set.of("ROUND")) && arguments(expanded, k + 1).size() == 3) {
                expanded = roundedToScale(expanded, k);
            } else if (isCall(expanded, k, Set.of("APPROX_PERCENTILE"))) {
                expanded = approxPercentile(expanded, k);
            } else if (unframedValueWindow(expanded, k) > 0) {
                int close = unframedValueWindow(expanded, k);
                expanded = replace(expanded, close, close, made(expanded.get(close).position(), "ROWS", "BETWEEN",
                        "UNBOUNDED", "PRECEDING", "AND", "UNBOUNDED", "FOLLOWING"));
            }
        }
        return expanded;
    }

    /** A bind placeholder, {@code ?}, or {@code ?n} once {@link #expand} numbered it. */
    static boolean isBind(Token token) {
        return token.kind() == Kind.SYMBOL && token.text().startsWith("?");
    }

    private static boolean isDivision(List<Token> tokens, int k) {
        Token token = tokens.get(k);
        return (token.isWord("DIV0") || token.isWord("DIV0NULL")) && isSymbol(tokens, k + 1, "(")
                && !isSymbol(tokens, k - 1, ".");
    }

    private static boolean isLikeAnyOrAll(List<Token> tokens, int k) {
        Token token = tokens.get(k);
        return (token.isWord("LIKE") || token.isWord("ILIKE"))
                && (isWord(tokens, k + 1, "ANY") || isWord(tokens, k + 1, "ALL")) && isSymbol(tokens, k + 2, "(")
                && !isWord(tokens, k - 1, "NOT");
    }

    private static boolean isEqualNull(List<Token> tokens, int k) {
        return tokens.get(k).isWord("EQUAL_NULL") && isSymbol(tokens, k + 1, "(") && !isSymbol(tokens, k - 1, ".");
    }

    private static List<Token> equalNull(List<Token> tokens, int at) {
        int close = SqlLexer.closing(tokens, at + 1);
        int comma = SqlLexer.nextComma(tokens, at + 2);
        if (comma < 0) {
            throw StandInSqlException.syntax(tokens.get(close).position(), ")");
        }
        int position = tokens.get(at).position();
        List<Token> made = new ArrayList<>();
        parenthesised(made, position, tokens.subList(at + 2, comma));
        add(made, position, "IS", "NOT", "DISTINCT", "FROM");
        parenthesised(made, position, tokens.subList(comma + 1, close));
        List<Token> whole = new ArrayList<>();
        parenthesised(whole, position, made);
        return replace(tokens, at, close + 1, whole);
    }

    /**
     * For FIRST_VALUE, LAST_VALUE or NTH_VALUE at {@code k} whose OVER clause orders its rows but names no window
     * frame, the index of that clause's closing parenthesis; else -1.
     */
    private static int unframedValueWindow(List<Token> tokens, int k) {
        Token token = tokens.get(k);
        if (!token.isWord("FIRST_VALUE") && !token.isWord("LAST_VALUE") && !token.isWord("NTH_VALUE")
                || !isSymbol(tokens, k + 1, "(") || isSymbol(tokens, k - 1, ".")) {
            return -1;
        }
        int over = SqlLexer.closing(tokens, k + 1) + 1;
        // NTH_VALUE(...) FROM FIRST|LAST, then IGNORE|RESPECT NULLS (docs: functions/nth_value).
        if (isWord(tokens, over, "FROM")) {
            over += 2;
        }
        if (isWord(tokens, over, "IGNORE") || isWord(tokens, over, "RESPECT")) {
            over += 2;
        }
        if (!isWord(tokens, over, "OVER") || !isSymbol(tokens, over + 1, "(")) {
            return -1;
        }
        int close = SqlLexer.closing(tokens, over + 1);
        boolean ordered = false;
        for (int i = over + 2; i < close; i++) {
            if (isSymbol(tokens, i, "(")) {
                i = SqlLexer.closing(tokens, i);
            } else if (isWord(tokens, i, "ROWS") || isWord(tokens, i, "RANGE") || isWord(tokens, i, "GROUPS")) {
                return -1;
            } else if (isWord(tokens, i, "ORDER")) {
                ordered = true;
            }
        }
        return ordered ? close : -1;
    }

    /** A call at {@code k} of one of {@code names}, not a qualified name's last part. */
    private static boolean isCall(List<Token> tokens, int k, Set<String> names) {
        return tokens.get(k).kind() == Kind.WORD && names.contains(tokens.get(k).upper())
                && isSymbol(tokens, k + 1, "(") && !isSymbol(tokens, k - 1, ".");
    }

    /** The arguments of the call whose "(" is at {@code open}, each as its tokens. */
    private static List<List<Token>> arguments(List<Token> tokens, int open) {
        return new ArrayList<>(SqlLexer.split(tokens, open + 1, SqlLexer.closing(tokens, open)));
    }

    private static List<Token> addMonths(List<Token> tokens, int at) {
        List<List<Token>> arguments = arguments(tokens, at + 1);
        int close = SqlLexer.closing(tokens, at + 1);
        if (arguments.size() != 2) {
            throw StandInSqlException.syntax(tokens.get(close).position(), ")");
        }
        List<Token> date = arguments.get(0);
        int position = tokens.get(at).position();
        List<Token> moved = new ArrayList<>();
        add(moved, position, "DATEADD", "(", "MONTH", ",", "ROUND");
        parenthesised(moved, position, arguments.get(1));
        add(moved, position, ",");
        parenthesised(moved, position, date);
        add(moved, position, ")");
        List<Token> made = new ArrayList<>();
        add(made, position, "CASE", "WHEN", "CAST", "(");
        parenthesised(made, position, date);
        add(made, position, "AS", "DATE", ")", "=", "LAST_DAY");
        parenthesised(made, position, date);
        // From the last day to the last day: the days between the date and its target month's last day, added so
        // that a timestamp keeps its time of day.
        add(made, position, "THEN", "DATEADD", "(", "DAY", ",", "DATEDIFF", "(", "DAY", ",", "CAST", "(");
        parenthesised(made, position, date);
        add(made, position, "AS", "DATE", ")", ",", "LAST_DAY", "(");
        made.addAll(moved);
        add(made, position, ")", ")", ",");
        parenthesised(made, position, date);
        add(made, position, ")", "ELSE");
        made.addAll(moved);
        add(made, position, "END");
        List<Token> whole = new ArrayList<>();
        parenthesised(whole, position, made);
        return replace(tokens, at, close + 1, whole);
    }

    private static List<Token> numberConversion(List<Token> tokens, int at) {
        List<List<Token>> arguments = arguments(tokens, at + 1);
        int close = SqlLexer.closing(tokens, at + 1);
        // (x, p[, s]) or (x, 'format'[, p[, s]]): a format is the second argument when it is not a number.
        boolean formatted = !isNumber(arguments.get(1));
        List<List<Token>> sizes = arguments.subList(formatted ? 2 : 1, arguments.size());
        if (sizes.size() > 2 || !sizes.stream().allMatch(SqlMacros::isNumber)) {
            throw StandInSqlException.unsupported(tokens.get(at).upper() + " with these arguments");
        }
        int position = tokens.get(at).position();
        boolean orNull = tokens.get(at).upper().startsWith("TRY_");
        List<Token> made = new ArrayList<>();
        add(made, position, orNull ? "TRY_CAST" : "CAST", "(");
        if (formatted) {
            // Text read by the format model exactly (NumberFormats), then fitted to the precision and scale.
            add(made, position, orNull ? "SF_TRY_NUMBER_IN_FORMAT" : "SF_NUMBER_IN_FORMAT", "(");
            made.addAll(arguments.get(0));
            add(made, position, ",");
            made.addAll(arguments.get(1));
            add(made, position, ")");
        } else {
            made.addAll(arguments.get(0));
        }
        add(made, position, "AS", "NUMBER", "(", sizes.isEmpty() ? "38" : sizes.get(0).getFirst().text(), ",",
                sizes.size() == 2 ? sizes.get(1).getFirst().text() : "0", ")", ")");
        List<Token> replaced = replace(tokens, at, close + 1, made);
        return orNull ? tryCast(replaced, at) : replaced;
    }

    private static boolean isNumber(List<Token> argument) {
        return argument.size() == 1 && argument.getFirst().kind() == Kind.NUMBER;
    }

    private static List<Token> countOfSeveral(List<Token> tokens, int at) {
        int close = SqlLexer.closing(tokens, at + 1);
        boolean distinct = isWord(tokens, at + 2, "DISTINCT");
        List<List<Token>> arguments = arguments(tokens, at + 1);
        if (distinct) {
            arguments.set(0, arguments.getFirst().subList(1, arguments.getFirst().size()));
        }
        int position = tokens.get(at).position();
        List<Token> made = new ArrayList<>();
        add(made, position, "COUNT", "(");
        if (distinct) {
            add(made, position, "DISTINCT");
        }
        add(made, position, "CASE", "WHEN");
        for (int i = 0; i < arguments.size(); i++) {
            if (i > 0) {
                add(made, position, "AND");
            }
            parenthesised(made, position, arguments.get(i));
            add(made, position, "IS", "NOT", "NULL");
        }
        add(made, position, "THEN");
        if (distinct) {
            add(made, position, "ROW", "(");
            for (int i = 0; i < arguments.size(); i++) {
                if (i > 0) {
                    add(made, position, ",");
                }
                parenthesised(made, position, arguments.get(i));
            }
            add(made, position, ")");
        } else {
            add(made, position, "1");
        }
        add(made, position, "END", ")");
        return replace(tokens, at, close + 1, made);
    }

    /**
     * {@code CONDITIONAL_TRUE_EVENT(condition)} and {@code CONDITIONAL_CHANGE_EVENT(value)} {@code OVER ([PARTITION
     * BY ...] ORDER BY ...)} (docs: functions/conditional_true_event, conditional_change_event): a running count over
     * the partition's rows up to this one, starting at 0. TRUE_EVENT counts the rows where the condition holds (a
     * number is true when it is not 0), so the docs example's {@code o_col > 20} counts 0 0 0 1 2 3: that is
     * {@code COUNT(CASE WHEN condition THEN 1 END)}. CHANGE_EVENT counts the rows whose value differs from the one
     * before, a NULL being no change (the docs example counts 0 0 1 1 2 3 3 over 0, 0, 13, 13, 14, 15, NULL), which
     * needs the earlier rows' values, so it is the stand-in's aggregate {@link ChangeEvents} over those rows (H2 lets
     * no window function read another's result). The window must be ordered and, as Snowflake says, take no frame.
     */
    private static List<Token> conditionalEvent(List<Token> tokens, int at) {
        String function = tokens.get(at).upper();
        int close = SqlLexer.closing(tokens, at + 1);
        if (!isWord(tokens, close + 1, "OVER") || !isSymbol(tokens, close + 2, "(")) {
            throw StandInSqlException.syntax(tokens.get(Math.min(close + 1, tokens.size() - 1)).position(),
                    close + 1 < tokens.size() ? tokens.get(close + 1).text() : "<EOF>");
        }
        int windowClose = SqlLexer.closing(tokens, close + 2);
        boolean ordered = false;
        for (int i = close + 3; i < windowClose; i++) {
            if (isSymbol(tokens, i, "(")) {
                i = SqlLexer.closing(tokens, i);
            } else if (isWord(tokens, i, "ROWS") || isWord(tokens, i, "RANGE") || isWord(tokens, i, "GROUPS")) {
                throw StandInSqlException.unsupported("a window frame for " + function);
            } else if (isWord(tokens, i, "ORDER")) {
                ordered = true;
            }
        }
        if (!ordered) {
            throw StandInSqlException.unsupported(function + " over a window without ORDER BY");
        }
        int position = tokens.get(at).position();
        List<Token> made = new ArrayList<>();
        if (function.equals("CONDITIONAL_TRUE_EVENT")) {
            add(made, position, "COUNT", "(", "CASE", "WHEN");
            parenthesised(made, position, tokens.subList(at + 2, close));
            add(made, position, "THEN", "1", "END", ")");
        } else {
            add(made, position, ChangeEvents.NAME);
            parenthesised(made, position, tokens.subList(at + 2, close));
        }
        made.addAll(tokens.subList(close + 1, windowClose));
        add(made, position, "ROWS", "BETWEEN", "UNBOUNDED", "PRECEDING", "AND", "CURRENT", "ROW", ")");
        return replace(tokens, at, windowClose + 1, made);
    }

    /**
     * {@code CEIL|FLOOR(x, scale)} and {@code ROUND(x, scale, mode)} (docs: functions/ceil, floor, round), which H2's
     * functions of those names do not take: {@code CAST(SF_CEIL(x, scale) AS NUMBER(38, scale))}, the scale a literal
     * (a negative one rounds left of the point, to a whole number). A FLOAT x is answered as a NUMBER.
     */
    private static List<Token> roundedToScale(List<Token> tokens, int at) {
        List<List<Token>> arguments = arguments(tokens, at + 1);
        int close = SqlLexer.closing(tokens, at + 1);
        List<Token> scale = arguments.get(1);
        boolean negative = scale.size() == 2 && scale.getFirst().isSymbol("-");
        if (!(scale.size() == 1 || negative) || scale.getLast().kind() != Kind.NUMBER
                || !scale.getLast().text().matches("\\d+")) {
            throw StandInSqlException.unsupported(tokens.get(at).upper() + " to a scale that is not a whole number"
                    + " written in the statement");
        }
        String function = tokens.get(at).upper().equals("CEILING") ? "CEIL" : tokens.get(at).upper();
        int position = tokens.get(at).position();
        List<Token> made = new ArrayList<>();
        add(made, position, "CAST", "(", "SF_" + function);
        made.addAll(tokens.subList(at + 1, close + 1));
        add(made, position, "AS", "NUMERIC", "(", "38", ",", negative ? "0" : scale.getLast().text(), ")", ")");
        return replace(tokens, at, close + 1, made);
    }

    /**
     * {@code APPROX_PERCENTILE(x, p)} (docs: functions/approx_percentile) is {@code PERCENTILE_CONT(p) WITHIN GROUP
     * (ORDER BY x)} as a FLOAT: the exact percentile is one estimate of it.
     */
    private static List<Token> approxPercentile(List<Token> tokens, int at) {
        List<List<Token>> arguments = arguments(tokens, at + 1);
        int close = SqlLexer.closing(tokens, at + 1);
        if (arguments.size() != 2) {
            throw StandInSqlException.syntax(tokens.get(close).position(), ")");
        }
        int position = tokens.get(at).position();
        List<Token> made = new ArrayList<>();
        add(made, position, "CAST", "(", "PERCENTILE_CONT");
        parenthesised(made, position, arguments.get(1));
        add(made, position, "WITHIN", "GROUP", "(", "ORDER", "BY");
        parenthesised(made, position, arguments.get(0));
        add(made, position, ")", "AS", "DOUBLE", ")");
        return replace(tokens, at, close + 1, made);
    }

    private static List<Token> valueBy(List<Token> tokens, int at) {
        List<List<Token>> arguments = arguments(tokens, at + 1);
        int close = SqlLexer.closing(tokens, at + 1);
        if (arguments.size() != 2) {
            throw arguments.size() == 3 ? StandInSqlException.unsupported(tokens.get(at).upper() + " of several values")
                    : StandInSqlException.syntax(tokens.get(close).position(), ")");
        }
        if (isWord(tokens, close + 1, "OVER")) {
            // Its docs show it as an aggregate only; refused rather than read as some frame.
            throw StandInSqlException.unsupported(tokens.get(at).upper() + " over a window");
        }
        int position = tokens.get(at).position();
        List<Token> made = new ArrayList<>();
        add(made, position, "ARRAY_GET", "(", "ARRAY_AGG", "(");
        parenthesised(made, position, arguments.get(0));
        add(made, position, "ORDER", "BY");
        parenthesised(made, position, arguments.get(1));
        add(made, position, tokens.get(at).isWord("MAX_BY") ? "DESC" : "ASC", ")", "FILTER", "(", "WHERE");
        parenthesised(made, position, arguments.get(1));
        add(made, position, "IS", "NOT", "NULL", ")", ",", "1", ")");
        return replace(tokens, at, close + 1, made);
    }

    /** ARRAY_AGG(...) or ARRAY_UNIQUE_AGG(...), not yet expanded (which gives it a FILTER). */
    private static boolean isArrayAggregate(List<Token> tokens, int k) {
        Token token = tokens.get(k);
        if (!token.isWord("ARRAY_AGG") && !token.isWord("ARRAY_UNIQUE_AGG") || !isSymbol(tokens, k + 1, "(")
                || isSymbol(tokens, k - 1, ".")) {
            return false;
        }
        return !isWord(tokens, SqlLexer.closing(tokens, k + 1) + 1, "FILTER");
    }

    /**
     * {@code ARRAY_AGG([DISTINCT] x) [WITHIN GROUP (ORDER BY o)]} as {@code ARRAY_AGG([DISTINCT] x [ORDER BY o])
     * FILTER (WHERE (x) IS NOT NULL)}: Snowflake leaves NULL values out of the array (docs: functions/array_agg), H2
     * keeps them.
     */
    private static List<Token> arrayAggregate(List<Token> tokens, int at) {
        int close = SqlLexer.closing(tokens, at + 1);
        int position = tokens.get(at).position();
        int value = isWord(tokens, at + 2, "DISTINCT") || isWord(tokens, at + 2, "ALL") ? at + 3 : at + 2;
        if (value >= close) {
            throw StandInSqlException.syntax(tokens.get(close).position(), ")");
        }
        List<Token> made = new ArrayList<>();
        add(made, position, "ARRAY_AGG", "(");
        if (tokens.get(at).isWord("ARRAY_UNIQUE_AGG")) {
            add(made, position, "DISTINCT");
        }
        made.addAll(tokens.subList(at + 2, close));
        int end = close + 1;
        if (isWord(tokens, end, "WITHIN")) {
            if (!isWord(tokens, end + 1, "GROUP") || !isSymbol(tokens, end + 2, "(")
                    || !isWord(tokens, end + 3, "ORDER") || !isWord(tokens, end + 4, "BY")) {
                Token bad = tokens.get(Math.min(end + 1, tokens.size() - 1));
                throw StandInSqlException.syntax(bad.position(), bad.text());
            }
            int groupClose = SqlLexer.closing(tokens, end + 2);
            made.addAll(tokens.subList(end + 3, groupClose));
            end = groupClose + 1;
        }
        add(made, position, ")", "FILTER", "(", "WHERE");
        parenthesised(made, position, tokens.subList(value, close));
        add(made, position, "IS", "NOT", "NULL", ")");
        return replace(tokens, at, end, made);
    }

    /** {@code REGEXP} or {@code RLIKE} after an operand (or its NOT): the operator, not the function RLIKE(...). */
    private static boolean isRegexpOperator(List<Token> tokens, int k) {
        Token token = tokens.get(k);
        if (!token.isWord("REGEXP") && !token.isWord("RLIKE") || k == 0) {
            return false;
        }
        int before = isWord(tokens, k - 1, "NOT") ? k - 2 : k - 1;
        if (before < 0) {
            return false;
        }
        Token last = tokens.get(before);
        return switch (last.kind()) {
            case STRING, NUMBER, QUOTED -> true;
            case WORD -> !SqlTranslator.KEYWORDS_BEFORE_EXPRESSIONS.contains(last.upper());
            default -> last.isSymbol(")") || last.isSymbol("]") || isBind(last);
        };
    }

    private static List<Token> regexpOperator(List<Token> tokens, int at) {
        boolean not = isWord(tokens, at - 1, "NOT");
        int operatorAt = not ? at - 1 : at;
        int start = SqlTranslator.operandStart(tokens, operatorAt - 1);
        int end = operandEnd(tokens, at + 1);
        int position = tokens.get(start).position();
        List<Token> made = new ArrayList<>();
        add(made, position, "(");
        if (not) {
            add(made, position, "NOT");
        }
        add(made, position, "REGEXP_LIKE", "(");
        made.addAll(tokens.subList(start, operatorAt));
        add(made, position, ",");
        made.addAll(tokens.subList(at + 1, end + 1));
        add(made, position, ")", ")");
        return replace(tokens, start, end + 1, made);
    }

    /**
     * The last token of the operand starting at {@code start}: a literal, bind or (dotted) name, a call or a
     * parenthesised expression, with any {@code ::type} casts after it.
     */
    static int operandEnd(List<Token> tokens, int start) {
        if (start >= tokens.size()) {
            throw StandInSqlException.syntax(tokens.get(tokens.size() - 1).position(), "<EOF>");
        }
        int end = start;
        if (isSymbol(tokens, start, "(")) {
            end = SqlLexer.closing(tokens, start);
        } else if (tokens.get(start).kind() == Kind.WORD && isSymbol(tokens, start + 1, "(")) {
            end = SqlLexer.closing(tokens, start + 1);
        } else if (tokens.get(start).kind() == Kind.WORD && SqlTranslator.isKind(tokens, start + 1, Kind.STRING)) {
            end = start + 1;
        }
        while (isSymbol(tokens, end + 1, ".") && end + 2 < tokens.size()) {
            end += 2;
        }
        while (isSymbol(tokens, end + 1, "::") && end + 2 < tokens.size()) {
            end += 2;
            if (isSymbol(tokens, end + 1, "(")) {
                end = SqlLexer.closing(tokens, end + 1);
            }
        }
        return end;
    }

    private static boolean isTryCast(List<Token> tokens, int k) {
        return tokens.get(k).isWord("TRY_CAST") && isSymbol(tokens, k + 1, "(") && !isSymbol(tokens, k - 1, ".");
    }

    private static List<Token> tryCast(List<Token> tokens, int at) {
        int close = SqlLexer.closing(tokens, at + 1);
        int as = SqlLexer.nextAtLevel(tokens, at + 2, token -> token.isWord("AS"));
        if (as >= close || as == at + 2 || as + 1 == close) {
            throw StandInSqlException.syntax(tokens.get(Math.min(as, close)).position(), tokens.get(Math.min(as, close)).text());
        }
        List<Token> type = tokens.subList(as + 1, close);
        String typeText = SqlLexer.text(type);
        String h2Type = TryCast.h2Type(typeText).orElseThrow(
                () -> StandInSqlException.unsupported("TRY_CAST to " + typeText));
        int position = tokens.get(at).position();
        List<Token> made = new ArrayList<>();
        add(made, position, "CAST", "(", "SF_TRY_CAST", "(");
        made.addAll(tokens.subList(at + 2, as));
        add(made, position, ",");
        made.add(new Token(Kind.STRING, "'" + h2Type + "'", position));
        add(made, position, ")", "AS");
        made.addAll(type);
        add(made, position, ")");
        return replace(tokens, at, close + 1, made);
    }

    private static List<Token> division(List<Token> tokens, int at) {
        int close = SqlLexer.closing(tokens, at + 1);
        int comma = SqlLexer.nextComma(tokens, at + 2);
        if (comma < 0) {
            throw StandInSqlException.syntax(tokens.get(close).position(), ")");
        }
        List<Token> dividend = tokens.subList(at + 2, comma);
        List<Token> divisor = tokens.subList(comma + 1, close);
        int position = tokens.get(at).position();
        List<Token> made = new ArrayList<>();
        add(made, position, "CASE", "WHEN");
        parenthesised(made, position, divisor);
        if (tokens.get(at).isWord("DIV0NULL")) {
            add(made, position, "IS", "NULL", "OR");
            parenthesised(made, position, divisor);
        }
        add(made, position, "=", "0", "THEN", "0", "ELSE");
        parenthesised(made, position, dividend);
        add(made, position, "/");
        parenthesised(made, position, divisor);
        add(made, position, "END");
        return replace(tokens, at, close + 1, made);
    }

    private static List<Token> likeAnyOrAll(List<Token> tokens, int at) {
        int start = SqlTranslator.operandStart(tokens, at - 1);
        List<Token> operand = tokens.subList(start, at);
        int open = at + 2;
        int close = SqlLexer.closing(tokens, open);
        List<Token> escape = List.of();
        int end = close + 1;
        if (isWord(tokens, end, "ESCAPE") && end + 1 < tokens.size()) {
            escape = tokens.subList(end, end + 2);
            end += 2;
        }
        String join = tokens.get(at + 1).isWord("ANY") ? "OR" : "AND";
        int position = tokens.get(start).position();
        List<Token> made = new ArrayList<>();
        add(made, position, "(");
        int from = open + 1;
        while (from < close) {
            int comma = SqlLexer.nextComma(tokens, from);
            int to = comma < 0 ? close : comma;
            if (from > open + 1) {
                add(made, position, join);
            }
            made.addAll(operand);
            made.add(tokens.get(at));
            made.addAll(tokens.subList(from, to));
            made.addAll(escape);
            from = to + 1;
        }
        add(made, position, ")");
        return replace(tokens, start, end, made);
    }

    private static void parenthesised(List<Token> made, int position, List<Token> expression) {
        add(made, position, "(");
        made.addAll(expression);
        add(made, position, ")");
    }

    private static void add(List<Token> made, int position, String... texts) {
        made.addAll(made(position, texts));
    }

    /** Tokens made from their texts (words, numbers and symbols only), all at {@code position}. */
    static List<Token> made(int position, String... texts) {
        List<Token> made = new ArrayList<>(texts.length);
        for (String text : texts) {
            Kind kind = Character.isLetter(text.charAt(0)) ? Kind.WORD
                    : Character.isDigit(text.charAt(0)) ? Kind.NUMBER : Kind.SYMBOL;
            made.add(new Token(kind, text, position));
        }
        return made;
    }

    /** A quoted identifier naming {@code name} exactly, at {@code position}. */
    static Token quoted(String name, int position) {
        return new Token(Kind.QUOTED, "\"" + name.replace("\"", "\"\"") + "\"", position);
    }

    /** {@code tokens} with those from {@code from} to before {@code to} replaced by {@code made}. */
    static List<Token> replace(List<Token> tokens, int from, int to, List<Token> made) {
        List<Token> replaced = new ArrayList<>(tokens.subList(0, from));
        replaced.addAll(made);
        replaced.addAll(tokens.subList(to, tokens.size()));
        return replaced;
    }
}
