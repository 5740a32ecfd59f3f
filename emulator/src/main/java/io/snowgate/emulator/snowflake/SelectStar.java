package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isIdentifier;
import static io.snowgate.emulator.snowflake.SqlTranslator.isSymbol;
import static io.snowgate.emulator.snowflake.SqlTranslator.isWord;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * {@code SELECT * ILIKE 'pattern'}, {@code * REPLACE (expr AS col, ...)} and {@code * RENAME (col AS name, ...)}, after
 * {@code EXCLUDE} or {@code ILIKE} too (docs: sql-reference/sql/select, "Parameters"), which H2 lacks: over a single
 * table or common table expression, the {@code *} becomes its columns, in order, those the pattern matches
 * (case-insensitively, as ILIKE), without those excluded, each replaced or renamed as asked. Over anything else these
 * are refused;
 * {@code * EXCLUDE} alone stays H2's {@code * EXCEPT} ({@link SqlTranslator}).
 */
final class SelectStar {

    private static final Set<String> MODIFIERS = Set.of("ILIKE", "EXCLUDE", "REPLACE", "RENAME");

    private SelectStar() {
    }

    /** {@code tokens} with each {@code *} that ILIKE, REPLACE or RENAME modifies expanded into columns. */
    static List<Token> expand(List<Token> tokens, BiFunction<String, String, List<String>> tableColumns) {
        List<Token> expanded = tokens;
        for (int k = 1; k + 1 < expanded.size(); k++) {
            if (expanded.get(k).isSymbol("*")
                    && (isWord(expanded, k - 1, "SELECT") || isWord(expanded, k - 1, "DISTINCT"))
                    && needsColumns(expanded, k + 1)) {
                expanded = expandAt(expanded, k, tableColumns);
            }
        }
        return expanded;
    }

    /** Whether the modifiers from {@code at} include one H2's {@code * EXCEPT} cannot stand for. */
    private static boolean needsColumns(List<Token> tokens, int at) {
        for (int k = at; k < tokens.size() && MODIFIERS.contains(tokens.get(k).upper()); k = modifierEnd(tokens, k)) {
            if (!tokens.get(k).isWord("EXCLUDE")) {
                return true;
            }
        }
        return false;
    }

    /** The token after the modifier at {@code k} and its argument: a parenthesis, one name, or RENAME's col AS name. */
    private static int modifierEnd(List<Token> tokens, int k) {
        if (isSymbol(tokens, k + 1, "(")) {
            return SqlLexer.closing(tokens, k + 1) + 1;
        }
        return tokens.get(k).isWord("RENAME") && isWord(tokens, k + 2, "AS") ? k + 4 : k + 2;
    }

    private static List<Token> expandAt(List<Token> tokens, int star,
            BiFunction<String, String, List<String>> tableColumns) {
        int end = star + 1;
        Pattern like = null;
        List<String> excluded = new ArrayList<>();
        Map<String, List<Token>> replaced = new LinkedHashMap<>();
        Map<String, Token> renamed = new LinkedHashMap<>();
        while (end < tokens.size() && MODIFIERS.contains(tokens.get(end).upper())) {
            Token modifier = tokens.get(end);
            int next = modifierEnd(tokens, end);
            List<List<Token>> arguments = isSymbol(tokens, end + 1, "(")
                    ? SqlLexer.split(tokens, end + 2, next - 1) : List.of(tokens.subList(end + 1, next));
            switch (modifier.upper()) {
                case "ILIKE" -> {
                    Token pattern = tokens.get(end + 1);
                    if (pattern.kind() != Kind.STRING) {
                        throw StandInSqlException.syntax(pattern.position(), pattern.text());
                    }
                    like = likePattern(pattern.stringValue());
                }
                case "EXCLUDE" -> arguments.forEach(argument -> excluded.add(name(argument)));
                case "REPLACE" -> arguments.forEach(argument -> {
                    int as = lastAs(argument);
                    replaced.put(name(argument.subList(as + 1, argument.size())), argument.subList(0, as));
                });
                default -> arguments.forEach(argument -> {
                    int as = lastAs(argument);
                    renamed.put(name(argument.subList(0, as)), argument.get(as + 1));
                });
            }
            end = next;
        }
        if (!isWord(tokens, end, "FROM")) {
            Token bad = tokens.get(Math.min(end, tokens.size() - 1));
            throw StandInSqlException.syntax(bad.position(), bad.text());
        }
        List<String> columns = singleTableColumns(tokens, end + 1, tableColumns);
        int position = tokens.get(star).position();
        List<Token> made = new ArrayList<>();
        for (String column : columns) {
            if (excluded.contains(column) || like != null && !like.matcher(column).matches()) {
                continue;
            }
            if (!made.isEmpty()) {
                made.addAll(SqlMacros.made(position, ","));
            }
            List<Token> replacement = replaced.get(column);
            if (replacement != null) {
                made.addAll(replacement);
            } else {
                made.add(SqlMacros.quoted(column, position));
            }
            Token alias = renamed.get(column);
            if (alias != null || replacement != null) {
                made.addAll(SqlMacros.made(position, "AS"));
                made.add(alias != null ? alias : SqlMacros.quoted(column, position));
            }
        }
        if (made.isEmpty()) {
            throw StandInSqlException.unsupported("SELECT * that leaves no column");
        }
        return SqlMacros.replace(tokens, star, end, made);
    }

    /** The columns of the single table of the FROM clause starting at {@code from}; refused for anything else. */
    private static List<String> singleTableColumns(List<Token> tokens, int from,
            BiFunction<String, String, List<String>> tableColumns) {
        int end = from;
        while (isIdentifier(tokens, end) && isSymbol(tokens, end + 1, ".")) {
            end += 2;
        }
        int after = end + 1;
        if (isWord(tokens, after, "AS")) {
            after++;
        }
        if (isIdentifier(tokens, after) && !SqlLexer.endsClause(tokens, after, SqlLexer.AFTER_FROM)) {
            after++;
        }
        boolean single = isIdentifier(tokens, end) && (after >= tokens.size() || isSymbol(tokens, after, ")")
                || SqlLexer.endsClause(tokens, after, SqlLexer.AFTER_FROM));
        if (!single) {
            throw StandInSqlException.unsupported("SELECT * ILIKE, REPLACE or RENAME over anything but one table");
        }
        return Pivots.namedColumns(tokens, from, end, tableColumns);
    }

    /** ILIKE's pattern as a case-insensitive regular expression: {@code %} any run, {@code _} any one character. */
    private static Pattern likePattern(String like) {
        StringBuilder regex = new StringBuilder();
        for (char c : like.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private static int lastAs(List<Token> argument) {
        for (int i = argument.size() - 2; i > 0; i--) {
            if (argument.get(i).isWord("AS")) {
                return i;
            }
        }
        Token bad = argument.isEmpty() ? null : argument.getFirst();
        throw StandInSqlException.syntax(bad == null ? 0 : bad.position(), bad == null ? ")" : bad.text());
    }

    /** A column named by {@code reference} ({@code col} or {@code t.col}), normalised. */
    private static String name(List<Token> reference) {
        if (reference.isEmpty() || !isIdentifier(reference.getLast())) {
            Token bad = reference.isEmpty() ? null : reference.getFirst();
            throw StandInSqlException.syntax(bad == null ? 0 : bad.position(), bad == null ? ")" : bad.text());
        }
        return Identifiers.normalize(reference.getLast().text());
    }
}
