package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isIdentifier;
import static io.snowgate.emulator.snowflake.SqlTranslator.isSymbol;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GROUP BY ALL}: grouped by every select-list item that uses no aggregate function (docs:
 * sql-reference/constructs/group-by, "ALL"). H2 has no such clause, so it becomes {@code GROUP BY} those items'
 * expressions, each without its alias (an alias may name a column too, which H2 would group by instead).
 */
final class GroupByAll {

    /** Snowflake's aggregate functions (docs: functions-aggregation), by which an item is no grouping key. */
    private static final Set<String> AGGREGATES = Set.of("COUNT", "COUNT_IF", "SUM", "AVG", "MIN", "MAX", "LISTAGG",
            "ARRAY_AGG", "ARRAY_UNION_AGG", "ARRAY_UNIQUE_AGG", "OBJECT_AGG", "ANY_VALUE", "MEDIAN", "MODE", "STDDEV",
            "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "VARIANCE_POP", "VARIANCE_SAMP",
            "APPROX_COUNT_DISTINCT", "HLL", "BOOLAND_AGG", "BOOLOR_AGG", "BOOLXOR_AGG", "BITAND_AGG", "BITOR_AGG",
            "BITXOR_AGG", "CORR", "COVAR_POP", "COVAR_SAMP", "PERCENTILE_CONT", "PERCENTILE_DISC",
            "APPROX_PERCENTILE", "APPROX_TOP_K", "KURTOSIS", "SKEW", "MIN_BY", "MAX_BY", "GROUPING", "GROUPING_ID",
            "REGR_AVGX", "REGR_AVGY", "REGR_COUNT", "REGR_INTERCEPT", "REGR_R2", "REGR_SLOPE", "REGR_SXX",
            "REGR_SXY", "REGR_SYY");

    private GroupByAll() {
    }

    /** Whether {@code GROUP BY ALL} starts at {@code at}. */
    static boolean at(List<Token> tokens, int at) {
        return tokens.get(at).isWord("GROUP") && SqlTranslator.isWord(tokens, at + 1, "BY")
                && SqlTranslator.isWord(tokens, at + 2, "ALL");
    }

    /**
     * The H2 clause for {@code GROUP BY ALL} at {@code at}: {@code GROUP BY} the grouping items of its SELECT, each
     * translated by {@code translate}.
     */
    static String clause(List<Token> tokens, int at, Function<List<Token>, String> translate) {
        int select = select(tokens, at);
        List<String> keys = new ArrayList<>();
        for (int[] item : items(tokens, select)) {
            if (item[1] - item[0] == 1 && tokens.get(item[0]).isSymbol("*")
                    || item[1] - item[0] >= 3 && isSymbol(tokens, item[1] - 1, "*") && isSymbol(tokens, item[1] - 2, ".")) {
                throw StandInSqlException.unsupported("GROUP BY ALL with * in the select list");
            }
            if (!aggregates(tokens, item[0], item[1])) {
                keys.add(translate.apply(tokens.subList(item[0], withoutAlias(tokens, item[0], item[1]))));
            }
        }
        if (keys.isEmpty()) {
            // Every item aggregates: one group of all rows, as with no GROUP BY.
            return "GROUP BY ()";
        }
        return "GROUP BY " + String.join(", ", keys);
    }

    /** The SELECT whose GROUP BY starts at {@code at}: the last one at the same depth before it. */
    private static int select(List<Token> tokens, int at) {
        int select = SqlLexer.previousAtLevel(tokens, at - 1, token -> token.isWord("SELECT"));
        if (select < 0) {
            throw StandInSqlException.syntax(tokens.get(at).position(), tokens.get(at).text());
        }
        return select;
    }

    /** The select-list items after {@code select}, each as {@code [from, to)}. */
    private static List<int[]> items(List<Token> tokens, int select) {
        int start = select + 1;
        if (SqlTranslator.isWord(tokens, start, "DISTINCT") || SqlTranslator.isWord(tokens, start, "ALL")) {
            start++;
        }
        List<int[]> items = new ArrayList<>();
        int from = start;
        while (true) {
            int end = SqlLexer.nextAtLevel(tokens, from, token -> token.isSymbol(",") || token.isWord("FROM"));
            items.add(new int[] {from, end});
            if (!isSymbol(tokens, end, ",")) {
                return items;
            }
            from = end + 1;
        }
    }

    /** Whether {@code function} (upper-cased) is one of Snowflake's aggregate functions. */
    static boolean isAggregate(String function) {
        return AGGREGATES.contains(function);
    }

    /** Whether the item calls an aggregate function (outside a window: {@code SUM(x) OVER (...)} is no key either). */
    private static boolean aggregates(List<Token> tokens, int from, int to) {
        for (int k = from; k < to; k++) {
            Token token = tokens.get(k);
            if (token.kind() == Kind.WORD && isSymbol(tokens, k + 1, "(")
                    && (AGGREGATES.contains(token.upper()) || token.isWord("OVER"))) {
                return true;
            }
        }
        return false;
    }

    /** Where the item's expression ends: before {@code AS alias}, or an alias right after the expression. */
    static int withoutAlias(List<Token> tokens, int from, int to) {
        if (to - from < 2 || !isIdentifier(tokens, to - 1) || tokens.get(to - 1).isWord("END")) {
            return to;
        }
        Token before = tokens.get(to - 2);
        if (before.isWord("AS")) {
            return to - 2;
        }
        boolean endsAnExpression = before.isSymbol(")") || before.isSymbol("]") || before.kind() == Kind.STRING
                || before.kind() == Kind.NUMBER || isIdentifier(before)
                && !SqlTranslator.KEYWORDS_BEFORE_EXPRESSIONS.contains(before.upper());
        return endsAnExpression ? to - 1 : to;
    }
}
