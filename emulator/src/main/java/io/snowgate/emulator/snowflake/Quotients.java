package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Division and multiplication as Snowflake types and rounds them, where H2 divides integers as integers ({@code 1/3}
 * is 0), gives a decimal quotient a scale of its own and a product every digit of both scales. Per the Snowflake
 * documentation page "Arithmetic operators" (sql-reference/operators-arithmetic, "Scale and precision in arithmetic
 * operations"), dividing NUMBER(P1,S1) by NUMBER(P2,S2) gives leading digits {@code L1 + S2} and scale
 * {@code max(S1, min(S1 + 6, 12))}, precision at most 38, rounded (2/3 is 0.666667); multiplying them gives leading
 * digits {@code L1 + L2} and scale {@code min(S1 + S2, max(S1, S2, 12))}; a FLOAT operand gives a FLOAT; a zero
 * divisor fails with 100051 "Division by zero"; a result that does not fit its type fails with 100046. Every
 * {@code /} is rewritten: a NUMBER quotient into {@code CAST(SF_DIVIDE(a, b, S, P) AS NUMERIC(P, S))}, a FLOAT one
 * into {@code SF_DIVIDE_FLOAT}; every {@code *} of two NUMBERs whose types the text shows into
 * {@code CAST(SF_MULTIPLY(a, b, S, P) AS NUMERIC(P, S))}, and every one with a FLOAT operand into
 * {@code SF_MULTIPLY_FLOAT}. The operand types come from the statement's text: numeric literals, columns (looked up
 * by name), {@code COUNT}, {@code SUM}, {@code NULLIF}, casts to a numeric type and {@code + - * /} of those; any other
 * operand of a division is taken as an integer, NUMBER(38,0), and a product with such an operand is left to H2.
 */
public final class Quotients {

    /** A Snowflake numeric type: NUMBER(precision, scale), or FLOAT. */
    record Type(boolean isFloat, int precision, int scale) {
        static final Type FLOAT = new Type(true, 0, 0);
        static final int MAX_PRECISION = 38;

        static Type number(int precision, int scale) {
            return new Type(false, Math.min(MAX_PRECISION, Math.max(Math.max(precision, scale), 1)), scale);
        }

        int leading() {
            return precision - scale;
        }

        /** Division (docs: operators-arithmetic): L = L1 + S2, S = max(S1, min(S1 + 6, 12)). */
        Type dividedBy(Type divisor) {
            if (isFloat || divisor.isFloat) {
                return FLOAT;
            }
            int quotientScale = Math.max(scale, Math.min(scale + 6, 12));
            return number(leading() + divisor.scale + quotientScale, quotientScale);
        }

        /** Multiplication (same page): L = L1 + L2, S = min(S1 + S2, max(S1, S2, 12)). */
        Type times(Type other) {
            if (isFloat || other.isFloat) {
                return FLOAT;
            }
            int productScale = Math.min(scale + other.scale, Math.max(Math.max(scale, other.scale), 12));
            return number(leading() + other.leading() + productScale, productScale);
        }

        /** Addition and subtraction (same page): L = max(L1, L2) + 1, S = max(S1, S2). */
        Type plus(Type other) {
            if (isFloat || other.isFloat) {
                return FLOAT;
            }
            int sumScale = Math.max(scale, other.scale);
            return number(Math.max(leading(), other.leading()) + 1 + sumScale, sumScale);
        }
    }

    /** Looks up a column's type by its (normalised) name: null when unknown, not numeric, or ambiguous. */
    interface Columns {
        Type columnType(String column);
    }

    /** Words before a parenthesis that do not make it a call of the function they name. */
    private static final Set<String> NOT_FUNCTIONS = Set.of("SELECT", "WHERE", "AND", "OR", "NOT", "ON", "WHEN",
            "THEN", "ELSE", "IN", "BY", "FROM", "AS", "IS", "BETWEEN", "LIKE", "HAVING", "VALUES", "RETURN", "SET");
    /** Words before a {@code *} that make it "every column": {@code SELECT *}, {@code SELECT DISTINCT *}. */
    private static final Set<String> WILDCARD_BEFORE = Set.of("SELECT", "DISTINCT", "ALL");
    /** Words after a {@code *} that make it "every column": {@code * FROM}, {@code * EXCLUDE (...)}, .... */
    private static final Set<String> WILDCARD_AFTER = Set.of("FROM", "EXCLUDE", "REPLACE", "RENAME", "ILIKE");
    /** The vendor code {@link H2Errors} turns into Snowflake's 100046 (22003). */
    static final int OUT_OF_RANGE = 22003;
    /** What an operand of a division of a type the statement's text does not show is taken as. */
    private static final Type UNTYPED = Type.number(Type.MAX_PRECISION, 0);
    /** COUNT is NUMBER(18,0) in Snowflake, whatever it counts. */
    private static final Type COUNT = Type.number(18, 0);

