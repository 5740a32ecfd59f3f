package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The result types Snowflake gives AVG, MEDIAN and PERCENTILE_CONT of a fixed-point NUMBER, where H2 gives its own:
 * AVG of NUMBER(p,s) is NUMBER(38, max(s, min(s + 6, 12))), division's scale (docs: functions/avg, whose examples
 * print an average of integers to 6 places and of NUMBER(10,5) to 11); MEDIAN and PERCENTILE_CONT of NUMBER(p,s) are
 * NUMBER(p + 3, s + 3) (docs: functions/median and functions/percentile_cont, whose examples over NUMBER(10,2) print
 * 22.50000), and of a FLOAT a FLOAT. H2 averages to 10 more places and takes medians to 50,000, which the result
 * encoder cuts to 37. Each call whose argument's type the statement shows ({@link Quotients#typeOf}) is cast to its
 * type; one the text does not type (a CTE's column) keeps H2's. {@link SqlTranslator#label} names the column after
 * the call, as Snowflake does, not after the cast.
 */
final class AggregateScales {

    /** Functions whose cast {@link SqlTranslator#label} leaves out of an unaliased column's name. */
    static final Set<String> FUNCTIONS = Set.of("AVG", "MEDIAN", "PERCENTILE_CONT");

    private AggregateScales() {
    }

    static void rewrite(List<Token> tokens, Quotients.Columns columns, Map<Integer, String> openers,
            Map<Integer, String> trailers) {
        for (int k = 0; k + 1 < tokens.size(); k++) {
            Token token = tokens.get(k);
            if (!FUNCTIONS.contains(token.upper()) || !SqlTranslator.isSymbol(tokens, k + 1, "(")
                    || SqlTranslator.isSymbol(tokens, k - 1, ".")) {
                continue;
            }
            int close = SqlLexer.closing(tokens, k + 1);
            int[] argument = token.isWord("PERCENTILE_CONT") ? orderedBy(tokens, close) : new int[] {k + 2, close - 1};
            if (argument == null) {
                continue;
            }
            if (SqlTranslator.isWord(tokens, argument[0], "DISTINCT")
                    || SqlTranslator.isWord(tokens, argument[0], "ALL")) {
                argument[0]++;
            }
            Quotients.Type type = argument[0] > argument[1] ? null
                    : Quotients.typeOf(tokens, argument[0], argument[1], columns);
            String cast = type == null ? null : token.isWord("AVG") ? average(type) : median(type);
            if (cast != null) {
                openers.merge(k, "CAST(", (inner, outer) -> outer + inner);
                trailers.merge(Quotients.callEnd(tokens, close), " AS " + cast + ")", String::concat);
            }
        }
    }

    private static String average(Quotients.Type type) {
        if (type.isFloat()) {
            return null;
        }
        int scale = Math.max(type.scale(), Math.min(type.scale() + 6, 12));
        return "NUMERIC(" + Quotients.Type.MAX_PRECISION + ", " + scale + ")";
    }

    private static String median(Quotients.Type type) {
        if (type.isFloat()) {
            return "DOUBLE PRECISION";
        }
        int scale = Math.min(type.scale() + 3, 37);
        return "NUMERIC(" + Math.min(Quotients.Type.MAX_PRECISION, Math.max(type.precision() + 3, scale + 1)) + ", "
                + scale + ")";
    }

    /** PERCENTILE_CONT(f) WITHIN GROUP (ORDER BY x [ASC|DESC]): the tokens of x, or null. */
    private static int[] orderedBy(List<Token> tokens, int close) {
        if (!SqlTranslator.isWord(tokens, close + 1, "WITHIN") || !SqlTranslator.isWord(tokens, close + 2, "GROUP")
                || !SqlTranslator.isSymbol(tokens, close + 3, "(") || !SqlTranslator.isWord(tokens, close + 4, "ORDER")
                || !SqlTranslator.isWord(tokens, close + 5, "BY")) {
            return null;
        }
        int end = SqlLexer.closing(tokens, close + 3) - 1;
        if (SqlTranslator.isWord(tokens, end, "ASC") || SqlTranslator.isWord(tokens, end, "DESC")) {
            end--;
        }
        return new int[] {close + 6, end};
    }
}
