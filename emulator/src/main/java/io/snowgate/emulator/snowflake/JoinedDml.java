package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isWord;

import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * DML that reads other tables, as Snowflake writes it and H2 cannot: {@code UPDATE t [alias] SET ... FROM s [alias]
 * [WHERE cond]} (docs: sql/update) is {@code MERGE INTO t [alias] USING s [alias] ON (cond) WHEN MATCHED THEN UPDATE
 * SET ...}, and {@code DELETE FROM t [alias] USING s, ... [WHERE cond]} (docs: sql/delete) is {@code DELETE FROM t
 * [alias] WHERE EXISTS (SELECT 1 FROM s, ... WHERE cond)}. An UPDATE from more than one table is refused (MERGE reads
 * one source). {@code CREATE TABLE t CLONE s} (docs: sql/create-clone) is a copy of s's rows and columns,
 * {@code CREATE TABLE t AS SELECT * FROM s}; a clone at a point in time (AT, BEFORE) is refused. {@code INSERT
 * OVERWRITE INTO t ...} (docs: sql/insert) is the INSERT, after which {@link SqlEngine} deletes t's earlier rows in
 * the same transaction ({@link #overwrites}).
 */
final class JoinedDml {

    private JoinedDml() {
    }

    /** Whether the statement is one of these. */
    static boolean at(List<Token> tokens, int k) {
        if (k != 0) {
            return false;
        }
        Token first = tokens.getFirst();
        if (first.isWord("UPDATE")) {
            int set = SqlLexer.nextAtLevel(tokens, 1, token -> token.isWord("SET"));
            return set < tokens.size() && topLevel(tokens, set + 1, "FROM") < tokens.size();
        }
        if (first.isWord("DELETE") && isWord(tokens, 1, "FROM")) {
            return topLevel(tokens, 2, "USING") < tokens.size();
        }
        return first.isWord("CREATE") && topLevel(tokens, 1, "CLONE") < tokens.size() || overwrites(tokens);
    }

    /** Whether the statement is an INSERT OVERWRITE, which replaces the table's rows with those it inserts. */
    static boolean overwrites(List<Token> tokens) {
        return tokens.getFirst().isWord("INSERT") && isWord(tokens, 1, "OVERWRITE");
    }

    static List<Token> expand(List<Token> tokens) {
        Token first = tokens.getFirst();
        int position = first.position();
        if (overwrites(tokens)) {
            return SqlMacros.replace(tokens, 1, 2, List.of());
        }
        if (first.isWord("UPDATE")) {
            int set = SqlLexer.nextAtLevel(tokens, 1, token -> token.isWord("SET"));
            int from = topLevel(tokens, set + 1, "FROM");
            int where = topLevel(tokens, from + 1, "WHERE");
            List<Token> sources = tokens.subList(from + 1, where);
            if (SqlLexer.split(sources, 0, sources.size()).size() > 1
                    || sources.stream().anyMatch(token -> token.isWord("JOIN"))) {
                throw StandInSqlException.unsupported("UPDATE ... FROM more than one table");
            }
            List<Token> made = new ArrayList<>(SqlMacros.made(position, "MERGE", "INTO"));
            made.addAll(tokens.subList(1, set));
            made.addAll(SqlMacros.made(position, "USING"));
            made.addAll(sources);
            made.addAll(SqlMacros.made(position, "ON", "("));
            made.addAll(where < tokens.size() ? tokens.subList(where + 1, tokens.size())
                    : SqlMacros.made(position, "TRUE"));
            made.addAll(SqlMacros.made(position, ")", "WHEN", "MATCHED", "THEN", "UPDATE", "SET"));
            made.addAll(tokens.subList(set + 1, from));
            return made;
        }
        if (first.isWord("DELETE")) {
            int using = topLevel(tokens, 2, "USING");
            int where = topLevel(tokens, using + 1, "WHERE");
            List<Token> made = new ArrayList<>(tokens.subList(0, using));
            made.addAll(SqlMacros.made(position, "WHERE", "EXISTS", "(", "SELECT", "1", "FROM"));
            made.addAll(tokens.subList(using + 1, where));
            if (where < tokens.size()) {
                made.addAll(tokens.subList(where, tokens.size()));
            }
            made.addAll(SqlMacros.made(position, ")"));
            return made;
        }
        int clone = topLevel(tokens, 1, "CLONE");
        List<Token> source = tokens.subList(clone + 1, tokens.size());
        if (source.stream().anyMatch(token -> token.isWord("AT") || token.isWord("BEFORE"))) {
            throw StandInSqlException.unsupported("CLONE at a point in time (Time Travel)");
        }
        List<Token> made = new ArrayList<>(tokens.subList(0, clone));
        made.addAll(SqlMacros.made(position, "AS", "SELECT", "*", "FROM"));
        made.addAll(source);
        return made;
    }

    /** The first {@code word} at the top level from {@code from}, or the end of the statement. */
    private static int topLevel(List<Token> tokens, int from, String word) {
        int found = SqlLexer.nextAtLevel(tokens, from, token -> token.isWord(word));
        return found < tokens.size() && tokens.get(found).isWord(word) ? found : tokens.size();
    }
}