    private Quotients() {
    }

    /**
     * {@code SF_DIVIDE(dividend, divisor, scale, precision)}: the quotient rounded half away from zero to
     * {@code scale}, refused when it does not fit {@code precision} digits.
     */
    public static BigDecimal divide(BigDecimal dividend, BigDecimal divisor, int scale, int precision)
            throws SQLException {
        if (dividend == null || divisor == null) {
            return null;
        }
        if (divisor.signum() == 0) {
            // H2Errors turns H2's division-by-zero code into Snowflake's "100051 (22012): Division by zero" (the
            // wording Snowflake gives, as quoted in get-select/dbt-snowflake-monitoring issue 26).
            throw new SQLException("Division by zero", "22012", 22012);
        }
        return representable(dividend.divide(divisor, scale, RoundingMode.HALF_UP), precision, scale);
    }

    /**
     * {@code SF_MULTIPLY(a, b, scale, precision)}: the product rounded half away from zero to {@code scale} (the
     * documentation gives the product's scale, not whether digits beyond it are rounded or cut), refused when it does
     * not fit {@code precision} digits.
     */
    public static BigDecimal multiply(BigDecimal a, BigDecimal b, int scale, int precision) throws SQLException {
        return a == null || b == null ? null
                : representable(a.multiply(b).setScale(scale, RoundingMode.HALF_UP), precision, scale);
    }

    /**
     * The value, when NUMBER(precision, scale) holds it. Snowflake refuses a result that does not fit its type with
     * "100046 (22003): Number out of representable range: type FIXED[SB16](38,0)..., value ..." (the code and
     * wording as a dbt run on Snowflake logged them; Snowflake knowledge base, "Number out of representable range
     * error occurs during the multiplication of numeric values"); H2 would call it a string too long.
     */
    private static BigDecimal representable(BigDecimal value, int precision, int scale) throws SQLException {
        if (value.precision() - value.scale() > precision - scale) {
            throw new SQLException("Number out of representable range: type FIXED(" + precision + "," + scale
                    + "), value " + value.toPlainString(), "22003", OUT_OF_RANGE);
        }
        return value;
    }

    /** {@code SF_MULTIPLY_FLOAT(a, b)}: the product of doubles. */
    public static Double multiplyFloat(Double a, Double b) {
        return a == null || b == null ? null : a * b;
    }

    /**
     * {@code SF_DIVIDE_FLOAT(dividend, divisor)}: the quotient of doubles. H2 would make a DECFLOAT of a DOUBLE
     * divided by a NUMERIC; Snowflake fails a division by zero whatever the type.
     */
    public static Double divideFloat(Double dividend, Double divisor) throws SQLException {
        if (dividend == null || divisor == null) {
            return null;
        }
        if (divisor == 0) {
            throw new SQLException("Division by zero", "22012", 22012);
        }
        return dividend / divisor;
    }

