package io.snowgate.emulator.snowflake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Splits Snowflake SQL into tokens that keep their source text, so statements can be recognised and rewritten
 * without touching string literals, quoted identifiers or comments.
 */
final class SqlLexer {

    enum Kind { WORD, QUOTED, STRING, NUMBER, SYMBOL, SPACE }

    /** The words that may follow a FROM list: each starts the query block's next clause or a set operation. */
    static final Set<String> AFTER_FROM = Set.of("WHERE", "GROUP", "HAVING", "QUALIFY", "ORDER", "LIMIT", "UNION",
            "EXCEPT", "MINUS", "INTERSECT", "WINDOW", "FETCH", "OFFSET");

    /** One token; {@code text} is exactly as in the source. */
    record Token(Kind kind, String text, int position) {

        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }

        /**
         * The value of a string literal: quotes removed, doubled quotes and backslash escapes undone; a dollar-quoted
         * one's text between its {@code $$} as it is. The escapes are Snowflake's (docs: sql-reference/data-types-text,
         * "Escape sequences in single-quoted string constants"): a backslash before a quote, a double quote, a
         * backslash, b, f, n, r, t or 0, before three octal digits, x and two hex digits, or u and four hex digits. A
         * backslash before any other character is dropped, so the regular expression {@code '\\d'} is a digit class.
         */
        String stringValue() {
            if (text.startsWith("$$")) {
                boolean closed = text.length() >= 4 && text.endsWith("$$");
                return text.substring(2, closed ? text.length() - 2 : text.length());
            }
            String inner = text.substring(1, text.length() - 1);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length()) {
                    char next = inner.charAt(++i);
                    int digits = next == 'x' ? digits(inner, i + 1, 2, 16)
                            : next == 'u' ? digits(inner, i + 1, 4, 16)
                            : next >= '0' && next <= '7' ? digits(inner, i, 3, 8) : 0;
                    if (digits > 0) {
                        int from = next == 'x' || next == 'u' ? i + 1 : i;
                        out.appendCodePoint(Integer.parseInt(inner.substring(from, from + digits),
                                next == 'x' || next == 'u' ? 16 : 8));
                        i = from + digits - 1;
                        continue;
                    }
                    out.append(switch (next) {
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        case '0' -> '\0';
                        default -> next;
                    });
                } else if (c == '\'' && i + 1 < inner.length() && inner.charAt(i + 1) == '\'') {
                    out.append('\'');
                    i++;
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        /** How many of the {@code count} characters at {@code from} are digits in {@code radix}: count, or 0. */
        private static int digits(String text, int from, int count, int radix) {
            if (from + count > text.length()) {
                return 0;
            }
            for (int k = from; k < from + count; k++) {
                if (Character.digit(text.charAt(k), radix) < 0) {
                    return 0;
                }
            }
            return count;
        }

        /**
         * The token as H2 reads it: a single-quoted string with escapes becomes the literal of its value (H2 takes
         * backslashes as they are); a dollar-quoted one, which H2 reads the same way, and every other token are their
         * text.
         */
        String h2Text() {
            if (kind != Kind.STRING || text.startsWith("$$") || text.indexOf('\\') < 0) {
                return text;
            }
            return "'" + stringValue().replace("'", "''") + "'";
        }
    }

    private SqlLexer() {
    }

    /** Whether the {@code .} at {@code dot} follows a name directly, qualifying it, rather than starting a number. */
    private static boolean qualifies(String sql, int dot) {
        if (dot == 0) {
            return false;
        }
        char before = sql.charAt(dot - 1);
        return Character.isLetterOrDigit(before) || before == '_' || before == '$' || before == '"' || before == ')';
    }

