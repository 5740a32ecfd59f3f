package io.snowgate.emulator.snowflake;

import io.snowgate.emulator.snowflake.SqlLexer.Kind;
import io.snowgate.emulator.snowflake.SqlLexer.Token;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rewrites Snowflake SQL into H2 SQL, token by token so literals and quoted names stay untouched:
 * Snowflake type names become H2 types or the stand-in's domains, context functions become per-session H2 variables,
 * {@code LAST_QUERY_ID()} becomes the id, {@code TABLE(RESULT_SCAN(...))} becomes the materialised result,
 * {@code TABLE(GENERATOR(ROWCOUNT => n))} with {@code SEQ4()} becomes H2's {@code SYSTEM_RANGE},
 * {@code PARSE_JSON} becomes a validating function typed JSON (a VARIANT column), semi-structured paths, casts
 * and {@code TABLE(FLATTEN(...))} become calls of {@link SemiStructured} ({@link SemiStructuredSql}),
 * {@code TABLE([db.]INFORMATION_SCHEMA.QUERY_HISTORY[_BY_USER|_BY_SESSION](...))} becomes a table of the user's
 * statements (see {@link ResultTables#queryHistory}), {@code SNOWFLAKE.ACCOUNT_USAGE.<view>} becomes a table of what
 * the stand-in saw ({@link AccountUsage}), {@code DB.SCHEMA.TABLE} loses the database part, and each {@code a / b}
 * becomes a division typed and rounded as Snowflake's, {@code a * b} a product ({@link Quotients}).
 */
final class SqlTranslator {

    /** Context functions answered from H2 session variables named {@code @SF_<FUNCTION>}. */
    static final List<String> CONTEXT_FUNCTIONS = List.of("CURRENT_VERSION", "CURRENT_USER", "CURRENT_ROLE",
            "CURRENT_WAREHOUSE", "CURRENT_DATABASE", "CURRENT_SCHEMA", "CURRENT_ACCOUNT", "CURRENT_SESSION");
    static final String VARIABLE_PREFIX = "@SF_";
    static final String VARIANT_DOMAIN = "SF_VARIANT";
    static final String OBJECT_DOMAIN = "SF_OBJECT";
    static final String ARRAY_DOMAIN = "SF_ARRAY";
    static final String LTZ_DOMAIN = "SF_TIMESTAMP_LTZ";

    /** Snowflake functions H2 has under another name. */
    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("IFF", "CASEWHEN"),
            Map.entry("NVL", "COALESCE"),
            // H2's CONCAT skips NULL arguments; Snowflake's is NULL if any is (docs: functions/concat).
            Map.entry("CONCAT", "SF_CONCAT"),
            // H2's own ARRAY_CONTAINS takes (array, value) over H2 arrays (docs: functions/array_contains).
            Map.entry("ARRAY_CONTAINS", "SF_ARRAY_CONTAINS"),
            // Every value true, or any (docs: functions/booland_agg, functions/boolor_agg).
            Map.entry("BOOLAND_AGG", "BOOL_AND"),
            Map.entry("BOOLOR_AGG", "BOOL_OR"),
            // Exactly one value true (docs: functions/boolxor_agg), an aggregate of the stand-in's.
            Map.entry("BOOLXOR_AGG", BoolXorAggregate.NAME),
            // Anchored at both ends, as H2's REGEXP_LIKE is not (docs: functions/regexp_like, functions/rlike).
            Map.entry("REGEXP_LIKE", "SF_REGEXP_LIKE"),
            Map.entry("RLIKE", "SF_REGEXP_LIKE"),
            // A backslash group reference and Snowflake's argument order (docs: functions/regexp_replace, regexp_substr).
            Map.entry("REGEXP_REPLACE", "SF_REGEXP_REPLACE"),
            Map.entry("REGEXP_SUBSTR", "SF_REGEXP_SUBSTR"),
            // Three letters, Mon and Nov, where H2 writes the whole name (docs: functions/dayname, monthname).
            Map.entry("DAYNAME", "SF_DAYNAME"),
            Map.entry("MONTHNAME", "SF_MONTHNAME"),
            // Padding with the whole pad, and INSERT of length 0 inserting (docs: functions/lpad, functions/insert).
            Map.entry("LPAD", "SF_LPAD"),
            Map.entry("RPAD", "SF_RPAD"),
            Map.entry("INSERT", "SF_INSERT"),
            // Characters, not UTF-16 units: an emoji is one (docs: functions/length; see Characters).
            Map.entry("LENGTH", "SF_LENGTH"),
            Map.entry("LEN", "SF_LENGTH"),
            Map.entry("CHAR_LENGTH", "SF_LENGTH"),
            Map.entry("CHARACTER_LENGTH", "SF_LENGTH"),
            // NULL when any argument is, as CONCAT (docs: functions/concat_ws); H2's skips NULLs.
            Map.entry("CONCAT_WS", "SF_CONCAT_WS"),
            // The bitwise aggregates and their documented other spellings (docs: functions/bitand_agg ...).
            Map.entry("BITAND_AGG", "BIT_AND_AGG"), Map.entry("BITANDAGG", "BIT_AND_AGG"),
            Map.entry("BIT_ANDAGG", "BIT_AND_AGG"),
            Map.entry("BITOR_AGG", "BIT_OR_AGG"), Map.entry("BITORAGG", "BIT_OR_AGG"),
            Map.entry("BIT_ORAGG", "BIT_OR_AGG"),
            Map.entry("BITXOR_AGG", "BIT_XOR_AGG"), Map.entry("BITXORAGG", "BIT_XOR_AGG"),
            Map.entry("BIT_XORAGG", "BIT_XOR_AGG"));
    /** Snowflake functions rewritten around their (single) argument: opening text, text replacing the ")". */
    private static final Map<String, String[]> WRAPPED = Map.ofEntries(
            Map.entry("ZEROIFNULL", new String[] {"COALESCE(", ", 0)"}),
            Map.entry("NULLIFZERO", new String[] {"NULLIF(", ", 0)"}),
            Map.entry("TO_NUMBER", new String[] {"CAST(", " AS NUMERIC(38, 0))"}),
            Map.entry("TO_DECIMAL", new String[] {"CAST(", " AS NUMERIC(38, 0))"}),
            Map.entry("TO_NUMERIC", new String[] {"CAST(", " AS NUMERIC(38, 0))"}),
            // NULL where TO_NUMBER fails (docs: functions/try_to_decimal), the same NUMBER(38,0) where it does not.
            Map.entry("TRY_TO_NUMBER", new String[] {"CAST(SF_TRY_TO_NUMBER(", ") AS NUMERIC(38, 0))"}),
            Map.entry("TRY_TO_DECIMAL", new String[] {"CAST(SF_TRY_TO_NUMBER(", ") AS NUMERIC(38, 0))"}),
            Map.entry("TRY_TO_NUMERIC", new String[] {"CAST(SF_TRY_TO_NUMBER(", ") AS NUMERIC(38, 0))"}),
            // The rows where the condition is true (docs: functions/count_if).
            Map.entry("COUNT_IF", new String[] {"COUNT(CASE WHEN ", " THEN 1 END)"}),
            // An estimate of the distinct values (docs: functions/approx_count_distinct): the exact count is one.
            Map.entry("APPROX_COUNT_DISTINCT", new String[] {"COUNT(DISTINCT ", ")"}),
            // A fraction of a month to six places, as the docs' examples show it (docs: functions/months_between).
            Map.entry("MONTHS_BETWEEN", new String[] {"CAST(SF_MONTHS_BETWEEN(", ") AS NUMERIC(38, 6))"}),
            // Text in the session's time zone (docs: functions/to_timestamp, TO_TIMESTAMP_LTZ).
            Map.entry("TO_TIMESTAMP_LTZ", new String[] {"CAST(", " AS " + LTZ_DOMAIN + ")"}),
            // Twelve places, as Snowflake answers them (see Moments).
            Map.entry("SKEW", new String[] {"CAST(SF_SKEW(", ") AS NUMERIC(38, 12))"}),
            Map.entry("KURTOSIS", new String[] {"CAST(SF_KURTOSIS(", ") AS NUMERIC(38, 12))"}),
            // A whole number, as Snowflake types them (docs: functions/factorial, functions/bitshiftleft).
            Map.entry("FACTORIAL", new String[] {"CAST(SF_FACTORIAL(", ") AS NUMERIC(38, 0))"}),
            Map.entry("BITSHIFTLEFT", new String[] {"CAST(SF_BITSHIFTLEFT(", ") AS NUMERIC(38, 0))"}),
            Map.entry("BITSHIFTRIGHT", new String[] {"CAST(SF_BITSHIFTRIGHT(", ") AS NUMERIC(38, 0))"}),
            // Dates and times in the session's output formats, or by Snowflake's format elements (see ToChar).
            Map.entry("TO_CHAR", withOutputFormats("SF_TO_CHAR")),
            Map.entry("TO_VARCHAR", withOutputFormats("SF_TO_CHAR")),
            // Positions and lengths in characters, not UTF-16 units; a value not text read as TO_VARCHAR writes it.
            Map.entry("SUBSTR", withOutputFormats("SF_SUBSTR")),
            Map.entry("SUBSTRING", withOutputFormats("SF_SUBSTR")),
            Map.entry("LEFT", withOutputFormats("SF_LEFT")),
            Map.entry("RIGHT", withOutputFormats("SF_RIGHT")));
    /** Snowflake's parenthesised niladic functions that H2 spells without parentheses. */
    private static final Map<String, String> NILADIC = Map.of(
            "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP",
            "CURRENT_DATE", "CURRENT_DATE",
            "CURRENT_TIME", "CURRENT_TIME",
            // SYSDATE is the current time in UTC as a TIMESTAMP_NTZ, whatever the session's TIMEZONE (H2's own CAST
            // of the UTC value to TIMESTAMP would take it back to the session's time zone).
            "SYSDATE", "CAST(SF_TO_TIMESTAMP_NTZ(CURRENT_TIMESTAMP(9) AT TIME ZONE 'UTC') AS TIMESTAMP(9))",
            "GETDATE", "LOCALTIMESTAMP",
            "LOCALTIMESTAMP", "LOCALTIMESTAMP");
    /** Snowflake's text types (docs: data-types-text), all VARCHAR. */
    private static final Set<String> TEXT_TYPES = Set.of("VARCHAR", "STRING", "TEXT", "CHAR", "CHARACTER", "NCHAR",
            "NVARCHAR", "NVARCHAR2");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("NUMBER", "NUMERIC"),
            Map.entry("STRING", "VARCHAR"),
            Map.entry("TEXT", "VARCHAR"),
            Map.entry("BINARY", "VARBINARY"),
            Map.entry("VARIANT", VARIANT_DOMAIN),
            Map.entry("OBJECT", OBJECT_DOMAIN),
            Map.entry("FLOAT4", "REAL"),
            Map.entry("FLOAT8", "DOUBLE PRECISION"));
    /** Snowflake's integer types, all NUMBER(38,0) (docs: data-types-numeric). */
    private static final java.util.Set<String> INTEGERS = java.util.Set.of("INT", "INTEGER", "BIGINT", "SMALLINT",
            "TINYINT", "BYTEINT");
    /** Snowflake's fixed-point type names, NUMBER(38,0) when they give no precision. */
    private static final java.util.Set<String> DECIMALS = java.util.Set.of("NUMBER", "NUMERIC", "DECIMAL", "DEC");
    /** Snowflake timestamps default to nanoseconds; H2's to microseconds. Their own precision argument is dropped. */
    private static final Map<String, String> TIMESTAMPS = Map.of(
            "TIMESTAMP", "TIMESTAMP(9)",
            "DATETIME", "TIMESTAMP(9)",
            "TIMESTAMP_NTZ", "TIMESTAMP(9)",
            "TIMESTAMP_TZ", "TIMESTAMP(9) WITH TIME ZONE",
            "TIMESTAMP_LTZ", LTZ_DOMAIN);
    /** Words a parenthesised expression can follow that are not the name of a function it calls. */
    static final java.util.Set<String> KEYWORDS_BEFORE_EXPRESSIONS = java.util.Set.of("SELECT", "WHERE", "AND",
            "OR", "NOT", "ON", "WHEN", "THEN", "ELSE", "IN", "BY", "FROM", "AS", "IS", "BETWEEN", "LIKE", "ILIKE",
            "HAVING", "QUALIFY", "VALUES", "RETURN", "DISTINCT", "SET", "USING", "LIMIT", "OFFSET", "TOP");
    /** Type names a literal can be prefixed with: {@code DATE '2026-01-31'}. */
    private static final java.util.Set<String> TYPED_LITERALS = java.util.Set.of("DATE", "TIME", "TIMESTAMP",
            "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ", "DATETIME", "INTERVAL");
    private static final Pattern FLOW_REFERENCE = Pattern.compile("\\$\\d+");
    private static final List<String> QUERY_HISTORY_FUNCTIONS = List.of("QUERY_HISTORY", "QUERY_HISTORY_BY_USER",
            "QUERY_HISTORY_BY_SESSION");
    private static final Pattern LABEL_VARIABLE = Pattern.compile("@SF_(CURRENT_[A-Z]+)");
    private static final Pattern LABEL_FUNCTION = Pattern.compile("(?:PUBLIC\\.)?(?:SF_)?([A-Z_][A-Z0-9_$]*)\\(");
    private static final Pattern LABEL_QUOTIENT =
            Pattern.compile("CAST\\((?:PUBLIC\\.)?SF_(DIVIDE|MULTIPLY)(?:_FLOAT)?\\(");
    private static final Pattern AGGREGATE_CAST =
            Pattern.compile("CAST\\((.*) AS (?:NUMERIC\\(\\d+, \\d+\\)|DOUBLE PRECISION)\\)", Pattern.DOTALL);
    /** H2 labels a bind variable {@code ?1}, {@code ?2}; the statement's text, which Snowflake echoes, has {@code ?}. */
    private static final Pattern LABEL_BIND = Pattern.compile("\\?\\d+");

    /** A call of {@code function} with the session's output formats ({@link ToChar}) after its own arguments. */
    private static String[] withOutputFormats(String function) {
        return new String[] {function + "(", ", " + ToChar.OUTPUT_FORMATS_VARIABLE + ")"};
    }

    /** How a function is rewritten around its arguments ({@link #WRAPPED}, {@link SemiStructuredSql#FUNCTIONS}). */
    private static String[] wrapping(String function) {
        String[] wrap = WRAPPED.get(function);
        return wrap != null ? wrap : SemiStructuredSql.FUNCTIONS.get(function);
    }

    /**
     * The last token of what belongs to the call that closes at {@code close}: its {@code WITHIN GROUP (...)},
     * {@code FILTER (...)}, {@code IGNORE|RESPECT NULLS} and window ({@code OVER (...)} or {@code OVER name}), or
     * {@code close} when none follows.
     */
    static int callEnd(List<Token> tokens, int close) {
        int end = close;
        while (true) {
            if (isWord(tokens, end + 1, "WITHIN") && isWord(tokens, end + 2, "GROUP") && isSymbol(tokens, end + 3, "(")) {
                end = SqlLexer.closing(tokens, end + 3);
            } else if (isWord(tokens, end + 1, "FILTER") && isSymbol(tokens, end + 2, "(")) {
                end = SqlLexer.closing(tokens, end + 2);
            } else if ((isWord(tokens, end + 1, "IGNORE") || isWord(tokens, end + 1, "RESPECT"))
                    && isWord(tokens, end + 2, "NULLS")) {
                end += 2;
            } else if (isWord(tokens, end + 1, "OVER")) {
                return isSymbol(tokens, end + 2, "(") ? SqlLexer.closing(tokens, end + 2) : end + 2;
            } else {
                return end;
            }
        }
    }

    /** Whether the call at {@code at} is the SQL standard's {@code SUBSTRING(x FROM a FOR b)}, which H2 reads. */
    private static boolean standardSubstring(List<Token> tokens, int at) {
        return (tokens.get(at).isWord("SUBSTRING") || tokens.get(at).isWord("SUBSTR"))
                && SqlLexer.nextAtLevel(tokens, at + 2, token -> token.isWord("FROM"))
                        < SqlLexer.closing(tokens, at + 1);
    }

    /** What the translator needs from the session: last query ids and where a result is materialised. */
    interface Context {
        String lastQueryId(int index);

        String resultScanTable(String queryId);

        /** The table holding the result of the {@code n}th statement before this one in a {@code ->>} flow. */
        String flowResultTable(int n);

        /**
         * The table behind {@code [db.]INFORMATION_SCHEMA.<function>(name => expr, ...)}: {@code database} is the
         * qualifying database or null; {@code arguments} maps each upper-cased argument name to its expression.
         */
        String queryHistoryTable(String function, String database, Map<String, String> arguments);

        String database();

        /** The table behind {@code SNOWFLAKE.ACCOUNT_USAGE.<view>} (see {@link AccountUsage}). */
        String accountUsageTable(String view);

        /** {@code SYSTEM$GET_LOGIN_FAILURE_DETAILS}: the failure's JSON, or null for an unknown id. */
        String loginFailureDetails(String failureId);

        /** Whether every column of that name is a VARIANT, OBJECT or ARRAY ({@link SemiStructuredSql}). */
        boolean semiStructuredColumn(String column);

        /** A column's Snowflake numeric type by name, for typing arithmetic ({@link Quotients}); null if unknown. */
        Quotients.Type columnType(String column);

        /**
         * A table's column names in order ({@link Pivots}), by its schema (null: the session's) and name; empty when
         * there is no such table.
         */
        List<String> tableColumns(String schema, String table);
    }

    private SqlTranslator() {
    }

    static String toH2(String sql, Context context) {
        List<Token> tokens = SelectStar.expand(Pivots.expand(SqlMacros.expand(BlockColumns.expand(
                DateParts.rewrite(ColumnLabels.named(sql, SqlLexer.significant(sql))), context::tableColumns)),
                context::tableColumns), context::tableColumns);
        if (Quotients.rewrites(tokens)) {
            // A division's or product's operands are typed from the tables' columns, and translating makes some of
            // those tables (QUERY_HISTORY, ACCOUNT_USAGE views): make them first, then translate with them typed.
            translate(tokens, context, false, Map.of());
        }
        return translate(tokens, context, true, Map.of());
    }

    /**
     * @param laterals the lateral FLATTENs of the statement {@code tokens} are part of, by alias, that they may name
     *                 (the INPUT of one FLATTEN may read the one before it)
     */
    private static String translate(List<Token> tokens, Context context, boolean arithmetic,
                                    Map<String, LateralFlatten.Source> laterals) {
        StringBuilder out = new StringBuilder();
        // Text to emit in place of a closing parenthesis, for functions rewritten around their arguments, and where
        // to go on after it when more than that one token is replaced.
        Map<Integer, String> closers = new java.util.HashMap<>();
        Map<Integer, Integer> resumeAt = new java.util.HashMap<>();
        // Text to emit before a token: the opening of a conversion around the expression it starts.
        Map<Integer, String> openers = new java.util.HashMap<>();
        // Text to emit after a token: the end of a conversion, a quotient or a product.
        java.util.TreeMap<Integer, String> trailers = new java.util.TreeMap<>();
        Set<String> lateralAliases = new java.util.HashSet<>(laterals.keySet());
        lateralAliases.addAll(LateralFlatten.aliases(tokens));
        SemiStructuredSql.rewrite(tokens, context::semiStructuredColumn, lateralAliases, openers, closers, resumeAt,
                trailers);
        wallClockConversions(tokens, openers, closers, resumeAt);
        if (arithmetic) {
            // Before the quotients: an average's cast is then inside the division or product it is an operand of.
            AggregateScales.rewrite(tokens, context::columnType, openers, trailers);
            Quotients.rewrite(tokens, context::columnType, openers, closers, trailers);
        }
        // Last, so that it wraps what the rules above made of each operand.
        concatenatedText(tokens, openers, trailers);
        LateralFlatten.rewrite(tokens, laterals, (input, known) -> translate(input, context, arithmetic, known),
                openers, closers, resumeAt, trailers);
        int i = 0;
        while (i < tokens.size()) {
            Token token = tokens.get(i);
            while (!trailers.isEmpty() && trailers.firstKey() < i) {
                out.append(trailers.pollFirstEntry().getValue());
            }
            if (i > 0) {
                out.append(' ');
            }
            if (openers.containsKey(i)) {
                out.append(openers.remove(i));
            }
            if (closers.containsKey(i)) {
                out.append(closers.remove(i));
                Integer resume = resumeAt.remove(i);
                i = resume == null ? i + 1 : resume;
                continue;
            }
            String upper = token.upper();
            java.util.Optional<String> interval;
            if (token.kind() == Kind.WORD && CONTEXT_FUNCTIONS.contains(upper) && isSymbol(tokens, i + 1, "(")
                    && isSymbol(tokens, i + 2, ")")) {
                out.append(VARIABLE_PREFIX).append(upper);
                i += 3;
            } else if (token.isWord("LAST_QUERY_ID") && isSymbol(tokens, i + 1, "(")) {
                int close = SqlLexer.closing(tokens, i + 1);
                out.append(literal(lastQueryId(tokens, i, close, context)));
                i = close + 1;
            } else if (token.isWord("TABLE") && isSymbol(tokens, i + 1, "(") && isWord(tokens, i + 2, "RESULT_SCAN")
                    && isSymbol(tokens, i + 3, "(")) {
                int innerClose = SqlLexer.closing(tokens, i + 3);
                String queryId = resultScanId(tokens, i + 4, innerClose, context);
                out.append(context.resultScanTable(queryId));
                i = SqlLexer.closing(tokens, i + 1) + 1;
            } else if (token.kind() == Kind.WORD && FLOW_REFERENCE.matcher(token.text()).matches()) {
                // A FROM item, $n is the result of a flow's statement n (docs: operators-flow); anywhere else it is
                // the n-th column of a row (docs: constructs/values, "$1"), which H2 cannot name.
                if (!isFromItem(tokens, i)) {
                    throw StandInSqlException.unsupported("positional column reference " + token.text());
                }
                out.append(context.flowResultTable(Integer.parseInt(token.text().substring(1))));
                i++;
            } else if (token.kind() == Kind.WORD && NILADIC.containsKey(upper) && isSymbol(tokens, i + 1, "(")
                    && isSymbol(tokens, i + 2, ")")) {
                out.append(NILADIC.get(upper));
                i += 3;
            } else if (ValuesTables.at(tokens, i)) {
                out.append(ValuesTables.open(tokens, i, closers, trailers));
                i++;
            } else if (token.kind() == Kind.WORD && wrapping(upper) != null && isSymbol(tokens, i + 1, "(")
                    && !isSymbol(tokens, i - 1, ".") && !standardSubstring(tokens, i)) {
                String[] wrap = wrapping(upper);
                out.append(wrap[0]);
                int close = SqlLexer.closing(tokens, i + 1);
                int callEnd = callEnd(tokens, close);
                if (callEnd > close && wrap[1].startsWith(")")) {
                    // An aggregate over a window: the call closes before OVER, and what wraps its result after it
                    // (CAST(SF_SKEW(x) OVER (...) AS ...)), inside what already ends there.
                    closers.put(close, ")");
                    trailers.merge(callEnd, wrap[1].substring(1), (outer, inner) -> inner + outer);
                } else {
                    closers.put(close, wrap[1]);
                }
                i += 2;
            } else if (token.kind() == Kind.WORD && FUNCTIONS.containsKey(upper) && isSymbol(tokens, i + 1, "(")
                    && !isWord(tokens, i - 1, "THEN")) {
                // (Not MERGE's WHEN NOT MATCHED THEN INSERT (columns).)
                out.append(FUNCTIONS.get(upper));
                i++;
            } else if (token.isWord("TABLE") && isSymbol(tokens, i + 1, "(") && queryHistoryAt(tokens, i + 2) > 0) {
                int functionAt = queryHistoryAt(tokens, i + 2);
                String qualifier = functionAt == i + 6 ? Identifiers.normalize(tokens.get(i + 2).text()) : null;
                int open = functionAt + 1;
                out.append(context.queryHistoryTable(tokens.get(functionAt).upper(), qualifier,
                        namedArguments(tokens, open, SqlLexer.closing(tokens, open))));
                i = SqlLexer.closing(tokens, i + 1) + 1;
            } else if (SemiStructuredSql.isTableFunction(tokens, i)) {
                int close = SqlLexer.closing(tokens, i + 1);
                out.append(SemiStructuredSql.tableFunction(tokens, i,
                        input -> translate(input, context, arithmetic, laterals)));
                // Its arguments were translated on their own: nothing registered for the tokens inside may be emitted.
                trailers.subMap(i, close + 1).clear();
                i = close + 1;
            } else if (token.isWord("LATERAL")) {
                // H2 has no lateral derived tables or table functions (docs: functions/flatten, "lateral view").
                throw StandInSqlException.unsupported("LATERAL " + (i + 1 < tokens.size() ? tokens.get(i + 1).upper()
                        : "") + " (a table function or subquery over each row of another table)");
            } else if (token.isWord("SYSTEM$GET_LOGIN_FAILURE_DETAILS") && isSymbol(tokens, i + 1, "(")) {
                int close = SqlLexer.closing(tokens, i + 1);
                if (close != i + 3 || tokens.get(i + 2).kind() != Kind.STRING) {
                    Token bad = tokens.get(i + 2);
                    throw StandInSqlException.syntax(bad.position(), bad.text());
                }
                String details = context.loginFailureDetails(tokens.get(i + 2).stringValue());
                out.append(details == null ? "CAST(NULL AS VARCHAR)" : literal(details));
                i = close + 1;
            } else if (token.isWord("SYSTEM$WAIT") && isSymbol(tokens, i + 1, "(")) {
                out.append("SF_SYSTEM_WAIT");
                i++;
            } else if (token.isWord("TABLE") && isSymbol(tokens, i + 1, "(") && isWord(tokens, i + 2, "GENERATOR")
                    && isSymbol(tokens, i + 3, "(") && isWord(tokens, i + 4, "ROWCOUNT") && isSymbol(tokens, i + 5, "=>")
                    && isKind(tokens, i + 6, Kind.NUMBER) && isSymbol(tokens, i + 7, ")") && isSymbol(tokens, i + 8, ")")) {
                // H2's SYSTEM_RANGE yields X = 1..n; SEQ4()/SEQ8() below count from 0 like Snowflake's.
                out.append("SYSTEM_RANGE(1, ").append(tokens.get(i + 6).text()).append(")");
                i += 9;
            } else if ((token.isWord("SEQ4") || token.isWord("SEQ8")) && isSymbol(tokens, i + 1, "(")
                    && isSymbol(tokens, i + 2, ")")) {
                out.append("(X - 1)");
                i += 3;
            } else if (isSymbol(tokens, i - 1, "*") && (isWord(tokens, i - 2, "SELECT")
                    || isWord(tokens, i - 2, "DISTINCT") || isSymbol(tokens, i - 2, ",") || isSymbol(tokens, i - 2, "."))
                    && (token.isWord("EXCLUDE") || token.isWord("RENAME") || token.isWord("REPLACE"))) {
                // SELECT * EXCLUDE col | (col, ...) (docs: sql/select, "EXCLUDE") is H2's * EXCEPT (col, ...).
                if (!token.isWord("EXCLUDE")) {
                    throw StandInSqlException.unsupported("SELECT * " + upper);
                }
                boolean list = isSymbol(tokens, i + 1, "(");
                out.append(list ? "EXCEPT" : "EXCEPT (" + tokens.get(i + 1).text() + ")");
                i += list ? 1 : 2;
            } else if (GroupByAll.at(tokens, i)) {
                out.append(GroupByAll.clause(tokens, i, item -> translate(item, context, arithmetic, laterals)));
                i += 3;
            } else if ((interval = IntervalConstants.at(tokens, i)).isPresent()) {
                out.append(interval.get());
                i += 2;
            } else if (token.kind() == Kind.WORD && TIMESTAMPS.containsKey(upper) && !isKind(tokens, i + 1, Kind.STRING)) {
                out.append(TIMESTAMPS.get(upper));
                i = skipPrecision(tokens, i + 1);
            } else if (token.isWord("TIME") && !isKind(tokens, i + 1, Kind.STRING) && !isSymbol(tokens, i + 1, "(")
                    && !isWord(tokens, i - 1, "WITH") && !isWord(tokens, i - 1, "WITHOUT")) {
                out.append("TIME(9)");
                i++;
            } else if (token.kind() == Kind.WORD && (INTEGERS.contains(upper) || DECIMALS.contains(upper))
                    && !isSymbol(tokens, i - 1, ".") && !isSymbol(tokens, i + 1, "(")) {
                // NUMBER without precision and scale, and INT and its synonyms, are NUMBER(38,0) (docs:
                // data-types-numeric); H2's NUMERIC would be 100000 digits, its INTEGER 32 bits.
                out.append("NUMERIC(38, 0)");
                i++;
            } else if (token.kind() == Kind.WORD && TYPES.containsKey(upper) && !isSymbol(tokens, i - 1, ".")) {
                out.append(TYPES.get(upper));
                i++;
            } else if (token.isWord("ARRAY") && !isSymbol(tokens, i + 1, "[")) {
                out.append(ARRAY_DOMAIN);
                i++;
            } else if (isIdentifier(token) && !isSymbol(tokens, i - 1, ".")
                    && Identifiers.normalize(token.text()).equals("SNOWFLAKE") && isSymbol(tokens, i + 1, ".")
                    && isIdentifier(tokens, i + 2) && Identifiers.normalize(tokens.get(i + 2).text()).equals("ACCOUNT_USAGE")
                    && isSymbol(tokens, i + 3, ".") && isIdentifier(tokens, i + 4)) {
                out.append(context.accountUsageTable(Identifiers.normalize(tokens.get(i + 4).text())));
                i += 5;
            } else if (isIdentifier(token) && context.database() != null && !isSymbol(tokens, i - 1, ".")
                    && Identifiers.normalize(token.text()).equals(context.database())
                    && isSymbol(tokens, i + 1, ".") && isIdentifier(tokens, i + 2) && isSymbol(tokens, i + 3, ".")
                    && isIdentifier(tokens, i + 4)) {
                // One stand-in serves one database, so DB.SCHEMA.NAME is SCHEMA.NAME in H2.
                i += 2;
                out.setLength(out.length() - 1);
            } else {
                out.append(token.h2Text());
                i++;
            }
        }
        trailers.values().forEach(out::append);
        return out.toString();
    }

    /**
     * Rewrites each {@code expr::DATE} and {@code CAST(expr AS DATE)}, and the same to {@code TIMESTAMP_NTZ} (also
     * spelt {@code TIMESTAMP}, {@code DATETIME}), into {@code SF_TO_DATE(expr)} and {@code SF_TO_TIMESTAMP_NTZ(expr)}
     * ({@link ScalarFunctions#sfToDate}). H2 converts a value WITH TIME ZONE to a date or local timestamp in the
     * session's time zone; Snowflake performs every operation on a TIMESTAMP_TZ "with the time zone offset specific
     * to each record" (docs: Date &amp; time data types), so {@code '2026-01-31 00:30 +01:00'::date} is 2026-01-31.
     * A cast to text ({@code ::VARCHAR}, {@code ::STRING}, {@code CAST(x AS TEXT)}) writes the value as TO_VARCHAR
     * does ({@link ToChar}).
     */
    private static void wallClockConversions(List<Token> tokens, Map<Integer, String> openers,
            Map<Integer, String> closers, Map<Integer, Integer> resumeAt) {
        for (int k = 0; k < tokens.size(); k++) {
            String[] conversion;
            if (tokens.get(k).isSymbol("::") && k > 0 && (conversion = wallClockConversion(tokens, k + 1)) != null) {
                openers.merge(operandStart(tokens, k - 1), conversion[0], (inner, outer) -> outer + inner);
                closers.put(k, conversion[1]);
                resumeAt.put(k, skipPrecision(tokens, k + 2));
            } else if (tokens.get(k).isWord("CAST") && isSymbol(tokens, k + 1, "(")) {
                int close = SqlLexer.closing(tokens, k + 1);
                int type = isSymbol(tokens, close - 1, ")") ? SqlLexer.opening(tokens, close - 1) - 1 : close - 1;
                if (isWord(tokens, type - 1, "AS") && (conversion = wallClockConversion(tokens, type)) != null) {
                    openers.merge(k, conversion[0], (inner, outer) -> outer + inner);
                    closers.put(k, "");
                    resumeAt.put(k, k + 2);
                    closers.put(type - 1, conversion[1]);
                    resumeAt.put(type - 1, close + 1);
                }
            }
        }
    }

    /**
     * Each operand of {@code ||} that is a name, call, cast, path or parenthesised expression becomes text as
     * TO_VARCHAR writes it ({@link ToChar}), as Snowflake casts a concatenation's operands (docs: functions/concat):
     * {@code 'at ' || ts} writes the timestamp in the session's output format, {@code 'ok: ' || flag} writes
     * {@code true}, where H2 writes {@code 2026-01-01 10:00:00} and {@code TRUE}; so does a {@code CASE ... END}.
     * An operand bound more tightly to something else ({@code a * b || c}, {@code v:a.b} past what
     * {@link SqlMacros#operandEnd} reads) is left as H2 converts it, as are literals and binds.
     */
    private static void concatenatedText(List<Token> tokens, Map<Integer, String> openers,
                                         java.util.NavigableMap<Integer, String> trailers) {
        Set<Integer> wrapped = new java.util.HashSet<>();
        for (int k = 1; k + 1 < tokens.size(); k++) {
            if (!tokens.get(k).isSymbol("||")) {
                continue;
            }
            int leftStart = operandStart(tokens, k - 1);
            if (wrapped.add(leftStart) && loose(tokens, leftStart - 1) && worthWrapping(tokens, leftStart, k - 1)) {
                wrapText(leftStart, k - 1, openers, trailers);
            }
            // Names, calls, parentheses, CASE ... END and cast literals, with their paths and casts; not a NOT.
            boolean readable = isSymbol(tokens, k + 1, "(") || isIdentifier(tokens, k + 1)
                    && !Set.of("NOT", "NULL", "INTERVAL", "EXISTS", "SELECT").contains(tokens.get(k + 1).upper())
                    || tokens.get(k + 1).kind() != Kind.SYMBOL && isSymbol(tokens, k + 2, "::");
            int rightEnd = readable ? operandEnd(tokens, k + 1) : -1;
            if (readable && wrapped.add(k + 1) && loose(tokens, rightEnd + 1)
                    && worthWrapping(tokens, k + 1, rightEnd)) {
                wrapText(k + 1, rightEnd, openers, trailers);
            }
        }
    }

    /**
     * The last token of the operand starting at {@code start} ({@link SqlMacros#operandEnd}), with the path steps
     * ({@code :a}, {@code .b}, {@code [0]}) and casts after it.
     */
    private static int operandEnd(List<Token> tokens, int start) {
        int end = tokens.get(start).isWord("CASE")
                ? SqlLexer.closingAt(tokens, start, token -> token.isWord("CASE"), token -> token.isWord("END"))
                : SqlMacros.operandEnd(tokens, start);
        while (true) {
            if ((isSymbol(tokens, end + 1, ":") || isSymbol(tokens, end + 1, ".")) && isIdentifier(tokens, end + 2)) {
                end += 2;
            } else if (isSymbol(tokens, end + 1, "[")) {
                // The bracket closing this one: the first token closing the level inside it.
                end = SqlLexer.nextAtLevel(tokens, end + 2, token -> false);
            } else if (isSymbol(tokens, end + 1, "::") && isIdentifier(tokens, end + 2)) {
                end = isSymbol(tokens, end + 3, "(") ? SqlLexer.closing(tokens, end + 3) : end + 2;
            } else if (isSymbol(tokens, end, ")") && callEnd(tokens, end) > end) {
                // An aggregate's FILTER (...) (ARRAY_AGG's, SqlMacros), WITHIN GROUP or window belongs to the call.
                end = callEnd(tokens, end);
            } else {
                return end;
            }
        }
    }

    /** Whether the token at {@code at}, next to an operand, binds no more tightly than {@code ||} does. */
    private static boolean loose(List<Token> tokens, int at) {
        if (at < 0 || at >= tokens.size()) {
            return true;
        }
        Token token = tokens.get(at);
        return switch (token.kind()) {
            case WORD -> true;
            case SYMBOL -> Set.of("||", ",", "(", ")", ";", "=", "<>", "!=", "<", ">", "<=", ">=", "+", "-")
                    .contains(token.text());
            default -> false;
        };
    }

    /** Whether {@code start..end} is an operand whose text H2 might write otherwise: not a literal or a bind. */
    private static boolean worthWrapping(List<Token> tokens, int start, int end) {
        if (start != end) {
            return true;
        }
        Token only = tokens.get(start);
        return only.kind() == Kind.WORD && !SqlMacros.isBind(only) && !only.isWord("NULL")
                || only.kind() == Kind.QUOTED;
    }

    private static void wrapText(int start, int end, Map<Integer, String> openers,
                                 java.util.NavigableMap<Integer, String> trailers) {
        openers.merge(start, "SF_TO_CHAR(", (inner, outer) -> outer + inner);
        trailers.merge(end, ", " + ToChar.OUTPUT_FORMATS_VARIABLE + ")", String::concat);
    }

    /** The text around an operand converting it to the type named at {@code index}, or null for another type. */
    private static String[] wallClockConversion(List<Token> tokens, int index) {
        if (isWord(tokens, index, "DATE")) {
            return new String[] {"SF_TO_DATE(", ")"};
        }
        if (tokens.get(index).kind() == Kind.WORD && TEXT_TYPES.contains(tokens.get(index).upper())) {
            // Text as TO_VARCHAR writes it (docs: functions/cast): a timestamp in the session's output format, a
            // boolean 'true'; H2 writes 2026-01-01 10:00:00 and TRUE. A length still cuts it, as H2's cast does.
            String toChar = "SF_TO_CHAR(";
            String formats = ", " + ToChar.OUTPUT_FORMATS_VARIABLE + ")";
            return isSymbol(tokens, index + 1, "(") && isKind(tokens, index + 2, Kind.NUMBER)
                    ? new String[] {"CAST(" + toChar, formats + " AS VARCHAR(" + tokens.get(index + 2).text() + "))"}
                    : new String[] {toChar, formats};
        }
        if (isWord(tokens, index, "TIMESTAMP_NTZ") || isWord(tokens, index, "TIMESTAMP")
                || isWord(tokens, index, "DATETIME")) {
            return new String[] {"CAST(SF_TO_TIMESTAMP_NTZ(", ") AS TIMESTAMP(9))"};
        }
        return null;
    }

    /**
     * The first token of the operand that ends at {@code end}, the left side of a {@code ::} cast: a name (qualified
     * or with a semi-structured path), a literal (typed, as in {@code DATE '2026-01-31'}), a bind marker, a call, a
     * parenthesised expression or a {@code CASE ... END}, itself possibly cast already ({@code x::timestamp_tz::date}).
     */
    static int operandStart(List<Token> tokens, int end) {
        int start = end;
        if (isWord(tokens, start, "END")) {
            start = caseStart(tokens, start);
        } else if (isSymbol(tokens, start, ")") || isSymbol(tokens, start, "]")) {
            start = SqlLexer.opening(tokens, start);
            // A subscript's operand may end in a bracket too (v[0][1]) or a call's parenthesis (PARSE_JSON(t)[0]).
            if (isSymbol(tokens, start - 1, "]") || tokens.get(start).isSymbol("[") && isSymbol(tokens, start - 1, ")")) {
                start = operandStart(tokens, start - 1);
            } else if ((isWord(tokens, start - 1, "FILTER") || isWord(tokens, start - 1, "OVER"))
                    && isSymbol(tokens, start - 2, ")")) {
                // An aggregate's FILTER (...) or window: the operand is the call they belong to.
                start = operandStart(tokens, start - 2);
            } else if (isWord(tokens, start - 1, "GROUP") && isWord(tokens, start - 2, "WITHIN")
                    && isSymbol(tokens, start - 3, ")")) {
                start = operandStart(tokens, start - 3);
            } else if (isIdentifier(tokens, start - 1)
                    && !KEYWORDS_BEFORE_EXPRESSIONS.contains(tokens.get(start - 1).upper())) {
                start--;
            }
        } else if (isKind(tokens, start, Kind.STRING) && start > 0
                && TYPED_LITERALS.contains(tokens.get(start - 1).upper())) {
            start--;
        }
        while ((isSymbol(tokens, start - 1, ".") || isSymbol(tokens, start - 1, ":")) && start - 2 >= 0
                && (isIdentifier(tokens, start - 2) || isSymbol(tokens, start - 2, ")")
                || isSymbol(tokens, start - 2, "]"))) {
            start = isIdentifier(tokens, start - 2) ? start - 2 : operandStart(tokens, start - 2);
        }
        if (isSymbol(tokens, start - 1, "::")) {
            return operandStart(tokens, start - 2);
        }
        return start;
    }

    /** The {@code CASE} that the {@code END} at {@code end} closes. */
    private static int caseStart(List<Token> tokens, int end) {
        return SqlLexer.openingAt(tokens, end, token -> token.isWord("END"), token -> token.isWord("CASE"));
    }

    /**
     * Where a QUERY_HISTORY function's name is in {@code [db.]INFORMATION_SCHEMA.QUERY_HISTORY...(} starting at
     * {@code at}, or -1.
     */
    private static int queryHistoryAt(List<Token> tokens, int at) {
        int schemaAt = isSymbol(tokens, at + 1, ".") && isWord(tokens, at + 2, "INFORMATION_SCHEMA") && isIdentifier(tokens, at)
                ? at + 2 : at;
        if (!isWord(tokens, schemaAt, "INFORMATION_SCHEMA") || !isSymbol(tokens, schemaAt + 1, ".")
                || schemaAt + 2 >= tokens.size() || !QUERY_HISTORY_FUNCTIONS.contains(tokens.get(schemaAt + 2).upper())
                || !isSymbol(tokens, schemaAt + 3, "(")) {
            return -1;
        }
        return schemaAt + 2;
    }

    /** {@code name => expr, ...} between the parentheses at {@code open} and {@code close}, as source text. */
    private static Map<String, String> namedArguments(List<Token> tokens, int open, int close) {
        Map<String, String> arguments = new java.util.LinkedHashMap<>();
        int k = open + 1;
        while (k < close) {
            if (!isIdentifier(tokens, k) || !isSymbol(tokens, k + 1, "=>")) {
                throw StandInSqlException.syntax(tokens.get(k).position(), tokens.get(k).text());
            }
            String name = tokens.get(k).upper();
            int end = k + 2;
            int depth = 0;
            StringBuilder expression = new StringBuilder();
            while (end < close && !(depth == 0 && tokens.get(end).isSymbol(","))) {
                if (tokens.get(end).isSymbol("(")) {
                    depth++;
                } else if (tokens.get(end).isSymbol(")")) {
                    depth--;
                }
                expression.append(expression.isEmpty() ? "" : " ").append(tokens.get(end).text());
                end++;
            }
            arguments.put(name, expression.toString());
            k = end + 1;
        }
        return arguments;
    }

    /** Turns an H2 column label back into what Snowflake would call the column. */
    static String label(String h2Label) {
        String label = LABEL_VARIABLE.matcher(unwrapQuotients(unwrapAggregateScales(h2Label))).replaceAll("$1()")
                .replace("SF_SYSTEM_WAIT(", "SYSTEM$WAIT(").replace(", " + ToChar.OUTPUT_FORMATS_VARIABLE + ")", ")");
        label = LABEL_BIND.matcher(label).replaceAll("?");
        return LABEL_FUNCTION.matcher(label).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + "("));
    }

    /** {@code CAST(AVG(x) AS NUMERIC(p, s))}, which {@link AggregateScales} wrote for {@code AVG(x)}, as the call. */
    private static String unwrapAggregateScales(String label) {
        for (String function : AggregateScales.FUNCTIONS) {
            int at;
            int from = 0;
            while ((at = label.indexOf("CAST(" + function + "(", from)) >= 0) {
                int close = closingParenthesis(label, at + "CAST(".length());
                java.util.regex.Matcher cast = close < 0 ? null : AGGREGATE_CAST.matcher(label.substring(at, close + 1));
                if (cast == null || !cast.matches()) {
                    from = at + 1;
                    continue;
                }
                label = label.substring(0, at) + cast.group(1) + label.substring(close + 1);
                from = at;
            }
        }
        return label;
    }

    /**
     * {@code CAST(SF_DIVIDE(a, b, s, p) AS NUMERIC(p, s))}, {@code CAST(SF_DIVIDE_FLOAT(a, b) AS DOUBLE PRECISION)} and
     * their {@code SF_MULTIPLY} and {@code SF_MULTIPLY_FLOAT} likes, which {@link Quotients} wrote for {@code a / b}
     * and {@code a * b}, as {@code a / b} and {@code a * b}.
     */
    private static String unwrapQuotients(String label) {
        // The last one first: it holds no other, so its operands are already as written when it is unwrapped.
        java.util.regex.Matcher quotient = lastQuotient(label);
        while (quotient != null) {
            // The arguments: dividend, divisor and, for SF_DIVIDE and SF_MULTIPLY, the scale and precision.
            List<Integer> commas = new java.util.ArrayList<>();
            int close = -1;
            int depth = 0;
            for (int k = quotient.end(); k < label.length() && close < 0; k++) {
                char c = label.charAt(k);
                if (c == '(') {
                    depth++;
                } else if (c == ')' && depth-- == 0) {
                    close = k;
                } else if (c == ',' && depth == 0) {
                    commas.add(k);
                }
            }
            int castClose = close < 0 ? -1 : closingParenthesis(label, close + 1);
            if (commas.isEmpty() || castClose < 0) {
                return label;
            }
            int comma = commas.get(0);
            String left = label.substring(quotient.end(), comma).trim();
            String right = label.substring(comma + 1, commas.size() > 1 ? commas.get(1) : close).trim();
            String operator = quotient.group(1).equals("MULTIPLY") ? " * " : " / ";
            // H2 writes a function's arguments without the parentheses the operator needs around them: a sum on
            // either side, and any operation on the right ((a * b) / c needs none, a / (b * c) does).
            label = label.substring(0, quotient.start()) + parenthesised(left, "+", "-") + operator
                    + parenthesised(right, "+", "-", "*", "/") + label.substring(castClose + 1);
            quotient = lastQuotient(label);
        }
        return label;
    }

    private static java.util.regex.Matcher lastQuotient(String label) {
        java.util.regex.Matcher quotient = LABEL_QUOTIENT.matcher(label);
        int last = -1;
        while (quotient.find()) {
            last = quotient.start();
        }
        return last < 0 || !quotient.find(last) ? null : quotient;
    }

    /** The operand in parentheses when one of {@code operators} stands between two of its terms outside any. */
    private static String parenthesised(String operand, String... operators) {
        int depth = 0;
        for (int k = 0; k + 1 < operand.length(); k++) {
            char c = operand.charAt(k);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && k > 0 && operand.charAt(k - 1) == ' ' && operand.charAt(k + 1) == ' '
                    && List.of(operators).contains(String.valueOf(c))) {
                return "(" + operand + ")";
            }
        }
        return operand;
    }

    /** The index of the {@code )} closing a parenthesis opened before {@code from}, or -1. */
    private static int closingParenthesis(String text, int from) {
        int depth = 0;
        for (int k = from; k < text.length(); k++) {
            if (text.charAt(k) == '(') {
                depth++;
            } else if (text.charAt(k) == ')' && depth-- == 0) {
                return k;
            }
        }
        return -1;
    }

    private static String lastQueryId(List<Token> tokens, int start, int close, Context context) {
        int index = -1;
        if (close > start + 2) {
            StringBuilder number = new StringBuilder();
            for (int k = start + 2; k < close; k++) {
                number.append(tokens.get(k).text());
            }
            try {
                index = Integer.parseInt(number.toString());
            } catch (NumberFormatException e) {
                throw StandInSqlException.syntax(tokens.get(start + 2).position(), tokens.get(start + 2).text());
            }
        }
        String id = context.lastQueryId(index);
        if (id == null) {
            throw new StandInSqlException("000709", "02000", "Statement not found.");
        }
        return id;
    }

    private static String resultScanId(List<Token> tokens, int from, int close, Context context) {
        if (close == from + 1 && tokens.get(from).kind() == Kind.STRING) {
            return tokens.get(from).stringValue();
        }
        if (tokens.get(from).isWord("LAST_QUERY_ID") && isSymbol(tokens, from + 1, "(")) {
            return lastQueryId(tokens, from, SqlLexer.closing(tokens, from + 1), context);
        }
        Token bad = tokens.get(Math.min(from, tokens.size() - 1));
        throw StandInSqlException.syntax(bad.position(), bad.text());
    }

    private static int skipPrecision(List<Token> tokens, int next) {
        if (isSymbol(tokens, next, "(") && isKind(tokens, next + 1, Kind.NUMBER) && isSymbol(tokens, next + 2, ")")) {
            return next + 3;
        }
        return next;
    }


    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Whether the token at {@code at} starts an item of a FROM list: after FROM or JOIN, or a comma in one. */
    static boolean isFromItem(List<Token> tokens, int at) {
        if (isWord(tokens, at - 1, "FROM") || isWord(tokens, at - 1, "JOIN")) {
            return true;
        }
        if (!isSymbol(tokens, at - 1, ",")) {
            return false;
        }
        int clause = SqlLexer.previousAtLevel(tokens, at - 2, token -> token.isWord("FROM") || token.isWord("SELECT"));
        return clause >= 0 && tokens.get(clause).isWord("FROM");
    }

    static boolean isSymbol(List<Token> tokens, int index, String symbol) {
        return index >= 0 && index < tokens.size() && tokens.get(index).isSymbol(symbol);
    }

    static boolean isWord(List<Token> tokens, int index, String word) {
        return index >= 0 && index < tokens.size() && tokens.get(index).isWord(word);
    }

    static boolean isKind(List<Token> tokens, int index, Kind kind) {
        return index >= 0 && index < tokens.size() && tokens.get(index).kind() == kind;
    }

    static boolean isIdentifier(List<Token> tokens, int index) {
        return index >= 0 && index < tokens.size() && isIdentifier(tokens.get(index));
    }

    static boolean isIdentifier(Token token) {
        return token.kind() == Kind.WORD || token.kind() == Kind.QUOTED;
    }
}