    /**
     * Plans the rewrite of every {@code /} and every {@code *} that multiplies in {@code tokens}: text to emit before a
     * token ({@code openers}), in place of one ({@code closers}) and after one ({@code trailers}). Operators are taken
     * left to right, so an operation's rewrite encloses those of its left operand.
     */
    static void rewrite(List<Token> tokens, Columns columns, Map<Integer, String> openers,
            Map<Integer, String> closers, Map<Integer, String> trailers) {
        for (int k = 0; k < tokens.size(); k++) {
            boolean divides = tokens.get(k).isSymbol("/");
            if (!divides && !multiplies(tokens, k)) {
                continue;
            }
            int start = leftOperandStart(tokens, k);
            int end = factorEnd(tokens, k + 1);
            if (start < 0 || end < 0) {
                if (!divides) {
                    continue;
                }
                throw StandInSqlException.unsupported("division of " + text(tokens, start < 0 ? k - 1 : start,
                        end < 0 ? Math.min(k + 1, tokens.size() - 1) : end)
                        + ": the stand-in cannot find this division's operands");
            }
            Type left = typeOf(tokens, start, k - 1, columns);
            Type right = typeOf(tokens, k + 1, end, columns);
            if (!divides) {
                // A FLOAT operand makes a FLOAT product whatever the other is (H2 would make a DECFLOAT of a DOUBLE
                // times a NUMERIC). A product of a number the text does not type keeps H2's type: taking it as an
                // integer, as a division does, would cut the digits of a decimal bind or a CTE's decimal column.
                if (left != null && left.isFloat() || right != null && right.isFloat()) {
                    planFloat(start, k, end, "SF_MULTIPLY_FLOAT", openers, closers, trailers);
                } else if (left != null && right != null) {
                    plan(start, k, end, "SF_MULTIPLY", left.times(right), openers, closers, trailers);
                }
                continue;
            }
            // An operand whose type the text does not show (a bind, a column of a CTE or subquery, another
            // function) is taken as an integer, NUMBER(38,0): the common case, and a quotient to six places rather
            // than H2's integer division or a refusal of SQL Snowflake runs. Snowflake may scale it otherwise.
            Type quotient = Objects.requireNonNullElse(left, UNTYPED).dividedBy(Objects.requireNonNullElse(right,
                    UNTYPED));
            if (quotient.isFloat()) {
                planFloat(start, k, end, "SF_DIVIDE_FLOAT", openers, closers, trailers);
            } else {
                plan(start, k, end, "SF_DIVIDE", quotient, openers, closers, trailers);
            }
        }
    }

    /** {@code CAST(FUNCTION(left, right, S, P) AS NUMERIC(P, S))} around the operation at {@code operator}. */
    private static void plan(int start, int operator, int end, String function, Type result,
            Map<Integer, String> openers, Map<Integer, String> closers, Map<Integer, String> trailers) {
        openers.merge(start, "CAST(" + function + "(", (inner, outer) -> outer + inner);
        closers.put(operator, ",");
        trailers.merge(end, ", " + result.scale() + ", " + result.precision() + ") AS NUMERIC(" + result.precision()
                + ", " + result.scale() + "))", String::concat);
    }

    /** Whether {@link #rewrite} has anything to rewrite in {@code tokens}: a division or a multiplication. */
    static boolean rewrites(List<Token> tokens) {
        for (int k = 0; k < tokens.size(); k++) {
            if (tokens.get(k).isSymbol("/") || multiplies(tokens, k)) {
                return true;
            }
        }
        return false;
    }

    /** {@code CAST(FUNCTION(left, right) AS DOUBLE PRECISION)} around the operation at {@code operator}. */
    private static void planFloat(int start, int operator, int end, String function, Map<Integer, String> openers,
            Map<Integer, String> closers, Map<Integer, String> trailers) {
        openers.merge(start, "CAST(" + function + "(", (inner, outer) -> outer + inner);
        closers.put(operator, ",");
        trailers.merge(end, ") AS DOUBLE PRECISION)", String::concat);
    }

    /**
     * Whether the {@code *} at {@code k} multiplies, rather than selects every column ({@code SELECT *},
     * {@code t.*}, {@code COUNT(*)}): an operand ends before it and another starts after it.
     */
    private static boolean multiplies(List<Token> tokens, int k) {
        if (!tokens.get(k).isSymbol("*") || k == 0 || k + 1 >= tokens.size()) {
            return false;
        }
        Token before = tokens.get(k - 1);
        Token after = tokens.get(k + 1);
        boolean operandBefore = before.kind() == Kind.NUMBER || isBind(before) || before.isSymbol(")")
                || isName(before) && !WILDCARD_BEFORE.contains(before.upper());
        boolean operandAfter = after.kind() == Kind.NUMBER || isBind(after) || after.isSymbol("(")
                || after.isSymbol("-") || after.isSymbol("+")
                || isName(after) && !WILDCARD_AFTER.contains(after.upper());
        return operandBefore && operandAfter;
    }