    /** All tokens including whitespace and comments (as {@link Kind#SPACE}). */
    static List<Token> tokens(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            Kind kind;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(sql.charAt(i))) {
                    i++;
                }
                kind = Kind.SPACE;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '/' && i + 1 < n && sql.charAt(i + 1) == '/') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                kind = Kind.SPACE;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                kind = Kind.SPACE;
            } else if ((c == 'X' || c == 'x') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                // A hex binary literal, X'DEADBEEF', which H2 reads the same way.
                i = endOfQuoted(sql, i + 1, '\'', false);
                kind = Kind.NUMBER;
            } else if (c == '\'') {
                i = endOfQuoted(sql, i, '\'', true);
                kind = Kind.STRING;
            } else if (c == '"') {
                i = endOfQuoted(sql, i, '"', false);
                kind = Kind.QUOTED;
            } else if (c == '$' && i + 1 < n && sql.charAt(i + 1) == '$') {
                // A dollar-quoted string constant: everything up to the next $$ as written, quotes, backslashes, ?
                // and ; included (docs: sql-reference/data-types-text, "Dollar-quoted string constants"). H2 reads
                // the same form, so it is passed on as it is.
                int end = sql.indexOf("$$", i + 2);
                i = end < 0 ? n : end + 2;
                kind = Kind.STRING;
            } else if (Character.isLetter(c) || c == '_' || c == '$' || c == '@') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$'
                        || sql.charAt(i) == '@' && i == start)) {
                    i++;
                }
                kind = Kind.WORD;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))
                    && !qualifies(sql, i)) {
                while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                // An exponent makes it a FLOAT literal (docs: data-types-numeric, "Numeric constants"): 1.5e-3.
                int exponent = i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E') ? i + 1 : -1;
                if (exponent > 0 && exponent < n && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
                    exponent++;
                }
                if (exponent > 0 && exponent < n && Character.isDigit(sql.charAt(exponent))) {
                    i = exponent;
                    while (i < n && Character.isDigit(sql.charAt(i))) {
                        i++;
                    }
                }
                kind = Kind.NUMBER;
            } else if (sql.startsWith("->>", i)) {
                // Snowflake's flow operator: the next statement reads this one's result as $1.
                i += 3;
                kind = Kind.SYMBOL;
            } else {
                i++;
                if (i < n && (c == ':' && sql.charAt(i) == ':' || c == '<' && sql.charAt(i) == '>'
                        || c == '!' && sql.charAt(i) == '=' || c == '<' && sql.charAt(i) == '=' || c == '>' && sql.charAt(i) == '='
                        || c == '|' && sql.charAt(i) == '|' || c == '=' && sql.charAt(i) == '>')) {
                    i++;
                }
                kind = Kind.SYMBOL;
            }
            tokens.add(new Token(kind, sql.substring(start, i), start));
        }
        return tokens;
    }

    /**
     * The index of the parenthesis or bracket that closes the one at {@code open}; a statement that ends first is
     * Snowflake's syntax error at its last token, {@code unexpected '<EOF>'}.
     */
    static int closing(List<Token> tokens, int open) {
        boolean bracket = tokens.get(open).isSymbol("[");
        return closingAt(tokens, open, token -> token.isSymbol(bracket ? "[" : "("),
                token -> token.isSymbol(bracket ? "]" : ")"));
    }

    /**
     * The index of the token {@code closes} accepts that closes what the token at {@code open} opens, nested ones
     * ({@code opens}) skipped: a parenthesis's, a bracket's, or a CASE's END. A statement that ends first is
     * Snowflake's syntax error at its last token, {@code unexpected '<EOF>'}.
     */
    static int closingAt(List<Token> tokens, int open, Predicate<Token> opens, Predicate<Token> closes) {
        int depth = 0;
        for (int k = open; k < tokens.size(); k++) {
            if (opens.test(tokens.get(k))) {
                depth++;
            } else if (closes.test(tokens.get(k)) && --depth == 0) {
                return k;
            }
        }
        throw StandInSqlException.syntax(tokens.get(tokens.size() - 1).position(), "<EOF>");
    }

    /** The index of the {@code (} or {@code [} that opens the one closed at {@code close}. */
    static int opening(List<Token> tokens, int close) {
        String closer = tokens.get(close).text();
        String opener = closer.equals(")") ? "(" : "[";
        return openingAt(tokens, close, token -> token.isSymbol(closer), token -> token.isSymbol(opener));
    }

    /**
     * The index of the token {@code opens} accepts that opens what the token at {@code close} closes, nested ones
     * ({@code closes}) skipped: a parenthesis's, a bracket's, or an END's CASE; one that is not there is a syntax
     * error at {@code close}.
     */
    static int openingAt(List<Token> tokens, int close, Predicate<Token> closes, Predicate<Token> opens) {
        int depth = 0;
        for (int k = close; k >= 0; k--) {
            if (closes.test(tokens.get(k))) {
                depth++;
            } else if (opens.test(tokens.get(k)) && --depth == 0) {
                return k;
            }
        }
        throw StandInSqlException.syntax(tokens.get(close).position(), tokens.get(close).text());
    }

    /**
     * The first comma from {@code from} up to the parenthesis or bracket that closes the level {@code from} is at
     * (commas inside nested parentheses or brackets do not count), or -1.
     */
    static int nextComma(List<Token> tokens, int from) {
        int found = nextAtLevel(tokens, from, token -> token.isSymbol(","));
        return found < tokens.size() && tokens.get(found).isSymbol(",") ? found : -1;
    }

    /** Tokens as text, one space between each: a statement's part quoted in a message. */
    static String text(List<Token> tokens) {
        return String.join(" ", tokens.stream().map(Token::text).toList());
    }

    /** The comma-separated parts of tokens {@code from} to before {@code to}, split at that level only. */
    static List<List<Token>> split(List<Token> tokens, int from, int to) {
        List<List<Token>> parts = new java.util.ArrayList<>();
        int start = from;
        while (start < to) {
            int comma = Math.min(to, nextAtLevel(tokens, start, token -> token.isSymbol(",")));
            parts.add(tokens.subList(start, comma));
            start = comma + 1;
        }
        return parts;
    }

    /**
     * Going forward from {@code from}, the first token {@code stop} accepts at the level {@code from} is at (not
     * inside parentheses or brackets opened after it); else the parenthesis or bracket that closes that level; else
     * the end, {@code tokens.size()}.
     */
    static int nextAtLevel(List<Token> tokens, int from, Predicate<Token> stop) {
        return nextIndexAtLevel(tokens, from, k -> stop.test(tokens.get(k)));
    }

    /** As {@link #nextAtLevel}, {@code stop} deciding by the index, so that it may look at the tokens around. */
    static int nextIndexAtLevel(List<Token> tokens, int from, java.util.function.IntPredicate stop) {
        int depth = 0;
        for (int k = from; k < tokens.size(); k++) {
            Token token = tokens.get(k);
            if (token.isSymbol("(") || token.isSymbol("[")) {
                depth++;
            } else if (token.isSymbol(")") || token.isSymbol("]")) {
                if (depth-- == 0) {
                    return k;
                }
            } else if (depth == 0 && stop.test(k)) {
                return k;
            }
        }
        return tokens.size();
    }

    /**
     * Whether the token at {@code index} ends the clause before it: the statement's {@code ;}, or one of
     * {@code words} as a keyword, not a path step or qualified name spelled like one ({@code v:order},
     * {@code t.limit}).
     */
    static boolean endsClause(List<Token> tokens, int index, Set<String> words) {
        Token token = tokens.get(index);
        if (token.isSymbol(";")) {
            return true;
        }
        return token.kind() == Kind.WORD && words.contains(token.upper())
                && !(index > 0 && (tokens.get(index - 1).isSymbol(":") || tokens.get(index - 1).isSymbol(".")));
    }

    /**
     * Going back from {@code from}, the first token {@code stop} accepts at the level {@code from} is at, or -1 when
     * the parenthesis or bracket that opens that level, or the start, comes first.
     */
    static int previousAtLevel(List<Token> tokens, int from, Predicate<Token> stop) {
        int depth = 0;
        for (int k = from; k >= 0; k--) {
            Token token = tokens.get(k);
            if (token.isSymbol(")") || token.isSymbol("]")) {
                depth++;
            } else if (token.isSymbol("(") || token.isSymbol("[")) {
                if (depth-- == 0) {
                    return -1;
                }
            } else if (depth == 0 && stop.test(token)) {
                return k;
            }
        }
        return -1;
    }

    /** The tokens without whitespace and comments. */
    static List<Token> significant(String sql) {
        return tokens(sql).stream().filter(t -> t.kind() != Kind.SPACE).toList();
    }

    private static int endOfQuoted(String sql, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw StandInSqlException.syntax(open, String.valueOf(quote));
    }
}
