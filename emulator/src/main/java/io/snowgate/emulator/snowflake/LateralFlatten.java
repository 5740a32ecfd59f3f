package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isIdentifier;
import static io.snowgate.emulator.snowflake.SqlTranslator.isSymbol;
import static io.snowgate.emulator.snowflake.SqlTranslator.isWord;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * A lateral FLATTEN: a FLATTEN whose INPUT reads the tables before it in the FROM list, expanded once for each of
 * their rows (docs: functions/flatten, and sql-reference/constructs/join-lateral), the usual way to read the
 * elements of a VARIANT column:
 * <pre>FROM orders o, LATERAL FLATTEN(INPUT => o.payload:items [, PATH, OUTER, RECURSIVE, MODE]) f</pre>
 * (or {@code TABLE(FLATTEN(...))} there). H2 has no lateral table functions, so the item becomes a join with H2's
 * number series, one number per row of the expansion, and each of {@code f}'s columns a call on
 * {@link SemiStructured} with that number:
 * <pre>FROM orders o LEFT JOIN SYSTEM_RANGE(0, 2147483646) f ON f.X &lt; SF_LATERAL_COUNT(o.payload:items, ...)</pre>
 * with {@code f.VALUE} read as {@code SF_LATERAL_TEXT(o.payload:items, ..., f.X, 'VALUE')}, a VARIANT. A LEFT join,
 * because H2 then reads {@code orders} first and finds the numbers by the series' range index (for an inner join it
 * may read the two billion numbers first). Snowflake drops an input that expands to nothing unless OUTER => TRUE: the
 * statement's WHERE then keeps only rows that have a number. {@code f.SEQ} is refused rather than wrong (Snowflake
 * numbers each input row; the series cannot), as are {@code f.*}, column aliases and the {@code JOIN LATERAL} forms.
 */
final class LateralFlatten {

    /** FLATTEN's output columns (docs: functions/flatten, "Output"). */
    private static final Set<String> COLUMNS = Set.of("SEQ", "KEY", "PATH", "INDEX", "VALUE", "THIS");
    /** Words before which a name is no select-list item. */
    private static final Set<String> NOT_SELECT_LIST = Set.of("FROM", "WHERE", "ON", "BY", "JOIN", "HAVING",
            "QUALIFY", "USING");

    /**
     * One lateral FLATTEN: its alias as the H2 statement names the series, and its arguments in H2's SQL. A lateral
     * {@code SPLIT_TO_TABLE(text, delimiter)} is the FLATTEN of {@code SPLIT(text, delimiter)} ({@code split}), whose
     * columns are SEQ, INDEX counted from 1, and VALUE as text (docs: functions/split_to_table).
     */
    record Source(String alias, String arguments, boolean split) {

        /** The H2 expression of its column {@code column}. */
        String column(String column) {
            String row = alias + ".X";
            if (split) {
                return switch (column) {
                    case "VALUE" -> "SF_VARIANT_TEXT(SF_LATERAL_TEXT(" + arguments + ", " + row + ", 'VALUE'))";
                    case "INDEX" -> "(SF_LATERAL_INDEX(" + arguments + ", " + row + ") + 1)";
                    case "SEQ" -> throw StandInSqlException.unsupported("SEQ of a lateral SPLIT_TO_TABLE (each input"
                            + " row's number; use the source table's own key)");
                    default -> throw StandInSqlException.invalidIdentifier(column);
                };
            }
            return switch (column) {
                case "VALUE", "THIS" -> "(SF_LATERAL_TEXT(" + arguments + ", " + row + ", '" + column + "') FORMAT JSON)";
                case "KEY", "PATH" -> "SF_LATERAL_TEXT(" + arguments + ", " + row + ", '" + column + "')";
                case "INDEX" -> "SF_LATERAL_INDEX(" + arguments + ", " + row + ")";
                default -> throw StandInSqlException.unsupported(column + " of a lateral FLATTEN (each input row's"
                        + " number; use the source table's own key)");
            };
        }
    }

    private LateralFlatten() {
    }