    /** The first token of the left operand of the {@code /} or {@code *} at {@code operator}: both bind left. */
    private static int leftOperandStart(List<Token> tokens, int operator) {
        int start = factorStart(tokens, operator - 1);
        while (start > 1 && (tokens.get(start - 1).isSymbol("*") || tokens.get(start - 1).isSymbol("/"))) {
            start = factorStart(tokens, start - 2);
        }
        return start;
    }

    /** The first token of the factor ending at {@code end}, or -1. */
    private static int factorStart(List<Token> tokens, int end) {
        if (end < 0) {
            return -1;
        }
        int typeAt = tokens.get(end).isSymbol(")") ? SqlLexer.opening(tokens, end) - 1 : end;
        if (typeAt >= 2 && tokens.get(typeAt - 1).isSymbol("::")) {
            return factorStart(tokens, typeAt - 2);
        }
        Token token = tokens.get(end);
        if (token.kind() == Kind.NUMBER || isBind(token)) {
            return end;
        }
        if (token.isSymbol(")")) {
            int open = SqlLexer.opening(tokens, end);
            // What follows a call belongs to it: SUM(x) OVER (...), PERCENTILE_CONT(0.5) WITHIN GROUP (...).
            if (open > 0 && tokens.get(open - 1).isWord("OVER")) {
                int before = open - 2;
                if (before >= 1 && tokens.get(before).isWord("NULLS")
                        && (tokens.get(before - 1).isWord("IGNORE") || tokens.get(before - 1).isWord("RESPECT"))) {
                    before -= 2;
                }
                return before >= 0 && tokens.get(before).isSymbol(")") ? factorStart(tokens, before) : -1;
            }
            if (open > 1 && tokens.get(open - 1).isWord("GROUP") && tokens.get(open - 2).isWord("WITHIN")) {
                return open > 2 && tokens.get(open - 3).isSymbol(")") ? factorStart(tokens, open - 3) : -1;
            }
            boolean call = open > 0 && isName(tokens.get(open - 1))
                    && !NOT_FUNCTIONS.contains(tokens.get(open - 1).upper());
            return call ? open - 1 : open;
        }
        if (token.isWord("END")) {
            return caseBoundary(tokens, end, -1);
        }
        if (isName(token)) {
            int start = end;
            while (start >= 2 && tokens.get(start - 1).isSymbol(".") && isName(tokens.get(start - 2))) {
                start -= 2;
            }
            return start;
        }
        return -1;
    }

    /** The last token of the factor starting at {@code start}, a sign and casts with {@code ::} included, or -1. */
    private static int factorEnd(List<Token> tokens, int start) {
        int end = primaryEnd(tokens, start);
        while (end >= 0 && end + 2 < tokens.size() && tokens.get(end + 1).isSymbol("::")) {
            end = end + 3 < tokens.size() && tokens.get(end + 3).isSymbol("(")
                    ? SqlLexer.closing(tokens, end + 3) : end + 2;
        }
        return end;
    }

    private static int primaryEnd(List<Token> tokens, int start) {
        if (start >= tokens.size()) {
            return -1;
        }
        Token token = tokens.get(start);
        if (token.isSymbol("-") || token.isSymbol("+")) {
            return factorEnd(tokens, start + 1);
        }
        if (token.kind() == Kind.NUMBER || isBind(token)) {
            return start;
        }
        if (token.isSymbol("(")) {
            return SqlLexer.closing(tokens, start);
        }
        if (token.isWord("CASE")) {
            return caseBoundary(tokens, start, 1);
        }
        if (isName(token)) {
            if (start + 1 < tokens.size() && tokens.get(start + 1).isSymbol("(")) {
                return callEnd(tokens, SqlLexer.closing(tokens, start + 1));
            }
            int end = start;
            while (end + 2 < tokens.size() && tokens.get(end + 1).isSymbol(".") && isName(tokens.get(end + 2))) {
                end += 2;
            }
            return end;
        }
        return -1;
    }

