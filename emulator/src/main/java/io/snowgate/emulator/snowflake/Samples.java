package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isIdentifier;
import static io.snowgate.emulator.snowflake.SqlTranslator.isSymbol;
import static io.snowgate.emulator.snowflake.SqlTranslator.isWord;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code FROM t [AS a] SAMPLE|TABLESAMPLE [BERNOULLI|ROW|SYSTEM|BLOCK] (p | n ROWS) [REPEATABLE|SEED (s)]} (docs:
 * sql-reference/constructs/sample), which H2 lacks: the item becomes {@code (SELECT * FROM t WHERE RAND() * 100 < p)
 * a}, or {@code (SELECT * FROM t ORDER BY RAND() LIMIT n) a}, named as the item was so that {@code t.col} still
 * reads it.
 */
final class Samples {

    private static final Set<String> SAMPLING_METHODS = Set.of("BERNOULLI", "ROW", "SYSTEM", "BLOCK");

    private Samples() {
    }

    /** {@code SAMPLE} or {@code TABLESAMPLE} after a FROM item, its sampling method or parenthesis next. */
    static boolean at(List<Token> tokens, int k) {
        Token token = tokens.get(k);
        if (!token.isWord("SAMPLE") && !token.isWord("TABLESAMPLE") || k < 2) {
            return false;
        }
        int open = isSymbol(tokens, k + 1, "(") ? k + 1
                : tokens.size() > k + 1 && SAMPLING_METHODS.contains(tokens.get(k + 1).upper()) ? k + 2 : -1;
        Token before = tokens.get(k - 1);
        return open > 0 && isSymbol(tokens, open, "(") && (isIdentifier(before) || before.isSymbol(")"));
    }

    /**
     * The FROM item before the {@code SAMPLE} at {@code at}, sampled: each row kept with the probability given in
     * percent, or a fixed number of rows taken at random (docs: constructs/sample). A seed ({@code REPEATABLE|SEED})
     * is accepted, not honoured: the stand-in's samples are not repeatable.
     */
    static List<Token> expand(List<Token> tokens, int at) {
        FromItem item = FromItem.endingBefore(tokens, at);
        // Named as the item was, so that t.col still reads it; a sampled subquery needs a name of its own.
        Token alias = item.alias() != null ? item.alias() : item.parenthesised(tokens)
                ? new Token(Kind.WORD, "SF_SAMPLED", tokens.get(at).position()) : tokens.get(item.end());
        boolean blocks = isWord(tokens, at + 1, "SYSTEM") || isWord(tokens, at + 1, "BLOCK");
        int open = isSymbol(tokens, at + 1, "(") ? at + 1 : at + 2;
        int close = SqlLexer.closing(tokens, open);
        boolean rows = close == open + 3 && isWord(tokens, open + 2, "ROWS");
        if (close != open + 2 && !rows || tokens.get(open + 1).kind() != Kind.NUMBER) {
            throw StandInSqlException.syntax(tokens.get(open + 1).position(), tokens.get(open + 1).text());
        }
        java.math.BigDecimal amount = new java.math.BigDecimal(tokens.get(open + 1).text());
        if (rows && (blocks || amount.stripTrailingZeros().scale() > 0)
                || !rows && amount.compareTo(java.math.BigDecimal.valueOf(100)) > 0) {
            throw StandInSqlException.unsupported("SAMPLE " + (blocks ? "SYSTEM " : "") + "(" + amount
                    + (rows ? " ROWS" : "") + ")");
        }
        int end = close + 1;
        if ((isWord(tokens, end, "REPEATABLE") || isWord(tokens, end, "SEED")) && isSymbol(tokens, end + 1, "(")) {
            end = SqlLexer.closing(tokens, end + 1) + 1;
        }
        int position = tokens.get(at).position();
        List<Token> made = new ArrayList<>(SqlMacros.made(position, "(", "SELECT", "*", "FROM"));
        made.addAll(tokens.subList(item.start(), item.end() + 1));
        String size = tokens.get(open + 1).text();
        made.addAll(rows ? SqlMacros.made(position, "ORDER", "BY", "RAND", "(", ")", "LIMIT", size, ")")
                : SqlMacros.made(position, "WHERE", "RAND", "(", ")", "*", "100", "<", size, ")"));
        made.add(alias);
        return SqlMacros.replace(tokens, item.start(), end, made);
    }

}
