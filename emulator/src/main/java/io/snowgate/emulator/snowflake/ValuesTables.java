package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isIdentifier;
import static io.snowgate.emulator.snowflake.SqlTranslator.isSymbol;
import static io.snowgate.emulator.snowflake.SqlTranslator.isWord;

import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code FROM VALUES (1, 'a'), (2, 'b')} names its columns {@code COLUMN1}, {@code COLUMN2} ... in Snowflake (docs:
 * constructs/values), {@code C1}, {@code C2} in H2: without a column list of its own, the stand-in gives it
 * Snowflake's, keeping the alias written ({@code AS v} becomes {@code AS v(COLUMN1, COLUMN2)}).
 */
final class ValuesTables {

    private ValuesTables() {
    }

    /** Whether {@code i} is a VALUES clause that is a FROM item, its columns not named by the statement. */
    static boolean at(List<Token> tokens, int i) {
        if (!tokens.get(i).isWord("VALUES") || !isSymbol(tokens, i + 1, "(") || !SqlTranslator.isFromItem(tokens, i)) {
            return false;
        }
        int alias = aliasAt(tokens, end(tokens, i));
        return alias < 0 || !isSymbol(tokens, alias + 1, "(");
    }

    /**
     * The text replacing the VALUES at {@code i}; the closing parenthesis of its last row and its alias, if any, get
     * the rest of the rewrite in {@code closers} and {@code trailers}.
     */
    static String open(List<Token> tokens, int i, Map<Integer, String> closers, Map<Integer, String> trailers) {
        int end = end(tokens, i);
        StringJoiner columns = new StringJoiner(", ", "(", ")");
        int from = i + 2;
        int column = 0;
        while (true) {
            columns.add("COLUMN" + ++column);
            int comma = SqlLexer.nextComma(tokens, from);
            if (comma < 0) {
                break;
            }
            from = comma + 1;
        }
        int alias = aliasAt(tokens, end);
        if (alias < 0) {
            closers.put(end - 1, ")) AS SF_VALUES" + columns);
        } else {
            closers.put(end - 1, "))");
            trailers.merge(alias, columns.toString(), String::concat);
        }
        return "(VALUES";
    }

    /** The index after the last row of the VALUES clause at {@code i}. */
    static int end(List<Token> tokens, int i) {
        int k = i + 1;
        while (isSymbol(tokens, k, "(")) {
            k = SqlLexer.closing(tokens, k) + 1;
            if (!isSymbol(tokens, k, ",") || !isSymbol(tokens, k + 1, "(")) {
                break;
            }
            k++;
        }
        return k;
    }

    /** The alias after the rows ending before {@code end} ({@code AS v} or {@code v}), or -1. */
    static int aliasAt(List<Token> tokens, int end) {
        int at = isWord(tokens, end, "AS") ? end + 1 : end;
        return isIdentifier(tokens, at) && !SemiStructuredSql.NOT_ALIASES.contains(tokens.get(at).upper()) ? at : -1;
    }
}