    /**
     * The last token of a call ending at {@code close}, with what belongs to it after its parenthesis: {@code WITHIN
     * GROUP (...)}, then {@code [IGNORE|RESPECT NULLS] OVER (...)}. A window or ordered-set function is one operand
     * with them ({@code 100 * COUNT(*) OVER ()}).
     */
    static int callEnd(List<Token> tokens, int close) {
        if (close < 0) {
            return close;
        }
        int end = close;
        if (end + 3 < tokens.size() && tokens.get(end + 1).isWord("WITHIN") && tokens.get(end + 2).isWord("GROUP")
                && tokens.get(end + 3).isSymbol("(")) {
            end = SqlLexer.closing(tokens, end + 3);
        }
        int over = end + 1;
        if (over + 1 < tokens.size() && tokens.get(over + 1).isWord("NULLS")
                && (tokens.get(over).isWord("IGNORE") || tokens.get(over).isWord("RESPECT"))) {
            over += 2;
        }
        return end >= 0 && over + 1 < tokens.size() && tokens.get(over).isWord("OVER")
                && tokens.get(over + 1).isSymbol("(") ? SqlLexer.closing(tokens, over + 1) : end;
    }

    /**
     * The {@code END} closing the {@code CASE} at {@code from} ({@code step} 1), or the {@code CASE} that the
     * {@code END} at {@code from} closes ({@code step} -1), nested ones skipped; -1 when there is none. A
     * {@code CASE ... END} is one operand, as a parenthesis is.
     */
    private static int caseBoundary(List<Token> tokens, int from, int step) {
        String opens = step > 0 ? "CASE" : "END";
        String closes = step > 0 ? "END" : "CASE";
        int depth = 0;
        for (int k = from + step; k >= 0 && k < tokens.size(); k += step) {
            if (tokens.get(k).isWord(opens)) {
                depth++;
            } else if (tokens.get(k).isWord(closes)) {
                if (depth == 0) {
                    return k;
                }
                depth--;
            }
        }
        return -1;
    }

    /** A bind placeholder: a named query's parameters reach Snowflake as {@code ?} ({@code ?n} once numbered). */
    private static boolean isBind(Token token) {
        return SqlMacros.isBind(token);
    }

    /** The Snowflake type of the expression in tokens {@code from..to} (inclusive), or null when not known. */
    static Type typeOf(List<Token> tokens, int from, int to, Columns columns) {
        return new Typer(tokens, to, columns).whole(from);
    }

    /** Recursive descent over {@code + -} terms of {@code * /} factors. */
    private static final class Typer {
        private final List<Token> tokens;
        private final int to;
        private final Columns columns;
        private int at;

        Typer(List<Token> tokens, int to, Columns columns) {
            this.tokens = tokens;
            this.to = to;
            this.columns = columns;
        }

        Type whole(int from) {
            at = from;
            Type type = sum();
            return at == to + 1 ? type : null;
        }

        private Type sum() {
            Type type = term();
            while (type != null && at <= to && (symbol("+") || symbol("-"))) {
                at++;
                Type next = term();
                type = next == null ? null : type.plus(next);
            }
            return type;
        }

        private Type term() {
            Type type = factor();
            while (type != null && at <= to && (symbol("*") || symbol("/"))) {
                boolean divide = symbol("/");
                at++;
                Type next = factor();
                type = next == null ? null : divide ? type.dividedBy(next) : type.times(next);
            }
            return type;
        }

        /** A primary and the {@code ::} casts after it. */
        private Type factor() {
            Type type = primary();
            while (type != null && at + 1 <= to && symbol("::")) {
                at++;
                int typeEnd = at + 1 <= to && tokens.get(at + 1).isSymbol("(") ? SqlLexer.closing(tokens, at + 1) : at;
                type = typeEnd > to ? null : castType(tokens, at, typeEnd);
                at = typeEnd + 1;
            }
            return type;
        }

        private Type primary() {
            if (at > to) {
                return null;
            }
            Token token = tokens.get(at);
            if (token.isSymbol("-") || token.isSymbol("+")) {
                at++;
                return primary();
            }
            if (token.kind() == Kind.NUMBER) {
                at++;
                return literal(token.text());
            }
            if (token.isSymbol("(")) {
                int close = SqlLexer.closing(tokens, at);
                Type inner = new Typer(tokens, close - 1, columns).whole(at + 1);
                at = close + 1;
                return inner;
            }
            if (!isName(token)) {
                return null;
            }
            if (at + 1 <= to && tokens.get(at + 1).isSymbol("(")) {
                int close = SqlLexer.closing(tokens, at + 1);
                Type type = call(token.upper(), at + 1, close);
                // Over a window, COUNT and SUM keep their type.
                at = callEnd(tokens, close) + 1;
                return type;
            }
            int end = at;
            while (end + 2 <= to && tokens.get(end + 1).isSymbol(".") && isName(tokens.get(end + 2))) {
                end += 2;
            }
            at = end + 1;
            return columns.columnType(Identifiers.normalize(tokens.get(end).text()));
        }

