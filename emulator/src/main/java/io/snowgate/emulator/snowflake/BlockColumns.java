package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isIdentifier;
import static io.snowgate.emulator.snowflake.SqlTranslator.isSymbol;
import static io.snowgate.emulator.snowflake.SqlTranslator.isWord;

import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * What names the columns of a query block's FROM item without naming them, which H2 cannot resolve, in a block whose
 * FROM clause is one item (a table, a common table expression, VALUES or a subquery whose select list names its
 * columns):
 * <ul>
 *   <li>positional references, {@code $1}, {@code $2} ... (docs: sql-reference/constructs/values,
 *   {@code SELECT $1, $2 FROM VALUES (1, 'one')}): {@code $n} and {@code item.$n} become that column's name; one that
 *   is a whole select list item keeps {@code $n} as its column's name, as Snowflake labels it; past the last column
 *   is an invalid identifier;</li>
 *   <li>{@code OBJECT_CONSTRUCT[_KEEP_NULL](*)} (docs: functions/object_construct, "*"): an object of every column,
 *   keyed by its name, becomes the call with each name and column.</li>
 * </ul>
 * Anything else (several FROM items, a join) is left for the translator, which refuses it; {@code $n} as a FROM item
 * is a flow's result ({@link SqlTranslator}).
 */
final class BlockColumns {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\d+");
    private static final Set<String> FROM = Set.of("FROM");
    /** What follows a FROM item that is not the only one, or changes its columns. */
    private static final Set<String> MORE_ITEMS = Set.of(",", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS",
            "NATURAL", "LATERAL", "PIVOT", "UNPIVOT", "SAMPLE", "TABLESAMPLE", "MATCH_RECOGNIZE");

    private BlockColumns() {
    }

    static List<Token> expand(List<Token> tokens, BiFunction<String, String, List<String>> tableColumns) {
        return objectConstructStars(positionalReferences(tokens, tableColumns), tableColumns);
    }

    private static List<Token> objectConstructStars(List<Token> tokens,
            BiFunction<String, String, List<String>> tableColumns) {
        List<Token> expanded = tokens;
        for (int k = 0; k + 3 < expanded.size(); k++) {
            boolean star = (expanded.get(k).isWord("OBJECT_CONSTRUCT")
                    || expanded.get(k).isWord("OBJECT_CONSTRUCT_KEEP_NULL")) && isSymbol(expanded, k + 1, "(")
                    && isSymbol(expanded, k + 2, "*") && isSymbol(expanded, k + 3, ")")
                    && !isSymbol(expanded, k - 1, ".");
            int select = star ? blockStart(expanded, k) : -1;
            List<String> columns = select < 0 ? null : blockColumns(expanded, select, tableColumns);
            if (columns == null) {
                continue;
            }
            int position = expanded.get(k + 2).position();
            List<Token> pairs = new ArrayList<>();
            for (String column : columns) {
                if (!pairs.isEmpty()) {
                    pairs.addAll(SqlMacros.made(position, ","));
                }
                pairs.add(new Token(SqlLexer.Kind.STRING, SqlTranslator.literal(column), position));
                pairs.addAll(SqlMacros.made(position, ","));
                pairs.add(SqlMacros.quoted(column, position));
            }
            expanded = SqlMacros.replace(expanded, k + 2, k + 3, pairs);
        }
        return expanded;
    }

    private static List<Token> positionalReferences(List<Token> tokens,
            BiFunction<String, String, List<String>> tableColumns) {
        List<Token> expanded = null;
        for (int k = 0; k < tokens.size(); k++) {
            Token token = tokens.get(k);
            if (!isReference(token) || SqlTranslator.isFromItem(tokens, k)) {
                continue;
            }
            int select = blockStart(tokens, k);
            List<String> columns = select < 0 ? null : blockColumns(tokens, select, tableColumns);
            if (columns == null) {
                continue;
            }
            int place = Integer.parseInt(token.text().substring(1));
            if (place < 1 || place > columns.size()) {
                throw StandInSqlException.invalidIdentifier(token.text());
            }
            if (expanded == null) {
                expanded = new ArrayList<>(tokens);
            }
            int offset = expanded.size() - tokens.size();
            List<Token> made = new ArrayList<>();
            made.add(SqlMacros.quoted(columns.get(place - 1), token.position()));
            if (isWholeSelectItem(tokens, select, k)) {
                made.addAll(SqlMacros.made(token.position(), "AS"));
                made.add(SqlMacros.quoted(token.text(), token.position()));
            }
            expanded = SqlMacros.replace(expanded, k + offset, k + offset + 1, made);
        }
        return expanded == null ? tokens : expanded;
    }