    /**
     * The aliases of the lateral FLATTENs in {@code tokens}, normalised, for the semi-structured rules (whose VALUE is
     * a VARIANT; a SPLIT_TO_TABLE's is text).
     */
    static Set<String> aliases(List<Token> tokens) {
        Set<String> aliases = new java.util.HashSet<>();
        for (int k = 1; k < tokens.size(); k++) {
            int callEnd = itemEnd(tokens, k);
            if (callEnd > 0 && !isSplit(tokens, k)) {
                int after = callEnd + 1 + (isWord(tokens, callEnd + 1, "AS") ? 1 : 0);
                if (isAlias(tokens, after)) {
                    aliases.add(Identifiers.normalize(tokens.get(after).text()));
                }
            }
        }
        return aliases;
    }

    /**
     * Registers the rewrite of every lateral FLATTEN in {@code tokens} and of every reference to its columns, to run
     * after the other rules (it drops what they registered inside the FLATTEN it replaces). {@code enclosing}: the
     * lateral FLATTENs a statement these tokens are part of (the INPUT of a later FLATTEN) may name;
     * {@code translate} translates an INPUT knowing the ones before it.
     */
    static void rewrite(List<Token> tokens, Map<String, Source> enclosing,
                        BiFunction<List<Token>, Map<String, Source>, String> translate, Map<Integer, String> openers,
                        Map<Integer, String> closers, Map<Integer, Integer> resumeAt,
                        NavigableMap<Integer, String> trailers) {
        Map<String, Source> known = new LinkedHashMap<>(enclosing);
        // Where a FROM list holding FLATTENs without OUTER ends, and the condition each adds there.
        TreeMap<Integer, String> filters = new TreeMap<>();
        List<int[]> replaced = new java.util.ArrayList<>();
        for (int k = 1; k < tokens.size(); k++) {
            int itemEnd = itemEnd(tokens, k);
            if (itemEnd < 0) {
                continue;
            }
            int callOpen = callOpen(tokens, k);
            boolean split = isSplit(tokens, k);
            Map<String, int[]> arguments = split ? Map.of() : SemiStructuredSql.flattenArguments(tokens, callOpen,
                    SqlLexer.closing(tokens, callOpen));
            int[] input = split ? new int[] {callOpen + 1, SqlLexer.closing(tokens, callOpen)} : arguments.get("INPUT");
            if (input == null) {
                throw StandInSqlException.syntax(tokens.get(callOpen).position(), tokens.get(callOpen + 1).text());
            }
            int next = itemEnd + 1 + (isWord(tokens, itemEnd + 1, "AS") ? 1 : 0);
            String alias;
            if (isAlias(tokens, next)) {
                alias = tokens.get(next).text();
                next++;
            } else {
                alias = "SF_LATERAL_" + known.size();
            }
            if (isSymbol(tokens, next, "(")) {
                throw StandInSqlException.unsupported("column aliases of a lateral FLATTEN");
            }
            Source source = split ? new Source(alias, splitArguments(tokens, input, known, translate), true)
                    : new Source(alias, translate.apply(tokens.subList(input[0], input[1]), known) + ", "
                    + SemiStructuredSql.constant(tokens, arguments.get("PATH"), Kind.STRING, "''") + ", "
                    + SemiStructuredSql.constant(tokens, arguments.get("RECURSIVE"), Kind.WORD, "FALSE") + ", "
                    + SemiStructuredSql.constant(tokens, arguments.get("MODE"), Kind.STRING, "'BOTH'"), false);
            known.put(Identifiers.normalize(alias), source);
            closers.put(k - 1, "LEFT JOIN");
            closers.put(k, "SYSTEM_RANGE(0, 2147483646) " + alias + " ON " + alias + ".X < COALESCE(SF_LATERAL_COUNT("
                    + source.arguments() + "), 0)");
            resumeAt.put(k, next);
            replaced.add(new int[] {k, next});
            if (!"TRUE".equals(SemiStructuredSql.constant(tokens, arguments.get("OUTER"), Kind.WORD, "FALSE"))) {
                filters.merge(fromListEnd(tokens, next), alias + ".X IS NOT NULL", (a, b) -> a + " AND " + b);
            }
            k = next - 1;
        }
        // What other rules registered inside a replaced FLATTEN is not emitted: its INPUT was translated on its own.
        for (int[] range : replaced) {
            for (Map<Integer, ?> registered : List.of(openers, closers, resumeAt, trailers)) {
                registered.keySet().removeIf(at -> at > range[0] && at < range[1]);
            }
        }
        references(tokens, known, replaced, closers, resumeAt);
        filters.forEach((at, condition) -> filter(tokens, at, condition, openers, closers, resumeAt, trailers));
    }

