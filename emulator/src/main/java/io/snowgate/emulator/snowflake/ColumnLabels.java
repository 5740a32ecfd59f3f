package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isIdentifier;
import static io.snowgate.emulator.snowflake.SqlTranslator.isSymbol;
import static io.snowgate.emulator.snowflake.SqlTranslator.isWord;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The names of a query's computed columns. Snowflake names a select list item without an alias after its text as
 * written, upper-cased: the TO_CHAR docs' {@code TO_VARCHAR('2013-04-05'::DATE, 'mon dd, yyyy')} is the column
 * {@code TO_VARCHAR('2013-04-05'::DATE, 'MON DD, YYYY')}. H2 names it after its own text of the translated
 * expression ({@code COUNT(CASE WHEN ...)} for {@code COUNT_IF(...)}), and a caller reading columns by name (Snowgate's
 * JSON keys) would see other names than Snowflake's. So each such item of every query block's select list (the
 * statement's, a subquery's, a common table expression's, a view's: their names reach the caller through
 * {@code SELECT *}) gets that name as an alias before the statement is translated. A column reference ({@code c},
 * {@code t.c}) keeps H2's name, the column's, as Snowflake's; {@code *} is left alone; quoted identifiers inside the
 * text keep their case; a name longer than H2's longest identifier is left to H2.
 */
final class ColumnLabels {

    /** H2's longest identifier. */
    private static final int LONGEST = 256;
    /** Words a SELECT starting a query block may follow: CTAS's and a view's AS, set operations. */
    private static final Set<String> QUERY_BEFORE = Set.of("AS", "UNION", "EXCEPT", "MINUS", "INTERSECT", "ALL",
            "DISTINCT");
    /** Words that end a select list. */
    private static final Set<String> LIST_ENDS = Stream.concat(SqlLexer.AFTER_FROM.stream(),
            Stream.of("FROM", "INTO")).collect(Collectors.toUnmodifiableSet());

    private ColumnLabels() {
    }

    /** {@code tokens}, a statement's significant tokens from {@code sql}, with the computed columns named. */
    static List<Token> named(String sql, List<Token> tokens) {
        // What to insert after a token (an item's last), by its index.
        Map<Integer, List<Token>> aliases = new HashMap<>();
        for (int select = 0; select < tokens.size(); select++) {
            if (tokens.get(select).isWord("SELECT") && startsQuery(tokens, select)) {
                nameList(sql, tokens, select, aliases);
            }
        }
        if (aliases.isEmpty()) {
            return tokens;
        }
        List<Token> named = new ArrayList<>(tokens.size() + 2 * aliases.size());
        for (int k = 0; k < tokens.size(); k++) {
            named.add(tokens.get(k));
            named.addAll(aliases.getOrDefault(k, List.of()));
        }
        return named;
    }

    /** Adds to {@code aliases} the names of the computed items of the select list after {@code select}. */
    private static void nameList(String sql, List<Token> tokens, int select, Map<Integer, List<Token>> aliases) {
        int start = select + 1;
        if (isWord(tokens, start, "DISTINCT") || isWord(tokens, start, "ALL")) {
            start++;
        }
        if (isWord(tokens, start, "TOP") && isNumber(tokens, start + 1)) {
            start += 2;
        }
        int itemStart = start;
        for (List<Token> item : SqlLexer.split(tokens, start, listEnd(tokens, start))) {
            // The parts are contiguous, one comma apart, so each one's end in tokens is known without a search.
            int last = itemStart + item.size() - 1;
            itemStart = last + 2;
            if (item.isEmpty() || !computed(item) || GroupByAll.withoutAlias(item, 0, item.size()) < item.size()) {
                continue;
            }
            Token end = item.getLast();
            String label = label(sql.substring(item.getFirst().position(), end.position() + end.text().length()));
            if (label.length() <= LONGEST) {
                aliases.put(last, List.of(new Token(Kind.WORD, "AS", end.position()),
                        new Token(Kind.QUOTED, "\"" + label.replace("\"", "\"\"") + "\"", end.position())));
            }
        }
    }

    /**
     * Where the select list from {@code start} ends: a clause's word at its level, not a path step named like one
     * ({@code v:order}); else the parenthesis closing its level, or the end.
     */
    private static int listEnd(List<Token> tokens, int start) {
        return SqlLexer.nextIndexAtLevel(tokens, start, k -> SqlLexer.endsClause(tokens, k, LIST_ENDS));
    }

    /**
     * Whether the SELECT at {@code at} starts a query block, whose columns some caller may read by name: the
     * statement's, a set operation's later block, a subquery's, a common table expression's, a view's or CTAS's, an
     * INSERT's. Not the privilege in {@code GRANT SELECT ON ...}.
     */
    private static boolean startsQuery(List<Token> tokens, int at) {
        if (at == 0) {
            return true;
        }
        Token before = tokens.get(at - 1);
        return before.isSymbol("(") || before.isSymbol(")")
                || before.kind() == Kind.WORD && QUERY_BEFORE.contains(before.upper())
                || isIdentifier(tokens, at - 1) && tokens.getFirst().isWord("INSERT");
    }

    /** Whether the item is an expression rather than a column reference or a star. */
    private static boolean computed(List<Token> item) {
        int k = 0;
        while (isIdentifier(item, k) && isSymbol(item, k + 1, ".")) {
            k += 2;
        }
        boolean reference = k == item.size() - 1 && (isIdentifier(item, k) || isSymbol(item, k, "*"));
        boolean star = k < item.size() && isSymbol(item, k, "*");
        return !reference && !star;
    }

    /** The text upper-cased, string literals too, but for double-quoted identifiers. */
    private static String label(String text) {
        StringBuilder label = new StringBuilder(text.length());
        boolean identifier = false;
        boolean string = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (string && c == '\\' && i + 1 < text.length()) {
                label.append(c).append(Character.toUpperCase(text.charAt(++i)));
                continue;
            }
            if (c == '"' && !string) {
                identifier = !identifier;
            } else if (c == '\'' && !identifier) {
                string = !string;
            }
            label.append(identifier ? c : Character.toUpperCase(c));
        }
        return label.toString();
    }

    private static boolean isNumber(List<Token> tokens, int at) {
        return at < tokens.size() && tokens.get(at).kind() == Kind.NUMBER;
    }
}
