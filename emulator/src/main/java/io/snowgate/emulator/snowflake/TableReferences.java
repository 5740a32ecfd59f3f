package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tables and views a statement names, read from its tokens: what it reads (FROM lists, JOINs, MERGE's USING) and
 * the table an INSERT, UPDATE, DELETE, MERGE or TRUNCATE writes. The stand-in cannot ask H2 which tables a statement
 * resolved to, so this is a lexical reading; it leaves out the names of the statement's own common table expressions,
 * FROM inside a function call ({@code EXTRACT(YEAR FROM d)}), table functions ({@code TABLE(RESULT_SCAN(...))},
 * {@code TABLE(INFORMATION_SCHEMA.QUERY_HISTORY...(...))}), and the flow operator's {@code $n}. A table it misses
 * (named somewhere else, such as inside a scalar subquery's function argument) is not checked.
 */
final class TableReferences {

    /** One named table: its name as written ({@code T}, {@code S.T} or {@code DB.S.T}) and the privilege it needs. */
    record Reference(List<String> parts, String privilege) {
    }

    /** Words that end a FROM list at its own nesting level. */
    private static final Set<String> FROM_LIST_END = Set.of("WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "QUALIFY",
            "UNION", "EXCEPT", "INTERSECT", "MINUS", "WINDOW", "FETCH", "OFFSET", "ON", "USING", "JOIN", "INNER",
            "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "SELECT");

    private TableReferences() {
    }

    /** Every table the statement reads or writes, each with the privilege that needs (a table may come twice). */
    static List<Reference> of(List<Token> tokens) {
        List<Reference> references = new ArrayList<>();
        String verb = tokens.get(0).upper();
        int target = target(tokens, verb);
        if (target >= 0) {
            references.add(new Reference(nameParts(tokens, target), verb));
        }
        for (int at : read(tokens)) {
            if (at != target) {
                references.add(new Reference(nameParts(tokens, at), "SELECT"));
            }
        }
        return references;
    }

    /**
     * Where the items a query reads from start: FROM lists, JOINs and USING (MERGE's source, DELETE's other tables),
     * at the top level or inside subqueries.
     */
    static List<Integer> read(List<Token> tokens) {
        List<Integer> found = new ArrayList<>();
        // A common table expression is NAME [(columns)] AS (query).
        Set<String> commonTables = new HashSet<>();
        for (int i = 1; i + 1 < tokens.size(); i++) {
            if (!tokens.get(i).isWord("AS") || !tokens.get(i + 1).isSymbol("(")) {
                continue;
            }
            int name = i - 1;
            if (tokens.get(name).isSymbol(")")) {
                while (name > 0 && !tokens.get(name).isSymbol("(")) {
                    name--;
                }
                name--;
            }
            if (name >= 0 && (tokens.get(name).kind() == Kind.WORD || tokens.get(name).kind() == Kind.QUOTED)) {
                commonTables.add(Identifiers.normalize(tokens.get(name).text()));
            }
        }
        // Per open parenthesis: whether it opens a query (a subquery, a CTE body) rather than a call's arguments.
        Deque<Boolean> queries = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol("(")) {
                boolean query = i + 1 < tokens.size()
                        && (tokens.get(i + 1).isWord("SELECT") || tokens.get(i + 1).isWord("WITH"));
                queries.push(query);
            } else if (token.isSymbol(")")) {
                queries.poll();
            } else if (queries.isEmpty() || queries.peek()) {
                if (token.isWord("FROM")) {
                    fromList(tokens, i + 1, commonTables, found);
                } else if ((token.isWord("JOIN") || token.isWord("USING")) && namesTable(tokens, i + 1, commonTables)) {
                    found.add(i + 1);
                }
            }
        }
        return found;
    }

    /** The position of the table an INSERT, UPDATE, DELETE, MERGE or TRUNCATE writes, or -1. */
    static int target(List<Token> tokens, String verb) {
        int at = switch (verb) {
            case "INSERT", "MERGE" -> indexOf(tokens, "INTO") + 1;
            case "UPDATE" -> 1;
            case "DELETE" -> indexOf(tokens, "FROM") + 1;
            case "TRUNCATE" -> {
                int i = tokens.size() > 1 && tokens.get(1).isWord("TABLE") ? 2 : 1;
                yield i + 1 < tokens.size() && tokens.get(i).isWord("IF") ? i + 2 : i;
            }
            default -> -1;
        };
        return at > 0 && at < tokens.size() && (tokens.get(at).kind() == Kind.WORD
                || tokens.get(at).kind() == Kind.QUOTED) ? at : -1;
    }

    private static int indexOf(List<Token> tokens, String word) {
        for (int i = 1; i < tokens.size(); i++) {
            if (tokens.get(i).isWord(word)) {
                return i;
            }
        }
        return -1;
    }

    /** The items of a FROM list starting at {@code from}, separated by commas at its own level. */
    private static void fromList(List<Token> tokens, int from, Set<String> commonTables, List<Integer> found) {
        if (namesTable(tokens, from, commonTables)) {
            found.add(from);
        }
        int depth = 0;
        for (int i = from; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                if (depth == 0) {
                    return;
                }
                depth--;
            } else if (depth == 0 && token.kind() == Kind.WORD && FROM_LIST_END.contains(token.upper())) {
                return;
            } else if (depth == 0 && token.isSymbol(",") && namesTable(tokens, i + 1, commonTables)) {
                found.add(i + 1);
            }
        }
    }

    /** Whether the FROM or JOIN item starting at {@code at} is a table or view. */
    private static boolean namesTable(List<Token> tokens, int at, Set<String> commonTables) {
        if (at >= tokens.size()) {
            return false;
        }
        Token item = tokens.get(at);
        if (item.kind() != Kind.WORD && item.kind() != Kind.QUOTED) {
            return false;
        }
        boolean call = at + 1 < tokens.size() && tokens.get(at + 1).isSymbol("(");
        if (item.kind() == Kind.WORD && (item.isWord("TABLE") && call || item.isWord("LATERAL")
                || item.isWord("VALUES") || item.text().startsWith("$"))) {
            return false;
        }
        boolean qualified = at + 1 < tokens.size() && tokens.get(at + 1).isSymbol(".");
        return qualified || !commonTables.contains(Identifiers.normalize(item.text()));
    }

    /** The dotted name starting at {@code at}, each part normalised. */
    static List<String> nameParts(List<Token> tokens, int at) {
        List<String> parts = new ArrayList<>();
        int i = at;
        while (i < tokens.size()) {
            parts.add(Identifiers.normalize(tokens.get(i).text()));
            if (i + 2 < tokens.size() && tokens.get(i + 1).isSymbol(".")) {
                i += 2;
            } else {
                break;
            }
        }
        return parts;
    }
}
