package io.snowgate.catalog.sql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A single-pass tokenizer for Snowflake SQL that finds {@code :name} placeholders.
 *
 * <p>It skips everything a placeholder can hide in: single-quoted strings (with {@code ''} and backslash escapes, as
 * Snowflake allows), double-quoted identifiers (with {@code ""}), {@code --} and {@code //} line comments,
 * {@code /* *}{@code /} comments and {@code $$ ... $$} bodies. A {@code ::} is a cast, never a placeholder, and a
 * colon written directly after an identifier, a quoted identifier, {@code )} or {@code ]} is Snowflake's
 * semi-structured path access ({@code src:customer.name}), not a placeholder either. A placeholder name starts with a
 * letter or underscore and continues with letters, digits and underscores. A JDBC {@code ?} and a numbered
 * {@code :1}, which Snowflake fills with a bound value by position, are reported as positional markers.
 *
 * <p>It also notes where a placeholder's value would stop being a value: anywhere inside {@code IDENTIFIER(...)}
 * (it would name an object), directly inside {@code TABLE(...)} (the same, while a table function's arguments inside
 * {@code TABLE(FLATTEN(...))} stay values), and anywhere in an {@code EXECUTE IMMEDIATE} statement (it would run as
 * SQL); and what kind of statement the text is ({@link StatementKind}, by its first keyword).
 */
public final class SqlScanner {

    private final String sql;
    private final int length;
    private final List<ParameterOccurrence> parameters = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private String firstKeyword;
    private boolean firstTokenSeen;
    private String secondKeyword;
    private boolean secondTokenSeen;
    /** The word just read, while only whitespace and comments follow it: the name of a call when a '(' comes. */
    private String pendingWord;
    /** One entry per open parenthesis, innermost first: the upper-case word just before it, or "" when none. */
    private final Deque<String> parentheses = new ArrayDeque<>();
    private boolean code;
    private boolean terminated;
    private boolean multipleStatements;
    private boolean commentAfterTerminator;
    private boolean positionalMarkers;

    private SqlScanner(String sql) {
        this.sql = sql;
        this.length = sql.length();
    }

    /** Scans {@code sql}; never throws for malformed text, which is reported in {@link SqlScan#problems()}. */
    public static SqlScan scan(String sql) {
        SqlScanner scanner = new SqlScanner(sql == null ? "" : sql);
        scanner.run();
        Optional<String> firstKeyword = Optional.ofNullable(scanner.firstKeyword);
        List<ParameterOccurrence> parameters = scanner.parameters;
        if ("EXECUTE".equals(scanner.firstKeyword) && "IMMEDIATE".equals(scanner.secondKeyword)) {
            parameters = parameters.stream().map(p -> new ParameterOccurrence(p.name(), p.start(), p.end(),
                    Optional.of(EXECUTE_IMMEDIATE))).toList();
        }
        return new SqlScan(scanner.sql, parameters, firstKeyword, StatementKind.of(firstKeyword), !scanner.code,
                scanner.multipleStatements, scanner.commentAfterTerminator, scanner.positionalMarkers,
                scanner.problems);
    }

    static final String IDENTIFIER = "IDENTIFIER(...)";
    static final String TABLE = "TABLE(...)";
    static final String EXECUTE_IMMEDIATE = "EXECUTE IMMEDIATE";

    private void run() {
        int i = 0;
        while (i < length) {
            char c = sql.charAt(i);
            char next = i + 1 < length ? sql.charAt(i + 1) : '\0';
            if (Character.isWhitespace(c)) {
                i++;
            } else if ((c == '-' && next == '-') || (c == '/' && next == '/')) {
                commentAfterTerminator |= terminated;
                i = endOfLine(i);
            } else if (c == '/' && next == '*') {
                commentAfterTerminator |= terminated;
                i = skipPast(i, 2, "*/", "comment");
            } else if (c == ';') {
                // a second terminator is an empty statement, which the driver refuses as a second statement
                multipleStatements |= terminated;
                terminated = true;
                pendingWord = null;
                parentheses.clear();
                i++;
            } else {
                if (terminated) {
                    multipleStatements = true;
                }
                code = true;
                i = token(i, c, next);
            }
        }
    }

    /** Consumes one token of SQL starting at {@code i}; returns the offset after it. */
    private int token(int i, char c, char next) {
        String word = pendingWord;
        pendingWord = null;
        if (c == '\'') {
            leadingToken(null);
            return skipString(i);
        }
        if (c == '"') {
            leadingToken(null);
            return skipQuotedIdentifier(i);
        }
        if (c == '$' && next == '$' && !identifierBefore(i)) {
            leadingToken(null);
            return skipPast(i, 2, "$$", "$$ body");
        }
        if (c == ':') {
            leadingToken(null);
            if (next == ':') {
                return i + 2;
            }
            if (isNameStart(next) && !pathBefore(i)) {
                int end = i + 1;
                while (end < length && isNamePart(sql.charAt(end))) {
                    end++;
                }
                parameters.add(new ParameterOccurrence(sql.substring(i + 1, end), i, end, becomesSqlIn()));
                return end;
            }
            if (next >= '0' && next <= '9' && !pathBefore(i) && (i == 0 || sql.charAt(i - 1) != '\'')) {
                // Snowflake fills :1, :2, ... with the first, second, ... bound value, as it fills '?'
                positionalMarkers = true;
            }
            return i + 1;
        }
        if (c == '?') {
            positionalMarkers = true;
            leadingToken(null);
            return i + 1;
        }
        if (Character.isLetter(c) || c == '_') {
            int end = i + 1;
            while (end < length && isIdentifierPart(sql.charAt(end))) {
                end++;
            }
            pendingWord = sql.substring(i, end).toUpperCase(Locale.ROOT);
            leadingToken(pendingWord);
            return end;
        }
        if (c == '(') {
            parentheses.push(word == null ? "" : word);
            return i + 1;
        }
        if (c == ')') {
            parentheses.poll();
        }
        leadingToken(null);
        return i + 1;
    }

    /** Records the first two tokens of the text: a word's upper-case text, or null for anything else. */
    private void leadingToken(String word) {
        if (!firstTokenSeen) {
            firstTokenSeen = true;
            firstKeyword = word;
        } else if (!secondTokenSeen) {
            secondTokenSeen = true;
            secondKeyword = word;
        }
    }

    /**
     * Where a placeholder at the current position would become SQL text: anywhere within {@code IDENTIFIER(...)},
     * or when the innermost named parenthesis is {@code TABLE(...)}.
     */
    private Optional<String> becomesSqlIn() {
        if (parentheses.contains("IDENTIFIER")) {
            return Optional.of(IDENTIFIER);
        }
        return parentheses.stream().filter(name -> !name.isEmpty()).findFirst()
                .filter(name -> name.equals("TABLE")).map(name -> TABLE);
    }

    private int endOfLine(int i) {
        int end = i;
        while (end < length && sql.charAt(end) != '\n' && sql.charAt(end) != '\r') {
            end++;
        }
        return end;
    }

    private int skipPast(int start, int openerLength, String closer, String what) {
        int close = sql.indexOf(closer, start + openerLength);
        if (close < 0) {
            problem(start, "unterminated " + what);
            return length;
        }
        return close + closer.length();
    }

    private int skipString(int start) {
        int i = start + 1;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < length && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        problem(start, "unterminated string literal");
        return length;
    }

    private int skipQuotedIdentifier(int start) {
        int i = start + 1;
        while (i < length) {
            if (sql.charAt(i) == '"') {
                if (i + 1 < length && sql.charAt(i + 1) == '"') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        problem(start, "unterminated quoted identifier");
        return length;
    }

    /** A colon glued to what precedes it is a semi-structured path step ({@code col:field}, {@code f(x):a}). */
    private boolean pathBefore(int colon) {
        if (colon == 0) {
            return false;
        }
        char before = sql.charAt(colon - 1);
        return isIdentifierPart(before) || before == '"' || before == ')' || before == ']';
    }

    /** {@code a$$b} is an identifier containing dollars, not the start of a {@code $$} body. */
    private boolean identifierBefore(int i) {
        return i > 0 && isIdentifierPart(sql.charAt(i - 1));
    }

    private void problem(int offset, String what) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            if (sql.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        problems.add(what + " starting at line " + line + ", column " + column);
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
