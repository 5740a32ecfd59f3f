package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isIdentifier;
import static io.snowgate.emulator.snowflake.SqlTranslator.isSymbol;
import static io.snowgate.emulator.snowflake.SqlTranslator.isWord;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code PIVOT} and {@code UNPIVOT} after a FROM item (docs: sql-reference/constructs/pivot, constructs/unpivot),
 * which H2 lacks, as the derived tables they stand for. Both need the source's columns ({@link #namedColumns}): a
 * table's (looked up), or those of a subquery or common table expression whose select list names each column.
 * <ul>
 *   <li>{@code src PIVOT (AGG(v) FOR k IN ('a', 'b') [DEFAULT ON NULL (d)]) [AS p]} is {@code (SELECT g..., AGG(CASE
 *   WHEN k = 'a' THEN v END) AS "'a'", ... FROM src GROUP BY g...) p}: one row per combination of the other columns,
 *   one column per listed value, named as Snowflake names it (the value as written, quotes included). {@code ANY} and
 *   a subquery in IN are refused.</li>
 *   <li>{@code src UNPIVOT [INCLUDE NULLS] (v FOR k IN (c1, c2)) [AS u]} is {@code (SELECT g..., 'C1' AS k, c1 AS v
 *   FROM src WHERE c1 IS NOT NULL UNION ALL ...) u}: one row per listed column, its name in k; a NULL is left out
 *   unless INCLUDE NULLS.</li>
 * </ul>
 */
final class Pivots {

    /** Snowflake's PIVOT aggregates (docs: constructs/pivot). */
    private static final Set<String> AGGREGATES = Set.of("AVG", "COUNT", "MAX", "MIN", "SUM");

    private Pivots() {
    }

    /**
     * {@code tokens} with every PIVOT and UNPIVOT expanded; {@code tableColumns} gives a table's column names, in
     * order, by its schema (null for the current one) and name, or an empty list when there is none.
     */
    static List<Token> expand(List<Token> tokens, BiFunction<String, String, List<String>> tableColumns) {
        List<Token> expanded = tokens;
        for (int k = 1; k < expanded.size(); k++) {
            Token token = expanded.get(k);
            boolean pivot = token.isWord("PIVOT");
            if ((pivot || token.isWord("UNPIVOT")) && follows(expanded, k)) {
                expanded = pivot ? pivot(expanded, k, tableColumns) : unpivot(expanded, k, tableColumns);
            }
        }
        return expanded;
    }

    /** A PIVOT or UNPIVOT clause at {@code k}: right after a FROM item, its parenthesis next. */
    private static boolean follows(List<Token> tokens, int k) {
        int open = isWord(tokens, k + 1, "INCLUDE") || isWord(tokens, k + 1, "EXCLUDE") ? k + 3 : k + 1;
        return isSymbol(tokens, open, "(") && (isIdentifier(tokens.get(k - 1)) || tokens.get(k - 1).isSymbol(")"));
    }

