package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isIdentifier;
import static io.snowgate.emulator.snowflake.SqlTranslator.isSymbol;
import static io.snowgate.emulator.snowflake.SqlTranslator.isWord;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code GROUP BY ROLLUP (...)}, {@code CUBE (...)} and {@code GROUPING SETS (...)}, alone or after plain grouping
 * items (docs: sql-reference/constructs/group-by-rollup, group-by-cube, group-by-grouping-sets), which H2 lacks. The
 * query block becomes {@code SELECT * FROM (block UNION ALL block ...)}, one block per grouping set, as the docs
 * define them: in a block, an expression its set does not group by is NULL in the select list and HAVING (not inside
 * an aggregate's arguments, and not in WHERE, which runs before grouping), and {@code GROUPING(x, ...)} and
 * {@code GROUPING_ID} are the bits of the expressions left out, the first argument's the highest. The first block is
 * the set with the most expressions, so that the columns are named and typed after it; an unaliased column it makes
 * NULL or constant keeps the name Snowflake gives it. ORDER BY and LIMIT after the block apply to the union, so they
 * must name output columns or positions.
 */
final class GroupingSets {

    /** Words that end a GROUP BY clause, and a HAVING clause but the first. */
    private static final Set<String> CLAUSE_ENDS = Set.of("HAVING", "QUALIFY", "ORDER", "LIMIT", "UNION", "EXCEPT",
            "MINUS", "INTERSECT", "FETCH", "OFFSET", "WINDOW");

    private GroupingSets() {
    }

    /** Whether a GROUP BY with ROLLUP, CUBE or GROUPING SETS among its items starts at {@code at}. */
    static boolean at(List<Token> tokens, int at) {
        if (!tokens.get(at).isWord("GROUP") || !isWord(tokens, at + 1, "BY")) {
            return false;
        }
        int end = clauseEnd(tokens, at + 2);
        for (int k = at + 2; k < end; k++) {
            if (isSymbol(tokens, k, "(")) {
                k = SqlLexer.closing(tokens, k);
            } else if ((tokens.get(k).isWord("ROLLUP") || tokens.get(k).isWord("CUBE")) && isSymbol(tokens, k + 1, "(")
                    || tokens.get(k).isWord("GROUPING") && isWord(tokens, k + 1, "SETS")) {
                return true;
            }
        }
        return false;
    }

    /** {@code tokens} with the query block whose GROUP BY starts at {@code at} made a union of its grouping sets. */
    static List<Token> expand(List<Token> tokens, int at) {
        int select = SqlLexer.previousAtLevel(tokens, at - 1, token -> token.isWord("SELECT"));
        int from = select < 0 ? -1 : SqlLexer.nextAtLevel(tokens, select + 1, token -> token.isWord("FROM"));
        if (select < 0 || from >= at) {
            throw StandInSqlException.syntax(tokens.get(at).position(), tokens.get(at).text());
        }
        int groupEnd = clauseEnd(tokens, at + 2);
        int[] having = null;
        int end = groupEnd;
        if (isWord(tokens, groupEnd, "HAVING")) {
            end = clauseEnd(tokens, groupEnd + 1);
            having = new int[] {groupEnd + 1, end};
        }
        if (isWord(tokens, end, "QUALIFY")) {
            throw StandInSqlException.unsupported("QUALIFY with GROUP BY ROLLUP, CUBE or GROUPING SETS");
        }
        List<List<List<Token>>> sets = sets(tokens, at + 2, groupEnd);
        List<List<Token>> all = new ArrayList<>();
        sets.forEach(set -> set.forEach(expression -> {
            if (indexOf(all, expression) < 0) {
                all.add(expression);
            }
        }));
        sets.sort(Comparator.comparingInt(set -> -set.size()));
        int position = tokens.get(select).position();
        List<Token> made = new ArrayList<>(SqlMacros.made(position, "SELECT", "*", "FROM", "("));
        for (int i = 0; i < sets.size(); i++) {
            if (i > 0) {
                made.addAll(SqlMacros.made(position, "UNION", "ALL"));
            }
            List<List<Token>> set = sets.get(i);
            List<List<Token>> left = all.stream().filter(expression -> indexOf(set, expression) < 0).toList();
            made.addAll(selectList(tokens, select, from, all, left, i == 0));
            made.addAll(tokens.subList(from, at));
            made.addAll(SqlMacros.made(position, "GROUP", "BY"));
            if (set.isEmpty()) {
                made.addAll(SqlMacros.made(position, "(", ")"));
            }
            for (int e = 0; e < set.size(); e++) {
                if (e > 0) {
                    made.addAll(SqlMacros.made(position, ","));
                }
                made.addAll(set.get(e));
            }
            if (having != null) {
                made.addAll(SqlMacros.made(position, "HAVING"));
                made.addAll(replaced(tokens, having[0], having[1], all, left));
            }
        }
        made.addAll(SqlMacros.made(position, ")"));
        return SqlMacros.replace(tokens, select, end, made);
    }

    /** The grouping sets of the GROUP BY items from {@code from} to before {@code to}: their cross product. */
    private static List<List<List<Token>>> sets(List<Token> tokens, int from, int to) {
        List<List<List<Token>>> sets = new ArrayList<>(List.of(List.of()));
        for (List<Token> item : SqlLexer.split(tokens, from, to)) {
            List<List<List<Token>>> choices;
            if ((item.getFirst().isWord("ROLLUP") || item.getFirst().isWord("CUBE")) && isSymbol(item, 1, "(")) {
                List<List<Token>> expressions = SqlLexer.split(item, 2, item.size() - 1);
                choices = item.getFirst().isWord("ROLLUP") ? rollup(expressions) : cube(expressions);
            } else if (item.getFirst().isWord("GROUPING") && isWord(item, 1, "SETS") && isSymbol(item, 2, "(")) {
                choices = new ArrayList<>();
                for (List<Token> set : SqlLexer.split(item, 3, item.size() - 1)) {
                    choices.add(set.getFirst().isSymbol("(") && SqlLexer.closing(set, 0) == set.size() - 1
                            ? SqlLexer.split(set, 1, set.size() - 1) : List.of(set));
                }
            } else {
                choices = List.of(List.of(item));
            }
            List<List<List<Token>>> product = new ArrayList<>();
            for (List<List<Token>> set : sets) {
                for (List<List<Token>> choice : choices) {
                    List<List<Token>> combined = new ArrayList<>(set);
                    choice.stream().filter(expression -> indexOf(combined, expression) < 0).forEach(combined::add);
                    product.add(combined);
                }
            }
            sets = product;
        }
        return sets;
    }

    /** ROLLUP (a, b, c): (a, b, c), (a, b), (a), (). */
    private static List<List<List<Token>>> rollup(List<List<Token>> expressions) {
        List<List<List<Token>>> sets = new ArrayList<>();
        for (int n = expressions.size(); n >= 0; n--) {
            sets.add(expressions.subList(0, n));
        }
        return sets;
    }

    /** CUBE (a, b): every subset, (a, b), (a), (b), (). */
    private static List<List<List<Token>>> cube(List<List<Token>> expressions) {
        if (expressions.size() > 12) {
            throw StandInSqlException.unsupported("CUBE of more than 12 expressions");
        }
        List<List<List<Token>>> sets = new ArrayList<>();
        for (int mask = (1 << expressions.size()) - 1; mask >= 0; mask--) {
            List<List<Token>> set = new ArrayList<>();
            for (int e = 0; e < expressions.size(); e++) {
                if ((mask & 1 << expressions.size() - 1 - e) != 0) {
                    set.add(expressions.get(e));
                }
            }
            sets.add(set);
        }
        return sets;
    }

    /**
     * The select list of one block: {@code SELECT [DISTINCT]} and its items, those of {@code left} made NULL and
     * GROUPING answered; in the first block an unaliased item changed so keeps its name with an alias.
     */
    private static List<Token> selectList(List<Token> tokens, int select, int from, List<List<Token>> all,
            List<List<Token>> left, boolean first) {
        List<Token> list = new ArrayList<>();
        int start = select + 1;
        if (isWord(tokens, start, "DISTINCT") || isWord(tokens, start, "ALL")) {
            start++;
        }
        list.addAll(tokens.subList(select, start));
        int item = start;
        while (item < from) {
            int end = Math.min(from, SqlLexer.nextAtLevel(tokens, item, token -> token.isSymbol(",")));
            List<Token> replaced = replaced(tokens, item, end, all, left);
            list.addAll(replaced);
            if (first && !replaced.equals(tokens.subList(item, end)) && !aliased(tokens, item, end)) {
                list.add(new Token(Kind.WORD, "AS", tokens.get(item).position()));
                list.add(SqlMacros.quoted(name(tokens, item, end), tokens.get(item).position()));
            }
            if (end < from) {
                list.add(tokens.get(end));
            }
            item = end + 1;
        }
        return list;
    }

    /** Tokens {@code from} to before {@code to} with the expressions of {@code left} NULL and GROUPING answered. */
    private static List<Token> replaced(List<Token> tokens, int from, int to, List<List<Token>> all,
            List<List<Token>> left) {
        List<Token> out = new ArrayList<>();
        int k = from;
        while (k < to) {
            Token token = tokens.get(k);
            if ((token.isWord("GROUPING") || token.isWord("GROUPING_ID")) && isSymbol(tokens, k + 1, "(")) {
                int close = SqlLexer.closing(tokens, k + 1);
                long bits = 0;
                for (List<Token> argument : SqlLexer.split(tokens, k + 2, close)) {
                    if (indexOf(all, argument) < 0) {
                        throw StandInSqlException.syntax(argument.getFirst().position(), argument.getFirst().text());
                    }
                    bits = bits << 1 | (indexOf(left, argument) >= 0 ? 1 : 0);
                }
                out.add(new Token(Kind.NUMBER, Long.toString(bits), token.position()));
                k = close + 1;
                continue;
            }
            if (token.kind() == Kind.WORD && isSymbol(tokens, k + 1, "(") && GroupByAll.isAggregate(token.upper())) {
                int end = Quotients.callEnd(tokens, SqlLexer.closing(tokens, k + 1));
                out.addAll(tokens.subList(k, end + 1));
                k = end + 1;
                continue;
            }
            int matched = matchAt(tokens, k, to, left);
            if (matched > k) {
                out.addAll(SqlMacros.made(token.position(), "NULL"));
                k = matched;
                continue;
            }
            out.add(token);
            k++;
        }
        return out;
    }

    /** The end (exclusive) of an expression of {@code expressions} at {@code k}, or {@code k} when none is there. */
    private static int matchAt(List<Token> tokens, int k, int to, List<List<Token>> expressions) {
        if (isSymbol(tokens, k - 1, ".")) {
            return k;
        }
        for (List<Token> expression : expressions) {
            // A column may be named with or without its table: t.a is a, as a is t.a.
            int start = k;
            if (isIdentifier(tokens, k) && isSymbol(tokens, k + 1, ".") && isIdentifier(tokens, k + 2)
                    && expression.size() == 1) {
                start = k + 2;
            }
            int end = start + expression.size();
            if (end <= to && same(tokens.subList(start, end), expression) && !isSymbol(tokens, end, "(")
                    && !isSymbol(tokens, end, ".")) {
                return end;
            }
        }
        return k;
    }

    private static int indexOf(List<List<Token>> expressions, List<Token> wanted) {
        for (int i = 0; i < expressions.size(); i++) {
            List<Token> expression = expressions.get(i);
            if (same(expression, wanted) || expression.size() == 1 && wanted.size() == 3 && isSymbol(wanted, 1, ".")
                    && same(expression, wanted.subList(2, 3))
                    || wanted.size() == 1 && expression.size() == 3 && isSymbol(expression, 1, ".")
                    && same(expression.subList(2, 3), wanted)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean same(List<Token> a, List<Token> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Token x = a.get(i);
            Token y = b.get(i);
            boolean equal = isIdentifier(x) && isIdentifier(y)
                    ? Identifiers.normalize(x.text()).equals(Identifiers.normalize(y.text()))
                    : x.kind() == y.kind()
                    && (x.kind() == Kind.STRING ? x.text().equals(y.text()) : x.upper().equals(y.upper()));
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    /** Where a clause starting at {@code from} ends: the next clause's word, the closing parenthesis, or the end. */
    private static int clauseEnd(List<Token> tokens, int from) {
        return SqlLexer.nextAtLevel(tokens, from,
                token -> CLAUSE_ENDS.contains(token.upper()) && token.kind() == Kind.WORD || token.isSymbol(";"));
    }

    private static boolean aliased(List<Token> tokens, int from, int to) {
        return GroupByAll.withoutAlias(tokens, from, to) < to;
    }

    /**
     * The name Snowflake gives an unaliased item: a column's own name, else the item's text upper-cased outside
     * quotes.
     */
    private static String name(List<Token> tokens, int from, int to) {
        if (isIdentifier(tokens, to - 1) && (to - from == 1 || to - from == 3 && isSymbol(tokens, from + 1, "."))) {
            return Identifiers.normalize(tokens.get(to - 1).text());
        }
        StringBuilder name = new StringBuilder();
        for (int k = from; k < to; k++) {
            Token token = tokens.get(k);
            if (k > from && token.position() > tokens.get(k - 1).position() + tokens.get(k - 1).text().length()) {
                name.append(' ');
            }
            name.append(token.kind() == Kind.STRING || token.kind() == Kind.QUOTED ? token.text() : token.upper());
        }
        return name.toString();
    }
}