    /** The opening parenthesis of the FLATTEN or SPLIT_TO_TABLE call of the lateral item starting at {@code k}. */
    private static int callOpen(List<Token> tokens, int k) {
        return tokens.get(k).isWord("TABLE") ? k + 3 : isWord(tokens, k + 1, "TABLE") ? k + 4 : k + 2;
    }

    /** Whether the lateral item starting at {@code k} is a SPLIT_TO_TABLE rather than a FLATTEN. */
    private static boolean isSplit(List<Token> tokens, int k) {
        return isWord(tokens, callOpen(tokens, k) - 1, "SPLIT_TO_TABLE");
    }

    /** A lateral SPLIT_TO_TABLE's arguments as a FLATTEN's: the SPLIT of its text by its delimiter, no path. */
    private static String splitArguments(List<Token> tokens, int[] call, Map<String, Source> known,
                                         BiFunction<List<Token>, Map<String, Source>, String> translate) {
        List<List<Token>> arguments = SqlLexer.split(tokens, call[0], call[1]);
        if (arguments.size() != 2) {
            throw StandInSqlException.syntax(tokens.get(call[1]).position(), ")");
        }
        return "SF_SPLIT(" + translate.apply(arguments.get(0), known) + ", " + translate.apply(arguments.get(1), known)
                + "), '', FALSE, 'BOTH'";
    }

    /**
     * The last token of a lateral FLATTEN item starting at {@code k} after a comma ({@code LATERAL FLATTEN(...)},
     * {@code [LATERAL] TABLE(FLATTEN(...))} whose INPUT names a column), or of such a SPLIT_TO_TABLE, or -1.
     */
    private static int itemEnd(List<Token> tokens, int k) {
        if (!isSymbol(tokens, k - 1, ",")) {
            return -1;
        }
        if (isWord(tokens, k, "LATERAL") && (isWord(tokens, k + 1, "FLATTEN") || isWord(tokens, k + 1, "SPLIT_TO_TABLE"))
                && isSymbol(tokens, k + 2, "(")) {
            return SqlLexer.closing(tokens, k + 2);
        }
        int table = isWord(tokens, k, "LATERAL") ? k + 1 : k;
        if (SemiStructuredSql.isSplitToTable(tokens, table)) {
            int close = SqlLexer.closing(tokens, table + 3);
            List<List<Token>> arguments = SqlLexer.split(tokens, table + 4, close);
            if (table > k || !arguments.isEmpty()
                    && SemiStructuredSql.namesAColumn(tokens, table + 4, table + 4 + arguments.getFirst().size())) {
                return SqlLexer.closing(tokens, table + 1);
            }
        }
        if (SemiStructuredSql.isFlattenTable(tokens, table)) {
            int[] input = SemiStructuredSql.flattenArguments(tokens, table + 3,
                    SqlLexer.closing(tokens, table + 3)).get("INPUT");
            if (table > k || input != null && SemiStructuredSql.namesAColumn(tokens, input[0], input[1])) {
                return SqlLexer.closing(tokens, table + 1);
            }
        }
        return -1;
    }

    private static boolean isAlias(List<Token> tokens, int at) {
        return isIdentifier(tokens, at) && !SemiStructuredSql.NOT_ALIASES.contains(tokens.get(at).upper());
    }

