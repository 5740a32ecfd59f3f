package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isIdentifier;
import static io.snowgate.emulator.snowflake.SqlTranslator.isSymbol;
import static io.snowgate.emulator.snowflake.SqlTranslator.isWord;

import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.List;

/**
 * A FROM item found backwards from a clause that follows it ({@code SAMPLE}, {@code PIVOT}): a table name
 * ({@code t}, {@code s.t}, {@code db.s.t}) or a parenthesised subquery, then an optional {@code [AS] alias}.
 *
 * @param start the item's first token
 * @param end   the item's last token: the table's name or the closing parenthesis
 * @param alias the alias, or null
 */
record FromItem(int start, int end, Token alias) {

    /** The item whose tokens (alias included) end just before {@code at}. */
    static FromItem endingBefore(List<Token> tokens, int at) {
        int end = at - 1;
        Token alias = null;
        // An alias is a name after AS, or after a name or a parenthesis that is not FROM or JOIN.
        if (isIdentifier(tokens, end) && (isWord(tokens, end - 1, "AS") || isSymbol(tokens, end - 1, ")")
                || isIdentifier(tokens, end - 1) && !isWord(tokens, end - 1, "FROM")
                && !isWord(tokens, end - 1, "JOIN"))) {
            alias = tokens.get(end);
            end -= isWord(tokens, end - 1, "AS") ? 2 : 1;
        }
        int start = end;
        if (isSymbol(tokens, end, ")")) {
            start = SqlLexer.opening(tokens, end);
        } else {
            while (isSymbol(tokens, start - 1, ".") && start >= 2) {
                start -= 2;
            }
        }
        return new FromItem(start, end, alias);
    }

    /** Whether the item is a parenthesised subquery rather than a table's name. */
    boolean parenthesised(List<Token> tokens) {
        return isSymbol(tokens, end, ")");
    }
}