    private static boolean isReference(Token token) {
        return token.kind() == SqlLexer.Kind.WORD && REFERENCE.matcher(token.text()).matches();
    }

    /**
     * The columns of the one FROM item of the query block starting at {@code select}, or null when that block has no
     * FROM clause or more than one item.
     */
    private static List<String> blockColumns(List<Token> tokens, int select,
            BiFunction<String, String, List<String>> tableColumns) {
        int from = SqlLexer.nextIndexAtLevel(tokens, select + 1, k -> SqlLexer.endsClause(tokens, k, FROM));
        if (!isWord(tokens, from, "FROM")) {
            return null;
        }
        boolean values = isWord(tokens, from + 1, "VALUES");
        int end = values ? valuesEnd(tokens, from + 1)
                : SqlLexer.nextIndexAtLevel(tokens, from + 1, k -> SqlLexer.endsClause(tokens, k, SqlLexer.AFTER_FROM)
                        || MORE_ITEMS.contains(tokens.get(k).upper()));
        boolean single = end >= tokens.size() || isSymbol(tokens, end, ")")
                || SqlLexer.endsClause(tokens, end, SqlLexer.AFTER_FROM);
        if (!single || end == from + 1) {
            return null;
        }
        if (values) {
            return valuesColumns(tokens, from + 1);
        }
        FromItem item = FromItem.endingBefore(tokens, end);
        if (item.start() != from + 1) {
            return null;
        }
        return item.parenthesised(tokens) ? Pivots.selectedColumns(tokens, item.start() + 1, item.end())
                : Pivots.namedColumns(tokens, item.start(), item.end(), tableColumns);
    }

    /**
     * The SELECT starting the query block {@code at} is in: the nearest one back at the same depth, looking through
     * the parentheses of calls and expressions that hold the reference; -1 when there is none.
     */
    private static int blockStart(List<Token> tokens, int at) {
        int depth = 0;
        for (int k = at - 1; k >= 0; k--) {
            Token token = tokens.get(k);
            if (token.isSymbol(")") || token.isSymbol("]")) {
                depth++;
            } else if (token.isSymbol("(") || token.isSymbol("[")) {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && token.isWord("SELECT")) {
                return k;
            }
        }
        return -1;
    }

    /** The index after a VALUES item: its rows, its alias and the alias's column list. */
    private static int valuesEnd(List<Token> tokens, int values) {
        int rowsEnd = ValuesTables.end(tokens, values);
        int alias = ValuesTables.aliasAt(tokens, rowsEnd);
        if (alias < 0) {
            return rowsEnd;
        }
        return isSymbol(tokens, alias + 1, "(") ? SqlLexer.closing(tokens, alias + 1) + 1 : alias + 1;
    }

    /**
     * VALUES' columns: those its alias names ({@code AS v(a, b)}), else COLUMN1 ... one for each value of its first
     * row (docs: constructs/values).
     */
    private static List<String> valuesColumns(List<Token> tokens, int values) {
        int alias = ValuesTables.aliasAt(tokens, ValuesTables.end(tokens, values));
        if (alias >= 0 && isSymbol(tokens, alias + 1, "(")) {
            return SqlLexer.split(tokens, alias + 2, SqlLexer.closing(tokens, alias + 1)).stream()
                    .map(column -> Identifiers.normalize(column.getLast().text())).toList();
        }
        int count = SqlLexer.split(tokens, values + 2, SqlLexer.closing(tokens, values + 1)).size();
        List<String> columns = new ArrayList<>();
        for (int c = 1; c <= count; c++) {
            columns.add("COLUMN" + c);
        }
        return columns;
    }

    /**
     * Whether the reference at {@code at} ({@code $n} or {@code item.$n}) is an item of its own in the select list of
     * the block starting at {@code select}.
     */
    private static boolean isWholeSelectItem(List<Token> tokens, int select, int at) {
        int first = isSymbol(tokens, at - 1, ".") && isIdentifier(tokens, at - 2) ? at - 2 : at;
        boolean inSelectList = first < SqlLexer.nextAtLevel(tokens, select + 1, token -> token.isWord("FROM"));
        int depth = 0;
        for (int k = select + 1; k < first; k++) {
            depth += tokens.get(k).isSymbol("(") || tokens.get(k).isSymbol("[") ? 1
                    : tokens.get(k).isSymbol(")") || tokens.get(k).isSymbol("]") ? -1 : 0;
        }
        boolean starts = isWord(tokens, first - 1, "SELECT") || isWord(tokens, first - 1, "DISTINCT")
                || isSymbol(tokens, first - 1, ",");
        boolean ends = isSymbol(tokens, at + 1, ",") || isWord(tokens, at + 1, "FROM");
        return inSelectList && depth == 0 && starts && ends;
    }
}