    /**
     * Each {@code f.COLUMN} of a known FLATTEN, and a bare {@code VALUE}, {@code KEY}, ... in a statement with one,
     * becomes its expression; named as Snowflake names it when it is a whole select-list item.
     */
    private static void references(List<Token> tokens, Map<String, Source> known, List<int[]> replaced,
                                   Map<Integer, String> closers, Map<Integer, Integer> resumeAt) {
        if (known.isEmpty()) {
            return;
        }
        for (int k = 0; k < tokens.size(); k++) {
            final int at = k;
            if (replaced.stream().anyMatch(range -> at >= range[0] && at < range[1])) {
                continue;
            }
            Source source = null;
            int end = k;
            if (isIdentifier(tokens, k) && isSymbol(tokens, k + 1, ".") && isColumn(tokens, k + 2)
                    && !isSymbol(tokens, k - 1, ".")) {
                source = known.get(Identifiers.normalize(tokens.get(k).text()));
                end = k + 2;
            } else if (known.size() == 1 && isColumn(tokens, k) && !isSymbol(tokens, k - 1, ".")
                    && !isWord(tokens, k - 1, "AS") && !isSymbol(tokens, k + 1, "(") && !isSymbol(tokens, k + 1, "=>")
                    && !isSymbol(tokens, k + 1, ".")) {
                source = known.values().iterator().next();
            }
            if (source == null) {
                continue;
            }
            String column = tokens.get(end).upper();
            closers.put(k, source.column(column) + (isSelectItem(tokens, k, end) ? " AS \"" + column + "\"" : ""));
            resumeAt.put(k, end + 1);
            k = end;
        }
    }

    private static boolean isColumn(List<Token> tokens, int at) {
        return isIdentifier(tokens, at) && tokens.get(at).kind() == Kind.WORD
                && COLUMNS.contains(tokens.get(at).upper());
    }

    /** Whether {@code start..end} is a whole item of a select list, which Snowflake names after its column. */
    private static boolean isSelectItem(List<Token> tokens, int start, int end) {
        boolean after = end + 1 == tokens.size() || isSymbol(tokens, end + 1, ",") || isSymbol(tokens, end + 1, ")")
                || isWord(tokens, end + 1, "FROM");
        boolean before = isSymbol(tokens, start - 1, ",") || isWord(tokens, start - 1, "SELECT")
                || isWord(tokens, start - 1, "DISTINCT");
        if (!after || !before) {
            return false;
        }
        int clause = SqlLexer.previousAtLevel(tokens, start - 1, token -> token.isWord("SELECT")
                || token.kind() == Kind.WORD && NOT_SELECT_LIST.contains(token.upper()));
        return clause >= 0 && tokens.get(clause).isWord("SELECT");
    }

    /** Where the FROM list an item ending before {@code from} is part of ends: a clause, its closing parenthesis or the end. */
    private static int fromListEnd(List<Token> tokens, int from) {
        return clauseEnd(tokens, from, Set.of());
    }

    /** The first clause word (but {@code except}) or unmatched ')' at this level from {@code from}, or the end. */
    private static int clauseEnd(List<Token> tokens, int from, Set<String> except) {
        return SqlLexer.nextIndexAtLevel(tokens, from, k -> SqlLexer.endsClause(tokens, k, SqlLexer.AFTER_FROM)
                && !except.contains(tokens.get(k).upper()));
    }

    /** Adds {@code condition} to the WHERE clause at {@code at}, or makes one there. */
    private static void filter(List<Token> tokens, int at, String condition, Map<Integer, String> openers,
                               Map<Integer, String> closers, Map<Integer, Integer> resumeAt,
                               NavigableMap<Integer, String> trailers) {
        int last = tokens.size() - 1;
        if (isWord(tokens, at, "WHERE")) {
            closers.put(at, "WHERE " + condition + " AND (");
            resumeAt.put(at, at + 1);
            int end = clauseEnd(tokens, at + 1, Set.of("WHERE"));
            if (end < tokens.size()) {
                openers.merge(end, ") ", (registered, close) -> close + registered);
            } else {
                trailers.merge(last, ")", String::concat);
            }
        } else if (at < tokens.size()) {
            openers.merge(at, "WHERE " + condition + " ", (registered, where) -> where + registered);
        } else {
            trailers.merge(last, " WHERE " + condition, String::concat);
        }
    }
}