    private static List<Token> pivot(List<Token> tokens, int at,
            BiFunction<String, String, List<String>> tableColumns) {
        Source source = source(tokens, at, tableColumns);
        int open = at + 1;
        int close = SqlLexer.closing(tokens, open);
        int aggregate = open + 1;
        if (!AGGREGATES.contains(tokens.get(aggregate).upper()) || !isSymbol(tokens, aggregate + 1, "(")) {
            throw StandInSqlException.syntax(tokens.get(aggregate).position(), tokens.get(aggregate).text());
        }
        int aggregateClose = SqlLexer.closing(tokens, aggregate + 1);
        List<Token> value = tokens.subList(aggregate + 2, aggregateClose);
        int forAt = aggregateClose + 1;
        if (!isWord(tokens, forAt, "FOR") || !isIdentifier(tokens, forAt + 1) || !isWord(tokens, forAt + 2, "IN")
                || !isSymbol(tokens, forAt + 3, "(")) {
            Token bad = tokens.get(Math.min(forAt, close));
            throw StandInSqlException.syntax(bad.position(), bad.text());
        }
        Token key = tokens.get(forAt + 1);
        int listClose = SqlLexer.closing(tokens, forAt + 3);
        if (isWord(tokens, forAt + 4, "ANY") || isWord(tokens, forAt + 4, "SELECT")) {
            throw StandInSqlException.unsupported("PIVOT over " + tokens.get(forAt + 4).upper() + " values");
        }
        List<List<Token>> values = SqlLexer.split(tokens, forAt + 4, listClose);
        List<Token> orElse = null;
        if (isWord(tokens, listClose + 1, "DEFAULT") && isWord(tokens, listClose + 2, "ON")
                && isWord(tokens, listClose + 3, "NULL") && isSymbol(tokens, listClose + 4, "(")) {
            orElse = tokens.subList(listClose + 5, SqlLexer.closing(tokens, listClose + 4));
        }
        List<String> groups = others(source.columns(), List.of(name(key), name(value)));
        int position = tokens.get(at).position();
        List<Token> made = new ArrayList<>(SqlMacros.made(position, "(", "SELECT"));
        for (String group : groups) {
            made.add(SqlMacros.quoted(group, position));
            made.addAll(SqlMacros.made(position, ","));
        }
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                made.addAll(SqlMacros.made(position, ","));
            }
            if (orElse != null) {
                made.addAll(SqlMacros.made(position, "COALESCE", "("));
            }
            made.add(tokens.get(aggregate));
            made.addAll(SqlMacros.made(position, "(", "CASE", "WHEN"));
            made.add(key);
            made.addAll(SqlMacros.made(position, "="));
            made.addAll(values.get(i));
            made.addAll(SqlMacros.made(position, "THEN"));
            made.addAll(value);
            made.addAll(SqlMacros.made(position, "END", ")"));
            if (orElse != null) {
                made.addAll(SqlMacros.made(position, ","));
                made.addAll(orElse);
                made.addAll(SqlMacros.made(position, ")"));
            }
            made.addAll(SqlMacros.made(position, "AS"));
            made.add(SqlMacros.quoted(SqlLexer.text(values.get(i)), position));
        }
        made.addAll(SqlMacros.made(position, "FROM"));
        made.addAll(source.tokens());
        if (!groups.isEmpty()) {
            made.addAll(SqlMacros.made(position, "GROUP", "BY"));
            for (int i = 0; i < groups.size(); i++) {
                if (i > 0) {
                    made.addAll(SqlMacros.made(position, ","));
                }
                made.add(SqlMacros.quoted(groups.get(i), position));
            }
        }
        made.addAll(SqlMacros.made(position, ")"));
        return SqlMacros.replace(tokens, source.start(), close + 1, made);
    }

    private static List<Token> unpivot(List<Token> tokens, int at,
            BiFunction<String, String, List<String>> tableColumns) {
        Source source = source(tokens, at, tableColumns);
        boolean includeNulls = isWord(tokens, at + 1, "INCLUDE");
        int open = isWord(tokens, at + 1, "INCLUDE") || isWord(tokens, at + 1, "EXCLUDE") ? at + 3 : at + 1;
        int close = SqlLexer.closing(tokens, open);
        if (!isIdentifier(tokens, open + 1) || !isWord(tokens, open + 2, "FOR") || !isIdentifier(tokens, open + 3)
                || !isWord(tokens, open + 4, "IN") || !isSymbol(tokens, open + 5, "(")) {
            Token bad = tokens.get(Math.min(open + 1, close));
            throw StandInSqlException.syntax(bad.position(), bad.text());
        }
        Token value = tokens.get(open + 1);
        Token key = tokens.get(open + 3);
        List<List<Token>> columns = SqlLexer.split(tokens, open + 6, SqlLexer.closing(tokens, open + 5));
        List<String> unpivoted = new ArrayList<>();
        for (List<Token> column : columns) {
            if (column.size() != 1 || !isIdentifier(column.getFirst())) {
                throw StandInSqlException.unsupported("UNPIVOT of " + SqlLexer.text(column)
                        + " (a column name, without AS)");
            }
            unpivoted.add(name(column));
        }
        List<String> groups = others(source.columns(), unpivoted);
        int position = tokens.get(at).position();
        List<Token> made = new ArrayList<>(SqlMacros.made(position, "("));
        for (int i = 0; i < unpivoted.size(); i++) {
            if (i > 0) {
                made.addAll(SqlMacros.made(position, "UNION", "ALL"));
            }
            made.addAll(SqlMacros.made(position, "SELECT"));
            for (String group : groups) {
                made.add(SqlMacros.quoted(group, position));
                made.addAll(SqlMacros.made(position, ","));
            }
            made.add(new Token(Kind.STRING, "'" + unpivoted.get(i).replace("'", "''") + "'", position));
            made.addAll(SqlMacros.made(position, "AS"));
            made.add(key);
            made.addAll(SqlMacros.made(position, ","));
            made.add(SqlMacros.quoted(unpivoted.get(i), position));
            made.addAll(SqlMacros.made(position, "AS"));
            made.add(value);
            made.addAll(SqlMacros.made(position, "FROM"));
            made.addAll(source.tokens());
            if (!includeNulls) {
                made.addAll(SqlMacros.made(position, "WHERE"));
                made.add(SqlMacros.quoted(unpivoted.get(i), position));
                made.addAll(SqlMacros.made(position, "IS", "NOT", "NULL"));
            }
        }
        made.addAll(SqlMacros.made(position, ")"));
        return SqlMacros.replace(tokens, source.start(), close + 1, made);
    }

    /** The FROM item a PIVOT or UNPIVOT reads: where it starts, its tokens (alias included) and its columns. */
    private record Source(int start, List<Token> tokens, List<String> columns) {
    }

    private static Source source(List<Token> tokens, int at,
            BiFunction<String, String, List<String>> tableColumns) {
        FromItem item = FromItem.endingBefore(tokens, at);
        List<String> columns = item.parenthesised(tokens) ? selectedColumns(tokens, item.start() + 1, item.end())
                : namedColumns(tokens, item.start(), item.end(), tableColumns);
        return new Source(item.start(), tokens.subList(item.start(), at), columns);
    }

    /**
     * The columns of the table or common table expression named by tokens {@code start..end} ({@code t},
     * {@code schema.t}, {@code db.schema.t}): a CTE's of this statement by its select list, else the table's.
     */
    static List<String> namedColumns(List<Token> tokens, int start, int end,
            BiFunction<String, String, List<String>> tableColumns) {
        String name = Identifiers.normalize(tokens.get(end).text());
        if (start == end) {
            // WITH name [(columns)] AS (SELECT ...): its column list, or its select list's names.
            for (int k = 0; k + 2 < tokens.size(); k++) {
                if (isIdentifier(tokens, k) && Identifiers.normalize(tokens.get(k).text()).equals(name)
                        && (isWord(tokens, k - 1, "WITH") || isSymbol(tokens, k - 1, ","))) {
                    if (isSymbol(tokens, k + 1, "(")) {
                        int close = SqlLexer.closing(tokens, k + 1);
                        return SqlLexer.split(tokens, k + 2, close).stream()
                                .map(column -> Identifiers.normalize(column.getLast().text())).toList();
                    }
                    if (isWord(tokens, k + 1, "AS") && isSymbol(tokens, k + 2, "(")) {
                        return selectedColumns(tokens, k + 3, SqlLexer.closing(tokens, k + 2));
                    }
                }
            }
        }
        String schema = end - start >= 2 ? Identifiers.normalize(tokens.get(end - 2).text()) : null;
        List<String> columns = tableColumns.apply(schema, name);
        if (columns.isEmpty()) {
            throw StandInSqlException.tableDoesNotExist(name);
        }
        return columns;
    }

    /** The names of a subquery's select list, each an alias or a column name. */
    static List<String> selectedColumns(List<Token> tokens, int from, int to) {
        if (!isWord(tokens, from, "SELECT")) {
            throw StandInSqlException.unsupported("columns of a parenthesised item that is no SELECT");
        }
        int listEnd = Math.min(to, SqlLexer.nextAtLevel(tokens, from + 1, token -> token.isWord("FROM")));
        List<String> names = new ArrayList<>();
        for (List<Token> item : SqlLexer.split(tokens, from + 1, listEnd)) {
            Token last = item.getLast();
            boolean named = isIdentifier(last) && (item.size() == 1 || isWord(item, item.size() - 2, "AS")
                    || isSymbol(item, item.size() - 2, ".")
                    || GroupByAll.withoutAlias(item, 0, item.size()) < item.size());
            if (!named) {
                throw StandInSqlException.unsupported("a query column without a name (" + SqlLexer.text(item)
                        + ") where the stand-in must list the columns");
            }
            names.add(Identifiers.normalize(last.text()));
        }
        return names;
    }

    /** The source's columns but those named in {@code taken}. */
    private static List<String> others(List<String> columns, List<String> taken) {
        return columns.stream().filter(column -> !taken.contains(column)).toList();
    }

    /** A column reference's name, normalised: the last identifier of {@code t.col} or {@code col}. */
    private static String name(List<Token> reference) {
        if (reference.isEmpty() || !isIdentifier(reference.getLast())) {
            throw StandInSqlException.unsupported("PIVOT of " + SqlLexer.text(reference) + " (a column name)");
        }
        return Identifiers.normalize(reference.getLast().text());
    }

    private static String name(Token reference) {
        return Identifiers.normalize(reference.text());
    }
}