        private Type call(String function, int open, int close) {
            at = close + 1;
            int comma = topLevel(token -> token.isSymbol(","), open + 1, close);
            return switch (function) {
                case "COUNT" -> COUNT;
                // SUM of NUMBER(p,s) is NUMBER(38,s); of FLOAT, FLOAT.
                case "SUM" -> {
                    Type inner = comma < 0 ? new Typer(tokens, close - 1, columns).whole(open + 1) : null;
                    yield inner == null || inner.isFloat() ? inner : Type.number(Type.MAX_PRECISION, inner.scale());
                }
                case "NULLIF" -> comma < 0 ? null : new Typer(tokens, comma - 1, columns).whole(open + 1);
                case "CAST", "TRY_CAST" -> {
                    int as = topLevel(token -> token.isWord("AS"), open + 1, close);
                    yield as < 0 ? null : castType(tokens, as + 1, close - 1);
                }
                default -> null;
            };
        }

        /** The first token from {@code from} to before {@code close} that is {@code wanted}, outside parentheses. */
        private int topLevel(Predicate<Token> wanted, int from, int close) {
            for (int k = from; k < close; k++) {
                if (tokens.get(k).isSymbol("(")) {
                    k = SqlLexer.closing(tokens, k);
                } else if (wanted.test(tokens.get(k))) {
                    return k;
                }
            }
            return -1;
        }

        private boolean symbol(String symbol) {
            return tokens.get(at).isSymbol(symbol);
        }
    }

    /**
     * The numeric type named by tokens {@code from..to} in a cast, or null for another type. NUMBER without
     * arguments is NUMBER(38,0), as are INT and its synonyms (docs: data-types-numeric).
     */
    static Type castType(List<Token> tokens, int from, int to) {
        String name = tokens.get(from).upper();
        if (Set.of("FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "REAL").contains(name)) {
            return Type.FLOAT;
        }
        if (Set.of("INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT").contains(name) && from == to) {
            return Type.number(Type.MAX_PRECISION, 0);
        }
        if (!Set.of("NUMBER", "NUMERIC", "DECIMAL", "DEC").contains(name)) {
            return null;
        }
        if (from == to) {
            return Type.number(Type.MAX_PRECISION, 0);
        }
        List<Integer> arguments = new java.util.ArrayList<>();
        for (int k = from + 2; k < to; k++) {
            if (tokens.get(k).kind() == Kind.NUMBER) {
                arguments.add(Integer.parseInt(tokens.get(k).text()));
            } else if (!tokens.get(k).isSymbol(",")) {
                return null;
            }
        }
        return arguments.isEmpty() || arguments.size() > 2 ? null
                : Type.number(arguments.get(0), arguments.size() == 2 ? arguments.get(1) : 0);
    }

    /**
     * A numeric literal's type: with an exponent a FLOAT, otherwise NUMBER with as many digits as written (7 is
     * NUMBER(1,0), 10.001 is NUMBER(5,3)).
     */
    static Type literal(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("e")) {
            return Type.FLOAT;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
        int scale = Math.max(value.scale(), 0);
        int leading = value.abs().compareTo(BigDecimal.ONE) < 0 ? 0 : value.precision() - value.scale();
        return Type.number(leading + scale, scale);
    }

    private static boolean isName(Token token) {
        return token.kind() == Kind.WORD || token.kind() == Kind.QUOTED;
    }

    private static String text(List<Token> tokens, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int k = Math.max(from, 0); k <= to && k < tokens.size(); k++) {
            boolean spaced = k > from && !tokens.get(k).isSymbol("(") && !tokens.get(k).isSymbol(")")
                    && !tokens.get(k - 1).isSymbol("(");
            out.append(spaced ? " " : "").append(tokens.get(k).text());
        }
        return out.toString();
    }
}
