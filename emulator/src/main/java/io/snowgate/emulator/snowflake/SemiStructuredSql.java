package io.snowgate.emulator.snowflake;

import static io.snowgate.emulator.snowflake.SqlTranslator.isIdentifier;
import static io.snowgate.emulator.snowflake.SqlTranslator.isKind;
import static io.snowgate.emulator.snowflake.SqlTranslator.isSymbol;
import static io.snowgate.emulator.snowflake.SqlTranslator.isWord;
import static io.snowgate.emulator.snowflake.SqlTranslator.literal;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The translator's rules for Snowflake's semi-structured syntax (docs: "Querying semi-structured data"). Values are
 * H2 {@code JSON} (what PARSE_JSON makes) or JSON text in a VARIANT, OBJECT or ARRAY column; the functions behind the
 * rewrites are {@link SemiStructured}'s:
 * <ul>
 *   <li>{@code v:a.b[0]}, {@code v['a']}, {@code v[0]}, {@code "V":"Quoted Key"} become
 *   {@code (SF_GET_PATH(v, 'a.b[0]') FORMAT JSON)}, a VARIANT;
 *   <li>a cast of a VARIANT to another type ({@code v:name::STRING}) casts its text, unquoted
 *   ({@link SemiStructured#variantText}); a cast of anything else to VARIANT is H2's {@code CAST(x AS JSON)};
 *   <li>{@code TABLE(FLATTEN(INPUT => v, ...))} becomes a derived table over {@link SemiStructured#flatten}, and
 *   a lateral one, over each row of the tables before it, a join ({@link LateralFlatten}).
 * </ul>
 */
final class SemiStructuredSql {

    /**
     * Snowflake's OBJECT and ARRAY constructors, as H2's SQL/JSON ones: the H2 function, whether the arguments pair up
     * as key and value, and what to do with a NULL (see {@link #constructors}).
     */
    private record Constructor(String function, boolean pairs, String onNull) {
    }

    private static final Map<String, Constructor> CONSTRUCTORS = Map.of(
            "OBJECT_CONSTRUCT", new Constructor("JSON_OBJECT", true, "ABSENT ON NULL"),
            "OBJECT_CONSTRUCT_KEEP_NULL", new Constructor("JSON_OBJECT", true, "NULL ON NULL"),
            "ARRAY_CONSTRUCT", new Constructor("JSON_ARRAY", false, "NULL ON NULL"),
            "ARRAY_CONSTRUCT_COMPACT", new Constructor("JSON_ARRAY", false, "ABSENT ON NULL"));
    /**
     * Snowflake's semi-structured functions that the stand-in's own ({@link SemiStructured}, {@link VariantFunctions})
     * answer, each with the text that replaces its name and opening parenthesis and the text that replaces its
     * closing one. A result wrapped {@code FORMAT JSON} is H2 JSON: a VARIANT, as Snowflake types these functions'
     * results, which paths, casts and the constructors read as such.
     */
    static final Map<String, String[]> FUNCTIONS = Map.ofEntries(
            // Validated, then typed JSON, so that the column is VARIANT as Snowflake types PARSE_JSON, not text.
            variant("PARSE_JSON"), variant("TRY_PARSE_JSON"), variant("GET_PATH"), variant("SPLIT"),
            variant("ARRAY_APPEND"), variant("ARRAY_PREPEND"), variant("ARRAY_INSERT"), variant("ARRAY_CAT"),
            variant("ARRAY_SLICE"), variant("ARRAY_DISTINCT"), variant("ARRAY_COMPACT"), variant("GET"),
            variant("OBJECT_KEYS"), variant("OBJECT_INSERT"), variant("OBJECT_DELETE"), variant("OBJECT_PICK"),
            variant("STRIP_NULL_VALUE"), variant("STRTOK_TO_ARRAY"), variant("OBJECT_AGG"),
            variant("REGEXP_SUBSTR_ALL"), variant("ARRAY_SORT"), variant("ARRAY_MIN"), variant("ARRAY_MAX"),
            variant("ARRAY_FLATTEN"), variant("ARRAY_GENERATE_RANGE"), variant("ARRAY_EXCEPT"),
            variant("ARRAY_INTERSECTION"), variant("ARRAY_REMOVE"), variant("TO_ARRAY"), variant("TO_VARIANT"),
            variant("GET_IGNORE_CASE"), variant("TO_OBJECT"),
            Map.entry("AS_ARRAY", new String[] {"(SF_AS_JSON(", ", 'ARRAY') FORMAT JSON)"}),
            Map.entry("AS_OBJECT", new String[] {"(SF_AS_JSON(", ", 'OBJECT') FORMAT JSON)"}),
            plain("ARRAYS_OVERLAP"), plain("ARRAY_POSITION"), plain("ARRAY_TO_STRING"), plain("TYPEOF"),
            plain("IS_NULL_VALUE"), plain("TO_JSON"), plain("CHECK_JSON"),
            isType("IS_ARRAY", "ARRAY"), isType("IS_OBJECT", "OBJECT"), isType("IS_VARCHAR", "VARCHAR"),
            isType("IS_CHAR", "VARCHAR"), isType("IS_BOOLEAN", "BOOLEAN"), isType("IS_INTEGER", "INTEGER"),
            isType("IS_DECIMAL", "DECIMAL"), isType("IS_DOUBLE", "DOUBLE"), isType("IS_REAL", "DOUBLE"),
            Map.entry("AS_VARCHAR", new String[] {"SF_AS_TEXT(", ")"}),
            Map.entry("AS_CHAR", new String[] {"SF_AS_TEXT(", ")"}),
            plain("AS_BOOLEAN"), plain("AS_DOUBLE"), Map.entry("AS_REAL", new String[] {"SF_AS_DOUBLE(", ")"}),
            Map.entry("AS_INTEGER", new String[] {"CAST(SF_AS_NUMBER(", ", TRUE) AS NUMERIC(38, 0))"}),
            Map.entry("AS_NUMBER", new String[] {"CAST(SF_AS_NUMBER(", ", FALSE) AS NUMERIC(38, 0))"}),
            Map.entry("AS_DECIMAL", new String[] {"CAST(SF_AS_NUMBER(", ", FALSE) AS NUMERIC(38, 0))"}));
    /** The comparison operators, of which a VARIANT path and a number literal may be the operands. */
    private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", ">", "<=", ">=");
    /** Aggregates of numbers, which the stand-in cannot give a VARIANT without a cast. */
    private static final Set<String> NUMERIC_AGGREGATES = Set.of("SUM", "AVG", "MEDIAN", "STDDEV", "STDDEV_SAMP",
            "STDDEV_POP", "VARIANCE", "VAR_SAMP", "VAR_POP", "VARIANCE_SAMP", "VARIANCE_POP");
    /** Functions that take text (docs: functions-string): a VARIANT given to one is cast to text first. */
    private static final Set<String> TEXT_FUNCTIONS = Set.of("UPPER", "LOWER", "INITCAP", "TRIM", "LTRIM", "RTRIM",
            "LENGTH", "LEN", "CHAR_LENGTH", "CHARACTER_LENGTH", "SUBSTR", "SUBSTRING", "LEFT", "RIGHT", "REPLACE",
            "SPLIT_PART", "SPLIT", "CONCAT", "CONCAT_WS", "CONTAINS", "STARTSWITH", "ENDSWITH", "REGEXP_LIKE", "RLIKE",
            "REGEXP_REPLACE", "REGEXP_SUBSTR", "REGEXP_COUNT", "REGEXP_INSTR", "REGEXP_SUBSTR_ALL", "LPAD", "RPAD",
            "REVERSE", "REPEAT", "TRANSLATE", "CHARINDEX", "POSITION", "EDITDISTANCE", "STRTOK", "ASCII",
            "UNICODE", "MD5", "MD5_HEX", "SHA1", "SHA1_HEX", "SHA2", "SHA2_HEX", "HEX_ENCODE", "BASE64_ENCODE");
    /**
     * The argument (0-based) of a function that is a VARIANT value rather than an array or object to work on: a value
     * of another type is made one, as Snowflake casts it, so that {@code 'b'} is the string {@code "b"}.
     */
    private static final Map<String, Integer> VARIANT_ARGUMENTS = Map.ofEntries(
            Map.entry("ARRAY_CONTAINS", 0), Map.entry("ARRAY_POSITION", 0), Map.entry("ARRAY_APPEND", 1),
            Map.entry("ARRAY_PREPEND", 1), Map.entry("ARRAY_INSERT", 2), Map.entry("OBJECT_INSERT", 2),
            Map.entry("OBJECT_AGG", 1), Map.entry("ARRAY_REMOVE", 1), Map.entry("TO_ARRAY", 0),
            Map.entry("TO_VARIANT", 0),
            Map.entry("TYPEOF", 0), Map.entry("IS_NULL_VALUE", 0), Map.entry("STRIP_NULL_VALUE", 0),
            Map.entry("TO_JSON", 0), Map.entry("IS_ARRAY", 0), Map.entry("IS_OBJECT", 0), Map.entry("IS_VARCHAR", 0),
            Map.entry("IS_CHAR", 0), Map.entry("IS_BOOLEAN", 0), Map.entry("IS_INTEGER", 0), Map.entry("IS_DECIMAL", 0),
            Map.entry("IS_DOUBLE", 0), Map.entry("IS_REAL", 0), Map.entry("AS_VARCHAR", 0), Map.entry("AS_CHAR", 0),
            Map.entry("AS_BOOLEAN", 0), Map.entry("AS_DOUBLE", 0), Map.entry("AS_REAL", 0), Map.entry("AS_INTEGER", 0),
            Map.entry("AS_NUMBER", 0), Map.entry("AS_DECIMAL", 0), Map.entry("AS_ARRAY", 0), Map.entry("AS_OBJECT", 0));
    private static final Set<String> SEMI_STRUCTURED_FUNCTIONS = java.util.stream.Stream.concat(
            FUNCTIONS.entrySet().stream().filter(f -> f.getValue()[1].endsWith("FORMAT JSON)")).map(Map.Entry::getKey),
            CONSTRUCTORS.keySet().stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final Set<String> SEMI_STRUCTURED_TYPES = Set.of("VARIANT", "OBJECT", "ARRAY");
    /** FLATTEN's output columns that are VARIANTs (docs: functions/flatten, "Output"). */
    private static final Set<String> FLATTEN_VARIANT_COLUMNS = Set.of("VALUE", "THIS");
    private static final List<String> FLATTEN_ARGUMENTS = List.of("INPUT", "PATH", "OUTER", "RECURSIVE", "MODE");
    /** Words that end a FROM item rather than name its alias. */
    static final Set<String> NOT_ALIASES = Set.of("WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS",
            "NATURAL", "ON", "USING", "GROUP", "ORDER", "HAVING", "QUALIFY", "LIMIT", "UNION", "EXCEPT", "MINUS",
            "INTERSECT", "WINDOW", "FETCH", "OFFSET", "LATERAL");

    /** What kind of value an operand is, as far as its text shows. */
    private enum Operand {
        /** H2 {@code JSON}: a path, PARSE_JSON and its likes, FLATTEN's VALUE and THIS, a cast to VARIANT. */
        JSON,
        /** JSON text in a VARIANT, OBJECT or ARRAY column. */
        JSON_TEXT,
        /** Anything else. */
        OTHER
    }

    private static Map.Entry<String, String[]> variant(String function) {
        return Map.entry(function, new String[] {"(SF_" + function + "(", ") FORMAT JSON)"});
    }

    private static Map.Entry<String, String[]> plain(String function) {
        return Map.entry(function, new String[] {"SF_" + function + "(", ")"});
    }

    private static Map.Entry<String, String[]> isType(String function, String type) {
        return Map.entry(function, new String[] {"SF_IS_TYPE(", ", '" + type + "')"});
    }

    private final List<Token> tokens;
    private final Predicate<String> semiStructuredColumn;
    private final Set<String> flattenAliases;
    private final boolean flattens;

    private SemiStructuredSql(List<Token> tokens, Predicate<String> semiStructuredColumn, Set<String> lateralAliases) {
        this.tokens = tokens;
        this.semiStructuredColumn = semiStructuredColumn;
        this.flattenAliases = new HashSet<>(lateralAliases);
        boolean any = !lateralAliases.isEmpty();
        for (int k = 0; k < tokens.size(); k++) {
            if (isFlattenTable(tokens, k)) {
                any = true;
                int after = SqlLexer.closing(tokens, k + 1) + 1;
                after += isWord(tokens, after, "AS") ? 1 : 0;
                if (isIdentifier(tokens, after) && !NOT_ALIASES.contains(tokens.get(after).upper())) {
                    flattenAliases.add(Identifiers.normalize(tokens.get(after).text()));
                }
            }
        }
        this.flattens = any;
    }

    /**
     * Registers the rewrites of paths, of casts from and to VARIANT and of functions' VARIANT arguments as text to emit
     * around tokens: {@code openers} before a token, {@code closers} in place of one (going on at
     * {@code resumeAt}), {@code trailers} after one. Later rules wrap earlier ones.
     */
    static void rewrite(List<Token> tokens, Predicate<String> semiStructuredColumn, Set<String> lateralAliases,
            Map<Integer, String> openers, Map<Integer, String> closers, Map<Integer, Integer> resumeAt,
            Map<Integer, String> trailers) {
        SemiStructuredSql rules = new SemiStructuredSql(tokens, semiStructuredColumn, lateralAliases);
        rules.paths(openers, closers, resumeAt);
        rules.casts(openers, closers, trailers);
        rules.variantArguments(openers, trailers);
        rules.textArguments(openers, trailers);
        rules.variantAggregates(closers, trailers);
        rules.numericComparisons(openers, trailers);
        rules.arrayAggregates(openers, trailers);
        rules.constructors(closers, resumeAt);
    }

    /**
     * Path access (docs: "Querying semi-structured data", "Traversing semi-structured data"): a {@code :} right
     * after an operand starts a path, as does a {@code [} (the catalog's placeholder rule reads the colon the same
     * way: queries/README.md, "Placeholders"). The path, keys case-sensitive, goes to GET_PATH as text.
     */
    private void paths(Map<Integer, String> openers, Map<Integer, String> closers, Map<Integer, Integer> resumeAt) {
        int k = 0;
        while (k < tokens.size()) {
            if (!isPathStart(k)) {
                k++;
                continue;
            }
            StringBuilder path = new StringBuilder();
            int end = pathEnd(k, path);
            openers.merge(SqlTranslator.operandStart(tokens, k - 1), "(SF_GET_PATH(", (inner, outer) -> outer + inner);
            closers.put(k, ", " + literal(path.toString()) + ") FORMAT JSON)");
            resumeAt.put(k, end);
            k = end;
        }
    }

    private boolean isPathStart(int k) {
        if (!isSymbol(tokens, k, ":") && !isSymbol(tokens, k, "[") || k == 0) {
            return false;
        }
        Token before = tokens.get(k - 1);
        if (before.isSymbol(")") || before.isSymbol("]") || before.kind() == Kind.QUOTED) {
            return true;
        }
        // ARRAY[...] is H2's array constructor, which the translator keeps.
        return before.kind() == Kind.WORD && !before.isWord("ARRAY")
                && !SqlTranslator.KEYWORDS_BEFORE_EXPRESSIONS.contains(before.upper());
    }

    /** The index after the path steps ({@code :key}, {@code .key}, {@code [...]}) starting at {@code start}. */
    private int pathSpanEnd(int start) {
        int k = start;
        while (true) {
            if ((isSymbol(tokens, k, ":") || isSymbol(tokens, k, ".")) && isIdentifier(tokens, k + 1)) {
                k += 2;
            } else if (isSymbol(tokens, k, "[")) {
                k = SqlLexer.closing(tokens, k) + 1;
            } else {
                return k;
            }
        }
    }

    /** Reads the path starting at {@code start} into {@code path} in GET_PATH's syntax; the index after it. */
    private int pathEnd(int start, StringBuilder path) {
        int k = start;
        if (tokens.get(k).isSymbol(":")) {
            k = key(k + 1, path);
        }
        while (true) {
            if (isSymbol(tokens, k, ".") && isIdentifier(tokens, k + 1)) {
                path.append('.');
                k = key(k + 1, path);
            } else if (isSymbol(tokens, k, "[")) {
                k = bracket(k, path);
            } else {
                return k;
            }
        }
    }

    private int key(int at, StringBuilder path) {
        if (!isIdentifier(tokens, at)) {
            Token bad = tokens.get(Math.min(at, tokens.size() - 1));
            throw StandInSqlException.syntax(bad.position(), at < tokens.size() ? bad.text() : "<EOF>");
        }
        // A quoted key keeps its quotes (and doubled quotes), as GET_PATH reads them; a plain one its case.
        path.append(tokens.get(at).text());
        return at + 1;
    }

    /** {@code [0]} or {@code ['key']}; a computed step ({@code [i + 1]}, a bind) is refused. */
    private int bracket(int open, StringBuilder path) {
        int close = SqlLexer.closing(tokens, open);
        if (close == open + 2 && isKind(tokens, open + 1, Kind.NUMBER) && tokens.get(open + 1).text().matches("\\d+")) {
            path.append('[').append(tokens.get(open + 1).text()).append(']');
        } else if (close == open + 2 && isKind(tokens, open + 1, Kind.STRING)) {
            path.append("[\"").append(tokens.get(open + 1).stringValue().replace("\"", "\"\"")).append("\"]");
        } else {
            throw StandInSqlException.unsupported("semi-structured path step that is not a literal: "
                    + text(open, close + 1));
        }
        return close + 1;
    }


    /**
     * {@code v::TYPE} and {@code CAST(v AS TYPE)}. A VARIANT cast to another type is its value converted (docs:
     * "Querying semi-structured data", "Explicitly casting extracted values"): {@code "Ada"::STRING} is
     * {@code Ada}, without the JSON quotes, which H2 cannot do (it refuses JSON to NUMERIC). Anything else cast to
     * VARIANT (docs: functions/to_variant) is the JSON value of it: {@code 'b'::VARIANT} is the string {@code "b"}.
     */
    private void casts(Map<Integer, String> openers, Map<Integer, String> closers, Map<Integer, String> trailers) {
        for (int k = 1; k < tokens.size(); k++) {
            if (tokens.get(k).isSymbol("::") && isIdentifier(tokens, k + 1)) {
                cast(SqlTranslator.operandStart(tokens, k - 1), k - 1, k + 1, openers, closers, trailers);
            } else if (tokens.get(k - 1).isWord("CAST") && tokens.get(k).isSymbol("(")) {
                int close = SqlLexer.closing(tokens, k);
                int type = isSymbol(tokens, close - 1, ")") ? SqlLexer.opening(tokens, close - 1) - 1 : close - 1;
                if (isWord(tokens, type - 1, "AS") && SqlTranslator.operandStart(tokens, type - 2) == k + 1) {
                    cast(k + 1, type - 2, type, openers, closers, trailers);
                }
            }
        }
    }

    /** One cast of the operand {@code start..end} to the type named at {@code type}. */
    private void cast(int start, int end, int type, Map<Integer, String> openers, Map<Integer, String> closers,
            Map<Integer, String> trailers) {
        Operand operand = operand(start, end);
        if (SEMI_STRUCTURED_TYPES.contains(tokens.get(type).upper())) {
            // A VARIANT stays one (H2's cast to the VARCHAR domain would make it text again); a value becomes one.
            if (operand == Operand.JSON || operand == Operand.OTHER && tokens.get(type).isWord("VARIANT")) {
                closers.put(type, "JSON");
            }
        } else if (operand != Operand.OTHER) {
            wrap(start, end, "SF_VARIANT_TEXT(", ")", openers, trailers);
        }
    }

    /**
     * A function's VARIANT argument ({@link #VARIANT_ARGUMENTS}; docs: functions/array_contains, array_append ...)
     * of another type is made one, as Snowflake casts it, so that {@code 'b'} is found as the string {@code "b"}.
     */
    private void variantArguments(Map<Integer, String> openers, Map<Integer, String> trailers) {
        for (int k = 0; k + 2 < tokens.size(); k++) {
            Integer wanted = VARIANT_ARGUMENTS.get(tokens.get(k).upper());
            if (wanted == null || !isSymbol(tokens, k + 1, "(") || isSymbol(tokens, k - 1, ".")) {
                continue;
            }
            int close = SqlLexer.closing(tokens, k + 1);
            int start = k + 2;
            for (int argument = 0; argument < wanted && start < close; argument++) {
                int comma = SqlLexer.nextComma(tokens, start);
                start = comma < 0 ? close : comma + 1;
            }
            int comma = start < close ? SqlLexer.nextComma(tokens, start) : -1;
            int end = (comma < 0 ? close : comma) - 1;
            if (end >= start && operand(start, end) == Operand.OTHER) {
                castToJson(start, end, openers, trailers);
            }
        }
    }

    /**
     * A VARIANT given to a function that takes text is cast to text, as Snowflake casts it (docs: "Querying
     * semi-structured data", "Using the value in a cast": a string without its JSON quotes), so that
     * {@code UPPER(v:name)} is {@code ALICE}, not H2's {@code "ALICE"} with the quotes of the JSON text; so is the
     * subject of LIKE and ILIKE.
     */
    private void textArguments(Map<Integer, String> openers, Map<Integer, String> trailers) {
        for (int k = 1; k + 1 < tokens.size(); k++) {
            if (tokens.get(k).isWord("LIKE") || tokens.get(k).isWord("ILIKE")) {
                // The subject of [NOT] LIKE|ILIKE [ANY|ALL].
                int end = isWord(tokens, k - 1, "NOT") ? k - 2 : k - 1;
                if (end >= 0) {
                    asText(SqlTranslator.operandStart(tokens, end), end, openers, trailers);
                }
            } else if (TEXT_FUNCTIONS.contains(tokens.get(k).upper()) && tokens.get(k).kind() == Kind.WORD
                    && isSymbol(tokens, k + 1, "(") && !isSymbol(tokens, k - 1, ".")) {
                int start = k + 2;
                for (List<Token> argument : SqlLexer.split(tokens, start, SqlLexer.closing(tokens, k + 1))) {
                    // The arguments are contiguous, one comma apart.
                    if (!argument.isEmpty()) {
                        asText(start, start + argument.size() - 1, openers, trailers);
                    }
                    start += argument.size() + 1;
                }
            }
        }
    }

    /** The operand {@code start..end} as text without its JSON quotes, when it is a VARIANT. */
    private void asText(int start, int end, Map<Integer, String> openers, Map<Integer, String> trailers) {
        if (operand(start, end) != Operand.OTHER) {
            wrap(start, end, "SF_VARIANT_TEXT(", ")", openers, trailers);
        }
    }

    /**
     * A VARIANT compared with a number ({@code v:amount > 100}, {@code 0 <= v:n}) is cast to a number, as Snowflake
     * casts it; a value that is not one fails {@code 100038} as Snowflake's cast does. H2 refused to compare its
     * JSON with a number at all.
     */
    private void numericComparisons(Map<Integer, String> openers, Map<Integer, String> trailers) {
        for (int k = 1; k + 1 < tokens.size(); k++) {
            if (tokens.get(k).kind() != Kind.SYMBOL || !COMPARISONS.contains(tokens.get(k).text())) {
                continue;
            }
            // Paths only: a VARIANT column's name may be an assignment's target (UPDATE ... SET v = 1).
            int leftStart = SqlTranslator.operandStart(tokens, k - 1);
            if (isNumberLiteral(k + 1) && operand(leftStart, k - 1) == Operand.JSON) {
                castToNumber(leftStart, k - 1, openers, trailers);
            }
            if (SqlTranslator.isKind(tokens, k - 1, Kind.NUMBER)) {
                int rightEnd = pathSpanEnd(SqlMacros.operandEnd(tokens, k + 1) + 1) - 1;
                if (operand(k + 1, rightEnd) == Operand.JSON) {
                    castToNumber(k + 1, rightEnd, openers, trailers);
                }
            }
        }
    }

    /** Whether a number literal, or a minus sign and one, starts at {@code at}. */
    private boolean isNumberLiteral(int at) {
        return SqlTranslator.isKind(tokens, at, Kind.NUMBER)
                || isSymbol(tokens, at, "-") && SqlTranslator.isKind(tokens, at + 1, Kind.NUMBER);
    }

    private static void castToNumber(int start, int end, Map<Integer, String> openers, Map<Integer, String> trailers) {
        wrap(start, end, "SF_VARIANT_NUMBER(", ")", openers, trailers);
    }

    /**
     * Aggregates of a VARIANT (a path, a VARIANT column): MIN and MAX compare the values as VARIANTs
     * ({@link VariantExtremes}) where H2 compared their JSON text (MAX of 9 and 10 was 9), and stay VARIANTs; a
     * numeric aggregate is refused, as the stand-in cannot cast a VARIANT to a number implicitly.
     */
    private void variantAggregates(Map<Integer, String> closers, Map<Integer, String> trailers) {
        for (int k = 0; k + 2 < tokens.size(); k++) {
            String name = tokens.get(k).upper();
            boolean extreme = name.equals("MAX") || name.equals("MIN");
            if (!extreme && !NUMERIC_AGGREGATES.contains(name) || tokens.get(k).kind() != Kind.WORD
                    || !isSymbol(tokens, k + 1, "(") || isSymbol(tokens, k - 1, ".")) {
                continue;
            }
            int close = SqlLexer.closing(tokens, k + 1);
            int start = isWord(tokens, k + 2, "DISTINCT") || isWord(tokens, k + 2, "ALL") ? k + 3 : k + 2;
            if (start >= close || SqlLexer.nextComma(tokens, start) >= 0
                    || operand(start, close - 1) == Operand.OTHER) {
                continue;
            }
            if (!extreme) {
                throw StandInSqlException.unsupported(name + " of a VARIANT without a cast to a number");
            }
            closers.put(k, "(SF_VARIANT_" + name);
            trailers.merge(SqlTranslator.callEnd(tokens, close), " FORMAT JSON)", (outer, inner) -> inner + outer);
        }
    }

    /**
     * ARRAY_AGG's elements are VARIANTs (docs: functions/array_agg): each value is made H2 JSON, a VARIANT column's
     * text read as JSON, so that an object nests as one, a string is quoted and a date is its text; the result encoder
     * writes the H2 array of them as Snowflake's ARRAY ({@link ResultEncoder}). Its NULLs are filtered out before
     * ({@link SqlMacros}).
     */
    private void arrayAggregates(Map<Integer, String> openers, Map<Integer, String> trailers) {
        for (int k = 0; k + 2 < tokens.size(); k++) {
            // MAX_BY and MIN_BY pick one value out of an ARRAY_AGG (SqlMacros), which keeps the value's own type.
            if (!tokens.get(k).isWord("ARRAY_AGG") || !isSymbol(tokens, k + 1, "(") || isSymbol(tokens, k - 1, ".")
                    || isWord(tokens, k - 2, "ARRAY_GET") && isSymbol(tokens, k - 1, "(")) {
                continue;
            }
            int start = k + 2;
            if (isWord(tokens, start, "DISTINCT") || isWord(tokens, start, "ALL")) {
                start++;
            }
            int end = SqlLexer.nextAtLevel(tokens, start, token -> token.isWord("ORDER")) - 1;
            if (end < start) {
                continue;
            }
            switch (operand(start, end)) {
                case JSON -> {
                }
                case JSON_TEXT -> trailers.merge(end, " FORMAT JSON", String::concat);
                case OTHER -> castToJson(start, end, openers, trailers);
            }
        }
    }

    /** {@code CAST(operand AS JSON)} around the operand {@code start..end}: a value made a VARIANT. */
    private static void castToJson(int start, int end, Map<Integer, String> openers, Map<Integer, String> trailers) {
        wrap(start, end, "CAST(", " AS JSON)", openers, trailers);
    }

    /** {@code opening} before the operand {@code start..end} and {@code closing} after it, outside what is there. */
    private static void wrap(int start, int end, String opening, String closing, Map<Integer, String> openers,
            Map<Integer, String> trailers) {
        openers.merge(start, opening, (inner, outer) -> outer + inner);
        trailers.merge(end, closing, String::concat);
    }

    /**
     * {@code OBJECT_CONSTRUCT(k1, v1, ...)} is {@code JSON_OBJECT(k1 VALUE v1, ... ABSENT ON NULL)}: a pair whose value
     * is NULL is left out (docs: functions/object_construct), kept as a JSON null by {@code OBJECT_CONSTRUCT_KEEP_NULL};
     * {@code ARRAY_CONSTRUCT(v1, ...)} is {@code JSON_ARRAY(v1, ... NULL ON NULL)} (docs: functions/array_construct:
     * Snowflake keeps a NULL as an undefined element, the stand-in as a JSON null), {@code ARRAY_CONSTRUCT_COMPACT}
     * leaves NULLs out. H2 nests a JSON argument as JSON; a VARIANT, OBJECT or ARRAY column's JSON text is passed
     * {@code FORMAT JSON} to nest so too, not as a string.
     */
    private void constructors(Map<Integer, String> closers, Map<Integer, Integer> resumeAt) {
        for (int k = 0; k + 1 < tokens.size(); k++) {
            Constructor constructor = CONSTRUCTORS.get(tokens.get(k).upper());
            if (constructor == null || !isSymbol(tokens, k + 1, "(") || isSymbol(tokens, k - 1, ".")) {
                continue;
            }
            int close = SqlLexer.closing(tokens, k + 1);
            if (isSymbol(tokens, k + 2, "*") && close == k + 3) {
                throw StandInSqlException.unsupported(tokens.get(k).upper() + "(*)");
            }
            closers.put(k, constructor.function() + "(");
            resumeAt.put(k, k + 2);
            int start = k + 2;
            for (int argument = 0; start < close; argument++) {
                int comma = SqlLexer.nextComma(tokens, start);
                int end = comma < 0 ? close : comma;
                boolean value = !constructor.pairs() || argument % 2 == 1;
                String format = value && operand(start, end - 1) == Operand.JSON_TEXT ? " FORMAT JSON" : "";
                String separator = end == close ? " " + constructor.onNull() + ")"
                        : constructor.pairs() && !value ? " VALUE" : ",";
                closers.put(end, format + separator);
                start = end + 1;
            }
            closers.putIfAbsent(close, ")");
        }
    }

    /** What the operand {@code start..end} is, from its text: see {@link Operand}. */
    private Operand operand(int start, int end) {
        if (isSymbol(tokens, start, "(") && SqlLexer.closing(tokens, start) == end) {
            return operand(start + 1, end - 1);
        }
        // A path that ends the operand at its own level makes it a VARIANT. One inside a call's arguments
        // (IS_ARRAY(v:a)) is what the call reads, and one followed by more (v:a LIKE 'x%', v:a::NUMBER) is an operand
        // of something else: their results are of their own types.
        int depth = 0;
        for (int k = start + 1; k <= end; k++) {
            if (depth == 0 && isPathStart(k)) {
                return pathSpanEnd(k) == end + 1 ? Operand.JSON : Operand.OTHER;
            }
            if (tokens.get(k).isSymbol("(") || tokens.get(k).isSymbol("[")) {
                depth++;
            } else if (tokens.get(k).isSymbol(")") || tokens.get(k).isSymbol("]")) {
                depth--;
            }
        }
        Token first = tokens.get(start);
        if (first.kind() == Kind.WORD && SEMI_STRUCTURED_FUNCTIONS.contains(first.upper())
                && isSymbol(tokens, start + 1, "(") && SqlLexer.closing(tokens, start + 1) == end) {
            return Operand.JSON;
        }
        if (end > start && isWord(tokens, end, "VARIANT") && isSymbol(tokens, end - 1, "::")) {
            return Operand.JSON;
        }
        if ((first.isWord("MAX") || first.isWord("MIN")) && isSymbol(tokens, start + 1, "(")
                && SqlLexer.closing(tokens, start + 1) == end) {
            // MIN or MAX of a VARIANT is one (variantAggregates).
            int argument = isWord(tokens, start + 2, "DISTINCT") ? start + 3 : start + 2;
            return argument < end && operand(argument, end - 1) != Operand.OTHER ? Operand.JSON : Operand.OTHER;
        }
        if (flattenColumn(start, end)) {
            return Operand.JSON;
        }
        boolean name = isIdentifier(tokens, end) && (start == end
                || start == end - 2 && isIdentifier(tokens, start) && isSymbol(tokens, start + 1, "."));
        return name && semiStructuredColumn.test(Identifiers.normalize(tokens.get(end).text()))
                ? Operand.JSON_TEXT : Operand.OTHER;
    }

    /** {@code f.VALUE} or {@code f.THIS} of a FLATTEN aliased {@code f}, or a bare one in a statement with FLATTEN. */
    private boolean flattenColumn(int start, int end) {
        if (!flattens || !isIdentifier(tokens, end)
                || !FLATTEN_VARIANT_COLUMNS.contains(Identifiers.normalize(tokens.get(end).text()))) {
            return false;
        }
        return start == end || start == end - 2 && isSymbol(tokens, start + 1, ".")
                && flattenAliases.contains(Identifiers.normalize(tokens.get(start).text()));
    }

    static boolean isFlattenTable(List<Token> tokens, int at) {
        return isWord(tokens, at, "TABLE") && isSymbol(tokens, at + 1, "(") && isWord(tokens, at + 2, "FLATTEN")
                && isSymbol(tokens, at + 3, "(");
    }

    /**
     * {@code TABLE(FLATTEN(...))} starting at {@code at}, as a derived table over {@link SemiStructured#flatten}
     * whose VALUE and THIS are VARIANTs (docs: functions/flatten). INPUT is translated by {@code translate}; PATH,
     * OUTER, RECURSIVE and MODE must be literals, as Snowflake's constant arguments. An INPUT naming a column after
     * another FROM item is a lateral FLATTEN ({@link LateralFlatten}); anywhere else it names nothing and is refused.
     */
    static String flattenTable(List<Token> tokens, int at, Function<List<Token>, String> translate) {
        int open = at + 3;
        Map<String, int[]> arguments = flattenArguments(tokens, open, SqlLexer.closing(tokens, open));
        int[] input = arguments.get("INPUT");
        if (input == null) {
            throw StandInSqlException.syntax(tokens.get(open).position(), tokens.get(open + 1).text());
        }
        if (namesAColumn(tokens, input[0], input[1])) {
            throw StandInSqlException.unsupported("FLATTEN of another table's column (a lateral FLATTEN)");
        }
        return "(SELECT SEQ, KEY, PATH, INDEX, VALUE FORMAT JSON AS VALUE, THIS FORMAT JSON AS THIS FROM SF_FLATTEN("
                + translate.apply(tokens.subList(input[0], input[1])) + ", "
                + constant(tokens, arguments.get("PATH"), Kind.STRING, "''") + ", "
                + constant(tokens, arguments.get("OUTER"), Kind.WORD, "FALSE") + ", "
                + constant(tokens, arguments.get("RECURSIVE"), Kind.WORD, "FALSE") + ", "
                + constant(tokens, arguments.get("MODE"), Kind.STRING, "'BOTH'") + "))";
    }

    static boolean isSplitToTable(List<Token> tokens, int at) {
        return isWord(tokens, at, "TABLE") && isSymbol(tokens, at + 1, "(") && isWord(tokens, at + 2, "SPLIT_TO_TABLE")
                && isSymbol(tokens, at + 3, "(");
    }

    /** Whether {@code at} starts {@code TABLE(FLATTEN(...))} or {@code TABLE(SPLIT_TO_TABLE(...))}. */
    static boolean isTableFunction(List<Token> tokens, int at) {
        return isFlattenTable(tokens, at) || isSplitToTable(tokens, at);
    }

    /** The derived table standing for the table function at {@code at} ({@link #flattenTable}, {@link #splitToTable}). */
    static String tableFunction(List<Token> tokens, int at, Function<List<Token>, String> translate) {
        return isFlattenTable(tokens, at) ? flattenTable(tokens, at, translate) : splitToTable(tokens, at, translate);
    }

    /**
     * {@code TABLE(SPLIT_TO_TABLE(text, delimiter))} starting at {@code at} (docs: functions/split_to_table): a row for
     * each part of the text between delimiters, with SEQ, INDEX counted from 1 and VALUE as text; the FLATTEN of the
     * SPLIT, renumbered. Its text naming a column after another FROM item is a lateral one ({@link LateralFlatten}).
     */
    static String splitToTable(List<Token> tokens, int at, Function<List<Token>, String> translate) {
        int open = at + 3;
        int close = SqlLexer.closing(tokens, open);
        List<List<Token>> arguments = SqlLexer.split(tokens, open + 1, close);
        if (arguments.size() != 2) {
            throw StandInSqlException.syntax(tokens.get(close).position(), ")");
        }
        if (namesAColumn(tokens, open + 1, open + 1 + arguments.getFirst().size())) {
            throw StandInSqlException.unsupported("SPLIT_TO_TABLE of another table's column (a lateral SPLIT_TO_TABLE)");
        }
        return "(SELECT SEQ, INDEX + 1 AS INDEX, SF_VARIANT_TEXT(VALUE) AS VALUE FROM SF_FLATTEN(SF_SPLIT("
                + translate.apply(arguments.get(0)) + ", " + translate.apply(arguments.get(1))
                + "), '', FALSE, FALSE, 'BOTH'))";
    }

    /** FLATTEN's arguments by name, each as the range of its expression; a first one without a name is INPUT. */
    static Map<String, int[]> flattenArguments(List<Token> tokens, int open, int close) {
        Map<String, int[]> arguments = new LinkedHashMap<>();
        int k = open + 1;
        while (k < close) {
            String name = "INPUT";
            if (isIdentifier(tokens, k) && isSymbol(tokens, k + 1, "=>")) {
                name = tokens.get(k).upper();
                if (!FLATTEN_ARGUMENTS.contains(name)) {
                    throw StandInSqlException.syntax(tokens.get(k).position(), tokens.get(k).text());
                }
                k += 2;
            } else if (!arguments.isEmpty()) {
                throw StandInSqlException.syntax(tokens.get(k).position(), tokens.get(k).text());
            }
            int end = k;
            int depth = 0;
            while (end < close && !(depth == 0 && tokens.get(end).isSymbol(","))) {
                depth += tokens.get(end).isSymbol("(") ? 1 : tokens.get(end).isSymbol(")") ? -1 : 0;
                end++;
            }
            arguments.put(name, new int[] {k, end});
            k = end + 1;
        }
        return arguments;
    }

    /** A FLATTEN option's literal (a string, TRUE or FALSE), or {@code otherwise} when it is not given. */
    static String constant(List<Token> tokens, int[] range, Kind kind, String otherwise) {
        if (range == null) {
            return otherwise;
        }
        Token value = tokens.get(range[0]);
        boolean literal = range[1] == range[0] + 1 && value.kind() == kind
                && (kind == Kind.STRING || value.isWord("TRUE") || value.isWord("FALSE"));
        if (!literal) {
            throw StandInSqlException.unsupported("FLATTEN argument that is not a literal: "
                    + text(tokens, range[0], range[1]));
        }
        return kind == Kind.STRING ? literal(value.stringValue()) : value.upper();
    }

    /**
     * Whether an expression names a column: a name that is neither a function called, nor a type after
     * {@code ::} or {@code AS}, nor a step of a path, nor TRUE, FALSE or NULL.
     */
    static boolean namesAColumn(List<Token> tokens, int from, int to) {
        for (int k = from; k < to; k++) {
            Token token = tokens.get(k);
            if (!isIdentifier(token) || isSymbol(tokens, k + 1, "(") || token.isWord("TRUE") || token.isWord("FALSE")
                    || token.isWord("NULL") || token.isWord("AS")) {
                continue;
            }
            boolean step = k > from && (isSymbol(tokens, k - 1, "::") || isWord(tokens, k - 1, "AS")
                    || isSymbol(tokens, k - 1, ":") || isSymbol(tokens, k - 1, "."));
            if (!step) {
                return true;
            }
        }
        return false;
    }

    private String text(int from, int to) {
        return text(tokens, from, to);
    }

    private static String text(List<Token> tokens, int from, int to) {
        return SqlLexer.text(tokens.subList(from, to));
    }
}
